//! Arbitrary bytes as a component: loading returns a component or an error,
//! never panics. A component that loads is instantiated with every import
//! defined (returning default values) and each exported function is called
//! with default arguments, under a fuel limit; all of that may fail, none of
//! it may panic.
#![no_main]

use airssys_wasm::{Config, Engine};
use airssys_wasm_fuzz::load_and_call_every_export;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let engine = Engine::new(Config::new().fuel(100_000).max_memory_bytes(1 << 22));
    let _ = load_and_call_every_export(&engine, bytes);
});
