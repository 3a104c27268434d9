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

use airssys_wasm::{Component, Config, Engine, Linker, Store, Val};
use libfuzzer_sys::fuzz_target;

/// Fuel for each store: about one unit per executed wasm instruction.
const FUEL: u64 = 10_000_000;

fuzz_target!(|bytes: &[u8]| {
    let engine = Engine::new(Config::new().fuel(FUEL).max_memory_bytes(1 << 22));
    let Ok(component) = Component::new(&engine, bytes) else { return };
    let mut linker = Linker::<()>::new();
    if linker.define_unknown_imports_as_default_values(&component).is_err() {
        return;
    }
    let mut store = Store::new(&engine, ());
    let Ok(instance) = linker.instantiate(&mut store, &component) else { return };
    let Ok(exports) = instance.exports(&store) else { return };
    for (name, kind) in exports {
        if kind != "func" {
            continue;
        }
        let Ok(func) = instance.get_func(&store, &name) else { continue };
        let Ok(ty) = func.ty(&store) else { continue };
        let args: Vec<Val> = ty.params().types().iter().map(Val::default_of).collect();
        let mut results = vec![Val::Bool(false); ty.results().types().len()];
        let _ = func.call(&mut store, &args, &mut results);
    }
});
