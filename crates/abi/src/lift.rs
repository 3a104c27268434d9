//! Lifting dynamic values: `lift_flat` and `load` of CanonicalABI.md for
//! every value type, producing [`Val`]s.

use crate::context::{LiftContext, check_aligned};
use crate::flat::{FlatReader, canonical_f32, canonical_f64, char_from_i32};
use crate::host_alloc::vec_for;
use crate::prelude::*;
use crate::string::load_string;
use crate::trap::Trap;
use crate::types::{FieldsLayout, ValType};
use crate::val::Val;

/// `lift_flat`: lifts one value of type `ty` from flat core values.
pub fn lift_flat(cx: &mut LiftContext<'_>, ty: &ValType, src: &mut FlatReader<'_>) -> Result<Val, Trap> {
    Ok(match ty {
        ValType::Bool => Val::Bool(src.next_i32()? != 0),
        ValType::S8 => Val::S8(src.next_i32()? as i8),
        ValType::U8 => Val::U8(src.next_i32()? as u8),
        ValType::S16 => Val::S16(src.next_i32()? as i16),
        ValType::U16 => Val::U16(src.next_i32()? as u16),
        ValType::S32 => Val::S32(src.next_i32()? as i32),
        ValType::U32 => Val::U32(src.next_i32()?),
        ValType::S64 => Val::S64(src.next_raw()? as i64),
        ValType::U64 => Val::U64(src.next_raw()?),
        ValType::F32 => Val::F32(canonical_f32(f32::from_bits(src.next_i32()?))),
        ValType::F64 => Val::F64(canonical_f64(f64::from_bits(src.next_raw()?))),
        ValType::Char => Val::Char(char_from_i32(src.next_i32()?)?),
        ValType::String => {
            let (ptr, len) = (src.next_i32()?, src.next_i32()?);
            let s = load_string(cx, ptr, len)?;
            cx.note_hint(s.hint())?;
            Val::String(s.into_text())
        }
        ValType::List(t) => {
            let (ptr, len) = (src.next_i32()?, src.next_i32()?);
            Val::List(load_list(cx, t.element(), ptr, len)?)
        }
        ValType::FixedList(t) => {
            let mut items = vec_for(t.len() as usize)?;
            for _ in 0..t.len() {
                items.push(lift_flat(cx, t.element(), src)?);
            }
            Val::List(items)
        }
        ValType::Record(t) => Val::Record(lift_flat_fields(cx, t.fields().iter().map(|f| &f.ty), src)?),
        ValType::Tuple(t) => Val::Tuple(lift_flat_fields(cx, t.types().iter(), src)?),
        ValType::Variant(_) | ValType::Enum(_) | ValType::Option(_) | ValType::Result(_) => {
            lift_flat_cases(cx, ty, src)?
        }
        ValType::Flags(t) => Val::Flags(src.next_i32()? & t.mask()),
        ValType::Own(_) => Val::Own(src.next_i32()?),
        ValType::Borrow(_) => Val::Borrow(src.next_i32()?),
    })
}

fn lift_flat_fields<'t>(
    cx: &mut LiftContext<'_>,
    types: impl ExactSizeIterator<Item = &'t ValType>,
    src: &mut FlatReader<'_>,
) -> Result<Vec<Val>, Trap> {
    let mut out = vec_for(types.len())?;
    for ty in types {
        out.push(lift_flat(cx, ty, src)?);
    }
    Ok(out)
}

/// `lift_flat_variant`: reads the discriminant, the payload in the joined
/// slots, and skips the slots the case does not use.
fn lift_flat_cases(cx: &mut LiftContext<'_>, ty: &ValType, src: &mut FlatReader<'_>) -> Result<Val, Trap> {
    let Some(layout) = ty.cases_layout() else {
        return Err(Trap::ValueMismatch { expected: "variant", detail: "not a variant-like type" });
    };
    let index = src.next_i32()?;
    let payload_ty = ty.case_payload(index).ok_or(Trap::InvalidDiscriminant { value: index, cases: layout.cases })?;
    let start = src.position();
    let payload = match payload_ty {
        Some(p) => Some(lift_flat(cx, p, src)?),
        None => None,
    };
    let used = src.position() - start;
    src.skip(layout.layout.flat_count as usize - 1 - used)?;
    Ok(make_case(ty, index, payload))
}

/// Builds the [`Val`] of case `index` of a variant-like type.
fn make_case(ty: &ValType, index: u32, payload: Option<Val>) -> Val {
    let payload = payload.map(Box::new);
    match ty {
        ValType::Enum(_) => Val::Enum(index),
        ValType::Option(_) => Val::Option(payload),
        ValType::Result(_) if index == 0 => Val::Result(Ok(payload)),
        ValType::Result(_) => Val::Result(Err(payload)),
        _ => Val::Variant(index, payload),
    }
}

/// `load`: lifts one value of type `ty` from memory at `ptr`, trapping if
/// `ptr` is misaligned or the value does not lie inside memory.
pub fn load(cx: &mut LiftContext<'_>, ty: &ValType, ptr: u32) -> Result<Val, Trap> {
    let l = ty.layout();
    check_aligned(ptr, l.align)?;
    cx.slice(ptr, u64::from(l.size))?;
    load_in_bounds(cx, ty, ptr)
}

