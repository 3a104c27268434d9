//! The build-script form of the bindings: `resources.wit` generated into
//! `OUT_DIR` and included by `lib.rs` (module `from_build_script`).

fn main() -> Result<(), airssys_wasm_bindgen::Error> {
    airssys_wasm_bindgen::Opts::new("resources")
        .path("../corpus/resources.wit")
        .with("corpus:resources/kv/store", "crate::from_build_script::Kv")
        .write_to_out_dir("resources.rs")?;
    Ok(())
}
