//! The world itself: its own imported functions, types and resources, its
//! own exported functions, and the world struct.

use super::exports::GuestParts;
use super::imports::{host_traits, linker_body};
use super::{Gen, Place};
use crate::error::Error;
use crate::names::{camel, docs, lit, snake};
use std::collections::BTreeMap;
use wit_parser::{Function, Type, TypeDefKind, TypeId, TypeOwner, World, WorldItem, WorldKey};

impl Gen<'_> {
    /// World-level items and the world struct, at the expansion site.
    pub(super) fn world_items(&mut self) -> Result<(), Error> {
        let world = self.resolve.worlds[self.world].clone();
        let name = camel(&world.name);
        let root: Vec<String> = Vec::new();
        let mut code = String::new();

        // Imports of the world itself.
        let mut types: Vec<TypeId> = Vec::new();
        let mut funcs: Vec<Function> = Vec::new();
        let mut imported: Vec<(String, String)> = Vec::new();
        for (key, item) in &world.imports {
            match item {
                WorldItem::Type { id, .. } => types.push(*id),
                WorldItem::Function(f) => funcs.push(f.clone()),
                WorldItem::Interface { id, .. } => {
                    let module = self.imports[id].module.join("::");
                    imported.push((module, self.resolve.name_world_key(key)));
                }
            }
        }
        for t in &types {
            code.push_str(&self.define_type(*t, &root)?);
        }
        let resources: Vec<TypeId> =
            types.iter().copied().filter(|t| matches!(self.resolve.types[*t].kind, TypeDefKind::Resource)).collect();
        let imports_trait = format!("{name}Imports");
        let side = self.host_side(&imports_trait, &funcs, &resources, &root)?;
        // As in wasmtime, `{World}Imports` exists only for a world that imports functions itself.
        let own_imports = !side.linking.is_empty();
        if own_imports {
            code.push_str(&host_traits(
                &imports_trait,
                &format!("The host functions world `{}` imports itself (not through an interface).", world.name),
                &side,
            ));
        }

        // Exports of the world.
        let mut parts = GuestParts::default();
        let world_place = Place { module: Vec::new(), export: true, instance: String::new() };
        // Two versions of one package's interface would get one accessor: those get their version too.
        let mut seen = BTreeMap::<String, usize>::new();
        for key in world.exports.keys() {
            *seen.entry(accessor_name(self, key, false)).or_default() += 1;
        }
        for (i, (key, item)) in world.exports.iter().enumerate() {
            match item {
                WorldItem::Function(f) => self.export_fn(f, &world_place, &mut parts)?,
                WorldItem::Interface { id, .. } => {
                    let module = self.exports[id].module.join("::");
                    let field = format!("interface{i}");
                    let plain = accessor_name(self, key, false);
                    let accessor = accessor_name(self, key, seen.get(&plain).is_some_and(|n| *n > 1));
                    let wit = self.resolve.name_world_key(key);
                    parts.fields.push_str(&format!("{field}: {module}::Guest,\n"));
                    parts.init.push_str(&format!("{field}: {module}::Guest::new(store, instance)?,\n"));
                    parts.methods.push_str(&docs(None, &format!("The exported interface `{wit}`.")));
                    parts
                        .methods
                        .push_str(&format!("pub fn {accessor}(&self) -> &{module}::Guest {{\n&self.{field}\n}}\n"));
                }
                WorldItem::Type { .. } => {}
            }
        }

        let wit_docs = world.docs.contents.as_deref();
        code.push_str(&docs(wit_docs, &format!("The world `{}`: its exports, found in an instance.", world.name)));
        code.push_str(&format!(
            "#[derive(::core::fmt::Debug, ::core::clone::Clone)]\npub struct {name} {{\n{}}}\n",
            parts.fields
        ));
        code.push_str(&format!("#[allow(clippy::too_many_arguments, clippy::type_complexity)]\nimpl {name} {{\n"));
        code.push_str(&docs(
            None,
            "Instantiates `component` with `linker` and finds the world's exports in the instance.",
        ));
        code.push_str(&format!(
            "pub fn instantiate<T: 'static>(store: &mut ::airssys_wasm::Store<T>, component: &::airssys_wasm::Component, \
             linker: &::airssys_wasm::Linker<T>) -> ::core::result::Result<{name}, ::airssys_wasm::Error> {{\n\
             let instance = linker.instantiate(store, component)?;\n{name}::new(store, &instance)\n}}\n"
        ));
        code.push_str(&docs(
            None,
            "Finds and type-checks the world's exports in `instance`; fails when one is missing or has another type.",
        ));
        let unused = if parts.init.is_empty() { "let _ = (store, instance);\n" } else { "" };
        code.push_str(&format!(
            "pub fn new<T: 'static>(store: &::airssys_wasm::Store<T>, instance: &::airssys_wasm::Instance) -> \
             ::core::result::Result<{name}, ::airssys_wasm::Error> {{\n{unused}Ok({name} {{\n{}}})\n}}\n",
            parts.init
        ));
        let mut bounds: Vec<String> = imported.iter().map(|(m, _)| format!("{m}::Host")).collect();
        if own_imports {
            bounds.push(imports_trait.clone());
        }
        bounds.push("'static".into());
        let mut calls: String = imported.iter().map(|(m, _)| format!("{m}::add_to_linker(linker, get)?;\n")).collect();
        let uses = self.used_resources(&world);
        if !uses.is_empty() {
            calls.push_str(
                "for (owner, resource, user, name) in Self::USED_RESOURCES {\n\
                 linker.alias_resource(owner, resource, user, name)?;\n}\n",
            );
        }
        if own_imports {
            calls.push_str(&format!("{name}::add_to_linker_imports(linker, get)?;\n"));
        }
        if calls.is_empty() {
            calls.push_str("let _ = (linker, get);\n");
        }
        calls.push_str("Ok(())\n");
        code.push_str(&docs(
            None,
            "The resource types one imported interface `use`s from another, as (owner interface, resource, user \
             interface, its name there), import names with their versions: the user's instance exports the type \
             again, so `add_to_linker` defines it there as the owner's type (`Linker::alias_resource`). A host that \
             defines only some of the interfaces aliases the entries among those.",
        ));
        let entries: String =
            uses.iter().map(|(o, r, u, n)| format!("({}, {}, {}, {}),\n", lit(o), lit(r), lit(u), lit(n))).collect();
        code.push_str(&format!(
            "pub const USED_RESOURCES: &'static [(&'static str, &'static str, &'static str, &'static str)] = \
             &[\n{entries}];\n"
        ));
        code.push_str(&docs(
            None,
            "Defines every import of the world in `linker` (each interface's `add_to_linker`, the resource types \
             they share (`USED_RESOURCES`), then the world's own functions), calling the host that `get` finds in \
             the store's data. Grants nothing.",
        ));
        code.push_str(&format!(
            "pub fn add_to_linker<T: 'static, U>(linker: &mut ::airssys_wasm::Linker<T>, get: fn(&mut T) -> &mut U) \
             -> ::core::result::Result<(), ::airssys_wasm::Error>\nwhere U: {},\n{{\n{calls}}}\n",
            bounds.join(" + ")
        ));
        if own_imports {
            code.push_str(&docs(
                None,
                &format!("Defines the functions world `{}` imports itself, on the linker's root.", world.name),
            ));
            code.push_str(&format!(
                "pub fn add_to_linker_imports<T: 'static, U: {imports_trait} + 'static>(linker: &mut ::airssys_wasm::Linker<T>, \
                 get: fn(&mut T) -> &mut U) -> ::core::result::Result<(), ::airssys_wasm::Error> {{\n{}}}\n",
                linker_body("linker.root()", &side)
            ));
        }
        code.push_str(&parts.methods);
        code.push_str("}\n");
        self.emit(&root, &code);
        Ok(())
    }
}