/// `load` for a value already known to lie inside memory (so that offsets
/// within it cannot overflow); every read is still bounds-checked.
fn load_in_bounds(cx: &mut LiftContext<'_>, ty: &ValType, ptr: u32) -> Result<Val, Trap> {
    Ok(match ty {
        ValType::Bool => Val::Bool(cx.read_u8(ptr)? != 0),
        ValType::S8 => Val::S8(cx.read_u8(ptr)? as i8),
        ValType::U8 => Val::U8(cx.read_u8(ptr)?),
        ValType::S16 => Val::S16(cx.read_u16(ptr)? as i16),
        ValType::U16 => Val::U16(cx.read_u16(ptr)?),
        ValType::S32 => Val::S32(cx.read_u32(ptr)? as i32),
        ValType::U32 => Val::U32(cx.read_u32(ptr)?),
        ValType::S64 => Val::S64(cx.read_u64(ptr)? as i64),
        ValType::U64 => Val::U64(cx.read_u64(ptr)?),
        ValType::F32 => Val::F32(canonical_f32(f32::from_bits(cx.read_u32(ptr)?))),
        ValType::F64 => Val::F64(canonical_f64(f64::from_bits(cx.read_u64(ptr)?))),
        ValType::Char => Val::Char(char_from_i32(cx.read_u32(ptr)?)?),
        ValType::String => {
            let (begin, len) = (cx.read_u32(ptr)?, cx.read_u32(ptr + 4)?);
            let s = load_string(cx, begin, len)?;
            cx.note_hint(s.hint())?;
            Val::String(s.into_text())
        }
        ValType::List(t) => {
            let (begin, len) = (cx.read_u32(ptr)?, cx.read_u32(ptr + 4)?);
            Val::List(load_list(cx, t.element(), begin, len)?)
        }
        ValType::FixedList(t) => {
            // The elements lie inside the enclosing value, already checked to
            // be in bounds; the budget still guards the host allocation.
            cx.charge(u64::from(ty.size()))?;
            Val::List(load_elements(cx, t.element(), ptr, t.len())?)
        }
        ValType::Record(t) => Val::Record(load_fields(cx, t.fields().iter().map(|f| &f.ty), &t.fields_layout, ptr)?),
        ValType::Tuple(t) => Val::Tuple(load_fields(cx, t.types().iter(), &t.fields_layout, ptr)?),
        ValType::Variant(_) | ValType::Enum(_) | ValType::Option(_) | ValType::Result(_) => load_cases(cx, ty, ptr)?,
        ValType::Flags(t) => {
            let size = ty.size();
            Val::Flags(cx.read_uint(ptr, size)? & t.mask())
        }
        ValType::Own(_) => Val::Own(cx.read_u32(ptr)?),
        ValType::Borrow(_) => Val::Borrow(cx.read_u32(ptr)?),
    })
}

/// `load_list_from_range`: checks the cap, alignment and bounds, then loads
/// every element.
pub fn load_list(cx: &mut LiftContext<'_>, elem: &ValType, ptr: u32, len: u32) -> Result<Vec<Val>, Trap> {
    let l = elem.layout();
    cx.list_bytes(ptr, len, l.size, l.align)?;
    load_elements(cx, elem, ptr, len)
}

fn load_elements(cx: &mut LiftContext<'_>, elem: &ValType, ptr: u32, len: u32) -> Result<Vec<Val>, Trap> {
    let size = elem.size();
    let mut items = vec_for(len as usize)?;
    for i in 0..len {
        items.push(load_in_bounds(cx, elem, ptr + i * size)?);
    }
    Ok(items)
}

fn load_fields<'t>(
    cx: &mut LiftContext<'_>,
    types: impl ExactSizeIterator<Item = &'t ValType>,
    layout: &FieldsLayout,
    ptr: u32,
) -> Result<Vec<Val>, Trap> {
    let mut out = vec_for(types.len())?;
    for (ty, offset) in types.zip(layout.offsets.iter()) {
        out.push(load_in_bounds(cx, ty, ptr + offset)?);
    }
    Ok(out)
}

/// `load_variant`.
fn load_cases(cx: &mut LiftContext<'_>, ty: &ValType, ptr: u32) -> Result<Val, Trap> {
    let Some(layout) = ty.cases_layout() else {
        return Err(Trap::ValueMismatch { expected: "variant", detail: "not a variant-like type" });
    };
    let index = cx.read_uint(ptr, layout.disc_size)?;
    let payload_ty = ty.case_payload(index).ok_or(Trap::InvalidDiscriminant { value: index, cases: layout.cases })?;
    let payload = match payload_ty {
        Some(p) => Some(load_in_bounds(cx, p, ptr + layout.payload_offset)?),
        None => None,
    };
    Ok(make_case(ty, index, payload))
}

/// Loads a whole parameter or result list spilled to memory at `ptr`; the
/// caller has checked alignment and bounds.
pub(crate) fn load_values(
    cx: &mut LiftContext<'_>,
    types: &[ValType],
    layout: &FieldsLayout,
    ptr: u32,
) -> Result<Vec<Val>, Trap> {
    load_fields(cx, types.iter(), layout, ptr)
}
