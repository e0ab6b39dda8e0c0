# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the host checks whose tests are shell functions: ktap_run
# TEST... runs each, in this shell, and prints KTAP: "ok N NAME" when the
# test left $failed at 0, "not ok N NAME" otherwise (NAME: the function's
# name without "test_"). Returns 1 if any failed. While a test runs,
# $ktap_n is its number and $ktap_current its name, for an EXIT trap that
# must report a test that ended the shell.

ktap_run() {
	local t rc=0
	echo "KTAP version 1"
	echo "1..$#"
	ktap_n=0
	for t in "$@"; do
		ktap_n=$((ktap_n + 1))
		failed=0
		ktap_current=$t
		$t
		ktap_current=
		if [ "$failed" = 0 ]; then
			echo "ok $ktap_n ${t#test_}"
		else
			echo "not ok $ktap_n ${t#test_}"
			rc=1
		fi
	done
	return $rc
}
