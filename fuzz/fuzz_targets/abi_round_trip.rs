//! Round trip of arbitrary types and values: lowering then lifting gives the
//! values back, through the dynamic path and, where a Rust type exists for
//! the shape, through the typed path too (which must agree byte for byte),
//! derived records, variants, enums and flags included (`TypedCase`).
#![no_main]

use airssys_wasm_abi::arbitrary::{RoundTrip, TypedCase};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Input {
    Dynamic(RoundTrip),
    Typed(TypedCase),
}

fuzz_target!(|input: Input| {
    let outcome = match &input {
        Input::Dynamic(case) => case.check(),
        Input::Typed(case) => case.check(),
    };
    if let Err(why) = outcome {
        panic!("{why}\n{input:?}");
    }
});
