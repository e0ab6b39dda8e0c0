#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the folder Wireshark and tshark load Lua plugins from for every
# user: the "Global Lua Plugins" folder `tshark -G folders` reports
# (Debian's: /usr/lib/<multiarch>/wireshark/plugins). Without tshark, as
# on a machine that only builds a package, Debian's layout: Wireshark's
# own build puts it under its libdir, /usr/lib/<multiarch> on Debian. An
# explicit WIRESHARK_PLUGIN_DIR wins.
if [ -n "$WIRESHARK_PLUGIN_DIR" ]; then echo "$WIRESHARK_PLUGIN_DIR"; exit 0; fi
dir=$(tshark -G folders 2>/dev/null | sed -n 's/^Global Lua Plugins:[[:space:]]*//p')
if [ -n "$dir" ]; then echo "$dir"; exit 0; fi
ma=$(${CC:-cc} -print-multiarch 2>/dev/null)
echo "/usr/lib${ma:+/$ma}/wireshark/plugins"
