//! Arbitrary bytes as a component, like `component_load`, but every exported
//! function may run for ten million units of fuel instead of a hundred
//! thousand: long enough that a guest loop executes about ten million wasm
//! instructions. It guards the fuzz build's configuration: under the
//! sanitizers wasmi's tail-call dispatch grows the native stack with every
//! executed instruction, so such a loop overflows the stack unless wasmi runs
//! on portable dispatch (see `Cargo.toml`). Its regression input
//! `regressions/component_long_run/loop-ten-million.wasm` is such a loop, and
//! must end with out of fuel.
#![no_main]

use airssys_wasm::{Config, Engine};
use airssys_wasm_fuzz::load_and_call_every_export;
use libfuzzer_sys::fuzz_target;

/// Fuel for each store: about one unit per executed wasm instruction.
const FUEL: u64 = 10_000_000;

fuzz_target!(|bytes: &[u8]| {
    let engine = Engine::new(Config::new().fuel(FUEL).max_memory_bytes(1 << 22));
    let _ = load_and_call_every_export(&engine, bytes);
});
