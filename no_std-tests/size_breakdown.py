#!/usr/bin/env python3
"""Where the bytes of a firmware go, next to a baseline firmware.

    size_breakdown.py FIRMWARE BASELINE [--embedded BYTES] [--store-type OURS=BASE] [--bytes-of second-store|sockets]

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

--embedded BYTES shows that many bytes of the unnamed read-only data apart,
as an embedded guest component. --store-type OURS=BASE (demangled type
paths) shows apart the code of the runtime and wasmi that FIRMWARE has
instantiated for the store data type OURS where BASELINE has the same
function for its store data type BASE: code an application with a single
store data type has only once. The code of WASI's filesystem and sockets
(names with `wasi::filesystem` or `wasi::sockets`: the host, its bindings
and the runtime's typed conversions of their signatures) gets a row each. With
--bytes-of, only the bytes of that row are printed, instead of the table.
"""

import collections
import re
import subprocess
import sys

OURS = [
    ("airssys_wasm_abi", "airssys-wasm-abi (canonical ABI)"),
    ("airssys_wasm_component", "airssys-wasm-component (decoder)"),
    ("airssys_wasm_caps", "airssys-wasm-caps (capabilities)"),
    ("airssys_wasm_no_std_tests", "firmware harness (board, heap, output, WASI demo)"),
    ("airssys_wasm_wasi", "airssys-wasm-wasi (WASI host and its bindings)"),
    ("airssys_wasm", "airssys-wasm (runtime)"),
]
FIRMWARE = ("checks", "component_alone", "wasmi_alone")
WASMI = "wasmi, and the firmware's own checks"
RAND = "rand_chacha, rand_core (seeded ChaCha20)"
OTHERS = [("wasmparser", "wasmparser"), ("wasmi", WASMI), ("rand_chacha", RAND), ("rand_core", RAND), ("ppv_lite86", RAND)]
GENERIC = "core/alloc code instantiated for our types"
STD = "core/alloc, other"
UNNAMED = "unnamed read-only data (strings, tables)"
FILESYSTEM = "wasi:filesystem (host, its dispatcher, typed conversions of its signatures)"
SOCKETS = "wasi:sockets (host, its dispatcher, typed conversions of its signatures)"
EMBEDDED = "the embedded guest component"
SECOND_STORE = "runtime and wasmi code compiled again for a second store data type"


def group(name):
    """The group of a demangled symbol name."""
    if re.search(r"airssys_wasm_wasi::(bindings::wasi::)?sockets", name):
        return SOCKETS
    if re.search(r"airssys_wasm_wasi::(bindings::wasi::)?filesystem", name):
        return FILESYSTEM
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
    args = sys.argv[1:]
    options = {}
    while len(args) > 2 and args[-2] in ("--embedded", "--store-type", "--bytes-of"):
        options[args[-2]] = args[-1]
        args = args[:-2]
    if len(args) != 2:
        sys.exit(__doc__)
    firmware, baseline = args
    embedded = int(options.get("--embedded", 0))
    store_ours, _, store_base = options.get("--store-type", "=").partition("=")
    ours, base = symbols(firmware), symbols(baseline)
    totals = collections.Counter()
    for key in set(ours) | set(base):
        kind, name = key
        label = group(name)
        if (store_ours and store_ours in name and key not in base and label in (OURS[-1][1], WASMI, GENERIC)
                and (kind, name.replace(store_ours, store_base)) in base):
            label = SECOND_STORE
        totals[(kind, label)] += ours.get(key, 0) - base.get(key, 0)
    if "--bytes-of" in options:
        label = {"second-store": SECOND_STORE, "sockets": SOCKETS}[options["--bytes-of"]]
        print(totals[("text", label)] + totals[("rodata", label)])
        return
    size_ours, size_base = sections(firmware), sections(baseline)
    text_total = size_ours[".text"] - size_base[".text"]
    rodata_total = size_ours[".rodata"] - size_base[".rodata"]
    named_rodata = sum(v for (kind, _), v in totals.items() if kind == "rodata")
    labels = [label for _, label in OURS] + [FILESYSTEM, SOCKETS, "wasmparser", WASMI, RAND, GENERIC, STD, SECOND_STORE]
    rows = []
    for label in labels:
        text, rodata = totals[("text", label)], totals[("rodata", label)]
        if abs(text) + abs(rodata) >= 52:
            rows.append((label, text, rodata))
    if embedded:
        rows.append((EMBEDDED, 0, embedded))
    rows.append((UNNAMED, 0, rodata_total - named_rodata - embedded))
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
