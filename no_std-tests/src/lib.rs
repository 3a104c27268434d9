//! Board support for the firmware that runs components on an emulated
//! microcontroller: the heap and its counting allocator, output and exit
//! status over semihosting, the panic and fault handlers, and the check
//! runner that prints one line per check.
//!
//! Targets: `thumbv7em-none-eabihf` on QEMU's `mps2-an386` (Cortex-M4), and
//! `riscv32imac-unknown-none-elf` on QEMU's `virt`.

#![no_std]
#![deny(unsafe_code)]

extern crate alloc;

pub mod board;
#[cfg(feature = "defmt")]
mod defmt_logger;
pub mod heap;
#[cfg(feature = "wasi")]
pub mod wasi_demo;

use alloc::string::String;
use alloc::vec::Vec;

#[cfg(target_arch = "arm")]
pub use cortex_m_rt::entry;
#[cfg(target_arch = "riscv32")]
pub use riscv_rt::entry;

/// Prints a line on the host's standard output, over semihosting.
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {
        $crate::board::print_line(format_args!($($arg)*))
    };
}

/// One check: its name, and a function that returns a short note on
/// success or the reason it failed.
pub type Check = (&'static str, fn() -> Result<String, String>);

/// Runs every check, printing `ok <name>` or `FAIL <name>: <reason>` for
/// each, then the heap and stack figures. Returns whether all passed.
pub fn run_checks(checks: &[Check]) -> bool {
    let baseline = heap::usage().current;
    let mut failed = 0;
    let mut peak = 0;
    for (name, check) in checks {
        heap::reset_peak();
        let result = check();
        let usage = heap::usage();
        peak = peak.max(usage.peak - baseline);
        match result {
            Ok(note) if note.is_empty() => println!("ok {name}"),
            Ok(note) => println!("ok {name}: {}", one_line(&note)),
            Err(reason) => {
                failed += 1;
                println!("FAIL {name}: {}", one_line(&reason));
            }
        }
    }
    let after = heap::usage();
    println!(
        "peak heap: {peak} bytes (excluding guest linear memory, of which {} bytes at most were live)",
        after.linear_peak
    );
    if after.current != baseline {
        failed += 1;
        println!("FAIL heap-returned: {} bytes still allocated after the checks", after.current - baseline);
    }
    if let Some(stack) = board::stack_peak() {
        println!("peak stack: {stack} bytes");
    }
    println!("{} of {} checks passed", checks.len() - failed.min(checks.len()), checks.len());
    failed == 0
}

/// `text` with every run of whitespace (newlines included) made one space,
/// so that each check prints exactly one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
