//! Rust types for WIT types: references (owned and parameter forms) and
//! the definitions of named types.

use super::{Gen, up};
use crate::error::{Error, Subject};
use crate::names::{camel, docs, lit, snake, type_name};
use wit_parser::{Handle, Type, TypeDefKind, TypeId, TypeOwner};

/// Which Rust form a type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// What is lifted: results, host parameters, fields (`String`, `Vec<T>`).
    Owned,
    /// What is lowered from a caller's borrow: parameters of exports
    /// (`&str`, `&[T]`, `&Resource<R>` for a `borrow`).
    Param,
    /// The parameter types of an export's `TypedFunc`: as `Owned`, but a
    /// `borrow` of a guest resource is `&'static ResourceAny`, since the
    /// typed check refuses a `ResourceAny` by value for a `borrow` parameter
    /// (the host would lose its handle). Calls lower the `Param` types.
    Signature,
}

/// Who defines a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// The host (an imported interface, or the world's imports).
    Host,
    /// The guest (an exported interface).
    Guest,
}

impl Gen<'_> {
    /// The resource a handle or alias names, with aliases followed.
    pub(super) fn dealias(&self, mut id: TypeId) -> TypeId {
        while let TypeDefKind::Type(Type::Id(next)) = self.resolve.types[id].kind {
            id = next;
        }
        id
    }

    /// Module of a named type's owner.
    fn owner_module(&self, id: TypeId) -> Result<Vec<String>, Error> {
        match self.resolve.types[id].owner {
            TypeOwner::Interface(iface) => self.place_of(iface).map(|p| p.module.clone()).ok_or_else(|| {
                Error::new(
                    Subject::Wit,
                    format!(
                        "type `{}` belongs to an interface the world neither imports nor exports",
                        self.resolve.types[id].name.as_deref().unwrap_or("?")
                    ),
                )
            }),
            TypeOwner::World(_) | TypeOwner::None => Ok(Vec::new()),
        }
    }

    /// Who defines resource `id` (already dealiased).
    pub(super) fn side(&self, id: TypeId) -> Side {
        match self.resolve.types[id].owner {
            TypeOwner::Interface(iface) if self.place_of(iface).is_some_and(|p| p.export) => Side::Guest,
            _ => Side::Host,
        }
    }

    /// The `with` keys that may name resource `id` (already dealiased).
    fn with_keys(&self, id: TypeId) -> Vec<String> {
        let def = &self.resolve.types[id];
        let name = def.name.clone().unwrap_or_default();
        match def.owner {
            TypeOwner::Interface(iface) => {
                let mut keys = Vec::new();
                if let Some(full) = self.resolve.id_of(iface) {
                    keys.push(format!("{full}/{name}"));
                    if let Some((unversioned, _)) = full.split_once('@') {
                        keys.push(format!("{unversioned}/{name}"));
                    }
                }
                keys
            }
            TypeOwner::World(_) | TypeOwner::None => vec![name],
        }
    }

    /// The Rust path `with` maps host resource `id` to, if any.
    pub(super) fn with_type(&mut self, id: TypeId) -> Option<String> {
        let key = self.with_keys(id).into_iter().find(|k| self.with.contains_key(k))?;
        let path = self.with.get(&key).cloned();
        self.used_with.insert(key);
        path
    }

    /// The path from module `cur` to named type `id`.
    pub(super) fn path_to(&self, id: TypeId, cur: &[String]) -> Result<String, Error> {
        let module = self.owner_module(id)?;
        let name = type_name(self.resolve.types[id].name.as_deref().unwrap_or("anonymous"));
        if module == cur {
            return Ok(name);
        }
        let mut path = up(cur);
        for m in &module {
            path.push_str(m);
            path.push_str("::");
        }
        path.push_str(&name);
        Ok(path)
    }

    /// The Rust type of `ty` in `mode`, as named from module `cur`.
    pub(super) fn ty(&mut self, ty: &Type, mode: Mode, cur: &[String]) -> Result<String, Error> {
        Ok(match ty {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::U16 => "u16".into(),
            Type::U32 => "u32".into(),
            Type::U64 => "u64".into(),
            Type::S8 => "i8".into(),
            Type::S16 => "i16".into(),
            Type::S32 => "i32".into(),
            Type::S64 => "i64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Char => "char".into(),
            Type::String => match mode {
                Mode::Owned | Mode::Signature => "::airssys_wasm::__private::String".into(),
                Mode::Param => "&str".into(),
            },
            Type::ErrorContext => return Err(unsupported("error-context")),
            Type::Id(id) => return self.ty_id(*id, mode, cur),
        })
    }

    /// `ty` as an optional payload: `()` when absent.
    fn payload(&mut self, ty: Option<&Type>, mode: Mode, cur: &[String]) -> Result<String, Error> {
        match ty {
            Some(ty) => self.ty(ty, mode, cur),
            None => Ok("()".into()),
        }
    }

    fn ty_id(&mut self, id: TypeId, mode: Mode, cur: &[String]) -> Result<String, Error> {
        let def = &self.resolve.types[id];
        if def.name.is_some() {
            return match &def.kind {
                // Aliases are followed for parameters, so `type s = string` is `&str` there.
                TypeDefKind::Type(inner) if mode == Mode::Param => self.ty(&inner.clone(), mode, cur),
                TypeDefKind::Resource => Err(Error::new(
                    Subject::Wit,
                    format!(
                        "resource `{}` used as a value: WIT passes resources as `own<…>` or `borrow<…>`",
                        def.name.as_deref().unwrap_or("?")
                    ),
                )),
                _ => self.path_to(id, cur),
            };
        }
        let kind = def.kind.clone();
        Ok(match &kind {
            TypeDefKind::List(t) => {
                let element = if mode == Mode::Signature { Mode::Signature } else { Mode::Owned };
                let t = self.ty(t, element, cur)?;
                match mode {
                    Mode::Owned | Mode::Signature => format!("::airssys_wasm::__private::Vec<{t}>"),
                    Mode::Param => format!("&[{t}]"),
                }
            }
            TypeDefKind::Option(t) => format!("::core::option::Option<{}>", self.ty(t, mode, cur)?),
            TypeDefKind::Result(r) => {
                let ok = self.payload(r.ok.as_ref(), mode, cur)?;
                let err = self.payload(r.err.as_ref(), mode, cur)?;
                format!("::core::result::Result<{ok}, {err}>")
            }
            TypeDefKind::Tuple(t) => {
                let items = t.types.iter().map(|t| self.ty(t, mode, cur)).collect::<Result<Vec<_>, _>>()?;
                tuple(&items)
            }
            TypeDefKind::Handle(h) => self.handle(*h, mode, cur)?,
            TypeDefKind::Type(t) => self.ty(t, mode, cur)?,
            other => return Err(unsupported(other.as_str())),
        })
    }

    /// `own<r>` / `borrow<r>`.
    fn handle(&mut self, h: Handle, mode: Mode, cur: &[String]) -> Result<String, Error> {
        let (Handle::Own(r) | Handle::Borrow(r)) = h;
        let r = self.dealias(r);
        if self.side(r) == Side::Guest {
            // As `ResourceAny`'s typed impls take it: by value an `own`, by reference a `borrow`.
            return Ok(match (h, mode) {
                (Handle::Borrow(_), Mode::Param) => "&::airssys_wasm::ResourceAny".into(),
                (Handle::Borrow(_), Mode::Signature) => "&'static ::airssys_wasm::ResourceAny".into(),
                _ => "::airssys_wasm::ResourceAny".into(),
            });
        }
        let inner = self.host_resource(r, cur)?;
        Ok(match (h, mode) {
            (Handle::Borrow(_), Mode::Param) => format!("&::airssys_wasm::Resource<{inner}>"),
            _ => format!("::airssys_wasm::Resource<{inner}>"),
        })
    }

    /// The Rust type that stands for host resource `r` (dealiased).
    pub(super) fn host_resource(&mut self, r: TypeId, cur: &[String]) -> Result<String, Error> {
        match self.with_type(r) {
            Some(path) => Ok(path),
            None => self.path_to(r, cur),
        }
    }

    /// Whether values of `ty` carry resource handles (and so are not `Clone`).
    pub(super) fn has_handles(&self, ty: &Type) -> bool {
        let Type::Id(id) = ty else { return false };
        match &self.resolve.types[*id].kind {
            TypeDefKind::Handle(_) | TypeDefKind::Resource => true,
            TypeDefKind::Record(r) => r.fields.iter().any(|f| self.has_handles(&f.ty)),
            TypeDefKind::Variant(v) => v.cases.iter().any(|c| c.ty.as_ref().is_some_and(|t| self.has_handles(t))),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| self.has_handles(t)),
            TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => self.has_handles(t),
            TypeDefKind::Result(r) => [&r.ok, &r.err].into_iter().flatten().any(|t| self.has_handles(t)),
            _ => false,
        }
    }

    /// The definition of named type `id` in module `cur`.
    pub(super) fn define_type(&mut self, id: TypeId, cur: &[String]) -> Result<String, Error> {
        let def = self.resolve.types[id].clone();
        let wit_name = def.name.clone().unwrap_or_default();
        let name = type_name(&wit_name);
        let doc = docs(def.docs.contents.as_deref(), &format!("The WIT type `{wit_name}`."));
        let derive_typed =
            "::airssys_wasm::typed::ComponentType, ::airssys_wasm::typed::Lift, ::airssys_wasm::typed::Lower";
        let plain = !self.has_handles(&Type::Id(id));
        let clone = if plain { "::core::clone::Clone, ::core::cmp::PartialEq, " } else { "" };
        let mut out = doc;
        match &def.kind {
            TypeDefKind::Record(r) => {
                out.push_str(&format!("#[derive(::core::fmt::Debug, {clone}{derive_typed})]\n#[component(record)]\n"));
                out.push_str(&format!("pub struct {name} {{\n"));
                for f in &r.fields {
                    let ty = self.ty(&f.ty, Mode::Owned, cur)?;
                    out.push_str(&docs(f.docs.contents.as_deref(), &format!("The field `{}`.", f.name)));
                    out.push_str(&format!("#[component(name = {})]\npub {}: {ty},\n", lit(&f.name), snake(&f.name)));
                }
                out.push_str("}\n");
            }
            TypeDefKind::Variant(v) => {
                out.push_str(&format!("#[derive(::core::fmt::Debug, {clone}{derive_typed})]\n#[component(variant)]\n"));
                out.push_str(&format!("pub enum {name} {{\n"));
                for c in &v.cases {
                    out.push_str(&docs(c.docs.contents.as_deref(), &format!("The case `{}`.", c.name)));
                    out.push_str(&format!("#[component(name = {})]\n{}", lit(&c.name), camel(&c.name)));
                    if let Some(t) = &c.ty {
                        out.push_str(&format!("({})", self.ty(t, Mode::Owned, cur)?));
                    }
                    out.push_str(",\n");
                }
                out.push_str("}\n");
            }
            TypeDefKind::Enum(e) => {
                out.push_str(&format!(
                    "#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, \
                     ::core::cmp::Eq, ::core::hash::Hash, {derive_typed})]\n#[component(enum)]\npub enum {name} {{\n"
                ));
                for c in &e.cases {
                    out.push_str(&docs(c.docs.contents.as_deref(), &format!("The case `{}`.", c.name)));
                    out.push_str(&format!("#[component(name = {})]\n{},\n", lit(&c.name), camel(&c.name)));
                }
                out.push_str("}\n");
            }
            TypeDefKind::Flags(f) => {
                out.push_str(&format!(
                    "#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, \
                     ::core::cmp::Eq, ::core::hash::Hash, ::core::default::Default, {derive_typed})]\n\
                     #[component(flags)]\npub struct {name} {{\n"
                ));
                for flag in &f.flags {
                    out.push_str(&docs(flag.docs.contents.as_deref(), &format!("The flag `{}`.", flag.name)));
                    out.push_str(&format!(
                        "#[component(name = {})]\npub {}: bool,\n",
                        lit(&flag.name),
                        snake(&flag.name)
                    ));
                }
                out.push_str("}\n");
            }
            TypeDefKind::Resource => {
                if self.side(id) == Side::Guest {
                    // Guest resources reach the host as `ResourceAny`: no Rust type of their own.
                    return Ok(String::new());
                }
                match self.with_type(id) {
                    Some(path) => out.push_str(&format!("pub type {name} = {path};\n")),
                    None => out.push_str(&format!(
                        "#[doc = \"\"]\n#[doc = \" A placeholder: map it to a Rust type with `with` to keep state in it.\"]\n\
                         #[derive(::core::fmt::Debug)]\npub enum {name} {{}}\n"
                    )),
                }
            }
            TypeDefKind::Type(Type::Id(target))
                if matches!(self.resolve.types[self.dealias(*target)].kind, TypeDefKind::Resource) =>
            {
                let r = self.dealias(*target);
                if self.side(r) == Side::Guest {
                    return Ok(String::new());
                }
                let target = self.host_resource(r, cur)?;
                out.push_str(&format!("pub type {name} = {target};\n"));
            }
            TypeDefKind::Type(t) => {
                let ty = self.ty(t, Mode::Owned, cur)?;
                out.push_str(&format!("pub type {name} = {ty};\n"));
            }
            TypeDefKind::List(_)
            | TypeDefKind::Option(_)
            | TypeDefKind::Result(_)
            | TypeDefKind::Tuple(_)
            | TypeDefKind::Handle(_) => {
                let ty = self.ty_id_anonymous(id, cur)?;
                out.push_str(&format!("pub type {name} = {ty};\n"));
            }
            other => return Err(unsupported(other.as_str())),
        }
        Ok(out)
    }

    /// A named list, option, result, tuple or handle, spelled out.
    fn ty_id_anonymous(&mut self, id: TypeId, cur: &[String]) -> Result<String, Error> {
        let mut def = self.resolve.types[id].clone();
        def.name = None;
        // Spell the structure out through a copy without its name.
        let kind = def.kind;
        match kind {
            TypeDefKind::List(t) => Ok(format!("::airssys_wasm::__private::Vec<{}>", self.ty(&t, Mode::Owned, cur)?)),
            TypeDefKind::Option(t) => Ok(format!("::core::option::Option<{}>", self.ty(&t, Mode::Owned, cur)?)),
            TypeDefKind::Result(r) => {
                let ok = self.payload(r.ok.as_ref(), Mode::Owned, cur)?;
                let err = self.payload(r.err.as_ref(), Mode::Owned, cur)?;
                Ok(format!("::core::result::Result<{ok}, {err}>"))
            }
            TypeDefKind::Tuple(t) => {
                let items = t.types.iter().map(|t| self.ty(t, Mode::Owned, cur)).collect::<Result<Vec<_>, _>>()?;
                Ok(tuple(&items))
            }
            TypeDefKind::Handle(h) => self.handle(h, Mode::Owned, cur),
            other => Err(unsupported(other.as_str())),
        }
    }
}

/// A Rust tuple of `items`: `()`, `(a,)`, `(a, b)`.
pub(super) fn tuple(items: &[String]) -> String {
    match items {
        [] => "()".into(),
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// The error for WIT features the bindings do not cover yet.
pub(super) fn unsupported(what: &str) -> Error {
    Error::new(
        Subject::Unsupported,
        format!(
            "WIT `{what}` types are not supported by airssys-wasm bindings yet (async and fixed-size lists are not implemented)"
        ),
    )
}
