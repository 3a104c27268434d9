//! Values written in a script (`WastVal`, WAVE-like and labelled) as runtime
//! values (`Val`, positional), compared and printed with the help of their
//! component types.
//!
//! `Val` carries no labels: record fields, variant and enum cases and flags
//! are found by name in the [`ValType`] the function's signature gives.

use airssys_wasm::{Val, ValType};
use std::fmt::{self, Write as _};
use wast::component::WastVal;
use wast::core::{NanPattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// Why a written value does not fit a component type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch(pub String);

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn mismatch(written: &str, ty: &ValType) -> Mismatch {
    Mismatch(format!("`{written}` does not fit the type `{ty}`"))
}

/// The name a written value goes by in the script, for messages.
fn written_kind(v: &WastVal<'_>) -> &'static str {
    match v {
        WastVal::Bool(_) => "bool.const",
        WastVal::U8(_) => "u8.const",
        WastVal::S8(_) => "s8.const",
        WastVal::U16(_) => "u16.const",
        WastVal::S16(_) => "s16.const",
        WastVal::U32(_) => "u32.const",
        WastVal::S32(_) => "s32.const",
        WastVal::U64(_) => "u64.const",
        WastVal::S64(_) => "s64.const",
        WastVal::F32(_) => "f32.const",
        WastVal::F64(_) => "f64.const",
        WastVal::Char(_) => "char.const",
        WastVal::String(_) => "str.const",
        WastVal::List(_) => "list.const",
        WastVal::Map(_) => "map.const",
        WastVal::Record(_) => "record.const",
        WastVal::Tuple(_) => "tuple.const",
        WastVal::Variant(..) => "variant.const",
        WastVal::Enum(_) => "enum.const",
        WastVal::Option(_) => "option",
        WastVal::Result(_) => "result",
        WastVal::Flags(_) => "flags.const",
    }
}

fn index_u32(i: usize) -> Result<u32, Mismatch> {
    u32::try_from(i).map_err(|_| Mismatch(format!("case index {i} does not fit in a u32")))
}

fn label_index(labels: impl Iterator<Item = impl AsRef<str>>, name: &str, ty: &ValType) -> Result<u32, Mismatch> {
    let mut labels = labels;
    match labels.position(|l| l.as_ref() == name) {
        Some(i) => index_u32(i),
        None => Err(Mismatch(format!("`{name}` is not a label of the type `{ty}`"))),
    }
}

fn all(items: &[WastVal<'_>], ty: &ValType) -> Result<Vec<Val>, Mismatch> {
    items.iter().map(|v| to_val(v, ty)).collect()
}

fn payload(v: Option<&WastVal<'_>>, ty: Option<&ValType>, what: &str) -> Result<Option<Box<Val>>, Mismatch> {
    match (v, ty) {
        (None, None) => Ok(None),
        (Some(v), Some(t)) => Ok(Some(Box::new(to_val(v, t)?))),
        (None, Some(t)) => Err(Mismatch(format!("`{what}` needs a payload of type `{t}`"))),
        (Some(_), None) => Err(Mismatch(format!("`{what}` has no payload in this type"))),
    }
}

/// A written value as a [`Val`] of type `ty`.
pub fn to_val(v: &WastVal<'_>, ty: &ValType) -> Result<Val, Mismatch> {
    use ValType as T;
    use WastVal as W;
    Ok(match (v, ty) {
        (W::Bool(b), T::Bool) => Val::Bool(*b),
        (W::S8(x), T::S8) => Val::S8(*x),
        (W::U8(x), T::U8) => Val::U8(*x),
        (W::S16(x), T::S16) => Val::S16(*x),
        (W::U16(x), T::U16) => Val::U16(*x),
        (W::S32(x), T::S32) => Val::S32(*x),
        (W::U32(x), T::U32) => Val::U32(*x),
        (W::S64(x), T::S64) => Val::S64(*x),
        (W::U64(x), T::U64) => Val::U64(*x),
        (W::F32(x), T::F32) => Val::F32(f32::from_bits(x.bits)),
        (W::F64(x), T::F64) => Val::F64(f64::from_bits(x.bits)),
        (W::Char(c), T::Char) => Val::Char(*c),
        (W::String(s), T::String) => Val::String((*s).to_string()),
        (W::List(items), T::List(t)) => Val::List(all(items, t.element())?),
        (W::List(items), T::FixedList(t)) => {
            if u32::try_from(items.len()).ok() != Some(t.len()) {
                return Err(Mismatch(format!("{} elements written for the type `{ty}`", items.len())));
            }
            Val::List(all(items, t.element())?)
        }
        (W::Tuple(items), T::Tuple(t)) => {
            if items.len() != t.types().len() {
                return Err(Mismatch(format!("{} elements written for the type `{ty}`", items.len())));
            }
            Val::Tuple(items.iter().zip(t.types()).map(|(v, t)| to_val(v, t)).collect::<Result<_, _>>()?)
        }
        (W::Record(fields), T::Record(t)) => {
            let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
            let expected: Vec<&str> = t.fields().iter().map(|f| f.name.as_str()).collect();
            if names != expected {
                return Err(Mismatch(format!("fields {names:?} written for the type `{ty}`")));
            }
            Val::Record(fields.iter().zip(t.fields()).map(|((_, v), f)| to_val(v, &f.ty)).collect::<Result<_, _>>()?)
        }
        (W::Variant(name, p), T::Variant(t)) => {
            let i = label_index(t.cases().iter().map(|c| c.name.as_str()), name, ty)?;
            let case = t.cases().get(i as usize).and_then(|c| c.ty.as_ref());
            Val::Variant(i, payload(p.as_deref(), case, name)?)
        }
        (W::Enum(name), T::Enum(t)) => Val::Enum(label_index(t.labels().iter(), name, ty)?),
        (W::Option(p), T::Option(t)) => match p {
            None => Val::Option(None),
            Some(p) => Val::Option(Some(Box::new(to_val(p, t.some())?))),
        },
        (W::Result(Ok(p)), T::Result(t)) => Val::Result(Ok(payload(p.as_deref(), t.ok(), "result.ok")?)),
        (W::Result(Err(p)), T::Result(t)) => Val::Result(Err(payload(p.as_deref(), t.err(), "result.err")?)),
        (W::Flags(names), T::Flags(t)) => {
            let mut bits = 0u32;
            for name in names {
                bits |= 1u32.checked_shl(label_index(t.labels().iter(), name, ty)?).unwrap_or(0);
            }
            Val::Flags(bits)
        }
        _ => return Err(mismatch(written_kind(v), ty)),
    })
}

/// An argument of an `invoke` as a [`Val`] of type `ty`. `wast` reads a
/// top-level `f32.const`/`f64.const` as a core value, so those are accepted too.
pub fn arg_to_val(arg: &WastArg<'_>, ty: &ValType) -> Result<Val, Mismatch> {
    match (arg, ty) {
        (WastArg::Component(v), _) => to_val(v, ty),
        (WastArg::Core(WastArgCore::F32(x)), ValType::F32) => Ok(Val::F32(f32::from_bits(x.bits))),
        (WastArg::Core(WastArgCore::F64(x)), ValType::F64) => Ok(Val::F64(f64::from_bits(x.bits))),
        (WastArg::Core(_), _) => Err(Mismatch(format!("a core wasm value where a `{ty}` is expected"))),
        _ => Err(Mismatch(format!("an unknown kind of argument where a `{ty}` is expected"))),
    }
}

/// An expected result of an `assert_return` as a [`Val`] of type `ty`.
/// NaN patterns become a NaN, which [`same`] matches with any NaN.
pub fn ret_to_val(ret: &WastRet<'_>, ty: &ValType) -> Result<Val, Mismatch> {
    match (ret, ty) {
        (WastRet::Component(v), _) => to_val(v, ty),
        (WastRet::Core(WastRetCore::F32(p)), ValType::F32) => Ok(Val::F32(match p {
            NanPattern::Value(x) => f32::from_bits(x.bits),
            NanPattern::CanonicalNan | NanPattern::ArithmeticNan => f32::NAN,
        })),
        (WastRet::Core(WastRetCore::F64(p)), ValType::F64) => Ok(Val::F64(match p {
            NanPattern::Value(x) => f64::from_bits(x.bits),
            NanPattern::CanonicalNan | NanPattern::ArithmeticNan => f64::NAN,
        })),
        (WastRet::Core(_), _) => Err(Mismatch(format!("a core wasm value where a `{ty}` is expected"))),
        _ => Err(Mismatch(format!("an unknown kind of result where a `{ty}` is expected"))),
    }
}

fn same_all(a: &[Val], b: &[Val]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn same_payload(a: &Option<Box<Val>>, b: &Option<Box<Val>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same(x, y),
        _ => false,
    }
}

/// Structural equality with floats compared by bits, except that every NaN
/// equals every NaN: the canonical ABI canonicalizes NaNs as they cross the
/// boundary, so a NaN's payload bits are not part of a component value.
pub fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::F32(x), Val::F32(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (Val::F64(x), Val::F64(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (Val::List(x), Val::List(y)) | (Val::Record(x), Val::Record(y)) | (Val::Tuple(x), Val::Tuple(y)) => {
            same_all(x, y)
        }
        (Val::Variant(i, x), Val::Variant(j, y)) => i == j && same_payload(x, y),
        (Val::Option(x), Val::Option(y)) => same_payload(x, y),
        (Val::Result(Ok(x)), Val::Result(Ok(y))) | (Val::Result(Err(x)), Val::Result(Err(y))) => same_payload(x, y),
        _ => a == b,
    }
}

fn show_float(bits_nan: bool, text: String) -> String {
    if bits_nan { "nan".to_string() } else { text }
}

fn show_seq<'v>(
    out: &mut String,
    open: &str,
    close: &str,
    items: impl Iterator<Item = (&'v Val, Option<&'v ValType>)>,
) {
    out.push_str(open);
    for (i, (v, t)) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        show_into(out, v, t);
    }
    out.push_str(close);
}

fn show_payload(out: &mut String, name: &str, p: &Option<Box<Val>>, ty: Option<&ValType>) {
    out.push_str(name);
    if let Some(p) = p {
        out.push('(');
        show_into(out, p, ty);
        out.push(')');
    }
}

fn label(labels: &[String], i: u32) -> Option<&str> {
    labels.get(i as usize).map(String::as_str)
}

/// Prints `v` in WAVE syntax, using `ty` for labels; without a matching
/// type, falls back to positions (`#2`).
fn show_into(out: &mut String, v: &Val, ty: Option<&ValType>) {
    use ValType as T;
    let _ = match (v, ty) {
        (Val::Bool(b), _) => write!(out, "{b}"),
        (Val::S8(x), _) => write!(out, "{x}"),
        (Val::U8(x), _) => write!(out, "{x}"),
        (Val::S16(x), _) => write!(out, "{x}"),
        (Val::U16(x), _) => write!(out, "{x}"),
        (Val::S32(x), _) => write!(out, "{x}"),
        (Val::U32(x), _) => write!(out, "{x}"),
        (Val::S64(x), _) => write!(out, "{x}"),
        (Val::U64(x), _) => write!(out, "{x}"),
        (Val::F32(x), _) => write!(out, "{}", show_float(x.is_nan(), format!("{x:?}"))),
        (Val::F64(x), _) => write!(out, "{}", show_float(x.is_nan(), format!("{x:?}"))),
        (Val::Char(c), _) => write!(out, "'{}'", c.escape_debug()),
        (Val::String(s), _) => write!(out, "\"{}\"", s.escape_debug()),
        (Val::List(items), Some(T::List(t))) => {
            show_seq(out, "[", "]", items.iter().map(|v| (v, Some(t.element()))));
            Ok(())
        }
        (Val::List(items), Some(T::FixedList(t))) => {
            show_seq(out, "[", "]", items.iter().map(|v| (v, Some(t.element()))));
            Ok(())
        }
        (Val::List(items), _) => {
            show_seq(out, "[", "]", items.iter().map(|v| (v, None)));
            Ok(())
        }
        (Val::Tuple(items), Some(T::Tuple(t))) => {
            show_seq(out, "(", ")", items.iter().zip(t.types().iter().map(Some).chain(std::iter::repeat(None))));
            Ok(())
        }
        (Val::Tuple(items), _) => {
            show_seq(out, "(", ")", items.iter().map(|v| (v, None)));
            Ok(())
        }
        (Val::Record(fields), Some(T::Record(t))) => {
            out.push('{');
            for (i, v) in fields.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                let field = t.fields().get(i);
                let _ = write!(out, "{}: ", field.map_or("?", |f| f.name.as_str()));
                show_into(out, v, field.map(|f| &f.ty));
            }
            out.push_str(" }");
            Ok(())
        }
        (Val::Record(fields), _) => {
            show_seq(out, "{ ", " }", fields.iter().map(|v| (v, None)));
            Ok(())
        }
        (Val::Variant(i, p), Some(T::Variant(t))) => {
            let case = t.cases().get(*i as usize);
            let name = case.map_or_else(|| format!("#{i}"), |c| c.name.clone());
            show_payload(out, &name, p, case.and_then(|c| c.ty.as_ref()));
            Ok(())
        }
        (Val::Variant(i, p), _) => {
            show_payload(out, &format!("#{i}"), p, None);
            Ok(())
        }
        (Val::Enum(i), Some(T::Enum(t))) => match label(t.labels(), *i) {
            Some(l) => write!(out, "{l}"),
            None => write!(out, "#{i}"),
        },
        (Val::Enum(i), _) => write!(out, "#{i}"),
        (Val::Option(None), _) => write!(out, "none"),
        (Val::Option(p), t) => {
            let some = match t {
                Some(T::Option(t)) => Some(t.some()),
                _ => None,
            };
            show_payload(out, "some", p, some);
            Ok(())
        }
        (Val::Result(r), t) => {
            let rt = match t {
                Some(T::Result(t)) => Some(t),
                _ => None,
            };
            match r {
                Ok(p) => show_payload(out, "ok", p, rt.and_then(|t| t.ok())),
                Err(p) => show_payload(out, "err", p, rt.and_then(|t| t.err())),
            }
            Ok(())
        }
        (Val::Flags(bits), t) => {
            let labels = match t {
                Some(T::Flags(t)) => t.labels(),
                _ => &[],
            };
            let names: Vec<String> = (0..32)
                .filter(|b| bits & (1 << b) != 0)
                .map(|b| label(labels, b).map_or_else(|| format!("#{b}"), str::to_string))
                .collect();
            write!(out, "{{{}}}", names.join(", "))
        }
        (Val::Own(h), _) => write!(out, "own({h})"),
        (Val::Borrow(h), _) => write!(out, "borrow({h})"),
    };
}

/// `v` in WAVE syntax, labelled by its type `ty`.
pub fn show(v: &Val, ty: &ValType) -> String {
    let mut out = String::new();
    show_into(&mut out, v, Some(ty));
    out
}

#[cfg(test)]
mod tests;
