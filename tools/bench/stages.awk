# SPDX-License-Identifier: GPL-2.0
#
# stages.awk: the stages of the 64-byte path, from a function trace of
# its landmarks taken while pktgen runs (bench.sh --profile).
#
#   awk -v ipp=N -v traced=M -f trace.awk -f stages.awk \
#       /sys/kernel/tracing/trace
#   awk -v list=1 -f trace.awk -f stages.awk   the landmark functions
#
# The trace: ftrace's function tracer on a few functions that open the
# path's stages, with the x86-tsc clock. Under qemu's -icount shift=0 the
# guest's TSC counts nanoseconds of guest time, which are instructions,
# so the time from one landmark to the next is what the stage between
# them cost, to the instruction. ipp: the path's instructions per packet
# without tracing; traced: with it. Each landmark costs the tracer the
# same few hundred instructions, (traced - ipp) / landmarks per packet,
# which is taken off every interval.
#
# On one vCPU the path runs a packet at a time (pktgen's transmit runs
# the softirqs it raises before it returns), so the landmarks come in
# the path's order and the stage an interval belongs to follows from the
# landmark that opens it and the stage before:
#   gen       pktgen, the near pod's veth            (pktgen_xmit, ...)
#   rx1       near node: IP receive, route decision  (ip_rcv after gen)
#   fwd       near node: forwarding, to the overlay  (ip_forward)
#   xmit      the overlay's transmit, own code       (podol_xmit, ...)
#   outer     outer IP output                        (udp_tunnel_xmit_skb;
#             podol's direct output: udp_set_csum after xmit)
#   underlay  the underlay: veth, backlog, receive   (veth_xmit)
#   rx2       far node: IP receive, route decision   (ip_rcv after it)
#   input     outer local delivery, UDP lookup       (ip_local_deliver;
#             podol's direct receive: its hook, podol_direct_rx4)
#   recv      the overlay's receive hook             (podol_udp_encap_recv)
#   inner     GRO cell: inner IP, forwarding, veth   (gro_cell_poll; with
#             podol's fast path, ip_rcv after recv)
#   fwd2      far node's forwarding (no overlay)     (ip_forward after rx2)
#   farpod    the far pod's ingress, back to pktgen  (tcf_classify)
# Output, in instructions per packet: "stage STAGE VALUE" lines, then
# "packets N", "landmarks L" (per packet) and "overhead E" (per landmark).
# "a b c" as the regular expression "^(a|b|c)$".
function words_re(w) {
	gsub(/ +/, "|", w)
	return "^(" w ")$"
}

BEGIN {
	GEN_F = "pktgen_xmit pktgen_alloc_skb fill_packet_ipv4"
	XMIT_F = "podol_xmit vxlan_xmit geneve_xmit ipip_tunnel_xmit"
	RECV_F = "podol_udp_encap_recv vxlan_rcv geneve_udp_encap_recv ipip_rcv"
	# the landmarks next_stage() names one by one
	OTHER_F = "ip_rcv ip_list_rcv ip_forward udp_tunnel_xmit_skb iptunnel_xmit " \
		  "udp_set_csum veth_xmit ip_local_deliver podol_direct_rx4 " \
		  "gro_cell_poll tcf_classify"
	if (list) {
		print GEN_F, XMIT_F, RECV_F, OTHER_F
		exit
	}
	GEN = words_re(GEN_F)
	XMIT = words_re(XMIT_F)
	RECV = words_re(RECV_F)
	st = ""
}

function next_stage(s, f) {
	if (f ~ GEN)
		return "gen"
	if (f == "ip_rcv" || f == "ip_list_rcv")
		return s == "gen" ? "rx1" : s == "underlay" ? "rx2" : s == "recv" ? "inner" : s
	if (f == "ip_forward")
		return s == "rx1" ? "fwd" : s == "rx2" ? "fwd2" : s
	if (f ~ XMIT)
		return "xmit"
	# podol's direct output writes the outer headers itself: its
	# first call out is udp_set_csum(), which the other outer outputs
	# make after udp_tunnel_xmit_skb().
	if (f == "udp_tunnel_xmit_skb" || f == "iptunnel_xmit" || f == "udp_set_csum")
		return s == "xmit" ? "outer" : s
	if (f == "veth_xmit")
		return s == "outer" || s == "fwd" ? "underlay" : s
	if (f == "ip_local_deliver" || f == "podol_direct_rx4")
		return s == "rx2" ? "input" : s
	if (f ~ RECV)
		return s == "input" ? "recv" : s
	if (f == "gro_cell_poll")
		return "inner"
	if (f == "tcf_classify")
		return "farpod"
	return s
}

trace_entry() {
	t = ENTRY_T
	f = ENTRY_F
	s = next_stage(st, f)
	# Count from the first packet that starts in full.
	if (st == "" && s != "gen")
		next
	if (st != "") {
		sum[st] += t - t0
		cnt[st]++
	}
	# A packet is complete when the next one starts: what the whole
	# ones cost so far is kept, the last one being cut short.
	if (s == "gen" && st != "gen") {
		for (x in sum) {
			whole[x] = sum[x]
			wcnt[x] = cnt[x]
		}
		packets++
	}
	st = s
	t0 = t
}

END {
	if (list)
		exit
	packets--
	if (packets < 1)
		exit 1
	for (x in wcnt)
		landmarks += wcnt[x]
	k = landmarks / packets
	e = (traced - ipp) / k
	for (x in whole)
		printf "stage %s %.0f\n", x, (whole[x] - e * wcnt[x]) / packets
	printf "packets %d\nlandmarks %.2f\noverhead %.0f\n", packets, k, e
}
