//! Generated code compiles in a `no_std` crate: `std` is linked only under
//! another name (for the test's `main`), so a `::std` path in the generated
//! code would not resolve, nor would `alloc` without `extern crate alloc`.
#![no_std]

extern crate std as host_std;

use airssys_wasm_macro::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record, crate = airssys_wasm_abi)]
struct Point {
    x: u32,
    y: u8,
}

#[derive(ComponentType, Lift, Lower)]
#[component(enum, crate = airssys_wasm_abi)]
enum Color {
    Red,
    Green,
}

#[derive(ComponentType, Lift, Lower)]
#[component(flags, crate = airssys_wasm_abi)]
struct Perms {
    read: bool,
    write: bool,
}

#[derive(ComponentType, Lift, Lower)]
#[component(variant, crate = airssys_wasm_abi)]
enum Shape<T> {
    Empty,
    Dot(Point),
    Tinted(Color),
    Guarded(Perms),
    Other(T),
}

fn main() {
    use airssys_wasm_abi::typed::ComponentType as _;
    host_std::process::exit(if <Shape<u64>>::SIZE32 == 16 { 0 } else { 1 });
}
