//! Bounded, readable summaries of argument values for denial messages.

use crate::prelude::*;
use airssys_wasm_abi::{Val, ValType};
use core::fmt::Write;

/// At most this many characters of a string argument are shown.
pub(crate) const MAX_STRING_CHARS: usize = 64;

/// A short text for `val` of type `ty`: strings quoted and cut at
/// [`MAX_STRING_CHARS`] characters (`…` marks the cut), integers in
/// decimal, cases by name, composites by their kind.
pub(crate) fn summarise(ty: &ValType, val: &Val) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_summary(&mut out, ty, val, 2);
    out
}

fn write_summary(out: &mut String, ty: &ValType, val: &Val, depth: u8) -> core::fmt::Result {
    match (ty, val) {
        (_, Val::String(s)) => write_string(out, s),
        (_, Val::Bool(b)) => write!(out, "{b}"),
        (_, Val::S8(v)) => write!(out, "{v}"),
        (_, Val::U8(v)) => write!(out, "{v}"),
        (_, Val::S16(v)) => write!(out, "{v}"),
        (_, Val::U16(v)) => write!(out, "{v}"),
        (_, Val::S32(v)) => write!(out, "{v}"),
        (_, Val::U32(v)) => write!(out, "{v}"),
        (_, Val::S64(v)) => write!(out, "{v}"),
        (_, Val::U64(v)) => write!(out, "{v}"),
        (_, Val::Char(c)) => write!(out, "{c:?}"),
        (ValType::Enum(e), Val::Enum(i)) => match e.labels().get(*i as usize) {
            Some(label) => out.write_str(label),
            None => write!(out, "case #{i}"),
        },
        (ValType::Variant(v), Val::Variant(i, payload)) => match v.cases().get(*i as usize) {
            Some(case) => {
                out.write_str(&case.name)?;
                match (&case.ty, payload) {
                    (Some(t), Some(p)) if depth > 0 => {
                        out.write_str("(")?;
                        write_summary(out, t, p, depth - 1)?;
                        out.write_str(")")
                    }
                    (_, Some(_)) => out.write_str("(…)"),
                    _ => Ok(()),
                }
            }
            None => write!(out, "case #{i}"),
        },
        (ValType::Option(o), Val::Option(Some(x))) if depth > 0 => {
            out.write_str("some(")?;
            write_summary(out, o.some(), x, depth - 1)?;
            out.write_str(")")
        }
        (_, Val::Option(None)) => out.write_str("none"),
        (_, Val::Option(Some(_))) => out.write_str("some(…)"),
        (_, Val::Result(Ok(_))) => out.write_str("ok(…)"),
        (_, Val::Result(Err(_))) => out.write_str("err(…)"),
        (_, Val::List(items)) => write!(out, "a list of {} elements", items.len()),
        (_, Val::Flags(bits)) => write!(out, "flags {bits:#b}"),
        (_, other) => write!(out, "a {}", kind_of(other)),
    }
}

fn write_string(out: &mut String, s: &str) -> core::fmt::Result {
    let mut chars = s.chars();
    let shown: String = chars.by_ref().take(MAX_STRING_CHARS).collect();
    write!(out, "{shown:?}")?;
    if chars.next().is_some() {
        out.write_str("…")?;
    }
    Ok(())
}

/// The WIT kind of a value, for messages.
pub(crate) fn kind_of(val: &Val) -> &'static str {
    match val {
        Val::Bool(_) => "bool",
        Val::S8(_) => "s8",
        Val::U8(_) => "u8",
        Val::S16(_) => "s16",
        Val::U16(_) => "u16",
        Val::S32(_) => "s32",
        Val::U32(_) => "u32",
        Val::S64(_) => "s64",
        Val::U64(_) => "u64",
        Val::F32(_) => "f32",
        Val::F64(_) => "f64",
        Val::Char(_) => "char",
        Val::String(_) => "string",
        Val::List(_) => "list",
        Val::Record(_) => "record",
        Val::Tuple(_) => "tuple",
        Val::Variant(..) => "variant",
        Val::Enum(_) => "enum",
        Val::Option(_) => "option",
        Val::Result(_) => "result",
        Val::Flags(_) => "flags",
        Val::Own(_) => "own handle",
        Val::Borrow(_) => "borrow handle",
    }
}
