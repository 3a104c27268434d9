//! Turns component text into component binaries for the firmware to embed
//! with `include_bytes!`, makes the malformed inputs, and writes the memory
//! layout of the board the target runs on.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// (binary name in OUT_DIR, component text relative to this crate).
const COMPONENTS: &[(&str, &str)] = &[
    ("greet.wasm", "../examples/greet.wat"),
    ("records.wasm", "../examples/records.wat"),
    ("host-import.wasm", "../examples/host-import.wat"),
    ("counter.wasm", "../examples/counter.wat"),
    ("values.wasm", "components/values.wat"),
    ("gated.wasm", "components/gated.wat"),
    ("spin.wasm", "components/spin.wat"),
    // A core module, not a component: the "wasmi alone" firmware runs it.
    ("core.wasm", "components/core.wat"),
    // The same job as a component: the "component alone" firmware runs it.
    ("sum.wasm", "components/sum.wat"),
];

/// mps2-an386: 4 MiB of code at 0, 4 MiB of SRAM at 0x2000_0000. The stack
/// takes the bottom 512 KiB of the SRAM, below the statics and the heap
/// (what flip-link does): an overflow runs off the start of the SRAM and
/// faults, instead of silently overwriting the heap.
const MEMORY_ARM: &str = "MEMORY
{
  FLASH : ORIGIN = 0x00000000, LENGTH = 4M
  STACK : ORIGIN = 0x20000000, LENGTH = 512K
  RAM : ORIGIN = 0x20080000, LENGTH = 3584K
}
_stack_end = ORIGIN(STACK);
_stack_start = ORIGIN(STACK) + LENGTH(STACK);
";

/// QEMU `virt` for riscv32: RAM from 0x8000_0000 (128 MiB by default). The
/// firmware is loaded into the first 4 MiB and runs from RAM, like the
/// Cortex-M build it has 4 MiB of data memory.
const MEMORY_RISCV: &str = "MEMORY
{
  FLASH : ORIGIN = 0x80000000, LENGTH = 4M
  RAM : ORIGIN = 0x80400000, LENGTH = 4M
}
REGION_ALIAS(\"REGION_TEXT\", FLASH);
REGION_ALIAS(\"REGION_RODATA\", FLASH);
REGION_ALIAS(\"REGION_DATA\", RAM);
REGION_ALIAS(\"REGION_BSS\", RAM);
REGION_ALIAS(\"REGION_HEAP\", RAM);
REGION_ALIAS(\"REGION_STACK\", RAM);
";

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));

    for (name, source) in COMPONENTS {
        let path = manifest.join(source);
        println!("cargo::rerun-if-changed={}", path.display());
        let binary = wat::parse_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        write(&out.join(name), &binary);
    }

    // The malformed inputs, both made from greet: the binary cut in half, and
    // the binary whole but with its core module's magic number broken.
    let greet = fs::read(out.join("greet.wasm")).expect("written above");
    write(&out.join("truncated.wasm"), &greet[..greet.len() / 2]);
    let mut corrupt = greet.clone();
    let inner =
        corrupt.windows(4).skip(1).position(|w| w == b"\0asm").map(|at| at + 1).expect("greet embeds a core module");
    corrupt[inner + 3] = b'X';
    write(&out.join("corrupt.wasm"), &corrupt);

    if env::var_os("CARGO_FEATURE_WASI").is_some() {
        copy_guest(&manifest, &out);
    }

    let memory = match env::var("CARGO_CFG_TARGET_ARCH").as_deref() {
        Ok("riscv32") => MEMORY_RISCV,
        _ => MEMORY_ARM,
    };
    write(&out.join("memory.x"), memory.as_bytes());
    println!("cargo::rustc-link-search={}", out.display());
    // defmt keeps its format strings in a section of its own linker script.
    if env::var_os("CARGO_FEATURE_DEFMT").is_some() {
        println!("cargo::rustc-link-arg=-Tdefmt.x");
    }
    println!("cargo::rerun-if-changed=build.rs");
}

/// Copies the WASI demo's guest, built by `crates/guests/build.sh` into
/// `$AIRSSYS_GUESTS_DIR` (default: `target/guests` at the repository's
/// root), into OUT_DIR for `include_bytes!`.
fn copy_guest(manifest: &Path, out: &Path) {
    println!("cargo::rerun-if-env-changed=AIRSSYS_GUESTS_DIR");
    let dir = env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| manifest.join("../target/guests"), PathBuf::from);
    let guest = dir.join("device-demo.wasm");
    println!("cargo::rerun-if-changed={}", guest.display());
    let bytes = fs::read(&guest).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build the guests first with `bash crates/guests/build.sh` (no_std-tests/run.sh does), \
             or build without the WASI demo (--no-default-features)",
            guest.display()
        )
    });
    write(&out.join("device-demo.wasm"), &bytes);
}

fn write(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
