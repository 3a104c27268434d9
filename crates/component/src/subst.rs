//! Renumbering resource types when a component is instantiated.
//!
//! Resource types are generative: every instance of a component that
//! defines one gets a type of its own. While decoding, a resource type is a
//! number; instantiating a nested component maps the numbers of the resource
//! types it imports to those of the arguments, and gives each resource type
//! it defines and exports a fresh number in the instantiating component.

use crate::prelude::*;
use crate::resource_map::ResourceMap;
use crate::types::{ComponentType, ExternType, FuncType, InstanceType, TypeDef};
use airssys_wasm_abi::{TypeError, ValType};

/// Appends to `supplied` which resource numbers of `expected` (an import's
/// type) the `actual` argument supplies, as (expected, actual) pairs for
/// [`ResourceMap::from_pairs`].
pub(crate) fn unify(expected: &ExternType, actual: &ExternType, supplied: &mut Vec<(u32, u32)>) {
    match (expected, actual) {
        (ExternType::Type(TypeDef::Resource(e)), ExternType::Type(TypeDef::Resource(a))) => {
            supplied.push((*e, *a));
        }
        (ExternType::Instance(e), ExternType::Instance(a)) => {
            for (name, ety) in e.exports() {
                if let Some(aty) = a.export(name) {
                    unify(ety, aty, supplied);
                }
            }
        }
        _ => {}
    }
}

/// Renumbers resource types: numbers in `map` are replaced, others get a
/// fresh number, the next of `next` (remembered in `map`, and listed in
/// `fresh`).
pub(crate) struct Renumber<'a> {
    pub(crate) map: &'a mut ResourceMap,
    pub(crate) next: u32,
    pub(crate) fresh: Vec<u32>,
}

impl Renumber<'_> {
    /// Gives every number in `ids` that `map` lacks a fresh number, in order
    /// of first occurrence, adding them to `map` in one merge: the walk that
    /// follows then only reads the map (inserting as it went would cost
    /// O(n) per number that arrives out of order).
    fn prepare(&mut self, ids: Vec<u32>) {
        // The first occurrence of each missing number: of pairs with equal
        // keys the last counts, so hand them over last occurrence first.
        let missing = ids.into_iter().zip(0u32..).filter(|(id, _)| self.map.get(*id).is_none());
        let mut missing: Vec<(u32, u32)> = missing.collect();
        missing.reverse();
        let firsts = ResourceMap::from_pairs(missing);
        // Back in order of occurrence (positions are distinct keys).
        let by_position = ResourceMap::from_pairs(firsts.iter().map(|(id, at)| (at, id)).collect());
        let mut pairs = Vec::with_capacity(by_position.len());
        for (_, id) in by_position.iter() {
            let n = self.next;
            self.next = self.next.wrapping_add(1);
            self.fresh.push(n);
            pairs.push((id, n));
        }
        self.map.extend_pairs(pairs);
    }

    fn id(&mut self, id: u32) -> u32 {
        if let Some(n) = self.map.get(id) {
            return n;
        }
        let n = self.next;
        self.next = self.next.wrapping_add(1);
        self.fresh.push(n);
        self.map.insert(id, n);
        n
    }

    /// `ty` renumbered.
    pub(crate) fn extern_type(&mut self, ty: &ExternType) -> Result<ExternType, TypeError> {
        self.prepare(resource_ids(ty));
        self.extern_ty(ty)
    }

    fn extern_ty(&mut self, ty: &ExternType) -> Result<ExternType, TypeError> {
        Ok(match ty {
            ExternType::Module => ExternType::Module,
            ExternType::Func(f) => ExternType::Func(self.func(f)?),
            ExternType::Value(v) => ExternType::Value(self.val(v)?),
            ExternType::Type(t) => ExternType::Type(self.type_def(t)?),
            ExternType::Instance(i) => ExternType::Instance(Arc::new(self.instance(i)?)),
            ExternType::Component(c) => ExternType::Component(Arc::new(self.component(c)?)),
        })
    }

    fn component(&mut self, ty: &ComponentType) -> Result<ComponentType, TypeError> {
        Ok(ComponentType { imports: self.named(&ty.imports)?, exports: self.named(&ty.exports)? })
    }

    fn instance(&mut self, ty: &InstanceType) -> Result<InstanceType, TypeError> {
        Ok(InstanceType::new(self.named(ty.exports())?))
    }

    /// The type of an instance with these exports, renumbered.
    pub(crate) fn instance_of(&mut self, exports: &[(String, ExternType)]) -> Result<InstanceType, TypeError> {
        let mut ids = Vec::new();
        exports.iter().for_each(|(_, t)| extern_ids(t, &mut ids));
        self.prepare(ids);
        Ok(InstanceType::new(self.named(exports)?))
    }

    fn named(&mut self, items: &[(String, ExternType)]) -> Result<Vec<(String, ExternType)>, TypeError> {
        let mut out = Vec::with_capacity(items.len());
        for (n, t) in items {
            out.push((n.clone(), self.extern_ty(t)?));
        }
        Ok(out)
    }

    fn type_def(&mut self, ty: &TypeDef) -> Result<TypeDef, TypeError> {
        Ok(match ty {
            TypeDef::Resource(id) => TypeDef::Resource(self.id(*id)),
            TypeDef::Value(v) => TypeDef::Value(self.val(v)?),
            TypeDef::Func(f) => TypeDef::Func(self.func(f)?),
            TypeDef::Instance(i) => TypeDef::Instance(Arc::new(self.instance(i)?)),
            TypeDef::Component(c) => TypeDef::Component(Arc::new(self.component(c)?)),
            TypeDef::Stream(t) => TypeDef::Stream(t.as_ref().map(|t| self.val(t)).transpose()?),
            TypeDef::Future(t) => TypeDef::Future(t.as_ref().map(|t| self.val(t)).transpose()?),
        })
    }

    fn func(&mut self, f: &Arc<FuncType>) -> Result<Arc<FuncType>, TypeError> {
        if !f.params().types().iter().chain(f.results().types()).any(has_handles) {
            return Ok(f.clone());
        }
        let mut params = Vec::with_capacity(f.param_names().len());
        for (n, t) in f.param_names().iter().zip(f.params().types()) {
            params.push((n.clone(), self.val(t)?));
        }
        let result = f.result().map(|t| self.val(t)).transpose()?;
        let renumbered = FuncType::new(params, result)?;
        Ok(Arc::new(if f.is_async() { renumbered.into_async() } else { renumbered }))
    }

    fn val(&mut self, ty: &ValType) -> Result<ValType, TypeError> {
        if !has_handles(ty) {
            return Ok(ty.clone());
        }
        Ok(match ty {
            ValType::Own(id) => ValType::Own(self.id(*id)),
            ValType::Borrow(id) => ValType::Borrow(self.id(*id)),
            ValType::List(t) => ValType::list(self.val(t.element())?),
            ValType::FixedList(t) => ValType::fixed_list(self.val(t.element())?, t.len())?,
            ValType::Record(t) => {
                let mut fields = Vec::with_capacity(t.fields().len());
                for f in t.fields() {
                    fields.push((f.name.clone(), self.val(&f.ty)?));
                }
                ValType::record(fields)?
            }
            ValType::Tuple(t) => {
                let mut types = Vec::with_capacity(t.types().len());
                for t in t.types() {
                    types.push(self.val(t)?);
                }
                ValType::tuple(types)?
            }
            ValType::Variant(t) => {
                let mut cases = Vec::with_capacity(t.cases().len());
                for c in t.cases() {
                    cases.push((c.name.clone(), c.ty.as_ref().map(|t| self.val(t)).transpose()?));
                }
                ValType::variant(cases)?
            }
            ValType::Option(t) => ValType::option(self.val(t.some())?)?,
            ValType::Result(t) => {
                let ok = t.ok().map(|t| self.val(t)).transpose()?;
                let err = t.err().map(|t| self.val(t)).transpose()?;
                ValType::result(ok, err)?
            }
            other => other.clone(),
        })
    }
}

