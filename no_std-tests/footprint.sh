#!/usr/bin/env bash
# Regenerates FOOTPRINT.md: code size (.text + .rodata) and peak heap of the
# firmware, at opt-level "z" (profile release) and 3 (profile release-o3),
# with and without the `validate` and `fast-calls` features, next to wasmi
# alone; the runtime's floor (component-alone); the WASI layer (the checks
# with the WASI demo, feature `wasi`, against the checks without it); and
# where the bytes go (size_breakdown.py).
#
#   no_std-tests/footprint.sh            # writes no_std-tests/FOOTPRINT.md
#
# Needs qemu-system-arm (the peak heap is measured on the device), python3,
# and llvm-nm and llvm-size (Debian package llvm) for the breakdown. Builds
# the guests first (crates/guests/build.sh: the WASI demo embeds
# device-demo.wasm); honours CARGO_TARGET_DIR and AIRSSYS_GUESTS_DIR.
set -euo pipefail
cd "$(dirname "$0")"

target=thumbv7em-none-eabihf
qemu=(qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic -semihosting-config enable=on,target=native)
command -v qemu-system-arm >/dev/null || { echo "error: qemu-system-arm not found (Debian package qemu-system-arm)" >&2; exit 2; }
# From the repository root: cargo would read this directory's .cargo/config.toml
# (a bare-metal build target) for the componentizer.
(cd .. && bash crates/guests/build.sh)
guest="${AIRSSYS_GUESTS_DIR:-../target/guests}/device-demo.wasm"
guest_bytes="$(stat -c %s "$guest")"
# Every measured firmware is kept here for the breakdown.
saved="${CARGO_TARGET_DIR:-target}/footprint"
mkdir -p "$saved"

# code_size ELF: the bytes of .text plus .rodata, read from the section headers.
code_size() {
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:4] == b"\x7fELF" and data[4] == 1, "a 32-bit ELF"
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2e)
def header(i):
    return struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
names_off = header(shstrndx)[4]
def name(off):
    return data[names_off + off:data.index(b"\0", names_off + off)].decode()
print(sum(h[5] for h in map(header, range(shnum)) if name(h[0]) in (".text", ".rodata")))
PY
}

# peak_heap ELF: runs the firmware and prints its "peak heap: N bytes".
peak_heap() {
  local out
  out="$(timeout 300 "${qemu[@]}" -kernel "$1")" || { echo "$out" >&2; echo "error: $1 failed" >&2; exit 1; }
  sed -n 's/^peak heap: \([0-9]*\) bytes.*/\1/p' <<<"$out"
}

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# measure LABEL PROFILE BIN FEATURES: builds without the default features
# (so the WASI demo only where FEATURES names `wasi`), measures, keeps the
# ELF as $saved/LABEL.
declare -A size heap
measure() {
  local label="$1" profile="$2" bin="$3" features="$4"
  cargo build --quiet --target "$target" --profile "$profile" --bin "$bin" --no-default-features ${features:+--features "$features"}
  local elf="${CARGO_TARGET_DIR:-target}/$target/$profile/$bin"
  cp "$elf" "$saved/$label"
  size[$label]="$(code_size "$elf")"
  heap[$label]="$(peak_heap "$elf")"
  echo "$label: ${size[$label]} bytes of .text+.rodata, peak heap ${heap[$label]} bytes" >&2
}

measure "wasmi-z" release wasmi-alone ""
measure "wasmi-3" release-o3 wasmi-alone ""
measure "alone-z" release component-alone ""
measure "alone-3" release-o3 component-alone ""
measure "full-fast-z" release checks fast-calls
measure "full-fast-3" release-o3 checks fast-calls
measure "full-validate-z" release checks validate
measure "full-validate-3" release-o3 checks validate
measure "full-3" release-o3 checks ""
measure "full-z" release checks ""
measure "wasi-3" release-o3 checks wasi
measure "wasi-z" release checks wasi

