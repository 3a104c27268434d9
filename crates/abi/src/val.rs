//! Dynamic component values.

use crate::prelude::*;
use crate::types::ValType;

/// A component value whose type is known from context (a [`ValType`]).
///
/// Compound values are positional: record fields and tuple elements in type
/// order, variant and enum cases by index, flags as a bit set (bit `i` for
/// label `i`). Names live in the type, so lifting allocates no labels.
/// Floats compare by bit pattern, so canonical NaNs are equal to each other.
///
#[derive(Debug, Clone)]
pub enum Val {
    /// `bool`
    Bool(bool),
    /// `s8`
    S8(i8),
    /// `u8`
    U8(u8),
    /// `s16`
    S16(i16),
    /// `u16`
    U16(u16),
    /// `s32`
    S32(i32),
    /// `u32`
    U32(u32),
    /// `s64`
    S64(i64),
    /// `u64`
    U64(u64),
    /// `f32`
    F32(f32),
    /// `f64`
    F64(f64),
    /// `char`
    Char(char),
    /// `string`
    String(String),
    /// `list<T>` and `list<T, N>`
    List(Vec<Val>),
    /// `record`: the fields in type order.
    Record(Vec<Val>),
    /// `tuple`
    Tuple(Vec<Val>),
    /// `variant`: the case index and its payload.
    Variant(u32, Option<Box<Val>>),
    /// `enum`: the case index.
    Enum(u32),
    /// `option`
    Option(Option<Box<Val>>),
    /// `result`: `Ok` or `Err` with an optional payload.
    Result(Result<Option<Box<Val>>, Option<Box<Val>>>),
    /// `flags`: bit `i` set when label `i` is.
    Flags(u32),
    /// `own<R>`: an owning handle. Two words name what the `u32` is: a
    /// **handle index** is a slot of a handle table (what a guest passes
    /// around, and what the host holds for resources a component defines:
    /// an index into the host's own table); a **representation** is the
    /// resource's own `u32`, chosen by whoever defines it (what the host
    /// holds for resources it defines itself, such as a `ResourceTable`
    /// slot). At the canonical ABI level, as here, it is the flat `i32`
    /// exactly as it crosses; the runtime says, at each boundary, which of
    /// the two it is.
    Own(u32),
    /// `borrow<R>`: a borrowed handle, lent for one call; the `u32` is a
    /// handle index or a representation, as for [`Val::Own`].
    Borrow(u32),
}

impl PartialEq for Val {
    fn eq(&self, other: &Self) -> bool {
        use Val::*;
        match (self, other) {
            (Bool(a), Bool(b)) => a == b,
            (S8(a), S8(b)) => a == b,
            (U8(a), U8(b)) => a == b,
            (S16(a), S16(b)) => a == b,
            (U16(a), U16(b)) => a == b,
            (S32(a), S32(b)) => a == b,
            (U32(a), U32(b)) => a == b,
            (S64(a), S64(b)) => a == b,
            (U64(a), U64(b)) => a == b,
            (F32(a), F32(b)) => a.to_bits() == b.to_bits(),
            (F64(a), F64(b)) => a.to_bits() == b.to_bits(),
            (Char(a), Char(b)) => a == b,
            (String(a), String(b)) => a == b,
            (List(a), List(b)) | (Record(a), Record(b)) | (Tuple(a), Tuple(b)) => a == b,
            (Variant(i, a), Variant(j, b)) => i == j && a == b,
            (Enum(a), Enum(b)) | (Flags(a), Flags(b)) | (Own(a), Own(b)) | (Borrow(a), Borrow(b)) => a == b,
            (Option(a), Option(b)) => a == b,
            (Result(a), Result(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Val {}

impl Val {
    /// `some(v)`.
    pub fn some(v: Val) -> Val {
        Val::Option(Some(Box::new(v)))
    }
    /// `ok(v)` or `ok` without payload.
    pub fn ok(v: Option<Val>) -> Val {
        Val::Result(Ok(v.map(Box::new)))
    }
    /// `err(v)` or `err` without payload.
    pub fn err(v: Option<Val>) -> Val {
        Val::Result(Err(v.map(Box::new)))
    }
    /// A variant case with an optional payload.
    pub fn variant(case: u32, payload: Option<Val>) -> Val {
        Val::Variant(case, payload.map(Box::new))
    }

    /// The simplest value of `ty`: zero, `false`, `'\0'`, empty strings and
    /// lists, the first case of variants (with its payload's default), no
    /// flags set, handle 0.
    pub fn default_of(ty: &ValType) -> Val {
        let payload = |t: Option<&ValType>| t.map(|t| Box::new(Val::default_of(t)));
        match ty {
            ValType::Bool => Val::Bool(false),
            ValType::S8 => Val::S8(0),
            ValType::U8 => Val::U8(0),
            ValType::S16 => Val::S16(0),
            ValType::U16 => Val::U16(0),
            ValType::S32 => Val::S32(0),
            ValType::U32 => Val::U32(0),
            ValType::S64 => Val::S64(0),
            ValType::U64 => Val::U64(0),
            ValType::F32 => Val::F32(0.0),
            ValType::F64 => Val::F64(0.0),
            ValType::Char => Val::Char('\0'),
            ValType::String => Val::String(String::new()),
            ValType::List(_) => Val::List(Vec::new()),
            ValType::FixedList(t) => Val::List((0..t.len()).map(|_| Val::default_of(t.element())).collect()),
            ValType::Record(t) => Val::Record(t.fields().iter().map(|f| Val::default_of(&f.ty)).collect()),
            ValType::Tuple(t) => Val::Tuple(t.types().iter().map(Val::default_of).collect()),
            ValType::Variant(t) => Val::Variant(0, payload(t.cases().first().and_then(|c| c.ty.as_ref()))),
            ValType::Enum(_) => Val::Enum(0),
            ValType::Option(_) => Val::Option(None),
            ValType::Result(t) => Val::Result(Ok(payload(t.ok()))),
            ValType::Flags(_) => Val::Flags(0),
            ValType::Own(_) => Val::Own(0),
            ValType::Borrow(_) => Val::Borrow(0),
        }
    }
}
