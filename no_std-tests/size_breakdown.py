#!/usr/bin/env python3
"""Where the bytes of a firmware go, next to a baseline firmware.

    size_breakdown.py FIRMWARE BASELINE

Prints a Markdown table: the code (.text) and read-only data (.rodata) that
FIRMWARE has beyond BASELINE, split by the crate each symbol comes from
(llvm-nm, demangled). A symbol counts for the first crate its name starts
with; generic code of `core` and `alloc` (drop glue, Vec, Arc, iterators,
formatting) whose name mentions one of our types is shown apart, because it
exists only for our code. Symbols present in both firmwares are compared by
name. With LTO, inlined code counts for the function it was inlined into, so
the split is approximate; the totals are exact. wasmi and the firmwares' own
check functions share one row: the baseline's check function has most of
wasmi's linker inlined into it, so they cannot be told apart.
"""

import collections
import re
import subprocess
import sys

OURS = [
    ("airssys_wasm_abi", "airssys-wasm-abi (canonical ABI)"),
    ("airssys_wasm_component", "airssys-wasm-component (decoder)"),
    ("airssys_wasm_caps", "airssys-wasm-caps (capabilities)"),
    ("airssys_wasm_no_std_tests", "firmware harness (board, heap, output)"),
    ("airssys_wasm", "airssys-wasm (runtime)"),
]
FIRMWARE = ("checks", "component_alone", "wasmi_alone")
WASMI = "wasmi, and the firmware's own checks"
OTHERS = [("wasmparser", "wasmparser"), ("wasmi", WASMI)]
GENERIC = "core/alloc code instantiated for our types"
STD = "core/alloc, other"
UNNAMED = "unnamed read-only data (strings, tables)"


def group(name):
    """The group of a demangled symbol name."""
    bare = re.sub(r"^(<|_\$LT\$)+", "", name)
    for prefix, label in OURS:
        if bare.startswith(prefix):
            return label
    if bare.startswith(FIRMWARE):
        return WASMI
    for prefix, label in OTHERS:
        if bare.startswith(prefix):
            return label
    if re.search(r"airssys_wasm|checks\.\.|component_alone", name):
        return GENERIC
    return STD


def sections(elf):
    """Sizes of .text and .rodata."""
    out = subprocess.run(["llvm-size", "-A", elf], capture_output=True, text=True, check=True).stdout
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in (".text", ".rodata"):
            sizes[parts[0]] = int(parts[1])
    return sizes


def symbols(elf):
    """(kind, group) -> bytes, kind being 'text' or 'rodata', and the named rodata total."""
    out = subprocess.run(["llvm-nm", "--print-size", "-C", elf], capture_output=True, text=True, check=True).stdout
    by_name = collections.Counter()
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) != 4 or parts[2].lower() not in ("t", "r"):
            continue
        kind = "text" if parts[2].lower() == "t" else "rodata"
        name = re.sub(r"::h[0-9a-f]{16}.*$", "", parts[3].strip())
        by_name[(kind, name)] += int(parts[1], 16)
    return by_name


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    firmware, baseline = sys.argv[1], sys.argv[2]
    ours, base = symbols(firmware), symbols(baseline)
    totals = collections.Counter()
    for key in set(ours) | set(base):
        kind, name = key
        totals[(kind, group(name))] += ours.get(key, 0) - base.get(key, 0)
    size_ours, size_base = sections(firmware), sections(baseline)
    text_total = size_ours[".text"] - size_base[".text"]
    rodata_total = size_ours[".rodata"] - size_base[".rodata"]
    named_rodata = sum(v for (kind, _), v in totals.items() if kind == "rodata")
    labels = [label for _, label in OURS] + ["wasmparser", WASMI, GENERIC, STD]
    rows = []
    for label in labels:
        text, rodata = totals[("text", label)], totals[("rodata", label)]
        if abs(text) + abs(rodata) >= 52:
            rows.append((label, text, rodata))
    rows.append((UNNAMED, 0, rodata_total - named_rodata))
    # Section padding and symbols without a size.
    rows.append(("(alignment, unsized symbols)", text_total - sum(t for _, t, _ in rows), 0))
    print("| part | .text | .rodata | together |")
    print("|---|---|---|---|")
    for label, text, rodata in rows:
        print(f"| {label} | {text / 1024:.1f} KiB | {rodata / 1024:.1f} KiB | {(text + rodata) / 1024:.1f} KiB |")
    total = text_total + rodata_total
    print(f"| **total over the baseline** | {text_total / 1024:.1f} KiB | {rodata_total / 1024:.1f} KiB "
          f"| **{total / 1024:.1f} KiB** |")


if __name__ == "__main__":
    main()
