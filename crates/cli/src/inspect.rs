//! `airssys-wasm inspect`: a component's world as WIT (see [`crate::wit`]),
//! or with `--structural` its imports and exports with their structural
//! types in WIT-like syntax, one per line.

use crate::error::CliError;
use crate::load;
use airssys_wasm::component_model::TypeDef;
use airssys_wasm::{ComponentType, Engine, ExternType, Linker};
use std::collections::BTreeMap;
use std::path::Path;

/// How `inspect` shows a component's imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The component's world as WIT, as `wasm-tools component wit` prints it.
    Wit,
    /// One line per import and export with its structural type:
    /// `import host:log/sink: interface { log: func(msg: string); }`,
    /// `export greet: func(name: string) -> string`.
    Structural,
}

/// The imports and exports of the component in `path` in `format`.
///
/// With `policy` (`--allow` flags and a `--policy` file), a last section
/// lists the imported functions those grants (with the WASI defaults of
/// `run`) leave ungranted: every call to them would be denied.
pub fn inspect(path: &Path, format: Format, policy: Option<(&[String], Option<&Path>)>) -> Result<String, CliError> {
    let grants = policy.map(|(allow, file)| crate::grants::collect(allow, file)).transpose()?;
    // The runtime compiles the component only where its view is needed:
    // wit-component describes components the runtime may not run.
    let component = (format == Format::Structural || grants.is_some())
        .then(|| load::component(&Engine::default(), path))
        .transpose()?;
    let mut text = match (format, &component) {
        (Format::Structural, Some(component)) => describe(component.ty()),
        _ => crate::wit::world(path, &load::component_binary(path)?)?,
    };
    if let (Some(grants), Some(component)) = (grants, component) {
        let mut linker = Linker::<()>::new();
        // `run` grants WASI's defaults too; they are not listed as denied.
        crate::grants::apply(&mut linker, crate::wasi::default_grants(component.ty()));
        crate::grants::apply(&mut linker, grants);
        let ungranted = linker.ungranted(&component);
        if ungranted.is_empty() {
            text.push_str("every imported function is granted\n");
        }
        for import in ungranted {
            text.push_str(&format!("ungranted {import}\n"));
        }
    }
    Ok(text)
}

/// The lines `inspect` prints for a component of type `ty`. Resource types
/// are shown by the name they are imported or exported under.
pub fn describe(ty: &ComponentType) -> String {
    let mut names = BTreeMap::new();
    for (name, ty) in ty.imports.iter().chain(&ty.exports) {
        collect_resource_names(name, ty, &mut names);
    }
    let imports = ty.imports.iter().map(|(name, ty)| format!("import {name}: {ty}\n"));
    let exports = ty.exports.iter().map(|(name, ty)| format!("export {name}: {ty}\n"));
    let text: String = imports.chain(exports).collect();
    name_resources(text, &names)
}

/// Records the name of every resource type imported or exported, directly
/// or as an export of an instance.
fn collect_resource_names(name: &str, ty: &ExternType, names: &mut BTreeMap<u32, String>) {
    match ty {
        ExternType::Type(TypeDef::Resource(id)) => {
            names.entry(*id).or_insert_with(|| name.to_string());
        }
        ExternType::Instance(i) => {
            for (inner, ty) in i.exports() {
                collect_resource_names(inner, ty, names);
            }
        }
        _ => {}
    }
}

/// Replaces the numbered `resource-N` of the type display with names.
fn name_resources(mut text: String, names: &BTreeMap<u32, String>) -> String {
    // Longer numbers first, so that `resource-12` is not read as `resource-1`.
    let mut ids: Vec<(&u32, &String)> = names.iter().collect();
    ids.sort_by_key(|(id, _)| std::cmp::Reverse(id.to_string().len()));
    for (id, name) in ids {
        text = text.replace(&format!("resource resource-{id}"), "resource").replace(&format!("resource-{id}"), name);
    }
    text
}
