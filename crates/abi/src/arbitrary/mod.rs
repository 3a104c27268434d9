//! Generators of arbitrary component types and matching values, and the
//! oracles the fuzz targets check them with (feature `arbitrary`).
//!
//! The fuzz targets under `fuzz/` stay thin: they build one of the cases
//! here from the fuzzer's bytes and call its `check`.

mod derived;
mod oracle;
mod typed_case;

pub use oracle::{HostileLift, RoundTrip};
pub use typed_case::TypedCase;

use crate::options::StringEncoding;
use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use arbitrary::{Result, Unstructured};

/// How deep generated types nest.
const MAX_DEPTH: u32 = 4;
/// Most fields, cases or elements of one generated compound type.
const MAX_WIDTH: usize = 6;
/// Most elements of one generated list, and code points of one string.
const MAX_LEN: usize = 24;

fn labels(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

fn width(u: &mut Unstructured<'_>) -> Result<usize> {
    u.int_in_range(1..=MAX_WIDTH)
}

/// An arbitrary string encoding.
pub fn arbitrary_encoding(u: &mut Unstructured<'_>) -> Result<StringEncoding> {
    Ok(*u.choose(&[StringEncoding::Utf8, StringEncoding::Utf16, StringEncoding::Latin1Utf16])?)
}

/// An arbitrary valid component value type, nested at most `MAX_DEPTH` deep.
/// Handles are left out: lifting them needs a handle table.
pub fn arbitrary_type(u: &mut Unstructured<'_>) -> Result<ValType> {
    type_at(u, 0)
}

fn type_at(u: &mut Unstructured<'_>, depth: u32) -> Result<ValType> {
    const SCALARS: [ValType; 13] = [
        ValType::Bool,
        ValType::S8,
        ValType::U8,
        ValType::S16,
        ValType::U16,
        ValType::S32,
        ValType::U32,
        ValType::S64,
        ValType::U64,
        ValType::F32,
        ValType::F64,
        ValType::Char,
        ValType::String,
    ];
    let kind = if depth >= MAX_DEPTH { 0 } else { u.int_in_range(0..=10)? };
    let invalid = |_| arbitrary::Error::IncorrectFormat;
    Ok(match kind {
        0..=2 => u.choose(&SCALARS)?.clone(),
        3 => ValType::list(type_at(u, depth + 1)?),
        4 => ValType::fixed_list(type_at(u, depth + 1)?, u.int_in_range(1..=4)?).map_err(invalid)?,
        5 => {
            let n = width(u)?;
            let fields = (0..n).map(|i| Ok((format!("f{i}"), type_at(u, depth + 1)?))).collect::<Result<Vec<_>>>()?;
            ValType::record(fields).map_err(invalid)?
        }
        6 => {
            let n = width(u)?;
            ValType::tuple((0..n).map(|_| type_at(u, depth + 1)).collect::<Result<Vec<_>>>()?).map_err(invalid)?
        }
        7 => {
            // Now and then a variant wide enough for a 16-bit discriminant.
            let n = if u.ratio(1, 16)? { 257 } else { width(u)? };
            let cases = (0..n)
                .map(|i| {
                    let payload = if i < MAX_WIDTH && u.arbitrary()? { Some(type_at(u, depth + 1)?) } else { None };
                    Ok((format!("c{i}"), payload))
                })
                .collect::<Result<Vec<_>>>()?;
            ValType::variant(cases).map_err(invalid)?
        }
        8 => {
            let n = if u.ratio(1, 8)? { u.int_in_range(250..=300)? } else { width(u)? };
            ValType::enumeration(labels("e", n)).map_err(invalid)?
        }
        9 => {
            if u.arbitrary()? {
                ValType::option(type_at(u, depth + 1)?).map_err(invalid)?
            } else {
                let ok = if u.arbitrary()? { Some(type_at(u, depth + 1)?) } else { None };
                let err = if u.arbitrary()? { Some(type_at(u, depth + 1)?) } else { None };
                ValType::result(ok, err).map_err(invalid)?
            }
        }
        _ => ValType::flags(labels("g", u.int_in_range(1..=32)?)).map_err(invalid)?,
    })
}

/// An arbitrary value of `ty`. Lists and strings stay short, so that a
/// value always fits a few MiB of memory.
pub fn arbitrary_val(u: &mut Unstructured<'_>, ty: &ValType) -> Result<Val> {
    Ok(match ty {
        ValType::Bool => Val::Bool(u.arbitrary()?),
        ValType::S8 => Val::S8(u.arbitrary()?),
        ValType::U8 => Val::U8(u.arbitrary()?),
        ValType::S16 => Val::S16(u.arbitrary()?),
        ValType::U16 => Val::U16(u.arbitrary()?),
        ValType::S32 => Val::S32(u.arbitrary()?),
        ValType::U32 => Val::U32(u.arbitrary()?),
        ValType::S64 => Val::S64(u.arbitrary()?),
        ValType::U64 => Val::U64(u.arbitrary()?),
        ValType::F32 => Val::F32(f32::from_bits(u.arbitrary()?)),
        ValType::F64 => Val::F64(f64::from_bits(u.arbitrary()?)),
        ValType::Char => Val::Char(u.arbitrary()?),
        ValType::String => Val::String(arbitrary_string(u)?),
        ValType::List(t) => {
            let n = u.int_in_range(0..=MAX_LEN)?;
            Val::List((0..n).map(|_| arbitrary_val(u, t.element())).collect::<Result<_>>()?)
        }
        ValType::FixedList(t) => Val::List((0..t.len()).map(|_| arbitrary_val(u, t.element())).collect::<Result<_>>()?),
        ValType::Record(t) => Val::Record(t.fields().iter().map(|f| arbitrary_val(u, &f.ty)).collect::<Result<_>>()?),
        ValType::Tuple(t) => Val::Tuple(t.types().iter().map(|t| arbitrary_val(u, t)).collect::<Result<_>>()?),
        ValType::Variant(t) => {
            let i = u.choose_index(t.cases().len())?;
            let payload = match &t.cases()[i].ty {
                Some(p) => Some(Box::new(arbitrary_val(u, p)?)),
                None => None,
            };
            Val::Variant(i as u32, payload)
        }
        ValType::Enum(t) => Val::Enum(u.choose_index(t.labels().len())? as u32),
        ValType::Option(t) => {
            if u.arbitrary()? {
                Val::some(arbitrary_val(u, t.some())?)
            } else {
                Val::Option(None)
            }
        }
        ValType::Result(t) => {
            let (is_ok, payload_ty) = if u.arbitrary()? { (true, t.ok()) } else { (false, t.err()) };
            let payload = match payload_ty {
                Some(p) => Some(Box::new(arbitrary_val(u, p)?)),
                None => None,
            };
            Val::Result(if is_ok { Ok(payload) } else { Err(payload) })
        }
        ValType::Flags(t) => Val::Flags(u.arbitrary::<u32>()? & t.mask()),
        ValType::Own(_) => Val::Own(u.arbitrary()?),
        ValType::Borrow(_) => Val::Borrow(u.arbitrary()?),
    })
}

/// A short arbitrary string, biased toward the code points whose encodings
/// differ between UTF-8, UTF-16 and Latin-1.
fn arbitrary_string(u: &mut Unstructured<'_>) -> Result<String> {
    const INTERESTING: [char; 8] = ['a', '\u{7f}', '\u{80}', 'é', '\u{ff}', 'Ā', '€', '😀'];
    let n = u.int_in_range(0..=MAX_LEN)?;
    (0..n).map(|_| if u.arbitrary()? { Ok(*u.choose(&INTERESTING)?) } else { u.arbitrary::<char>() }).collect()
}

/// `val` with every NaN replaced by the canonical NaN: what lifting gives
/// back after lowering `val`.
pub fn canonicalize(val: &Val) -> Val {
    use crate::flat::{canonical_f32, canonical_f64};
    let all = |vs: &[Val]| vs.iter().map(canonicalize).collect::<Vec<_>>();
    let boxed = |p: &Option<Box<Val>>| p.as_ref().map(|v| Box::new(canonicalize(v)));
    match val {
        Val::F32(f) => Val::F32(canonical_f32(*f)),
        Val::F64(f) => Val::F64(canonical_f64(*f)),
        Val::List(vs) => Val::List(all(vs)),
        Val::Record(vs) => Val::Record(all(vs)),
        Val::Tuple(vs) => Val::Tuple(all(vs)),
        Val::Variant(i, p) => Val::Variant(*i, boxed(p)),
        Val::Option(p) => Val::Option(boxed(p)),
        Val::Result(Ok(p)) => Val::Result(Ok(boxed(p))),
        Val::Result(Err(p)) => Val::Result(Err(boxed(p))),
        other => other.clone(),
    }
}
