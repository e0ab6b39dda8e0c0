#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh MODE RESULTS.csv OUTDIR "MACHINE": from bench.sh's CSV of
# MODE (icount or wall), writes OUTDIR/results.md (median and spread per
# overlay and metric, ratios to no overlay and between podol and each
# other overlay, the targets) and OUTDIR/results.png (gnuplot), and
# prints the Markdown.
#
# In icount mode every figure is a cost in instructions, repeatable: a
# figure whose rounds spread over more than 2% of its median means the
# measurement itself went wrong, and report.sh then exits 3 after
# writing its files.
set -euo pipefail
mode=$1 csv=$2 out=$3 machine=$4
mkdir -p "$out"

# median OVERLAY METRIC / spread OVERLAY METRIC (min-max)
vals() { awk -F, -v o="$1" -v m="$2" '$2 == o && $3 == m { print $4 }' "$csv" | sort -n; }
# median_of: the median of the sorted numbers on stdin, or nan.
median_of() { awk '{ v[NR] = $1 } END { if (!NR) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median() { vals "$1" "$2" | median_of; }
spread() { vals "$1" "$2" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf "%s-%s", lo, hi }'; }
# spread_pct OVERLAY METRIC: (max - min) / median, in percent.
spread_pct() {
	vals "$1" "$2" | awk -v m="$(median "$1" "$2")" 'NR == 1 { lo = $1 } { hi = $1 }
		END { if (NR && m + 0 > 0) printf "%.1f", 100 * (hi - lo) / m; else print "nan" }'
}
# pairs METRIC: the median over the scale pairs of scale10k / scale1, or nan.
pairs() {
	awk -F, -v m="$1" '$3 == m && $2 == "scale1" { a[$1] = $4 } $3 == m && $2 == "scale10k" { b[$1] = $4 }
		END { for (r in a) if ((r in b) && a[r] > 0) print b[r] / a[r] }' "$csv" | sort -g | median_of
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a / b }'; }
# target NAME A B OP LIMIT: A / B against LIMIT (OP is >=, > or <=).
target() {
	awk -v name="$1" -v a="$2" -v b="$3" -v op="$4" -v lim="$5" 'BEGIN {
		if (a == "nan" || b == "nan" || b + 0 == 0) {
			printf "- %s: not measured, target %s %s\n", name, op, lim; exit
		}
		r = a / b
		ok = op == ">=" ? r >= lim : op == ">" ? r > lim : r <= lim
		printf "- %s: %.3f, target %s %s: %s\n", name, r, op, lim, ok ? "met" : "MISSED" }'
}

overlays=$(awk -F, 'NR > 1 && $2 !~ /^scale/ && !seen[$2]++ { print $2 }' "$csv")
rounds=$(awk -F, 'NR > 1 && $2 !~ /^scale/ { print $1 }' "$csv" | sort -un | wc -l)
peers=$(grep -vxE 'none|podol|podolfast|podoldirect|podol10k' <<< "$overlays" || true)

# The chart: each overlay as a share of no overlay, higher being better,
# from the columns of "OVERLAY VALUE..." lines on stdin titled by the
# arguments.
chart() {
	local title=$1 dat plot="" i=2
	shift
	dat=$(mktemp)
	cat > "$dat"
	for t in "$@"; do
		if [ $i = 2 ]; then
			plot="\"$dat\" using 2:xtic(1) title \"$t\""
		else
			plot+=", \"\" using $i title \"$t\""
		fi
		i=$((i + 1))
	done
	gnuplot <<-GP
	set terminal pngcairo size 900,480 font ",10"
	set output "$out/results.png"
	set title "$title"
	set style data histograms
	set style histogram clustered gap 1
	set style fill solid 0.8 border -1
	set yrange [0:*]
	set grid ytics
	set key top right
	plot $plot
	GP
	rm -f "$dat"
}

