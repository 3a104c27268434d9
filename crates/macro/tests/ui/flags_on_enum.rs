use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(flags, crate = airssys_wasm_abi)]
enum Perms {
    Read,
}

fn main() {}
