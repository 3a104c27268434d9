//! The Rust hello-world command: `wasm32-wasip2`'s standard library and one
//! line on stdout, nothing else. Measured in `crates/guests/README.md`.

fn main() {
    println!("Hello, world!");
}
