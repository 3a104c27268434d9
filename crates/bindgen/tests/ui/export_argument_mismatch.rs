// An export called with a Rust type other than the generated one: `add`
// takes `u32`s.
airssys_wasm::bindgen!({
    world: "w",
    inline: "package a:b; world w { export add: func(a: u32, b: u32) -> u32; }",
});

fn call(w: &W, store: &mut airssys_wasm::Store<()>) {
    let _ = w.call_add(store, "1", 2);
}

fn main() {}
