//! Printing [`Val`]s as WAVE text on one line, byte for byte as the
//! reference writer (`wasm-wave`) prints them.

use super::is_keyword;
use airssys_wasm::{Val, ValType};
use std::fmt;

/// Why a value could not be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// A resource handle of this type: WAVE has no syntax for resources.
    Resource(String),
    /// The value does not have the type it was printed as.
    Mismatch(String),
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintError::Resource(ty) => write!(f, "`{ty}` is a resource handle, which WAVE cannot write"),
            PrintError::Mismatch(ty) => write!(f, "the value does not have its type `{ty}`"),
        }
    }
}

impl std::error::Error for PrintError {}

/// `val`, of type `ty`, as WAVE text.
pub fn to_string(val: &Val, ty: &ValType) -> Result<String, PrintError> {
    let mut out = String::new();
    write_value(&mut out, val, ty)?;
    Ok(out)
}

/// Appends `val` as WAVE text of type `ty` to `out`.
fn write_value(out: &mut String, val: &Val, ty: &ValType) -> Result<(), PrintError> {
    let mismatch = || PrintError::Mismatch(ty.to_string());
    match (ty, val) {
        (ValType::Bool, Val::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (ValType::S8, Val::S8(v)) => out.push_str(&v.to_string()),
        (ValType::U8, Val::U8(v)) => out.push_str(&v.to_string()),
        (ValType::S16, Val::S16(v)) => out.push_str(&v.to_string()),
        (ValType::U16, Val::U16(v)) => out.push_str(&v.to_string()),
        (ValType::S32, Val::S32(v)) => out.push_str(&v.to_string()),
        (ValType::U32, Val::U32(v)) => out.push_str(&v.to_string()),
        (ValType::S64, Val::S64(v)) => out.push_str(&v.to_string()),
        (ValType::U64, Val::U64(v)) => out.push_str(&v.to_string()),
        // Rust's `Display` is the shortest text that reads back exactly, and
        // writes `inf` and `-inf`; NaN (any payload) is `nan`.
        (ValType::F32, Val::F32(v)) if v.is_nan() => out.push_str("nan"),
        (ValType::F32, Val::F32(v)) => out.push_str(&v.to_string()),
        (ValType::F64, Val::F64(v)) if v.is_nan() => out.push_str("nan"),
        (ValType::F64, Val::F64(v)) => out.push_str(&v.to_string()),
        (ValType::Char, Val::Char(c)) => {
            out.push('\'');
            escape(out, *c);
            out.push('\'');
        }
        (ValType::String, Val::String(s)) => {
            out.push('"');
            s.chars().for_each(|c| escape(out, c));
            out.push('"');
        }
        (ValType::List(t), Val::List(items)) => sequence(out, "[", "]", items.iter().map(|v| (v, t.element())))?,
        (ValType::FixedList(t), Val::List(items)) if usize::try_from(t.len()).ok() == Some(items.len()) => {
            sequence(out, "[", "]", items.iter().map(|v| (v, t.element())))?
        }
        (ValType::Tuple(t), Val::Tuple(items)) if t.types().len() == items.len() => {
            sequence(out, "(", ")", items.iter().zip(t.types()))?
        }
        (ValType::Record(t), Val::Record(values)) if t.fields().len() == values.len() => {
            let fields = t.fields().iter().map(|f| (f.name.as_str(), &f.ty));
            record(out, fields.zip(values))?
        }
        (ValType::Variant(t), Val::Variant(index, payload)) => {
            let case = usize::try_from(*index).ok().and_then(|i| t.cases().get(i)).ok_or_else(mismatch)?;
            case_label(out, &case.name);
            write_payload(out, payload.as_deref(), case.ty.as_ref()).ok_or_else(mismatch)??;
        }
        (ValType::Enum(t), Val::Enum(index)) => {
            let label = usize::try_from(*index).ok().and_then(|i| t.labels().get(i)).ok_or_else(mismatch)?;
            case_label(out, label);
        }
        (ValType::Option(_), Val::Option(None)) => out.push_str("none"),
        (ValType::Option(t), Val::Option(Some(v))) => {
            out.push_str("some(");
            write_value(out, v, t.some())?;
            out.push(')');
        }
        (ValType::Result(t), Val::Result(Ok(payload))) => {
            out.push_str("ok");
            write_payload(out, payload.as_deref(), t.ok()).ok_or_else(mismatch)??;
        }
        (ValType::Result(t), Val::Result(Err(payload))) => {
            out.push_str("err");
            write_payload(out, payload.as_deref(), t.err()).ok_or_else(mismatch)??;
        }
        (ValType::Flags(t), Val::Flags(bits)) => flags(out, *bits, t.labels()).ok_or_else(mismatch)?,
        (ValType::Own(_) | ValType::Borrow(_), _) => return Err(PrintError::Resource(ty.to_string())),
        _ => return Err(mismatch()),
    }
    Ok(())
}

/// `open v, v, ... close`.
fn sequence<'v>(
    out: &mut String,
    open: &str,
    close: &str,
    items: impl Iterator<Item = (&'v Val, &'v ValType)>,
) -> Result<(), PrintError> {
    out.push_str(open);
    for (i, (val, ty)) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, val, ty)?;
    }
    out.push_str(close);
    Ok(())
}