have_llvm() { command -v llvm-nm >/dev/null && command -v llvm-size >/dev/null; }
breakdown() { # LABEL [BASE-LABEL] [OPTIONS...]: the table of size_breakdown.py against BASE (wasmi alone)
  if have_llvm; then
    python3 size_breakdown.py "$saved/$1" "$saved/${2:-wasmi-z}" "${@:3}"
  else
    echo "(llvm-nm and llvm-size are not installed: Debian package llvm)"
  fi
}
breakdown_full="$(breakdown full-z)"
breakdown_alone="$(breakdown alone-z)"
breakdown_delta="$(breakdown full-z alone-z)"
# The WASI layer: the checks with the WASI demo over the checks without it.
# The demo's store data type is WasiCtx, the checks' is checks::Host.
store_types="airssys_wasm_wasi::ctx::WasiCtx=checks::Host"
breakdown_wasi="$(breakdown wasi-z full-z --embedded "$guest_bytes" --store-type "$store_types")"
second_store=0
if have_llvm; then
  second_store="$(python3 size_breakdown.py "$saved/wasi-z" "$saved/full-z" --store-type "$store_types" --bytes-of second-store)"
fi
wasi_layer=$((size[wasi-z] - size[full-z] - guest_bytes - second_store))
budget_wasi=$((40 * 1024))

row() { # LABEL-Z LABEL-3 DESCRIPTION
  local z="$1" o3="$2"
  printf '| %s | %s KiB | %s KiB | %s KiB | %s KiB | %s KiB |\n' "$3" \
    "$(kib "${size[$z]}")" "$(kib $((size[$z] - size[wasmi-z])))" \
    "$(kib "${size[$o3]}")" "$(kib $((size[$o3] - size[wasmi-3])))" \
    "$(kib "${heap[$z]}")"
}

ours=$((size[full-z] - size[wasmi-z]))
budget_code=$((120 * 1024))
budget_heap=$((96 * 1024))
verdict() { if [ "$1" -le "$2" ]; then echo "met"; else echo "**exceeded**"; fi; }
commit="$(git log -1 --format=%h -- ../crates 2>/dev/null || echo unknown)"
dirty="$(git status --porcelain -- ../crates 2>/dev/null | head -1)"

cat > FOOTPRINT.md <<MD
# Footprint on Cortex-M4

