// A host trait implemented with the wrong parameter type: the generated
// `Host::greet` takes an owned `String`.
airssys_wasm::bindgen!({
    world: "w",
    inline: "package a:b; interface api { greet: func(name: string) -> u32; } world w { import api; }",
});

struct State;

impl a::b::api::Host for State {
    fn greet(&mut self, name: &str) -> Result<u32, airssys_wasm::Error> {
        Ok(name.len() as u32)
    }
}

fn main() {}
