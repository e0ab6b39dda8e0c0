# SPDX-License-Identifier: GPL-2.0
#
# walk.awk: one 64-byte packet's walk along the path, function by
# function, from the same function trace as stages.awk (bench.sh
# --profile with --detail, which adds functions to the landmarks).
#
#   awk -v ipp=N -v traced=M -f trace.awk -f walk.awk \
#       /sys/kernel/tracing/trace
#
# A packet's walk is the landmarks from one pktgen_xmit to the next; its
# last step ends at the next packet's pktgen_xmit. Most packets take the
# same walk; one that a timer tick or a deferred job crossed has more
# landmarks, or other ones. The walk most packets took is the one
# printed, each step's cost averaged over those packets: a step is the
# interval from one landmark's entry to the next one's, less the
# tracer's cost per landmark, (traced - ipp) / landmarks a packet, as in
# stages.awk.
# Output: "walk STEP FROM TO INSTRUCTIONS" lines in the path's order,
# then "total T" (the steps' sum, near ipp), "packets N" (how many took
# that walk) and "overhead E".

trace_entry() {
	t = ENTRY_T
	f = ENTRY_F
	if (f == "pktgen_xmit") {
		if (walk != "") {
			step[++n] = t - tprev
			done()
		}
		walk = f
		n = 0
	} else if (walk != "") {
		n++
		walk = walk " " f
		step[n] = t - tprev
	}
	tprev = t
}

# A whole walk, ended by the next packet's start.
function done(	j) {
	taken[walk]++
	for (j = 1; j <= n; j++)
		sum[walk, j] += step[j]
}

END {
	for (w in taken)
		if (taken[w] > most) {
			most = taken[w]
			best = w
		}
	if (most < 1)
		exit 1
	k = split(best, name, " ")
	e = (traced - ipp) / k
	name[k + 1] = name[1]
	for (j = 1; j <= k; j++) {
		c = sum[best, j] / most - e
		total += c
		printf "walk %d %s %s %.0f\n", j, name[j], name[j + 1], c
	}
	printf "total %.0f\npackets %d\noverhead %.0f\n", total, most, e
}
