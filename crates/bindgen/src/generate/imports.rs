//! Imported interfaces (and the world's own imports): a `Host` trait, a
//! `Host{Resource}` trait per host resource, and `add_to_linker`.

use super::types::{Mode, tuple, unsupported};
use super::{Gen, Place};
use crate::error::{Error, Subject};
use crate::names::{camel, docs, lit, snake};
use wit_parser::{Function, FunctionKind, InterfaceId, TypeDefKind, TypeId, WorldKey};

/// The host side of one set of imports, generated into module `module`.
pub(super) struct HostSide {
    /// Trait items of `Host` (freestanding functions).
    pub(super) host_fns: String,
    /// `Host{R}` traits by resource, with their WIT names.
    pub(super) resources: Vec<(String, String, String)>,
    /// The body of `add_to_linker` after the instance is opened.
    pub(super) linking: String,
}

/// A function's place among the host traits.
enum Owner {
    Host,
    Resource(TypeId),
}

impl Gen<'_> {
    /// The module of imported interface `id`.
    pub(super) fn import_interface(&mut self, key: &WorldKey, id: InterfaceId) -> Result<(), Error> {
        let place: Place = self.imports[&id].clone();
        let iface = &self.resolve.interfaces[id];
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
        let side = self.host_side("Host", &funcs, &resources, &place.module)?;
        let name = self.resolve.name_world_key(key);
        code.push_str(&host_traits("Host", &format!("The host functions of `{name}`."), &side));
        code.push_str(&docs(
            None,
            &format!(
                "Defines the functions and resources of `{name}` in `linker` on instance `{}`, each calling \
                 the [`Host`] that `get` finds in the store's data. Grants nothing: calls still need a \
                 `Linker::grant`.",
                place.instance
            ),
        ));
        code.push_str(
            "pub fn add_to_linker<T: 'static, U: Host + 'static>(linker: &mut ::airssys_wasm::Linker<T>, \
             get: fn(&mut T) -> &mut U) -> ::core::result::Result<(), ::airssys_wasm::Error> {\n",
        );
        code.push_str(&instance_linker_body(&format!("linker.instance({})?", lit(&place.instance)), &side));
        code.push_str("}\n");
        self.emit(&place.module, &code);
        Ok(())
    }

    /// Traits and linking for `funcs` and host `resources`, seen from `cur`.
    pub(super) fn host_side(
        &mut self,
        host: &str,
        funcs: &[Function],
        resources: &[TypeId],
        cur: &[String],
    ) -> Result<HostSide, Error> {
        let mut side = HostSide { host_fns: String::new(), resources: Vec::new(), linking: String::new() };
        let mut per_resource: Vec<(TypeId, String)> = resources.iter().map(|r| (*r, String::new())).collect();
        for r in resources {
            let rust = self.host_resource(*r, cur)?;
            let wit = self.resolve.types[*r].name.clone().unwrap_or_default();
            let tr = format!("Host{}", camel(&wit));
            side.linking.push_str(&format!(
                "let _ = inst.resource::<{rust}, _>({}, move |mut cx, rep| <U as {tr}>::drop(get(cx.data_mut()), rep))?;\n",
                lit(&wit)
            ));
        }
        // The dispatcher's table (one `DispatchedFunc` per function, by
        // index) and its `match` arms.
        let mut table = String::new();
        let mut arms = String::new();
        for (index, f) in funcs.iter().enumerate() {
            let owner = match f.kind {
                FunctionKind::Freestanding => Owner::Host,
                FunctionKind::Method(r) | FunctionKind::Static(r) | FunctionKind::Constructor(r) => {
                    Owner::Resource(self.dealias(r))
                }
                _ => return Err(unsupported(&format!("{:?} function `{}`", f.kind, f.name))),
            };
            let (method, sig, call_args, params_ty, pattern) = self.host_signature(f, cur)?;
            let trait_name = match &owner {
                Owner::Host => host.to_string(),
                Owner::Resource(r) => format!("Host{}", camel(self.resolve.types[*r].name.as_deref().unwrap_or("?"))),
            };
            let item = format!(
                "{}fn {method}(&mut self{sig};\n",
                docs(f.docs.contents.as_deref(), &format!("The WIT function `{}`.", f.name))
            );
            match owner {
                Owner::Host => side.host_fns.push_str(&item),
                Owner::Resource(r) => match per_resource.iter_mut().find(|(id, _)| *id == r) {
                    Some((_, items)) => items.push_str(&item),
                    None => {
                        return Err(Error::new(
                            Subject::Wit,
                            format!("function `{}` belongs to a resource of another interface", f.name),
                        ));
                    }
                },
            }
            let (wrap, results_ty) = match &f.result {
                Some(t) => (".map(|r| (r,))", format!("({},)", self.ty(t, Mode::Owned, cur)?)),
                None => ("", "()".to_string()),
            };
            table.push_str(&format!(
                "::airssys_wasm::DispatchedFunc::new::<{params_ty}, {results_ty}>({}),\n",
                lit(&f.name)
            ));
            arms.push_str(&format!(
                "// `{}`\n{index} => call.run(move |mut cx, {pattern}: {params_ty}| {{\n\
                 <U as {trait_name}>::{method}(get(cx.data_mut()){call_args}){wrap}\n}}),\n",
                f.name
            ));
        }
        if !funcs.is_empty() {
            side.linking.push_str(&dispatcher(host, &table, &arms));
        }
        for (r, items) in per_resource {
            let wit = self.resolve.types[r].name.clone().unwrap_or_default();
            let rust = camel(&wit);
            let ty = self.host_resource(r, cur)?;
            let drop = format!(
                "{}fn drop(&mut self, rep: ::airssys_wasm::Resource<{ty}>) -> ::core::result::Result<(), ::airssys_wasm::Error>;\n",
                docs(None, &format!("Drops `{wit}` `rep`: the guest dropped its last owning handle."))
            );
            side.resources.push((format!("Host{rust}"), wit, format!("{items}{drop}")));
        }
        Ok(side)
    }

    /// For a host function: the trait method name, the rest of its
    /// signature, the arguments of the call, the parameter tuple type and
    /// the closure's pattern.
    fn host_signature(
        &mut self,
        f: &Function,
        cur: &[String],
    ) -> Result<(String, String, String, String, String), Error> {
        if f.params.len() > 16 {
            return Err(Error::new(Subject::Unsupported, format!("function `{}` has more than 16 parameters", f.name)));
        }
        let method = match f.kind {
            FunctionKind::Constructor(_) => "new".to_string(),
            _ => snake(f.item_name()),
        };
        let mut sig = String::new();
        let mut call_args = String::new();
        let mut types = Vec::new();
        let mut names = Vec::new();
        for p in &f.params {
            let name = snake(&p.name);
            let ty = self.ty(&p.ty, Mode::Owned, cur)?;
            sig.push_str(&format!(", {name}: {ty}"));
            call_args.push_str(&format!(", {name}"));
            types.push(ty);
            names.push(name);
        }
        let ret = match &f.result {
            Some(t) => self.ty(t, Mode::Owned, cur)?,
            None => "()".into(),
        };
        sig.push_str(&format!(") -> ::core::result::Result<{ret}, ::airssys_wasm::Error>"));
        Ok((method, sig, call_args, tuple(&types), tuple(&names)))
    }
}

