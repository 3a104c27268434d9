//! The cases on wasmtime 48: Cranelift with its default settings
//! (parallel compilation on, no compilation cache), wasmtime-wasi's p2 host
//! with its defaults (no preopens, no network), stdout captured in memory.

use crate::figures::{Figures, ms};
use crate::{Case, DEMO};
use std::time::Instant;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::bindings::sync::Command;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// The store's data.
struct State {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

/// Loads, instantiates and calls `case` twice (a command's `run` once).
pub fn run(case: Case, bytes: &[u8]) -> Result<Figures, String> {
    let text = |e: wasmtime::Error| format!("{e:?}");
    let mut f = Figures::default();
    let t = Instant::now();
    let engine = Engine::default();
    let component = Component::new(&engine, bytes).map_err(text)?;
    f.load_ms = ms(t.elapsed());

    let stdout = MemoryOutputPipe::new(1 << 20);
    let ctx = WasiCtx::builder().arg(case.file()).stdout(stdout.clone()).build();
    let mut linker = Linker::<State>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(text)?;
    let mut store = Store::new(&engine, State { ctx, table: ResourceTable::new() });
    let captured = || String::from_utf8_lossy(&stdout.contents()).into_owned();

    match case {
        Case::Hello => {
            let t = Instant::now();
            let command = Command::instantiate(&mut store, &component, &linker).map_err(text)?;
            f.instantiate_ms = ms(t.elapsed());
            let t = Instant::now();
            let result = command.wasi_cli_run().call_run(&mut store).map_err(text)?;
            f.first_call_ms = ms(t.elapsed());
            result.map_err(|()| "run returned err".to_string())?;
            crate::check_text(&captured(), "Hello, world!\n")?;
        }
        Case::Python | Case::Js => {
            let t = Instant::now();
            let instance = linker.instantiate(&mut store, &component).map_err(text)?;
            f.instantiate_ms = ms(t.elapsed());
            let demo = instance.get_export_index(&mut store, None, DEMO).ok_or_else(|| format!("no export {DEMO}"))?;
            let greet = instance
                .get_export_index(&mut store, Some(&demo), "greet")
                .ok_or_else(|| format!("no export {DEMO}#greet"))?;
            let greet = instance.get_typed_func::<(&str,), (String,)>(&mut store, &greet).map_err(text)?;
            for slot in [&mut f.first_call_ms, &mut f.second_call_ms] {
                let t = Instant::now();
                let (greeting,) = greet.call(&mut store, ("world",)).map_err(text)?;
                *slot = ms(t.elapsed());
                crate::check_greeting(&greeting)?;
            }
            crate::check_text(&captured(), "Hello, world!\nHello, world!\n")?;
        }
    }
    Ok(f)
}
