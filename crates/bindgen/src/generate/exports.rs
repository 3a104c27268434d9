//! Exported interfaces (and the world's own exports): structs of
//! `TypedFunc`s made once, type-checked against the instance, with typed
//! `call_{function}` accessors.

use super::types::{Mode, tuple, unsupported};
use super::{Gen, Place};
use crate::error::{Error, Subject};
use crate::names::{camel, docs, lit, snake};
use heck::ToSnakeCase;
use wit_parser::{Function, FunctionKind, InterfaceId, TypeDefKind, TypeId, WorldKey};

/// Generated parts of a struct of exported functions.
#[derive(Default)]
pub(super) struct GuestParts {
    /// Field declarations.
    pub(super) fields: String,
    /// Field initializers for `new` (with `store` and `instance` in scope).
    pub(super) init: String,
    /// Methods.
    pub(super) methods: String,
}

/// Parameter names that would shadow the accessor's own.
const RESERVED: &[&str] = &["store", "self_", "r"];

impl Gen<'_> {
    /// The module of exported interface `id`: its types, `Guest` and a
    /// `Guest{Resource}` per resource it defines.
    pub(super) fn export_interface(&mut self, key: &WorldKey, id: InterfaceId) -> Result<(), Error> {
        let place: Place = self.exports[&id].clone();
        self.exporting = Some(id);
        let result = self.export_interface_in(key, id, &place);
        self.exporting = None;
        result
    }

    fn export_interface_in(&mut self, key: &WorldKey, id: InterfaceId, place: &Place) -> Result<(), Error> {
        let iface = &self.resolve.interfaces[id];
        let name = self.resolve.name_world_key(key);
        let mut code = String::new();
        for tid in iface.types.values() {
            code.push_str(&self.define_type(*tid, &place.module)?);
        }
        let funcs: Vec<Function> = iface.functions.values().cloned().collect();
        let resources: Vec<TypeId> = iface
            .types
            .values()
            .copied()
            .filter(|t| matches!(self.resolve.types[*t].kind, TypeDefKind::Resource))
            .collect();
        let mut guest = GuestParts::default();
        for r in &resources {
            let wit = self.resolve.types[*r].name.clone().unwrap_or_default();
            let mut parts = GuestParts::default();
            let mine: Vec<&Function> = funcs.iter().filter(|f| self.resource_of(f) == Some(*r)).collect();
            for f in mine {
                self.export_fn(f, place, &mut parts)?;
            }
            let st = format!("Guest{}", camel(&wit));
            code.push_str(&guest_struct(
                &st,
                &format!("The exported functions of resource `{wit}` of `{name}`: constructor, methods and statics."),
                &parts,
            ));
            let field = format!("resource_{}", snake(&wit));
            guest.fields.push_str(&format!("{field}: {st},\n"));
            guest.init.push_str(&format!("{field}: {st}::new(store, instance)?,\n"));
            guest.methods.push_str(&docs(None, &format!("The functions of resource `{wit}`.")));
            guest.methods.push_str(&format!("pub fn {}(&self) -> &{st} {{\n&self.{field}\n}}\n", snake(&wit)));
        }
        for f in &funcs {
            match f.kind {
                FunctionKind::Freestanding => self.export_fn(f, place, &mut guest)?,
                FunctionKind::Method(_) | FunctionKind::Static(_) | FunctionKind::Constructor(_) => {}
                _ => return Err(unsupported(&format!("{:?} function `{}`", f.kind, f.name))),
            }
        }
        code.push_str(&guest_struct("Guest", &format!("The exported functions of `{name}`."), &guest));
        self.emit(&place.module, &code);
        Ok(())
    }

    /// The resource a method, static or constructor belongs to.
    fn resource_of(&self, f: &Function) -> Option<TypeId> {
        match f.kind {
            FunctionKind::Method(r) | FunctionKind::Static(r) | FunctionKind::Constructor(r) => Some(self.dealias(r)),
            _ => None,
        }
    }

    /// Adds exported function `f` of `place` (or of the world, when
    /// `place.instance` is empty) to `parts`.
    pub(super) fn export_fn(&mut self, f: &Function, place: &Place, parts: &mut GuestParts) -> Result<(), Error> {
        if f.params.len() > 16 {
            return Err(Error::new(Subject::Unsupported, format!("function `{}` has more than 16 parameters", f.name)));
        }
        let cur = &place.module;
        let field = field_name(&f.name);
        let accessor = match f.kind {
            FunctionKind::Constructor(_) => "call_constructor".to_string(),
            _ => format!("call_{}", f.item_name().to_snake_case()),
        };
        let mut owned = Vec::new();
        let mut names = Vec::new();
        let mut sig = String::new();
        for p in &f.params {
            let mut name = snake(&p.name);
            if RESERVED.contains(&name.as_str()) {
                name.push('_');
            }
            if p.name == "self" {
                name = "self_".into();
            }
            owned.push(self.ty(&p.ty, Mode::Signature, cur)?);
            sig.push_str(&format!(", {name}: {}", self.ty(&p.ty, Mode::Param, cur)?));
            names.push(name);
        }
        let (results, ret, unpack) = match &f.result {
            Some(t) => {
                let t = self.ty(t, Mode::Owned, cur)?;
                (format!("({t},)"), t, "let (r,) = ")
            }
            None => ("()".to_string(), "()".to_string(), "let () = "),
        };
        let params = tuple(&owned);
        let export = if place.instance.is_empty() { f.name.clone() } else { format!("{}#{}", place.instance, f.name) };
        parts.fields.push_str(&format!("{field}: ::airssys_wasm::TypedFunc<{params}, {results}>,\n"));
        // A type error names the export and the Rust types it was checked with.
        let rust_type = short_type(&format!("TypedFunc<{params}, {results}>"));
        parts.init.push_str(&format!(
            "{field}: instance.get_typed_func::<{params}, {results}, T>(store, {}).map_err(|e| e.__in_export({}, {}))?,\n",
            lit(&export),
            lit(&rust_type),
            lit(&format!("export `{export}`")),
        ));
        parts.methods.push_str(&docs(f.docs.contents.as_deref(), &format!("Calls the exported function `{export}`.")));
        let result = if f.result.is_some() { "r" } else { "()" };
        parts.methods.push_str(&format!(
            "pub fn {accessor}<T: 'static>(&self, store: &mut ::airssys_wasm::Store<T>{sig}) -> \
             ::core::result::Result<{ret}, ::airssys_wasm::Error> {{\n\
             {unpack}self.{field}.__call_as(store, {})?;\nOk({result})\n}}\n",
            tuple(&names)
        ));
        Ok(())
    }
}

