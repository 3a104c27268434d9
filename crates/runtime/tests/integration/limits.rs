//! Tests for fuel and memory limits.

use super::component;
use airssys_wasm::{Component, Config, Engine, Linker, Store};

fn looping() -> Vec<u8> {
    component(
        r#"
        (core module $m
          (memory (export "m") 1)
          (func (export "spin") (loop $l (br $l)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        (core instance $m (instantiate $m))
        (func (export "spin") (canon lift (core func $m "spin")))
        (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $m "grow")))
        "#,
    )
}

#[test]
fn running_out_of_fuel_is_reported_cleanly() {
    let engine = Engine::new(Config::new().fuel(10_000));
    let component = Component::new(&engine, &looping()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let spin = instance.get_typed_func::<(), (), _>(&store, "spin").expect("typed");
    let err = spin.call(&mut store, ()).expect_err("runs out");
    assert!(err.is_out_of_fuel(), "{err}");
    assert_eq!(err.to_string(), "trap: out of fuel; raise the fuel limit if the work is legitimate");
    assert_eq!(store.fuel(), Some(0));
}

#[test]
fn memory_growth_stops_at_the_configured_cap() {
    let engine = Engine::new(Config::new().max_memory_bytes(4 * 65536));
    let component = Component::new(&engine, &looping()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (1,));
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (-1,));
}
