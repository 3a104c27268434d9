use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, rename_all = "camelCase", crate = airssys_wasm_abi)]
struct Point {
    x: u32,
}

fn main() {}