impl Gen<'_> {
    /// The resource types an imported interface of `world` `use`s from
    /// another imported interface, following `use` chains to the interface
    /// that defines the resource: (owner's import name, resource name,
    /// user's import name, the type's name in the user). A resource of an
    /// interface the world does not import is left out: the linker then
    /// reports the user's type as undefined at instantiation.
    fn used_resources(&self, world: &World) -> Vec<(String, String, String, String)> {
        let imported_as = |owner| {
            world.imports.iter().find_map(|(key, item)| match item {
                WorldItem::Interface { id, .. } if *id == owner => Some(self.resolve.name_world_key(key)),
                _ => None,
            })
        };
        let mut uses = Vec::new();
        for (key, item) in &world.imports {
            let WorldItem::Interface { id, .. } = item else { continue };
            for (name, ty) in &self.resolve.interfaces[*id].types {
                let TypeDefKind::Type(Type::Id(mut target)) = self.resolve.types[*ty].kind else { continue };
                while let TypeDefKind::Type(Type::Id(next)) = self.resolve.types[target].kind {
                    target = next;
                }
                let def = &self.resolve.types[target];
                let (TypeDefKind::Resource, TypeOwner::Interface(owner), Some(resource)) =
                    (&def.kind, def.owner, def.name.as_ref())
                else {
                    continue;
                };
                if owner == *id {
                    continue;
                }
                if let Some(owner_name) = imported_as(owner) {
                    uses.push((owner_name, resource.clone(), self.resolve.name_world_key(key), name.clone()));
                }
            }
        }
        uses
    }
}

/// The accessor of an exported interface: `ns_pkg_iface`, or the plain name;
/// `ns_pkg_iface_1_2_3` with `versioned` (when two versions are exported).
fn accessor_name(g: &Gen<'_>, key: &WorldKey, versioned: bool) -> String {
    match key {
        WorldKey::Name(name) => snake(name),
        WorldKey::Interface(id) => {
            let iface = &g.resolve.interfaces[*id];
            let iname = iface.name.as_deref().unwrap_or("interface");
            match iface.package {
                Some(pkg) => {
                    let p = &g.resolve.packages[pkg].name;
                    let base =
                        format!("{}_{}_{}", snake(&p.namespace), snake(&p.name), snake(iname)).replace("__", "_");
                    match &p.version {
                        Some(v) if versioned => format!("{base}_{}", v.to_string().replace(['.', '-', '+'], "_")),
                        _ => base,
                    }
                }
                None => snake(iname),
            }
        }
    }
}
