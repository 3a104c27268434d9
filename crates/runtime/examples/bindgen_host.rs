//! A host written with `bindgen!`: runs `examples/host-import.wat` (world
//! `host-import` in `wit/examples/examples.wit`) and answers its clock import.
//! `cargo run -p airssys-wasm --example bindgen_host`

use airssys_wasm::{Component, Engine, Error, Grant, Linker, Store};
use std::time::{SystemTime, UNIX_EPOCH};

airssys_wasm::bindgen!({ world: "host-import", path: "../../wit/examples" });

/// The host's state: the time its clock reports, read once at start-up.
struct Clock {
    now: u64,
}

impl host::clock::now::Host for Clock {
    fn now(&mut self) -> Result<u64, Error> {
        Ok(self.now)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::default();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/host-import.wat");
    let component = Component::from_file(&engine, path)?;
    let mut linker = Linker::new();
    HostImport::add_to_linker(&mut linker, |clock: &mut Clock| clock)?;
    linker.grant(Grant::new("host:clock/now")); // the bindings grant nothing
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let mut store = Store::new(&engine, Clock { now });
    let world = HostImport::instantiate(&mut store, &component, &linker)?;
    let elapsed = world.call_elapsed(&mut store, now.saturating_sub(90))?;
    println!("elapsed: {elapsed} s");
    Ok(())
}
