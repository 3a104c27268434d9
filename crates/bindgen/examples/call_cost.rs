//! Instruction counts of a call through `bindgen!`'s accessor and of the
//! same call through a hand-written `get_typed_func`, for callgrind, whose
//! counts do not move with the machine's load as wall-clock times do:
//!
//! ```text
//! cargo build --release -p airssys-wasm-bindgen --example call_cost
//! valgrind --tool=callgrind target/release/examples/call_cost {generated|typed} {add|string} 10000
//! valgrind --tool=callgrind target/release/examples/call_cost {generated|typed} {add|string} 20000
//! ```
//! The difference of the two totals over 10,000 is the cost of one call.

// A measurement whose setup fails has nothing to measure: stop at once.
#![allow(clippy::expect_used, clippy::panic)]

use airssys_wasm::{Component, Engine, Linker, Store};
use std::hint::black_box;

airssys_wasm::bindgen!({
    world: "calls",
    inline: "package bench:calls; world calls {
        export add: func(a: u32, b: u32) -> u32;
        export count: func(s: string) -> u32;
    }",
});

/// `add` and `count` (a string's byte length, received through `realloc`).
const COMPONENT: &str = r#"(component
  (core module $m
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "count") (param $ptr i32) (param $len i32) (result i32)
      (global.set $next (i32.const 1024))
      (local.get $len)))
  (core instance $m (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
  (func (export "count") (param "s" string) (result u32)
    (canon lift (core func $m "count") (memory (core memory $m "memory")) (realloc (core func $m "realloc")))))"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (how, what, n) = match args.as_slice() {
        [_, how, what, n] => (how.as_str(), what.as_str(), n.parse::<u32>().expect("a call count")),
        _ => panic!("usage: call_cost {{generated|typed}} {{add|string}} N"),
    };
    let engine = Engine::default();
    let component = Component::new(&engine, COMPONENT).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let calls = Calls::new(&store, &instance).expect("bindings");
    let add = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "add").expect("typed");
    let count = instance.get_typed_func::<(&str,), (u32,), _>(&store, "count").expect("typed");
    let text = "a string of exactly 32 bytes....";
    let mut sum = 0u32;
    for i in 0..n {
        sum = sum.wrapping_add(match (how, what) {
            ("generated", "add") => calls.call_add(&mut store, black_box(i), black_box(2)).expect("add"),
            ("typed", "add") => add.call(&mut store, black_box((i, 2))).expect("add").0,
            ("generated", "string") => calls.call_count(&mut store, black_box(text)).expect("count"),
            ("typed", "string") => count.call(&mut store, black_box((text,))).expect("count").0,
            _ => panic!("usage: call_cost {{generated|typed}} {{add|string}} N"),
        });
    }
    println!("{sum}");
}
