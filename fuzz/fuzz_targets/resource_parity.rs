//! Random sequences of resource operations, run once through typed calls
//! (`TypedFunc` with `Resource<T>`) and once through dynamic calls
//! (`Func::call` with `Val::Own` / `Val::Borrow`) on two fresh stores: the
//! traces (results and errors, host table, handle tables, destructor calls)
//! must agree after every step. The oracle is
//! `airssys_wasm_testgen::parity`.
#![no_main]

use airssys_wasm_testgen::parity::{Op, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|ops: Vec<Op>| {
    // Long sequences add nothing a short one cannot show.
    let ops = &ops[..ops.len().min(64)];
    if let Err(diff) = check(ops) {
        panic!("typed and dynamic calls disagree: {diff}");
    }
});
