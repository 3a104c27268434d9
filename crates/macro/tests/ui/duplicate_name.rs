use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, crate = airssys_wasm_abi)]
struct Point {
    x: u32,
    #[component(name = "x")]
    y: u32,
}

fn main() {}
