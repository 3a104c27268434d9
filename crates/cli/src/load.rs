//! Loading a component from a file: a component binary (`.wasm`) or
//! component text (`.wat`), told apart by the binary's magic number.

use crate::error::CliError;
use airssys_wasm::{Component, Engine};
use std::path::Path;

/// The preamble of every wasm binary.
const MAGIC: &[u8; 4] = b"\0asm";
/// The version and layer fields after the magic number in a component; a
/// core module has `[1, 0, 0, 0]` there.
const COMPONENT_LAYER: [u8; 4] = [0x0d, 0x00, 0x01, 0x00];

/// Reads `path` and compiles it into a component for `engine`.
pub fn component(engine: &Engine, path: &Path) -> Result<Component, CliError> {
    let bytes = component_binary(path)?;
    // The file's stem names the component in capability denials.
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Component::new(engine, &bytes)
        .map(|c| c.with_name(&name))
        .map_err(|e| CliError::load(format!("cannot load component `{}`: {e}", path.display())))
}

/// The component binary in `path` (read, or compiled from text), refused
/// when it is a core module or a wasm binary of another version.
pub fn component_binary(path: &Path) -> Result<Vec<u8>, CliError> {
    let bytes = binary(path)?;
    if bytes.get(4..8).is_some_and(|v| v == [1, 0, 0, 0]) {
        return Err(CliError::load(format!(
            "`{}` is a core wasm module, not a component; wrap it in a component first",
            path.display()
        )));
    }
    if bytes.get(4..8).is_some_and(|v| v != COMPONENT_LAYER) {
        return Err(CliError::load(format!(
            "`{}` is a wasm binary of an unknown version or layer, not a component",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The component binary in `path`: its bytes when they start with the wasm
/// magic number or the file is named `.wasm`, else its text compiled.
pub fn binary(path: &Path) -> Result<Vec<u8>, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::load(format!("cannot read `{}`: {e}", path.display())))?;
    if bytes.starts_with(MAGIC) {
        return Ok(bytes);
    }
    if path.extension().is_some_and(|ext| ext == "wasm") {
        return Err(CliError::load(format!(
            "`{}` is not a wasm binary (it does not start with `\\0asm`)",
            path.display()
        )));
    }
    wat::Parser::new()
        .parse_bytes(Some(path), &bytes)
        .map(|b| b.into_owned())
        .map_err(|e| CliError::load(format!("invalid component text: {}", text_error(&e.to_string()))))
}

/// A `wat` error on one line: `file:line:col: message` instead of the
/// message, an arrow to the location and a source snippet.
fn text_error(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let message = lines.next().unwrap_or("").trim();
    let location = lines.find_map(|l| l.trim().strip_prefix("--> "));
    match location {
        Some(location) => format!("{location}: {message}"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests;
