#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: podold's record parsers. Their unit tests
# (tools/podold/test_parse.c), then each libFuzzer harness
# (tools/podold/fuzz/) for a bounded, seeded run: seed 1,
# PODOLD_FUZZ_RUNS inputs (default 1,000,000: 15 to 30 s each on
# a busy 2-core machine), from the checked-in seeds. Fails on a crash, a
# leak, undefined behaviour or a broken round trip; skips (exit 4) when
# clang-14's fuzzer runtime is missing, after the unit tests pass. KTAP.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ=$TOP/tools/podold/fuzz
RUNS=${PODOLD_FUZZ_RUNS:-1000000}
FUZZERS="fuzz_record fuzz_cluster"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# has_fuzzer: whether clang-14 links a libFuzzer harness here.
has_fuzzer() {
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
		clang-14 -fsanitize=fuzzer,address,undefined -x c - -o "$tmp/probe" \
			>/dev/null 2>&1
}

echo "KTAP version 1"
echo "1..$((1 + $(wc -w <<< "$FUZZERS")))"
n=1
if out=$(make -s -C "$TOP/tools/podold" test 2>&1); then
	echo "ok $n unit tests: $(grep -c '^ok' <<< "$out") checks"
else
	sed 's/^/    /' <<< "$out"
	echo "not ok $n unit tests"
	exit 1
fi

if ! has_fuzzer; then
	for f in $FUZZERS; do
		n=$((n + 1))
		echo "ok $n $f # SKIP no clang-14 fuzzer runtime (libclang-rt-14-dev)"
	done
	echo "clang-14's fuzzer runtime is missing (libclang-rt-14-dev)"
	exit 4
fi
if ! out=$(make -s -C "$FUZZ" 2>&1); then
	sed 's/^/    /' <<< "$out"
	echo "not ok $((n + 1)) building the fuzzers"
	exit 1
fi

rc=0
for f in $FUZZERS; do
	n=$((n + 1))
	seeds=$FUZZ/corpus/${f#fuzz_}
	mkdir "$tmp/$f"
	# New inputs go to the first directory, a scratch one; a failing
	# input is left in $FUZZ as crash-* or leak-* (git ignores them).
	# -timeout: one input takes microseconds; 10 s is a hang.
	if out=$("$FUZZ/$f" -seed=1 -runs="$RUNS" -timeout=10 \
		-dict="$FUZZ/podold.dict" -artifact_prefix="$FUZZ/" \
		-print_final_stats=1 "$tmp/$f" "$seeds" 2>&1) &&
	   grep -q "^Done $RUNS runs" <<< "$out"; then
		echo "# $f: $(grep -E '^#[0-9]+[[:space:]]+DONE' <<< "$out" | tail -n1)"
		echo "ok $n $f: $RUNS inputs, seed 1"
	else
		tail -n 40 <<< "$out" | sed 's/^/    /'
		echo "not ok $n $f: $RUNS inputs, seed 1"
		rc=1
	fi
done
exit $rc
