use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, name = "pt", crate = airssys_wasm_abi)]
struct Point {
    x: u32,
}

fn main() {}
