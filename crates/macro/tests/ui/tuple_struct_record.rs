use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, crate = airssys_wasm_abi)]
struct Point(u32, u32);

fn main() {}
