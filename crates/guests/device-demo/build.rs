//! Link arguments that make the guest fit a microcontroller's RAM: a small
//! shadow stack and a small initial linear memory (the defaults are a 1 MiB
//! stack and 17 pages). Given here rather than in `.cargo/config.toml`,
//! which cargo reads from the directory it runs in, not the manifest's.

fn main() {
    if std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32")) {
        // 16 KiB of stack; memory grows on demand from 2 pages (128 KiB).
        println!("cargo::rustc-link-arg=-zstack-size=16384");
        println!("cargo::rustc-link-arg=--initial-memory=131072");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
