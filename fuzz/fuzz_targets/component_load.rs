//! Arbitrary bytes as a component: loading returns a component or an error,
//! never panics. A component that loads is instantiated with every import
//! defined (returning default values) and each exported function is called
//! with default arguments, under a fuel limit; all of that may fail, none of
//! it may panic.
#![no_main]

use airssys_wasm::{Component, Config, Engine, Linker, Store, Val};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let engine = Engine::new(Config::new().fuel(100_000).max_memory_bytes(1 << 22));
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
