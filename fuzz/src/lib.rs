//! What the component fuzz targets share: load arbitrary bytes, instantiate
//! them with every import defined, and call every exported function. Each
//! step may fail; none may panic or abort.

use airssys_wasm::{Component, Engine, Instance, Linker, Store, Val};

/// Loads `bytes` on `engine`, instantiates the component with every import
/// defined (returning default values) and calls each exported function with
/// default arguments. Returns the store and the instance for further calls,
/// or `None` where loading or instantiating failed.
pub fn load_and_call_every_export(engine: &Engine, bytes: &[u8]) -> Option<(Store<()>, Instance)> {
    let component = Component::new(engine, bytes).ok()?;
    let mut linker = Linker::<()>::new();
    linker.define_unknown_imports_as_default_values(&component).ok()?;
    let mut store = Store::new(engine, ());
    let instance = linker.instantiate(&mut store, &component).ok()?;
    for (name, kind) in instance.exports(&store).ok()? {
        if kind != "func" {
            continue;
        }
        let Ok(func) = instance.get_func(&store, &name) else { continue };
        let Ok(ty) = func.ty(&store) else { continue };
        let args: Vec<Val> = ty.params().types().iter().map(Val::default_of).collect();
        let mut results = vec![Val::Bool(false); ty.results().types().len()];
        let _ = func.call(&mut store, &args, &mut results);
    }
    Some((store, instance))
}
