-- SPDX-License-Identifier: GPL-2.0
--
-- podol.lua: a Wireshark/tshark dissector for podol's header, the 8 bytes
-- after the outer UDP header (doc/wire-format.md, struct podolhdr in
-- include/uapi/linux/podol.h):
--
--   byte 0    version (bits 7-6), 6 flag bits (bits 5-0)
--   byte 1    inner protocol: 4 (IPv4) or 41 (IPv6)
--   bytes 2-3 reserved
--   bytes 4-6 network id, 24 bits
--   byte 7    reserved
--
-- then the inner packet, handed to Wireshark's own "ip" or "ipv6"
-- dissector. What podol's receive path (module/receive.c) would drop is
-- flagged with expert info, and the first such reason, the one the kernel
-- counts, is named in the Info column by its counter (rx_short,
-- rx_version, rx_reserved, rx_bad_inner). The network id and the node
-- checks depend on the receiving device: not judged here.
--
-- Use: tshark -X lua_script:tools/wireshark/podol.lua -r FILE, or install
-- it (make install) into Wireshark's global Lua plugin folder. The UDP
-- port is the preference podol.port (default 6464, PODOL_DEFAULT_PORT);
-- "Decode As" podol works on any other port.

local PODOL_DEFAULT_PORT = 6464
local PODOL_VERSION = 0
local PODOL_PROTO_IPV4 = 4
local PODOL_PROTO_IPV6 = 41
local HDR_LEN = 8

local podol = Proto("podol", "podol L3 overlay")

local protocols = {
	[PODOL_PROTO_IPV4] = "IPv4",
	[PODOL_PROTO_IPV6] = "IPv6",
}

local f = {
	version = ProtoField.uint8("podol.version", "Version", base.DEC, nil,
		0xc0),
	flags = ProtoField.uint8("podol.flags", "Flags", base.HEX, nil, 0x3f),
	protocol = ProtoField.uint8("podol.protocol", "Inner protocol",
		base.DEC, protocols),
	reserved0 = ProtoField.uint16("podol.reserved0", "Reserved",
		base.HEX),
	network_id = ProtoField.uint24("podol.network_id", "Network ID",
		base.DEC),
	reserved1 = ProtoField.uint8("podol.reserved1", "Reserved", base.HEX),
}
podol.fields = f

-- One expert item per drop reason of the receive path that a capture
-- alone can judge; its text names the kernel's counter. A header too
-- short to read is malformed; a field of a value podol does not define
-- breaks the protocol, and the inner packet is still decoded.
local function drop_expert(abbr, text, group)
	return ProtoExpert.new(abbr, text, group, expert.severity.ERROR)
end

local e = {
	short = drop_expert("podol.short",
		"Shorter than the 8-byte podol header (rx_short)",
		expert.group.MALFORMED),
	version = drop_expert("podol.version.unknown",
		"Unknown version (rx_version)",
		expert.group.PROTOCOL),
	reserved = drop_expert("podol.reserved.set",
		"A flag or reserved bit is set (rx_reserved)",
		expert.group.PROTOCOL),
	protocol = drop_expert("podol.protocol.unknown",
		"Unknown inner protocol (rx_bad_inner)",
		expert.group.PROTOCOL),
	inner_version = drop_expert("podol.inner.version",
		"Inner IP version does not match the protocol (rx_bad_inner)",
		expert.group.PROTOCOL),
}
podol.experts = e

podol.prefs.port = Pref.uint("UDP port", PODOL_DEFAULT_PORT,
	"The UDP destination port podol's header is decoded on")

local inner_dissectors = {
	[PODOL_PROTO_IPV4] = { dissector = Dissector.get("ip"), nibble = 4 },
	[PODOL_PROTO_IPV6] = { dissector = Dissector.get("ipv6"), nibble = 6 },
}

-- Set the Info column for the first drop reason only: that is the one
-- the kernel counts, as it stops at the first check that fails.
local function drop(pinfo, state, counter)
	if not state.dropped then
		state.dropped = counter
		pinfo.cols.info:set("podol, dropped: " .. counter)
	end
end

function podol.dissector(tvb, pinfo, tree)
	local len = tvb:reported_length_remaining()
	local state = {}

	pinfo.cols.protocol:set("podol")
	local t = tree:add(podol, tvb(0, math.min(len, HDR_LEN)))
	if len < HDR_LEN or tvb:len() < HDR_LEN then
		t:add_proto_expert_info(e.short)
		drop(pinfo, state, "rx_short")
		return len
	end

	local ver_flags = tvb(0, 1):uint()
	local ver = bit.rshift(ver_flags, 6)
	local proto = tvb(1, 1):uint()
	local id = tvb(4, 3):uint()

	local it = t:add(f.version, tvb(0, 1))
	if ver ~= PODOL_VERSION then
		it:add_proto_expert_info(e.version)
		drop(pinfo, state, "rx_version")
	end
	it = t:add(f.flags, tvb(0, 1))
	if bit.band(ver_flags, 0x3f) ~= 0 then
		it:add_proto_expert_info(e.reserved)
		drop(pinfo, state, "rx_reserved")
	end
	local proto_item = t:add(f.protocol, tvb(1, 1))
	it = t:add(f.reserved0, tvb(2, 2))
	if tvb(2, 2):uint() ~= 0 then
		it:add_proto_expert_info(e.reserved)
		drop(pinfo, state, "rx_reserved")
	end
	t:add(f.network_id, tvb(4, 3))
	it = t:add(f.reserved1, tvb(7, 1))
	if tvb(7, 1):uint() ~= 0 then
		it:add_proto_expert_info(e.reserved)
		drop(pinfo, state, "rx_reserved")
	end
	t:append_text(string.format(", Version %d, %s, Network ID %d", ver,
		protocols[proto] or ("protocol " .. proto), id))

	local inner = inner_dissectors[proto]
	if not inner then
		proto_item:add_proto_expert_info(e.protocol)
		drop(pinfo, state, "rx_bad_inner")
		-- Undecodable, but shown: it is what came.
		if len > HDR_LEN then
			Dissector.get("data"):call(tvb(HDR_LEN):tvb(), pinfo, tree)
		end
		return len
	end
	if len > HDR_LEN and tvb:len() > HDR_LEN and
	   bit.rshift(tvb(HDR_LEN, 1):uint(), 4) ~= inner.nibble then
		proto_item:add_proto_expert_info(e.inner_version)
		drop(pinfo, state, "rx_bad_inner")
	end
	if len > HDR_LEN then
		-- The inner dissector writes the Info column: keep the
		-- drop reason visible in front of it.
		inner.dissector:call(tvb(HDR_LEN):tvb(), pinfo, tree)
		if state.dropped then
			pinfo.cols.info:prepend("podol, dropped: " ..
				state.dropped .. ": ")
		end
	end
	return len
end

local udp_port = DissectorTable.get("udp.port")
local registered_port = podol.prefs.port
udp_port:add(registered_port, podol)

-- A new port preference moves the registration: the old port is let go.
function podol.prefs_changed()
	if podol.prefs.port ~= registered_port then
		udp_port:remove(registered_port, podol)
		registered_port = podol.prefs.port
		udp_port:add(registered_port, podol)
	end
end
