use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(record, crate = airssys_wasm_abi)]
enum Color {
    Red,
}

fn main() {}
