// A world the package does not have.
airssys_wasm::bindgen!({
    world: "missing",
    inline: "package a:b; world present { export run: func(); }",
});

fn main() {}
