#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# ynl_policy.py SPEC DUMP: compares the "podol" family's attribute policy,
# as the kernel reports it (DUMP: the JSON the kernel's cli.py prints for
# `--spec nlctrl.yaml --dump getpolicy --output-json`), with the one the
# YNL spec SPEC describes. Every attribute the kernel accepts must be in
# the spec with the same type, limits and nested set. The kernel's dump
# leaves out the attributes it refuses (NLA_REJECT: the ones only replies
# hold) and big-endian integers (NLA_BE16): those are named, not failed. Prints what differs; exits 1 if
# anything does.
import json
import sys

import yaml

# The kernel's policy type (nlctrl's attr-type) for each YNL type.
KERNEL_TYPES = {
    'u8': {'u8'}, 'u16': {'u16'}, 'u32': {'u32'}, 'u64': {'u64'},
    's32': {'s32'}, 's64': {'s64'}, 'flag': {'flag'}, 'binary': {'binary'},
    'string': {'nul-string', 'string'}, 'nest': {'nested', 'nested-array'},
}
BITS = {'u8': 8, 'u16': 16, 'u32': 32, 'u64': 64}


def attr_sets(spec):
    """{set name: {attribute value: attribute}}, values as YNL counts them."""
    sets = {}
    for s in spec['attribute-sets']:
        val, attrs = 1, {}
        for a in s['attributes']:
            val = a.get('value', val)
            attrs[val] = a
            val += 1
        sets[s['name']] = attrs
    return sets


def kernel_policies(dump):
    """{policy index: {attribute type: its policy}} from getpolicy's dump."""
    pols = {}
    for msg in dump:
        p = msg.get('policy')
        if p is None:
            continue
        p = dict(p)
        idx, attr = p.pop('policy-id'), p.pop('attr-id')
        pols.setdefault(idx, {})[attr] = p
    return pols


def expected_limits(a):
    """The limits the kernel reports for spec attribute a, by its checks."""
    checks, t = a.get('checks', {}), a['type']
    want = {}
    if t in BITS:
        want['min-value-u'] = checks.get('min', 0)
        want['max-value-u'] = checks.get('max', (1 << BITS[t]) - 1)
    elif t in ('binary', 'string'):
        if 'min-len' in checks:
            want['min-length'] = checks['min-len']
        if 'max-len' in checks:
            want['max-length'] = checks['max-len']
    return want


def compare(sets, pols, set_name, idx, seen, out):
    if (set_name, idx) in seen:
        return
    seen.add((set_name, idx))
    spec_attrs, kattrs = sets[set_name], pols.get(idx, {})
    for val, kp in sorted(kattrs.items()):
        a = spec_attrs.get(val)
        where = f"{set_name}[{val}]"
        if a is None or a['type'] in ('unused', 'pad'):
            out.append(f"{where}: the kernel accepts it, the spec has no such attribute")
            continue
        where = f"{set_name}.{a['name']} ({val})"
        if kp.get('type') not in KERNEL_TYPES.get(a['type'], ()):
            out.append(f"{where}: kernel type {kp.get('type')}, spec type {a['type']}")
            continue
        for key, want in expected_limits(a).items():
            if kp.get(key) != want:
                out.append(f"{where}: kernel {key} {kp.get(key)}, spec {want}")
        if a['type'] == 'nest':
            if 'policy-idx' not in kp:
                out.append(f"{where}: the kernel does not say its nested policy")
            else:
                compare(sets, pols, a['nested-attributes'], kp['policy-idx'], seen, out)
    for val, a in sorted(spec_attrs.items()):
        if val in kattrs or a['type'] in ('unused', 'pad'):
            continue
        if a.get('byte-order') == 'big-endian':
            why = "big-endian, which the kernel's policy dump leaves out"
        else:
            why = "not in the kernel's policy: refused in requests"
        print(f"# {set_name}.{a['name']}: {why}")


def main():
    with open(sys.argv[1]) as f:
        spec = yaml.safe_load(f)
    with open(sys.argv[2]) as f:
        dump = json.load(f)
    pols = kernel_policies(dump)
    if 0 not in pols:
        print("the kernel's dump holds no policy")
        return 1
    out = []
    root = next(op['attribute-set'] for op in spec['operations']['list']
                if 'attribute-set' in op)
    compare(attr_sets(spec), pols, root, 0, set(), out)
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == '__main__':
    sys.exit(main())
