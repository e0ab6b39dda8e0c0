#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh RESULTS.csv OUTDIR "MACHINE": from bench.sh's CSV, writes
# OUTDIR/results.md (median and spread per overlay and metric, ratios to
# podol and to no overlay, the targets) and OUTDIR/results.png (gnuplot),
# and prints the Markdown.
set -euo pipefail
csv=$1 out=$2 machine=$3
mkdir -p "$out"

# median OVERLAY METRIC / spread OVERLAY METRIC (min-max)
vals() { awk -F, -v o="$1" -v m="$2" '$2 == o && $3 == m { print $4 }' "$csv" | sort -n; }
# median_of: the median of the sorted numbers on stdin, or nan.
median_of() { awk '{ v[NR] = $1 } END { if (!NR) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median() { vals "$1" "$2" | median_of; }
spread() { vals "$1" "$2" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR) printf "%s-%s", lo, hi }'; }
# pairs METRIC: the median over the scale pairs of scale10k / scale1, or nan.
pairs() {
	awk -F, -v m="$1" '$3 == m && $2 == "scale1" { a[$1] = $4 } $3 == m && $2 == "scale10k" { b[$1] = $4 }
		END { for (r in a) if ((r in b) && a[r] > 0) print b[r] / a[r] }' "$csv" | sort -g | median_of
}
npairs=$(awk -F, '$2 == "scale10k" && $3 == "tcp1" { n++ } END { print n + 0 }' "$csv")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a / b }'; }

overlays=$(awk -F, 'NR > 1 && $2 !~ /^scale/ && !seen[$2]++ { print $2 }' "$csv")
rounds=$(awk -F, 'NR > 1 && $2 !~ /^scale/ { print $1 }' "$csv" | sort -un | wc -l)
metrics="tcp1 tcp4 pps p50 p99"
{
	echo "Benchmark on $machine, $rounds rounds, overlays in turn within each round."
	echo "Each figure is a median, with its spread (min-max) over the rounds; ratios"
	echo "compare medians from this one run, as these machines are noisy."
	echo
	echo "| overlay | TCP 1 stream Mbit/s | TCP 4 streams Mbit/s | 64 B pkt/s | p50 us | p99 us | TCP1 / podol | TCP1 / none | pps / podol | pps / none |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for o in $overlays; do
		line="| $o"
		for m in $metrics; do
			line="$line | $(median "$o" "$m") ($(spread "$o" "$m"))"
		done
		line="$line | $(ratio "$(median "$o" tcp1)" "$(median podol tcp1)") | $(ratio "$(median "$o" tcp1)" "$(median none tcp1)")"
		line="$line | $(ratio "$(median "$o" pps)" "$(median podol pps)") | $(ratio "$(median "$o" pps)" "$(median none pps)") |"
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
	t() { awk -v a="$2" -v b="$3" -v k="$4" -v name="$1" 'BEGIN {
		cmp = k > 0 ? ">=" : "<="; lim = k > 0 ? k : -k
		if (a == "nan" || b == "nan" || b + 0 == 0) {
			printf "- %s: not measured, target %s %s\n", name, cmp, lim; exit
		}
		r = a / b
		printf "- %s: %.3f, target %s %s: %s\n", name, r, cmp, lim, ((k > 0 && r >= k) || (k < 0 && r <= lim)) ? "met" : "MISSED" }'; }
	t "TCP podol / vxlan" "$(median podol tcp1)" "$(median vxlan tcp1)" 1.05
	t "TCP podol / none" "$(median podol tcp1)" "$(median none tcp1)" 0.92
	t "pps podol / vxlan" "$(median podol pps)" "$(median vxlan pps)" 1.20
	t "p50 podol / vxlan" "$(median podol p50)" "$(median vxlan p50)" -1.00
	t "TCP 10,000 nodes / 1 node (paired)" "$(pairs tcp1)" 1 0.97
} > "$out/results.md"
cp "$csv" "$out/results.csv"

# The chart: each overlay's medians as a share of no overlay's.
dat=$(mktemp)
for o in $overlays; do
	printf '%s' "$o"
	for m in tcp1 tcp4 pps; do
		printf ' %s' "$(ratio "$(median "$o" "$m")" "$(median none "$m")" | sed 's|n/a|0|')"
	done
	echo
done > "$dat"
gnuplot <<GP
set terminal pngcairo size 900,480 font ",10"
set output "$out/results.png"
set title "Throughput relative to no overlay ($machine)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]
set grid ytics
set key top right
plot "$dat" using 2:xtic(1) title "TCP 1 stream", "" using 3 title "TCP 4 streams", "" using 4 title "64 B packets/s"
GP
rm -f "$dat"
cat "$out/results.md"
