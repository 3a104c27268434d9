use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(flags, crate = airssys_wasm_abi)]
struct Perms {
    read: bool,
    write: u8,
}

fn main() {}
