//! A component's world as WIT, as `wasm-tools component wit` prints it:
//! the component is decoded into a WIT `Resolve` (its world, the interfaces
//! and packages that world uses, with type names and resources) by
//! `wit-component`, whose printer writes the text.

use crate::error::CliError;
use wit_component::{DecodedWasm, WitPrinter};

/// The WIT of the component binary `bytes` (read from `path`, named in
/// errors): its package and world first, then every other package it uses
/// as a nested `package ... { }` block.
pub fn world(path: &std::path::Path, bytes: &[u8]) -> Result<String, CliError> {
    let decoded = wit_component::decode(bytes).map_err(|e| {
        CliError::load(format!(
            "cannot describe `{}` as WIT: {e:#}; `inspect --structural` prints its imports and exports without WIT names",
            path.display()
        ))
    })?;
    print(&decoded).map_err(|e| CliError::load(format!("cannot print the WIT of `{}`: {e}", path.display())))
}

/// The text of a decoded component or WIT package: the main package, then
/// the others nested in it, without color.
fn print(decoded: &DecodedWasm) -> Result<String, String> {
    let resolve = decoded.resolve();
    let main = decoded.package();
    let nested: Vec<_> = resolve.packages.iter().map(|(id, _)| id).filter(|id| *id != main).collect();
    let mut printer = WitPrinter::default();
    printer.print(resolve, main, &nested).map_err(|e| format!("{e:#}"))?;
    Ok(printer.output.to_string())
}

#[cfg(test)]
mod tests {
    use super::world;
    use std::path::Path;

    /// The component of `examples/<name>.wat`.
    fn example(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(format!("{name}.wat"));
        wat::parse_file(path).expect("a valid example")
    }

    #[test]
    fn every_truncation_is_described_or_refused_never_a_panic() {
        for name in ["greet", "files", "counter"] {
            let bytes = example(name);
            let mut refused = 0;
            for len in 0..bytes.len() {
                match world(Path::new("cut.wasm"), &bytes[..len]) {
                    // Cut between sections: a smaller, valid component.
                    Ok(text) => assert!(text.starts_with("package "), "{text}"),
                    Err(e) => {
                        assert!(e.to_string().starts_with("cannot describe `cut.wasm` as WIT: "), "{e}");
                        refused += 1;
                    }
                }
            }
            // The bare header is the empty component; most cuts fall inside a section.
            assert!(world(Path::new("cut.wasm"), &bytes[..8]).is_ok());
            assert!(refused > bytes.len() / 2, "{name}: {refused} of {} cuts refused", bytes.len());
        }
    }

    #[test]
    fn flipped_bytes_are_errors_or_wit_never_panics() {
        let bytes = example("files");
        let mut described = 0;
        for i in 8..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 0x5a;
            match world(Path::new("flipped.wasm"), &changed) {
                Ok(text) => {
                    assert!(text.starts_with("package "), "{text}");
                    described += 1;
                }
                Err(e) => assert!(e.to_string().starts_with("cannot describe `flipped.wasm` as WIT: "), "{e}"),
            }
        }
        // Flips inside the core module's code leave the world as it was.
        assert!(described > 0);
    }
}
