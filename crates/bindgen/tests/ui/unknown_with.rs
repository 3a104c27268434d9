// `with` naming a resource the world does not have.
pub struct Kv;

airssys_wasm::bindgen!({
    world: "w",
    inline: "package a:b; world w { export run: func(); }",
    with: { "a:b/kv/store": crate::Kv },
});

fn main() {}
