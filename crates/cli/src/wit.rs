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
mod tests;
