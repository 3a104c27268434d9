//! The cases on airssys-wasm: the WASI host of `airssys-wasm-wasi` with its
//! std backends, the imports granted as `airssys-wasm run` grants them by
//! default, stdout captured in memory.

use crate::figures::{Figures, ms};
use crate::{Case, DEMO};
use airssys_wasm::{Component, Engine, Instance, Linker, Store, Val};
use airssys_wasm_wasi::WasiCtx;
use airssys_wasm_wasi::stdio::Callback;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Loads, instantiates and calls `case` twice (a command's `run` once).
pub fn run(case: Case, bytes: &[u8]) -> Result<Figures, String> {
    let text = |e: airssys_wasm::Error| e.to_string();
    let mut f = Figures::default();
    let t = Instant::now();
    let engine = Engine::default();
    let component = Component::new(&engine, bytes).map_err(text)?;
    f.load_ms = ms(t.elapsed());

    let out = Arc::new(Mutex::new(Vec::new()));
    let sink = out.clone();
    let ctx = WasiCtx::builder()
        .arg(case.file())
        .stdout(Callback(move |b: &[u8]| {
            if let Ok(mut o) = sink.lock() {
                o.extend_from_slice(b);
            }
        }))
        .build()
        .map_err(|e| e.to_string())?;
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).map_err(text)?;
    // The grants `airssys-wasm run` gives by default.
    for grant in airssys_wasm_wasi::grants::defaults(component.ty().imports.iter().map(|(name, _)| name.as_str())) {
        linker.grant(grant);
    }
    let mut store = Store::new(&engine, ctx);
    let t = Instant::now();
    let instance = linker.instantiate(&mut store, &component).map_err(text)?;
    f.instantiate_ms = ms(t.elapsed());

    match case {
        Case::Hello => {
            let t = Instant::now();
            run_command(&component, &instance, &mut store)?;
            f.first_call_ms = ms(t.elapsed());
            crate::check_stdout(&out, "Hello, world!\n")?;
        }
        Case::Python | Case::Js => {
            let greet =
                instance.get_typed_func::<(String,), (String,), _>(&store, &format!("{DEMO}#greet")).map_err(text)?;
            for slot in [&mut f.first_call_ms, &mut f.second_call_ms] {
                let t = Instant::now();
                let (greeting,) = greet.call(&mut store, ("world".to_string(),)).map_err(text)?;
                *slot = ms(t.elapsed());
                crate::check_greeting(&greeting)?;
            }
            crate::check_stdout(&out, "Hello, world!\nHello, world!\n")?;
        }
    }
    Ok(f)
}

/// Calls the command's `wasi:cli/run` (at the 0.2.x version it exports).
fn run_command(component: &Component, instance: &Instance, store: &mut Store<WasiCtx>) -> Result<(), String> {
    let name = component
        .ty()
        .exports
        .iter()
        .map(|(name, _)| name)
        .find(|name| name.starts_with("wasi:cli/run@0.2."))
        .ok_or("the component exports no wasi:cli/run@0.2.x")?;
    let run = instance.get_func(store, &format!("{name}#run")).map_err(|e| e.to_string())?;
    let mut result = [Val::Bool(false)];
    run.call(store, &[], &mut result).map_err(|e| e.to_string())?;
    match &result[0] {
        Val::Result(Ok(_)) => Ok(()),
        other => Err(format!("run returned {other:?}")),
    }
}