/// A struct of exported functions named `name`, with `new` and its methods.
pub(super) fn guest_struct(name: &str, doc: &str, parts: &GuestParts) -> String {
    let mut out = docs(None, doc);
    out.push_str(&format!(
        "#[derive(::core::fmt::Debug, ::core::clone::Clone)]\npub struct {name} {{\n{}}}\n",
        parts.fields
    ));
    out.push_str(&format!("impl {name} {{\n"));
    out.push_str(&docs(
        None,
        "Finds and type-checks the functions in `instance`; fails when one is missing or has another type.",
    ));
    let unused = if parts.init.is_empty() { "let _ = (store, instance);\n" } else { "" };
    out.push_str(&format!(
        "pub fn new<T: 'static>(store: &::airssys_wasm::Store<T>, instance: &::airssys_wasm::Instance) -> \
         ::core::result::Result<{name}, ::airssys_wasm::Error> {{\n{unused}Ok({name} {{\n{}}})\n}}\n",
        parts.init
    ));
    out.push_str(&parts.methods);
    out.push_str("}\n");
    out
}

/// A private field name for exported function `name`:
/// `[method]r.get` → `method_r_get`.
fn field_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("f_{}", cleaned.trim_matches('_'))
}

/// `ty` as an error message shows it: without the paths of `core`,
/// `alloc` and the runtime.
fn short_type(ty: &str) -> String {
    let mut out = ty.to_string();
    for prefix in ["::airssys_wasm::__private::", "::airssys_wasm::", "::core::result::", "::core::option::"] {
        out = out.replace(prefix, "");
    }
    out
}
