//! The runtime's floor in FOOTPRINT.md: the job of `wasmi-alone.rs` done as
//! a component, through airssys-wasm (one component loaded, its host import
//! defined and granted, instantiated, `sum` called through a typed
//! function). What this firmware adds over wasmi alone is what the
//! component layer costs for that job; the `checks` firmware, which uses
//! every part of the runtime, is the upper bound.

#![no_std]
#![no_main]
#![deny(unsafe_code)]

extern crate alloc;

use airssys_wasm::{Component, Engine, Grant, Linker, Store};
use airssys_wasm_no_std_tests::{Check, board, println, run_checks};
use alloc::format;
use alloc::string::String;

static SUM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sum.wasm"));

const CHECKS: &[Check] = &[("component", component)];

#[airssys_wasm_no_std_tests::entry]
fn main() -> ! {
    board::init();
    println!("airssys-wasm alone on {}, {}", board::TARGET, if board::OPTIMIZED { "optimized" } else { "debug" });
    board::exit(run_checks(CHECKS))
}

/// sum(16, 8) over the bytes 1..=8 of the module's data is 36, and the
/// host import saw it.
fn component() -> Result<String, String> {
    let engine = Engine::default();
    let component = Component::new(&engine, SUM).map_err(|e| format!("load: {e}"))?;
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::<u32>::new();
    linker
        .instance("host:log/log")
        .and_then(|mut log| {
            log.func_wrap("log", |mut cx, (value,): (u32,)| {
                *cx.data_mut() = value;
                Ok(())
            })
        })
        .map_err(|e| format!("define: {e}"))?;
    linker.grant(Grant::new("host:log/log"));
    let instance = linker.instantiate(&mut store, &component).map_err(|e| format!("instantiate: {e}"))?;
    let sum = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "sum").map_err(|e| format!("sum: {e}"))?;
    let (got,) = sum.call(&mut store, (16, 8)).map_err(|e| format!("call: {e}"))?;
    if got != 36 || *store.data() != 36 {
        return Err(format!("sum returned {got}, logged {}", store.data()));
    }
    Ok(String::new())
}
