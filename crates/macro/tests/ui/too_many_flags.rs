use airssys_wasm_macro::ComponentType;

#[derive(ComponentType)]
#[component(flags, crate = airssys_wasm_abi)]
struct Wide {
    f0: bool,
    f1: bool,
    f2: bool,
    f3: bool,
    f4: bool,
    f5: bool,
    f6: bool,
    f7: bool,
    f8: bool,
    f9: bool,
    f10: bool,
    f11: bool,
    f12: bool,
    f13: bool,
    f14: bool,
    f15: bool,
    f16: bool,
    f17: bool,
    f18: bool,
    f19: bool,
    f20: bool,
    f21: bool,
    f22: bool,
    f23: bool,
    f24: bool,
    f25: bool,
    f26: bool,
    f27: bool,
    f28: bool,
    f29: bool,
    f30: bool,
    f31: bool,
    f32: bool,
}

fn main() {}
