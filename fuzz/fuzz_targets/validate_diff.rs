//! One input, loaded with and without wasmparser's validator (the device
//! configuration: firmware builds without the `validate` feature, and
//! `Config::validate(false)` loads exactly as it does). Two properties:
//!
//! 1. a component both accept behaves identically: the same type, the same
//!    exports, and calling each exported function with default arguments
//!    under fuel gives the same results (or the same error), the same host
//!    calls and the same fuel left;
//! 2. with or without the validator, no host function runs that its grant
//!    does not cover, and nothing panics.
//!
//! The input is one byte choosing the grants (bit `i % 8` grants the `i`-th
//! imported function; 0 grants none), then the component as a binary or as
//! component text. Text lets mutations stay well-formed while breaking the
//! rules only the validator checks. `fuzz/seeds/validate_diff.sh` writes a
//! seed corpus from `examples/*.wat`.
#![no_main]

use airssys_wasm::caps::CapabilityTable;
use airssys_wasm::{
    Component, Config, Engine, ExternType, FuncType, Grant, Linker, Store, StoreContextMut, Val, ValType,
};
use libfuzzer_sys::fuzz_target;
use std::borrow::Cow;

/// Fuel for each store, shared by all the calls made in it.
const FUEL: u64 = 100_000;

/// What the host functions saw: every call in order, and the first call to
/// a function that no grant covers.
#[derive(Default)]
struct HostLog {
    calls: Vec<String>,
    ungranted_ran: Option<String>,
}

fuzz_target!(|input: &[u8]| {
    let Some((&grant_mask, component)) = input.split_first() else { return };
    let Some(bytes) = component_binary(component) else { return };
    let validated = Component::new(&engine(true), &bytes);
    let unvalidated = Component::new(&engine(false), &bytes);
    match (validated, unvalidated) {
        (Ok(validated), Ok(unvalidated)) => {
            assert_eq!(validated.ty(), unvalidated.ty(), "the two paths decode different types");
            let with = run(&validated, grant_mask);
            let without = run(&unvalidated, grant_mask);
            assert_eq!(with, without, "the component behaves differently without the validator");
        }
        (Ok(_), Err(e)) => panic!("only the validated path accepts the component; without it: {e}"),
        (Err(_), Ok(unvalidated)) => {
            run(&unvalidated, grant_mask);
        }
        (Err(_), Err(_)) => {}
    }
});

/// The component binary: the bytes themselves, or the binary of component text.
fn component_binary(bytes: &[u8]) -> Option<Cow<'_, [u8]>> {
    if bytes.starts_with(b"\0asm") {
        return Some(Cow::Borrowed(bytes));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    wat::parse_str(text).ok().map(Cow::Owned)
}

fn engine(validate: bool) -> Engine {
    Engine::new(Config::new().fuel(FUEL).max_memory_bytes(1 << 22).validate(validate))
}

/// One function the component imports.
struct Import<'a> {
    /// The interface, or the function's own name for a bare function import.
    interface: &'a str,
    function: &'a str,
    /// Imported outside any instance.
    bare: bool,
    ty: &'a FuncType,
}

/// Every function the component imports, named as the capability table
/// names them: a bare function import is (name, name).
fn imported_functions(component: &Component) -> Vec<Import<'_>> {
    let mut imports = Vec::new();
    for (name, ty) in &component.ty().imports {
        match ty {
            ExternType::Func(ty) => imports.push(Import { interface: name, function: name, bare: true, ty }),
            ExternType::Instance(instance) => {
                for (export, ety) in instance.exports() {
                    if let ExternType::Func(ty) = ety {
                        imports.push(Import { interface: name, function: export, bare: false, ty });
                    }
                }
            }
            _ => {}
        }
    }
    imports
}

/// Links every imported function to a host function that logs its calls,
/// grants those the mask selects, instantiates and calls every exported
/// function once with default arguments. Returns what happened, as text;
/// panics if a host function ran that no grant covers.
fn run(component: &Component, grant_mask: u8) -> Vec<String> {
    let imports = imported_functions(component);
    let mut linker = Linker::<HostLog>::new();
    let mut table = CapabilityTable::new();
    for (i, import) in imports.iter().enumerate() {
        if grant_mask & (1 << (i % 8)) != 0 {
            let grant = Grant::new(import.interface).for_function(import.function);
            table.grant(grant.clone());
            linker.grant(grant);
        }
    }
    // What the gate must deny, by the capability table's own rules.
    let ungranted = table.ungranted(imports.iter().map(|i| (i.interface, i.function)));
    for import in &imports {
        let key = format!("{}#{}", import.interface, import.function);
        let granted = !ungranted.contains(&(import.interface, import.function));
        let results: Vec<ValType> = import.ty.results().types().to_vec();
        let host = move |mut cx: StoreContextMut<'_, HostLog>, _: &[Val], out: &mut [Val]| {
            let log = cx.data_mut();
            log.calls.push(key.clone());
            if !granted && log.ungranted_ran.is_none() {
                log.ungranted_ran = Some(key.clone());
            }
            for (slot, ty) in out.iter_mut().zip(&results) {
                *slot = Val::default_of(ty);
            }
            Ok(())
        };
        // A name defined twice, or as something else, stays unresolved:
        // instantiation then fails the same way on both paths.
        let _ = if import.bare {
            linker.root().func_new(import.function, host)
        } else {
            linker.instance(import.interface).and_then(|mut i| i.func_new(import.function, host))
        };
    }

    let engine = component.engine();
    let mut store = Store::new(engine, HostLog::default());
    let mut outcome = Vec::new();
    match linker.instantiate(&mut store, component) {
        Err(e) => outcome.push(format!("instantiate: {e}")),
        Ok(instance) => {
            let exports = match instance.exports(&store) {
                Ok(exports) => exports,
                Err(e) => panic!("an instance's own store refused it: {e}"),
            };
            for (name, kind) in exports {
                outcome.push(format!("export {name}: {kind}"));
                if kind != "func" {
                    continue;
                }
                let Ok(func) = instance.get_func(&store, &name) else { continue };
                let ty = match func.ty(&store) {
                    Ok(ty) => ty,
                    Err(e) => {
                        outcome.push(format!("  type: {e}"));
                        continue;
                    }
                };
                let args: Vec<Val> = ty.params().types().iter().map(Val::default_of).collect();
                let mut results = vec![Val::Bool(false); ty.results().types().len()];
                match func.call(&mut store, &args, &mut results) {
                    Ok(()) => outcome.push(format!("  {ty} -> {results:?}")),
                    Err(e) => outcome.push(format!("  {ty} -> error: {e}")),
                }
                outcome.push(format!("  fuel left: {:?}", store.fuel()));
            }
        }
    }
    let log = store.into_data();
    if let Some(key) = log.ungranted_ran {
        panic!("the host function `{key}` ran without a grant");
    }
    outcome.extend(log.calls);
    outcome
}
