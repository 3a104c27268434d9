use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(variant, crate = airssys_wasm_abi)]
enum Shape {
    Empty,
    Dot { x: u32, y: u32 },
}

fn main() {}