Firmware for \`$target\` (QEMU \`mps2-an386\`), the checks of \`src/main.rs\` against wasmi alone
(\`src/bin/wasmi-alone.rs\`: one core module loaded, linked with a host function, called), both with the
same board support, the same wasmi features (\`portable-dispatch\`, wasmi's \`validate\`) and
\`lto = true\`, \`codegen-units = 1\`, \`panic = "abort"\`. The checks use the runtime with its default
features off (\`default-features = false\`: no \`std\`, no \`validate\`, no \`fast-calls\`); the rows
below add one feature each.

| firmware | .text+.rodata, opt "z" | over wasmi alone | .text+.rodata, opt 3 | over wasmi alone | peak heap (opt "z") |
|---|---|---|---|---|---|
$(row wasmi-z wasmi-3 "wasmi alone")
$(row full-z full-3 "**full runtime** (abi, component, caps, runtime): the checks")
$(row full-fast-z full-fast-3 "full runtime with \`fast-calls\`")
$(row full-validate-z full-validate-3 "full runtime with \`validate\`")
$(row alone-z alone-3 "the runtime's floor: wasmi alone's job as a component")
$(row wasi-z wasi-3 "full runtime + the WASI layer (\`wasi\`: the checks and the WASI demo, the guest embedded)")

Budgets (opt "z", no \`validate\`):
- everything of ours over wasmi alone: $(kib $ours) KiB of at most 120 KiB — $(verdict $ours $budget_code);
  the runtime's floor (\`src/bin/component-alone.rs\`, a lower bound) is $(kib $((size[alone-z] - size[wasmi-z]))) KiB over wasmi alone — $(verdict $((size[alone-z] - size[wasmi-z])) $budget_code);
- heap beyond guest linear memory during the checks: $(kib "${heap[full-z]}") KiB of at most 96 KiB — $(verdict "${heap[full-z]}" $budget_heap);
- the WASI layer (cli, io, clocks, random, filesystem; see below): $(kib $wasi_layer) KiB over the runtime, of at most 40 KiB — $(verdict $wasi_layer $budget_wasi).

## Where the bytes go

The checks (opt "z") over wasmi alone, by the crate each symbol comes from (\`size_breakdown.py\`):

$breakdown_full

The floor (\`component-alone\`, opt "z") over wasmi alone:

$breakdown_alone

The checks over the floor: the parts of the runtime only the checks reach (typed functions of more
signatures, dynamic calls, host-side resources, revocation, audit queries, fuel), and the
checks themselves (their code, shown with wasmi's, their messages and the nine component binaries in
the read-only data):

$breakdown_delta

Reading the tables: "core/alloc code instantiated for our types" is generic code of the standard
library (drop glue, \`Vec\`, \`Arc\`, iterators, \`Result\` plumbing, formatting) compiled for the
runtime's own types, which the v0 symbol names (\`.cargo/config.toml\`) reveal; "core/alloc, other" is
standard library code wasmi alone does not link, or links for other types (formatting of more integer
types, \`i128\` for constraint ranges among them, UTF-8 validation, string search, and code the
compiler inlines differently in the two firmwares). The unnamed read-only data are mostly error
messages, and, for the checks, the nine component binaries they embed (about 5 KiB).

## The WASI layer

\`airssys-wasm-wasi\` with \`default-features = false\` (virtual clocks, seeded ChaCha20, stdio as
callbacks, an in-memory directory), running the stock \`wasm32-wasip2\` command \`crates/guests/device-demo\` (the check
\`wasi-demo\`, \`src/wasi_demo.rs\`). Measured as the checks with the feature \`wasi\` over the same
checks without it (opt "z"), so the runtime, which the checks use in full, is not counted again:
$(kib $((size[wasi-z] - size[full-z]))) KiB in all, less the guest component the firmware embeds
($guest_bytes bytes, $(kib "$guest_bytes") KiB), less the runtime's and wasmi's generic code compiled a second
time for the demo's store data type (\`WasiCtx\`; the checks use \`checks::Host\`), $(kib "$second_store") KiB,
which an application with one store data type has only once: **$(kib $wasi_layer) KiB**. The demo
defines WASI with \`add_to_linker_without_sockets\` (the device has no network): with
\`add_to_linker\`, which defines \`wasi:sockets\` too, the firmware was 33.1 KiB larger (measured by hand at
7ab82b3, not by this script). It still holds the
demo check's own code (setting up and running the guest, reading its output; the linker set-up of WASI
is inlined into it) and messages, so it is an upper bound. \`bindgen!\` defines each WASI interface
through one dispatcher (\`LinkerInstance::func_dispatch\`): a \`match\` whose arms call the WASI host's
methods (mostly inlined into them), and per parameter and result signature only the tuple's own lift
or lower (\`vals_to_typed\`, \`typed_to_vals\`; the scratch memory, the handle checks and the dynamic
values around them are shared code); the type and handle checks of the imports walk the static
\`Shape\`s of the dispatcher's table, with no code per signature. The conversions count in the
runtime's and the filesystem's rows below. Peak heap of the WASI demo: $(kib "${heap[wasi-z]}") KiB beyond guest linear memory (the
peak of all the checks with \`wasi\`; most of it is the guest's translated code: wasmi compiles the
guest's core module, about 70 KB of it, into its own instructions).

$breakdown_wasi

## How it is measured
- Code: the sizes of the \`.text\` and \`.rodata\` sections of the linked ELF. "Over wasmi alone" is an
  upper bound for the runtime: it also holds the checks themselves, their messages, and the component
  binaries they embed. The checks use one store data type, as an application does: every store data
  type instantiates the runtime's generic code (instantiation, calls, the import gate) once more.
- The floor (\`src/bin/component-alone.rs\`) does wasmi alone's job (\`components/sum.wat\`: the same core
  module with its host import, wrapped as a component, the import granted, \`sum\` called through a
  typed function). Link-time optimization drops the parts of the runtime it does not reach (the value
  paths of strings and lists that no import of it uses, resources from the host, revocation, fuel), so
  it is a lower bound.
- Heap: a counting global allocator around embedded-alloc's \`LlffHeap\` (\`src/heap.rs\`); the number is
  the largest peak of any one check, measured from the bytes in use before it (every check creates its
  own engine, store and instance and drops them). Guest linear memory is counted apart: wasmi backs each
  linear memory with one allocation of whole 64 KiB pages, so allocations of a non-zero multiple of
  65536 bytes are excluded (each example component has one page, 64 KiB). The heap does not depend on
  the opt-level beyond a few bytes; it is shown for opt "z".
- The checks also print the peak stack (cortex-m-rt paints the stack at boot): see \`run.sh\`'s output.

Produced by \`no_std-tests/footprint.sh\` on $(date -u +%Y-%m-%d), \`crates/\` at commit $commit${dirty:+ (with uncommitted changes)},
$(rustc --version), $(qemu-system-arm --version | head -1).
MD
cat FOOTPRINT.md
