//! The generation: WIT is resolved with wit-parser, the world selected, and
//! Rust source written module by module (one per interface) into a tree that
//! is rendered at the end.

mod exports;
mod imports;
mod types;
mod world;

#[cfg(test)]
mod tests;

use crate::error::{Error, Subject};
use crate::names::{docs, snake};
use crate::opts::Opts;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use wit_parser::{InterfaceId, Resolve, WorldId, WorldItem, WorldKey};

/// Generated bindings and the WIT files they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bindings {
    /// The Rust source.
    pub code: String,
    /// Every WIT file read, for rebuilds when one changes.
    pub files: Vec<PathBuf>,
}

/// Generates the Rust source of the bindings `opts` describes.
pub fn generate(opts: &Opts) -> Result<String, Error> {
    Ok(generate_bindings(opts)?.code)
}

/// [`generate`], also returning the WIT files read.
pub fn generate_bindings(opts: &Opts) -> Result<Bindings, Error> {
    if opts.paths.is_empty() && opts.inline.is_none() {
        return Err(Error::new(
            Subject::Wit,
            "no WIT given: name a `.wit` file or a directory with `path`, or give `inline` WIT",
        ));
    }
    let mut resolve = Resolve::new();
    let mut main = Vec::new();
    let mut files = Vec::new();
    for path in &opts.paths {
        let (pkg, sources) = resolve.push_path(path).map_err(|e| Error::wit(Subject::Wit, &e))?;
        main.push(pkg);
        files.extend(sources.paths().map(PathBuf::from));
    }
    if let Some(wit) = &opts.inline {
        main.push(resolve.push_str("inline.wit", wit).map_err(|e| Error::wit(Subject::Wit, &e))?);
    }
    let world = resolve.select_world(&main, opts.world.as_deref()).map_err(|e| Error::wit(Subject::World, &e))?;
    let code = Gen::new(&resolve, world, &opts.with).run()?;
    Ok(Bindings { code, files })
}

/// Where an interface of the world lives in the generated code.
#[derive(Debug, Clone)]
struct Place {
    /// Module path from the expansion site: `[ns, pkg, iface]`, or
    /// `[exports, ns, pkg, iface]` for an exported interface.
    module: Vec<String>,
    /// Whether the world exports it (its resources are the guest's).
    export: bool,
    /// The instance name: `ns:pkg/iface@1.0.0`, or the plain name.
    instance: String,
}

/// The state of one generation.
struct Gen<'a> {
    resolve: &'a Resolve,
    world: WorldId,
    with: &'a BTreeMap<String, String>,
    /// `with` keys that named a resource of the world.
    used_with: BTreeSet<String>,
    /// Imported interfaces.
    imports: HashMap<InterfaceId, Place>,
    /// Exported interfaces (a world may import and export the same one).
    exports: HashMap<InterfaceId, Place>,
    /// The exported interface being generated: its own types are the
    /// export's, not the import's.
    exporting: Option<InterfaceId>,
    /// Source of each module, by path; `[]` is the expansion site.
    modules: BTreeMap<Vec<String>, String>,
}

impl<'a> Gen<'a> {
    fn new(resolve: &'a Resolve, world: WorldId, with: &'a BTreeMap<String, String>) -> Self {
        Gen {
            resolve,
            world,
            with,
            used_with: BTreeSet::new(),
            imports: HashMap::new(),
            exports: HashMap::new(),
            exporting: None,
            modules: BTreeMap::new(),
        }
    }

    fn run(mut self) -> Result<String, Error> {
        let world = &self.resolve.worlds[self.world];
        for (key, item) in &world.imports {
            if let WorldItem::Interface { id, .. } = item {
                let place = self.place(key, *id, false);
                self.imports.insert(*id, place);
            }
        }
        for (key, item) in &world.exports {
            if let WorldItem::Interface { id, .. } = item {
                let place = self.place(key, *id, true);
                self.exports.insert(*id, place);
            }
        }
        for (key, item) in &world.imports {
            if let WorldItem::Interface { id, .. } = item {
                self.import_interface(key, *id)?;
            }
        }
        for (key, item) in &world.exports {
            if let WorldItem::Interface { id, .. } = item {
                self.export_interface(key, *id)?;
            }
        }
        self.world_items()?;
        if let Some(unused) = self.with.keys().find(|k| !self.used_with.contains(*k)) {
            return Err(Error::new(
                Subject::With,
                format!(
                    "`with` names `{unused}`, which is no resource the host defines in world `{}`; \
                 name resources as `ns:pkg/iface/name` (or just `name` for one of the world)",
                    world.name
                ),
            ));
        }
        Ok(self.render())
    }

    /// Where the interface `id`, imported or exported under `key`, goes.
    fn place(&self, key: &WorldKey, id: InterfaceId, export: bool) -> Place {
        let mut module = Vec::new();
        if export {
            module.push("exports".to_string());
        }
        let iface = &self.resolve.interfaces[id];
        match (key, iface.package) {
            (WorldKey::Interface(_), Some(pkg)) => {
                module.push(snake(&self.resolve.packages[pkg].name.namespace));
                module.push(wit_bindgen_core::name_package_module(self.resolve, pkg));
                module.push(snake(iface.name.as_deref().unwrap_or("interface")));
            }
            (WorldKey::Name(_), _) | (WorldKey::Interface(_), None) => {
                let name = match key {
                    WorldKey::Name(name) => name.as_str(),
                    WorldKey::Interface(_) => iface.name.as_deref().unwrap_or("interface"),
                };
                module.push(snake(name));
            }
        }
        Place { module, export, instance: self.resolve.name_world_key(key) }
    }

    /// Where interface `id` is, seen from the code being generated.
    fn place_of(&self, id: InterfaceId) -> Option<&Place> {
        if self.exporting == Some(id) {
            return self.exports.get(&id);
        }
        self.imports.get(&id).or_else(|| self.exports.get(&id))
    }

    /// Appends `code` to module `path`.
    fn emit(&mut self, path: &[String], code: &str) {
        self.modules.entry(path.to_vec()).or_default().push_str(code);
    }

    /// The module tree, rendered.
    fn render(&self) -> String {
        let mut out = String::new();
        let mut open: Vec<String> = Vec::new();
        // BTreeMap order visits a module right before its children.
        let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
        for path in self.modules.keys() {
            for i in 0..=path.len() {
                paths.insert(path[..i].to_vec());
            }
        }
        for path in &paths {
            while !path.starts_with(&open) {
                open.pop();
                out.push_str("}\n");
            }
            for name in &path[open.len()..] {
                open.push(name.clone());
                out.push_str(&docs(None, &module_doc(&open)));
                out.push_str("#[allow(clippy::too_many_arguments, clippy::type_complexity, unused_imports)]\n");
                out.push_str(&format!("pub mod {name} {{\n"));
            }
            if let Some(code) = self.modules.get(path) {
                out.push_str(code);
            }
        }
        for _ in &open {
            out.push_str("}\n");
        }
        out
    }
}

/// The doc line of a generated module.
fn module_doc(path: &[String]) -> String {
    match path {
        [only] if only == "exports" => "Interfaces the world exports.".to_string(),
        _ => format!("Bindings of `{}`.", path.join("::")),
    }
}

/// `super::` once per level of `from`: the way from module `from` back to
/// the expansion site.
fn up(from: &[String]) -> String {
    "super::".repeat(from.len())
}