/// `{field: value, ...}`, leaving out `none` options; `{:}` when every
/// field is left out.
fn record<'v>(
    out: &mut String,
    fields: impl Iterator<Item = ((&'v str, &'v ValType), &'v Val)>,
) -> Result<(), PrintError> {
    out.push('{');
    let mut empty = true;
    for ((name, ty), val) in fields {
        if matches!((ty, val), (ValType::Option(_), Val::Option(None))) {
            continue;
        }
        if !empty {
            out.push_str(", ");
        }
        empty = false;
        out.push_str(name);
        out.push_str(": ");
        write_value(out, val, ty)?;
    }
    if empty {
        out.push(':');
    }
    out.push('}');
    Ok(())
}

/// A variant or enum case: keywords get a `%` so they read as labels.
fn case_label(out: &mut String, label: &str) {
    if is_keyword(label) {
        out.push('%');
    }
    out.push_str(label);
}

/// `(payload)` when the case has one; `None` when the value's payload does
/// not match the case's.
fn write_payload(out: &mut String, payload: Option<&Val>, ty: Option<&ValType>) -> Option<Result<(), PrintError>> {
    match (payload, ty) {
        (None, None) => Some(Ok(())),
        (Some(val), Some(ty)) => {
            out.push('(');
            let written = write_value(out, val, ty);
            out.push(')');
            Some(written)
        }
        _ => None,
    }
}

/// `{label, ...}` in type order; `None` when a bit has no label.
fn flags(out: &mut String, bits: u32, labels: &[String]) -> Option<()> {
    let known = if labels.len() >= 32 { u32::MAX } else { (1u32 << labels.len()) - 1 };
    if bits & !known != 0 {
        return None;
    }
    out.push('{');
    let set = labels.iter().enumerate().filter(|(i, _)| *i < 32 && bits & (1 << i) != 0);
    for (n, (_, label)) in set.enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(label);
    }
    out.push('}');
    Some(())
}

/// Writes `c` inside quotes: quotes, backslash, tab, CR and LF as `\x`,
/// other control characters as `\u{..}`, everything else as Rust's
/// `escape_debug` writes it (the reference writer's rule).
fn escape(out: &mut String, c: char) {
    if matches!(c, '\\' | '"' | '\'' | '\t' | '\r' | '\n') {
        out.extend(c.escape_default());
    } else if c.is_control() {
        out.extend(c.escape_unicode());
    } else {
        out.extend(c.escape_debug());
    }
}
