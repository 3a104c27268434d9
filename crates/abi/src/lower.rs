//! Lowering dynamic values: `lower_flat` and `store` of CanonicalABI.md for
//! every value type, from [`Val`]s.

use crate::context::{LowerContext, check_aligned};
use crate::flat::{FlatWriter, canonical_f32, canonical_f64};
use crate::memory::Memory;
use crate::string::{store_str, store_string};
use crate::trap::Trap;
use crate::types::{FieldsLayout, ValType};
use crate::val::Val;

fn mismatch(ty: &ValType, detail: &'static str) -> Trap {
    Trap::ValueMismatch { expected: ty.kind(), detail }
}

/// `lower_flat`: lowers `val` of type `ty` into flat core values.
pub fn lower_flat<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    ty: &ValType,
    val: &Val,
    dst: &mut FlatWriter<'_>,
) -> Result<(), Trap> {
    match (ty, val) {
        (ValType::Bool, Val::Bool(v)) => dst.push_i32(u32::from(*v)),
        (ValType::S8, Val::S8(v)) => dst.push_i32(*v as i32 as u32),
        (ValType::U8, Val::U8(v)) => dst.push_i32(u32::from(*v)),
        (ValType::S16, Val::S16(v)) => dst.push_i32(*v as i32 as u32),
        (ValType::U16, Val::U16(v)) => dst.push_i32(u32::from(*v)),
        (ValType::S32, Val::S32(v)) => dst.push_i32(*v as u32),
        (ValType::U32, Val::U32(v)) => dst.push_i32(*v),
        (ValType::S64, Val::S64(v)) => dst.push(*v as u64),
        (ValType::U64, Val::U64(v)) => dst.push(*v),
        (ValType::F32, Val::F32(v)) => dst.push_i32(canonical_f32(*v).to_bits()),
        (ValType::F64, Val::F64(v)) => dst.push(canonical_f64(*v).to_bits()),
        (ValType::Char, Val::Char(c)) => dst.push_i32(u32::from(*c)),
        (ValType::String, Val::String(s)) => {
            let (ptr, len) = store_hinted(cx, s)?;
            dst.push_i32(ptr)?;
            dst.push_i32(len)
        }
        (ValType::List(t), Val::List(items)) => {
            let (ptr, len) = store_list(cx, t.element(), items)?;
            dst.push_i32(ptr)?;
            dst.push_i32(len)
        }
        (ValType::FixedList(t), Val::List(items)) => {
            if items.len() != t.len() as usize {
                return Err(mismatch(ty, "the list's length differs from the fixed length"));
            }
            items.iter().try_for_each(|v| lower_flat(cx, t.element(), v, dst))
        }
        (ValType::Record(t), Val::Record(vals)) => {
            if vals.len() != t.fields().len() {
                return Err(mismatch(ty, "the number of fields differs"));
            }
            t.fields().iter().zip(vals).try_for_each(|(f, v)| lower_flat(cx, &f.ty, v, dst))
        }
        (ValType::Tuple(t), Val::Tuple(vals)) => {
            if vals.len() != t.types().len() {
                return Err(mismatch(ty, "the number of elements differs"));
            }
            t.types().iter().zip(vals).try_for_each(|(ty, v)| lower_flat(cx, ty, v, dst))
        }
        (ValType::Variant(_) | ValType::Enum(_) | ValType::Option(_) | ValType::Result(_), _) => {
            lower_flat_cases(cx, ty, val, dst)
        }
        (ValType::Flags(t), Val::Flags(bits)) => {
            if bits & !t.mask() != 0 {
                return Err(mismatch(ty, "a bit is set past the last label"));
            }
            dst.push_i32(*bits)
        }
        (ValType::Own(_), Val::Own(h)) | (ValType::Borrow(_), Val::Borrow(h)) => dst.push_i32(*h),
        _ => Err(mismatch(ty, "the value is of another kind")),
    }
}

/// Splits a variant-like value into its case index and payload, checking
/// both against the type.
fn split_case<'t, 'v>(ty: &'t ValType, val: &'v Val) -> Result<(u32, Option<&'v Val>, Option<&'t ValType>), Trap> {
    let (index, payload) = match (ty, val) {
        (ValType::Variant(_), Val::Variant(i, p)) => (*i, p.as_deref()),
        (ValType::Enum(_), Val::Enum(i)) => (*i, None),
        (ValType::Option(_), Val::Option(p)) => (u32::from(p.is_some()), p.as_deref()),
        (ValType::Result(_), Val::Result(Ok(p))) => (0, p.as_deref()),
        (ValType::Result(_), Val::Result(Err(p))) => (1, p.as_deref()),
        _ => return Err(mismatch(ty, "the value is of another kind")),
    };
    let payload_ty = ty.case_payload(index).ok_or_else(|| mismatch(ty, "the case index is out of range"))?;
    if payload.is_some() != payload_ty.is_some() {
        return Err(mismatch(ty, "the payload's presence does not match the case"));
    }
    Ok((index, payload, payload_ty))
}

/// `lower_flat_variant`: discriminant, payload, then zeros for unused slots.
fn lower_flat_cases<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    ty: &ValType,
    val: &Val,
    dst: &mut FlatWriter<'_>,
) -> Result<(), Trap> {
    let (index, payload, payload_ty) = split_case(ty, val)?;
    let end = dst.len() + ty.flat_count() as usize;
    dst.push_i32(index)?;
    if let (Some(p), Some(pty)) = (payload, payload_ty) {
        lower_flat(cx, pty, p, dst)?;
    }
    dst.pad_to(end)
}

