//! The comparison point of FOOTPRINT.md: the same board support, wasmi
//! alone, one core module loaded, instantiated with a host import and called.
//! Built with the same wasmi features as the full firmware.

#![no_std]
#![no_main]
#![deny(unsafe_code)]

extern crate alloc;

use airssys_wasm_no_std_tests::{Check, board, println, run_checks};
use alloc::format;
use alloc::string::String;

static CORE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/core.wasm"));

const CHECKS: &[Check] = &[("core-module", core_module)];

#[airssys_wasm_no_std_tests::entry]
fn main() -> ! {
    board::init();
    println!("wasmi alone on {}, {}", board::TARGET, if board::OPTIMIZED { "optimized" } else { "debug" });
    board::exit(run_checks(CHECKS))
}

/// sum(16, 8) over the bytes 1..=8 of the module's data is 36, and the
/// host import saw it.
fn core_module() -> Result<String, String> {
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, CORE).map_err(|e| format!("load: {e}"))?;
    let mut store = wasmi::Store::new(&engine, 0u32);
    let mut linker = wasmi::Linker::<u32>::new(&engine);
    linker
        .func_wrap("host", "log", |mut caller: wasmi::Caller<'_, u32>, value: i32| {
            *caller.data_mut() = value as u32;
        })
        .map_err(|e| format!("define: {e}"))?;
    let instance = linker.instantiate_and_start(&mut store, &module).map_err(|e| format!("instantiate: {e}"))?;
    let sum = instance.get_typed_func::<(i32, i32), i32>(&store, "sum").map_err(|e| format!("sum: {e}"))?;
    let got = sum.call(&mut store, (16, 8)).map_err(|e| format!("call: {e}"))?;
    if got != 36 || *store.data() != 36 {
        return Err(format!("sum returned {got}, logged {}", store.data()));
    }
    Ok(String::new())
}
