//! `airssys-wasm inspect`: a component's imports and exports with their
//! types in WIT-like syntax, one per line.

use crate::error::CliError;
use crate::load;
use airssys_wasm::{ComponentType, Engine};
use std::path::Path;

/// The imports and exports of the component in `path`, one per line:
/// `import host:log/sink: interface { log: func(msg: string); }`,
/// `export greet: func(name: string) -> string`.
pub fn inspect(path: &Path) -> Result<String, CliError> {
    let component = load::component(&Engine::default(), path)?;
    Ok(describe(component.ty()))
}

/// The lines `inspect` prints for a component of type `ty`.
pub fn describe(ty: &ComponentType) -> String {
    let imports = ty.imports.iter().map(|(name, ty)| format!("import {name}: {ty}\n"));
    let exports = ty.exports.iter().map(|(name, ty)| format!("export {name}: {ty}\n"));
    imports.chain(exports).collect()
}
