use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, crate = airssys_wasm_abi)]
struct Point {
    #[component(rename = "ex")]
    x: u32,
}

fn main() {}