/// `store_list_into_range`: allocates room for `items` and stores each.
/// Returns `(ptr, len)`.
pub fn store_list<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    elem: &ValType,
    items: &[Val],
) -> Result<(u32, u32), Trap> {
    let l = elem.layout();
    let ptr = cx.allocate_list(items.len(), l.size, l.align)?;
    // allocate_list bounded the byte length by 2^28, so the count fits too.
    let len = items.len() as u32;
    for (i, item) in items.iter().enumerate() {
        store_in_bounds(cx, elem, item, ptr + i as u32 * l.size)?;
    }
    Ok((ptr, len))
}

/// `store`: lowers `val` of type `ty` into memory at `ptr`, trapping if `ptr`
/// is misaligned or the value would not lie inside memory.
pub fn store<M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, ty: &ValType, val: &Val, ptr: u32) -> Result<(), Trap> {
    let l = ty.layout();
    check_aligned(ptr, l.align)?;
    cx.slice_mut(ptr, u64::from(l.size))?;
    store_in_bounds(cx, ty, val, ptr)
}

fn store_in_bounds<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    ty: &ValType,
    val: &Val,
    ptr: u32,
) -> Result<(), Trap> {
    match (ty, val) {
        (ValType::Bool, Val::Bool(v)) => cx.write(ptr, &[u8::from(*v)]),
        (ValType::S8, Val::S8(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::U8, Val::U8(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::S16, Val::S16(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::U16, Val::U16(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::S32, Val::S32(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::U32, Val::U32(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::S64, Val::S64(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::U64, Val::U64(v)) => cx.write(ptr, &v.to_le_bytes()),
        (ValType::F32, Val::F32(v)) => cx.write(ptr, &canonical_f32(*v).to_bits().to_le_bytes()),
        (ValType::F64, Val::F64(v)) => cx.write(ptr, &canonical_f64(*v).to_bits().to_le_bytes()),
        (ValType::Char, Val::Char(c)) => cx.write(ptr, &u32::from(*c).to_le_bytes()),
        (ValType::String, Val::String(s)) => {
            let (begin, len) = store_hinted(cx, s)?;
            write_pair(cx, ptr, begin, len)
        }
        (ValType::List(t), Val::List(items)) => {
            let (begin, len) = store_list(cx, t.element(), items)?;
            write_pair(cx, ptr, begin, len)
        }
        (ValType::FixedList(t), Val::List(items)) => {
            if items.len() != t.len() as usize {
                return Err(mismatch(ty, "the list's length differs from the fixed length"));
            }
            let size = t.element().size();
            for (i, item) in items.iter().enumerate() {
                store_in_bounds(cx, t.element(), item, ptr + i as u32 * size)?;
            }
            Ok(())
        }
        (ValType::Record(t), Val::Record(vals)) => {
            if vals.len() != t.fields().len() {
                return Err(mismatch(ty, "the number of fields differs"));
            }
            store_fields(cx, t.fields().iter().map(|f| &f.ty), &t.fields_layout, vals, ptr)
        }
        (ValType::Tuple(t), Val::Tuple(vals)) => {
            if vals.len() != t.types().len() {
                return Err(mismatch(ty, "the number of elements differs"));
            }
            store_fields(cx, t.types().iter(), &t.fields_layout, vals, ptr)
        }
        (ValType::Variant(_) | ValType::Enum(_) | ValType::Option(_) | ValType::Result(_), _) => {
            store_cases(cx, ty, val, ptr)
        }
        (ValType::Flags(t), Val::Flags(bits)) => {
            if bits & !t.mask() != 0 {
                return Err(mismatch(ty, "a bit is set past the last label"));
            }
            cx.write_uint(ptr, ty.size(), *bits)
        }
        (ValType::Own(_), Val::Own(h)) | (ValType::Borrow(_), Val::Borrow(h)) => cx.write(ptr, &h.to_le_bytes()),
        _ => Err(mismatch(ty, "the value is of another kind")),
    }
}

/// Stores a string with its recorded hint when one was given, as a host
/// (UTF-8) string otherwise.
fn store_hinted<M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, s: &str) -> Result<(u32, u32), Trap> {
    match cx.next_hint(s) {
        Some(hint) => store_string(cx, s, hint),
        None => store_str(cx, s),
    }
}

fn write_pair<M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, ptr: u32, a: u32, b: u32) -> Result<(), Trap> {
    cx.write(ptr, &a.to_le_bytes())?;
    cx.write(ptr + 4, &b.to_le_bytes())
}

fn store_fields<'t, M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    types: impl Iterator<Item = &'t ValType>,
    layout: &FieldsLayout,
    vals: &[Val],
    ptr: u32,
) -> Result<(), Trap> {
    for ((ty, offset), v) in types.zip(layout.offsets.iter()).zip(vals) {
        store_in_bounds(cx, ty, v, ptr + offset)?;
    }
    Ok(())
}

/// `store_variant`.
fn store_cases<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    ty: &ValType,
    val: &Val,
    ptr: u32,
) -> Result<(), Trap> {
    let (index, payload, payload_ty) = split_case(ty, val)?;
    let Some(layout) = ty.cases_layout() else {
        return Err(mismatch(ty, "not a variant-like type"));
    };
    cx.write_uint(ptr, layout.disc_size, index)?;
    match (payload, payload_ty) {
        (Some(p), Some(pty)) => store_in_bounds(cx, pty, p, ptr + layout.payload_offset),
        _ => Ok(()),
    }
}

/// Stores a whole parameter or result list at `ptr` (spilling); the caller
/// has checked alignment and bounds.
pub(crate) fn store_values<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    types: &[ValType],
    layout: &FieldsLayout,
    vals: &[Val],
    ptr: u32,
) -> Result<(), Trap> {
    store_fields(cx, types.iter(), layout, vals, ptr)
}
