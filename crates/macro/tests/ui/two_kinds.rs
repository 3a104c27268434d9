use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, flags, crate = airssys_wasm_abi)]
struct Point {
    x: bool,
}

fn main() {}