/// Defines the functions through one dispatcher (`LinkerInstance::func_dispatch`):
/// a `const` table of their names and typed signatures, and one `match` on
/// the index that runs the function on the `U: {host}` that `get` finds.
/// Every function is still its own import (its own type check and
/// capability checks); only the call code is shared.
fn dispatcher(host: &str, table: &str, arms: &str) -> String {
    format!(
        "/// Runs the functions defined here, by index, on the [`{host}`] that `get` finds in the store's data.\n\
         struct Dispatch_<T, U> {{\nget: fn(&mut T) -> &mut U,\n}}\n\
         #[allow(clippy::type_complexity)]\n\
         impl<T: 'static, U: {host} + 'static> ::airssys_wasm::HostDispatch<T> for Dispatch_<T, U> {{\n\
         fn functions(&self) -> &'static [::airssys_wasm::DispatchedFunc] {{\n\
         const FUNCS: &[::airssys_wasm::DispatchedFunc] = &[\n{table}];\n\
         FUNCS\n}}\n\
         fn call(&self, index: usize, call: ::airssys_wasm::DispatchCall<'_, T>) -> \
         ::core::result::Result<::airssys_wasm::__private::Vec<::airssys_wasm::Val>, ::airssys_wasm::Error> {{\n\
         let get = self.get;\n\
         match index {{\n{arms}_ => ::core::result::Result::Err(call.unknown(index)),\n}}\n}}\n}}\n\
         inst.func_dispatch(Dispatch_ {{ get }})?;\n"
    )
}

/// Lints that generated traits trip by following WIT: a constructor is
/// `new(&mut self, …)` returning a `Resource`, functions take many parameters.
const TRAIT_ALLOW: &str = "#[allow(clippy::new_ret_no_self, clippy::wrong_self_convention, clippy::too_many_arguments, clippy::type_complexity)]\n";

/// The `Host` trait (with the resource traits as supertraits) and the
/// resource traits.
pub(super) fn host_traits(name: &str, doc: &str, side: &HostSide) -> String {
    let mut out = String::new();
    for (tr, wit, items) in &side.resources {
        out.push_str(&docs(
            None,
            &format!("The host side of resource `{wit}`: its constructor, methods, statics and destructor."),
        ));
        out.push_str(TRAIT_ALLOW);
        out.push_str(&format!("pub trait {tr} {{\n{items}}}\n"));
    }
    let supers: Vec<&str> = side.resources.iter().map(|(tr, _, _)| tr.as_str()).collect();
    let supers = if supers.is_empty() { String::new() } else { format!(": {}", supers.join(" + ")) };
    out.push_str(&docs(None, doc));
    out.push_str(TRAIT_ALLOW);
    out.push_str(&format!("pub trait {name}{supers} {{\n{}}}\n", side.host_fns));
    out
}

/// The body of an `add_to_linker` of the world's own functions: opens the
/// root with `open` only when there is something to define.
pub(super) fn linker_body(open: &str, side: &HostSide) -> String {
    if side.linking.is_empty() {
        return "let _ = (linker, get);\nOk(())\n".to_string();
    }
    format!("let mut inst = {open};\n{}Ok(())\n", side.linking)
}

/// The body of an interface's `add_to_linker`: opens the instance with
/// `open` even when the interface has types only, since a component imports
/// such an interface as an (empty) instance all the same.
pub(super) fn instance_linker_body(open: &str, side: &HostSide) -> String {
    if side.linking.is_empty() {
        return format!("let _ = get;\nlet _ = {open};\nOk(())\n");
    }
    format!("let mut inst = {open};\n{}Ok(())\n", side.linking)
}
