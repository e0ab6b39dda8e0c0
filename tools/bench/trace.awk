# SPDX-License-Identifier: GPL-2.0
#
# trace.awk: the lines of an ftrace function trace, for stages.awk and
# walk.awk (awk -f trace.awk -f stages.awk TRACE). A function's entry is
#   "comm-pid [cpu] flags TIMESTAMP: function <-caller"
# with the x86-tsc clock's integer TIMESTAMP; comments start with "#".

# Whether the line read is a function's entry; if so, its time is in
# ENTRY_T and the function in ENTRY_F.
function trace_entry(	i) {
	if ($0 ~ /^#/)
		return 0
	for (i = 1; i < NF; i++)
		if ($i ~ /^[0-9]+:$/)
			break
	if (i >= NF)
		return 0
	ENTRY_T = substr($i, 1, length($i) - 1) + 0
	ENTRY_F = $(i + 1)
	return 1
}