icount_report() {
	local o m p line bad=0
	local metrics="ins_pkt ins_mb p50 p99"
	echo "Benchmark on $machine; $rounds rounds, overlays in turn within each round."
	echo "Each figure is a median, with the spread of its rounds ((max - min) / median)."
	echo "Rates compare as instructions do: \"vs none\" is none's cost / this one's"
	echo "(the overlay's rate as a share of plain routing's); \"podol vs this\" is this"
	echo "one's cost / podol's (above 1: podol is cheaper); p50 columns compare latencies."
	echo
	echo "| overlay | 64 B: instructions / packet | TCP 1 stream: instructions / MB | p50 us | p99 us | 64 B vs none | TCP vs none | podol vs this, 64 B | podol vs this, TCP | podol / this, p50 |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for o in $overlays; do
		line="| $o"
		for m in $metrics; do
			line+=" | $(median "$o" "$m" | awk -v m="$m" '{ printf m ~ /^ins/ ? "%.0f" : "%.2f", $1 }')"
			line+=" ($(spread_pct "$o" "$m")%)"
		done
		line+=" | $(ratio "$(median none ins_pkt)" "$(median "$o" ins_pkt)")"
		line+=" | $(ratio "$(median none ins_mb)" "$(median "$o" ins_mb)")"
		line+=" | $(ratio "$(median "$o" ins_pkt)" "$(median podol ins_pkt)")"
		line+=" | $(ratio "$(median "$o" ins_mb)" "$(median podol ins_mb)")"
		line+=" | $(ratio "$(median podol p50)" "$(median "$o" p50)") |"
		echo "$line"
	done
	echo
	echo "Targets (issue 14; set for 6.12), for podol and, when measured, its opt-ins:"
	for p in podol podolfast podoldirect; do
		grep -qx "$p" <<< "$overlays" || continue
		target "64 B, $p vs vxlan" "$(median vxlan ins_pkt)" "$(median $p ins_pkt)" ">=" 1.25
		for o in geneve fou ipip; do
			target "64 B, $p vs $o" "$(median $o ins_pkt)" "$(median $p ins_pkt)" ">=" 1.15
		done
		target "64 B, $p vs none" "$(median none ins_pkt)" "$(median $p ins_pkt)" ">=" 0.80
		target "TCP 1 stream, $p vs none" "$(median none ins_mb)" "$(median $p ins_mb)" ">=" 0.97
		for o in $peers; do
			target "TCP 1 stream, $p vs $o" "$(median "$o" ins_mb)" "$(median $p ins_mb)" ">" 1
		done
		target "p50, $p / vxlan" "$(median $p p50)" "$(median vxlan p50)" "<=" 0.85
	done
	for m in $metrics; do
		target "10,000 nodes vs 1 node, $m" "$(median podol "$m")" "$(median podol10k "$m")" ">=" 0.99
	done
	echo
	for o in $overlays; do
		for m in $metrics; do
			if awk -v s="$(spread_pct "$o" "$m")" 'BEGIN { exit !(s == "nan" || s > 2) }'; then
				echo "SPREAD OVER 2%: $o $m, $(spread "$o" "$m")"
				bad=1
			fi
		done
	done
	[ $bad = 0 ] && echo "Every spread is within 2%."
	return $bad
}

wall_report() {
	local o m line npairs
	local metrics="tcp1 tcp4 pps p50 p99"
	npairs=$(awk -F, '$2 == "scale10k" && $3 == "tcp1" { n++ } END { print n + 0 }' "$csv")
	echo "Benchmark on $machine, $rounds rounds, overlays in turn within each round."
	echo "Each figure is a median, with its spread (min-max) over the rounds; ratios"
	echo "compare medians from this one run, as these machines are noisy."
	echo
	echo "| overlay | TCP 1 stream Mbit/s | TCP 4 streams Mbit/s | 64 B pkt/s | p50 us | p99 us | TCP1 / podol | TCP1 / none | pps / podol | pps / none |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for o in $overlays; do
		line="| $o"
		for m in $metrics; do
			line+=" | $(median "$o" "$m") ($(spread "$o" "$m"))"
		done
		line+=" | $(ratio "$(median "$o" tcp1)" "$(median podol tcp1)") | $(ratio "$(median "$o" tcp1)" "$(median none tcp1)")"
		line+=" | $(ratio "$(median "$o" pps)" "$(median podol pps)") | $(ratio "$(median "$o" pps)" "$(median none pps)") |"
		echo "$line"
	done
	echo
	echo "The table's scale, in $npairs pairs on one podol device: 1 node, then 10,000 nodes"
	echo "in its table, a replace between them (ratio: the median of the pairs' ratios)."
	echo
	echo "| table | TCP 1 stream Mbit/s | 64 B pkt/s |"
	echo "|---|---|---|"
	for o in scale1 scale10k; do
		echo "| ${o#scale} node$([ $o = scale1 ] || echo s) | $(median $o tcp1) ($(spread $o tcp1)) | $(median $o pps) ($(spread $o pps)) |"
	done
	echo "| 10k / 1, paired | $(ratio "$(pairs tcp1)" 1) | $(ratio "$(pairs pps)" 1) |"
	echo
	echo "Targets (issue 4):"
	target "TCP podol / vxlan" "$(median podol tcp1)" "$(median vxlan tcp1)" ">=" 1.05
	target "TCP podol / none" "$(median podol tcp1)" "$(median none tcp1)" ">=" 0.92
	target "pps podol / vxlan" "$(median podol pps)" "$(median vxlan pps)" ">=" 1.20
	target "p50 podol / vxlan" "$(median podol p50)" "$(median vxlan p50)" "<=" 1
	target "TCP 10,000 nodes / 1 node (paired)" "$(pairs tcp1)" 1 ">=" 0.97
}

rc=0
case $mode in
icount)
	icount_report > "$out/results.md" || rc=3
	for o in $overlays; do
		printf '%s' "$o"
		# none's cost over this one's: the rate as a share of none's
		for m in ins_pkt ins_mb p50; do
			printf ' %s' "$(ratio "$(median none "$m")" "$(median "$o" "$m")" | sed 's|n/a|0|')"
		done
		echo
	done | chart "Rate relative to no overlay, in guest instructions (icount, ${machine%% under*})" \
		"64 B packets" "TCP 1 stream" "1 / p50 latency"
	;;
wall)
	wall_report > "$out/results.md"
	for o in $overlays; do
		printf '%s' "$o"
		for m in tcp1 tcp4 pps; do
			printf ' %s' "$(ratio "$(median "$o" "$m")" "$(median none "$m")" | sed 's|n/a|0|')"
		done
		echo
	done | chart "Throughput relative to no overlay ($machine)" \
		"TCP 1 stream" "TCP 4 streams" "64 B packets/s"
	;;
*) echo "report: mode is icount or wall, not \"$mode\"" >&2; exit 2 ;;
esac
cp "$csv" "$out/results.csv"
cat "$out/results.md"
exit $rc
