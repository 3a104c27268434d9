//! Calls a typed `add(u32, u32) -> u32` export N times (first argument), for
//! counting instructions per call under callgrind: run with N = 10000 and
//! 20000 and divide the difference by 10000.
#![allow(clippy::expect_used)]

use airssys_wasm::{Component, Engine, Linker, Store};
use std::hint::black_box;

fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let wat = r#"(component
      (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
      (core instance $m (instantiate $m))
      (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add"))))"#;
    let engine = Engine::default();
    let component = Component::new(&engine, wat.as_bytes()).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let add = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "add").expect("typed");
    let mut sum = 0u32;
    for i in 0..n {
        sum = sum.wrapping_add(add.call(&mut store, black_box((i, 2))).expect("call").0);
    }
    println!("{sum}");
}