/// Whether `ty` contains an `own` or `borrow` handle.
pub(crate) fn has_handles(ty: &ValType) -> bool {
    match ty {
        ValType::Own(_) | ValType::Borrow(_) => true,
        ValType::List(t) => has_handles(t.element()),
        ValType::FixedList(t) => has_handles(t.element()),
        ValType::Record(t) => t.fields().iter().any(|f| has_handles(&f.ty)),
        ValType::Tuple(t) => t.types().iter().any(has_handles),
        ValType::Variant(t) => t.cases().iter().any(|c| c.ty.as_ref().is_some_and(has_handles)),
        ValType::Option(t) => has_handles(t.some()),
        ValType::Result(t) => t.ok().is_some_and(has_handles) || t.err().is_some_and(has_handles),
        _ => false,
    }
}

/// Every resource number that occurs in `ty`, in the order they occur,
/// repeats included.
pub(crate) fn resource_ids(ty: &ExternType) -> Vec<u32> {
    let mut out = Vec::new();
    extern_ids(ty, &mut out);
    out
}

fn extern_ids(ty: &ExternType, out: &mut Vec<u32>) {
    fn val(ty: &ValType, out: &mut Vec<u32>) {
        match ty {
            ValType::Own(id) | ValType::Borrow(id) => out.push(*id),
            ValType::List(t) => val(t.element(), out),
            ValType::FixedList(t) => val(t.element(), out),
            ValType::Record(t) => t.fields().iter().for_each(|f| val(&f.ty, out)),
            ValType::Tuple(t) => t.types().iter().for_each(|t| val(t, out)),
            ValType::Variant(t) => t.cases().iter().filter_map(|c| c.ty.as_ref()).for_each(|t| val(t, out)),
            ValType::Option(t) => val(t.some(), out),
            ValType::Result(t) => t.ok().into_iter().chain(t.err()).for_each(|t| val(t, out)),
            _ => {}
        }
    }
    fn def(ty: &TypeDef, out: &mut Vec<u32>) {
        match ty {
            TypeDef::Resource(id) => out.push(*id),
            TypeDef::Value(v) => val(v, out),
            TypeDef::Func(f) => f.params().types().iter().chain(f.results().types()).for_each(|t| val(t, out)),
            TypeDef::Instance(i) => i.exports().iter().for_each(|(_, t)| extern_ids(t, out)),
            TypeDef::Component(c) => c.imports.iter().chain(&c.exports).for_each(|(_, t)| extern_ids(t, out)),
            TypeDef::Stream(t) | TypeDef::Future(t) => t.iter().for_each(|t| val(t, out)),
        }
    }
    match ty {
        ExternType::Module => {}
        ExternType::Func(f) => def(&TypeDef::Func(f.clone()), out),
        ExternType::Value(v) => val(v, out),
        ExternType::Type(t) => def(t, out),
        ExternType::Instance(i) => i.exports().iter().for_each(|(_, t)| extern_ids(t, out)),
        ExternType::Component(c) => c.imports.iter().chain(&c.exports).for_each(|(_, t)| extern_ids(t, out)),
    }
}
