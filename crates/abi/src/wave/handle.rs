//! Resource handles in WAVE text.
//!
//! WAVE has no syntax for handles: a handle is an index into a handle table
//! (or a resource's representation), meaningful only to the store that
//! holds it, so text cannot create one. Values that hold handles are still
//! printed, for people to read: `own<R>` and `borrow<R>` handles print as
//! the cases `own(N)` and `borrow(N)`, `N` being the `u32` of [`Val::Own`]
//! or [`Val::Borrow`]. Parsing never gives a handle back: a handle type in
//! the text's place is refused with [`handle_type`]'s type in the message.

use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;

/// A handle as the variant case it prints as: `("own", N)` or `("borrow", N)`.
pub(super) fn as_case(val: &Val) -> Option<(&'static str, u32)> {
    match val {
        Val::Own(n) => Some(("own", *n)),
        Val::Borrow(n) => Some(("borrow", *n)),
        _ => None,
    }
}

/// The first handle type (`own<R>` or `borrow<R>`) inside `ty`, if any, in
/// the order the type is written.
pub fn handle_type(ty: &ValType) -> Option<&ValType> {
    match ty {
        ValType::Own(_) | ValType::Borrow(_) => Some(ty),
        ValType::List(t) => handle_type(t.element()),
        ValType::FixedList(t) => handle_type(t.element()),
        ValType::Record(t) => t.fields().iter().find_map(|f| handle_type(&f.ty)),
        ValType::Tuple(t) => t.types().iter().find_map(handle_type),
        ValType::Variant(t) => t.cases().iter().filter_map(|c| c.ty.as_ref()).find_map(handle_type),
        ValType::Option(t) => handle_type(t.some()),
        ValType::Result(t) => t.ok().into_iter().chain(t.err()).find_map(handle_type),
        _ => None,
    }
}

/// The type of the first handle that `val` (of type `ty`) holds, if any, in
/// the order the value is printed. Where the value does not have its type,
/// nothing below that point is looked at.
pub fn handle_in<'t>(val: &Val, ty: &'t ValType) -> Option<&'t ValType> {
    if !super::val::shallow_match(val, ty) {
        return None;
    }
    let payload = |p: &Option<Box<Val>>, t: Option<&'t ValType>| handle_in(p.as_deref()?, t?);
    match (ty, val) {
        (ValType::Own(_) | ValType::Borrow(_), _) => Some(ty),
        (ValType::List(t), Val::List(items)) => items.iter().find_map(|v| handle_in(v, t.element())),
        (ValType::FixedList(t), Val::List(items)) => items.iter().find_map(|v| handle_in(v, t.element())),
        (ValType::Record(t), Val::Record(items)) => items.iter().zip(t.fields()).find_map(|(v, f)| handle_in(v, &f.ty)),
        (ValType::Tuple(t), Val::Tuple(items)) => items.iter().zip(t.types()).find_map(|(v, t)| handle_in(v, t)),
        (ValType::Variant(t), Val::Variant(i, p)) => payload(p, t.cases().get(*i as usize)?.ty.as_ref()),
        (ValType::Option(t), Val::Option(p)) => payload(p, Some(t.some())),
        (ValType::Result(t), Val::Result(Ok(p))) => payload(p, t.ok()),
        (ValType::Result(t), Val::Result(Err(p))) => payload(p, t.err()),
        _ => None,
    }
}

/// The innermost type that a part of `val` does not have, if any: the
/// reason [`to_string`](super::to_string) refuses `val` as a `ty`.
pub(super) fn mismatch_in<'t>(val: &Val, ty: &'t ValType) -> Option<&'t ValType> {
    if !super::val::shallow_match(val, ty) {
        return Some(ty);
    }
    let payload = |p: &Option<Box<Val>>, t: Option<&'t ValType>| mismatch_in(p.as_deref()?, t?);
    match (ty, val) {
        (ValType::List(t), Val::List(items)) => items.iter().find_map(|v| mismatch_in(v, t.element())),
        (ValType::FixedList(t), Val::List(items)) => items.iter().find_map(|v| mismatch_in(v, t.element())),
        (ValType::Record(t), Val::Record(items)) => {
            items.iter().zip(t.fields()).find_map(|(v, f)| mismatch_in(v, &f.ty))
        }
        (ValType::Tuple(t), Val::Tuple(items)) => items.iter().zip(t.types()).find_map(|(v, t)| mismatch_in(v, t)),
        (ValType::Variant(t), Val::Variant(i, p)) => payload(p, t.cases().get(*i as usize)?.ty.as_ref()),
        (ValType::Option(t), Val::Option(p)) => payload(p, Some(t.some())),
        (ValType::Result(t), Val::Result(Ok(p))) => payload(p, t.ok()),
        (ValType::Result(t), Val::Result(Err(p))) => payload(p, t.err()),
        _ => None,
    }
}
