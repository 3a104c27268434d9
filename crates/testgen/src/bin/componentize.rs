//! `componentize CORE.wasm COMPONENT.wasm`: the core module CORE (built by
//! wit-bindgen, its world embedded) made a component, written to COMPONENT.
//! Used by `crates/guests/build.sh`.

use std::process::ExitCode;

/// Reads the core module, componentizes it, writes the component; a failure
/// prints `error: <reason>` and exits with 1.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: componentize CORE.wasm COMPONENT.wasm");
        return ExitCode::from(2);
    };
    let result = std::fs::read(input)
        .map_err(|e| format!("cannot read `{input}`: {e}"))
        .and_then(|core| {
            airssys_wasm_testgen::componentize::componentize(&core)
                .map_err(|e| format!("cannot make a component of `{input}`: {e}"))
        })
        .and_then(|component| std::fs::write(output, component).map_err(|e| format!("cannot write `{output}`: {e}")));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
