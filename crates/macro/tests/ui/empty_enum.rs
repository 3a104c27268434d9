use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(enum, crate = airssys_wasm_abi)]
enum Never {}

fn main() {}
