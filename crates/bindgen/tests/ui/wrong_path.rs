// A WIT path that does not exist.
airssys_wasm::bindgen!({ world: "w", path: "no/such/file.wit" });

fn main() {}
