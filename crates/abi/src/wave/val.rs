//! [`WaveVal`]: a [`Val`] paired with its [`ValType`], the value WAVE's
//! parser makes and its writer reads.
//!
//! [`Val`] is positional (a record is its field values in type order, a
//! variant its case index), while WAVE's writer asks a value for the names
//! of its fields, cases and flags: those live in the type, so the
//! [`WasmValue`] implementation is for the pair.

use super::handle;
use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use alloc::borrow::Cow;
use wasm_wave::wasm::{WasmType, WasmTypeKind, WasmValue, WasmValueError};

/// A [`Val`] with its [`ValType`]: the [`WasmValue`] that `wasm-wave`
/// parses into and writes from.
///
/// Built from borrowed parts with [`WaveVal::new`], it borrows its nested
/// values too, so writing copies nothing; values made by the parser own
/// theirs, and [`WaveVal::into_val`] takes the [`Val`] out.
#[derive(Debug, Clone)]
pub struct WaveVal<'a> {
    val: Cow<'a, Val>,
    ty: ValType,
}

impl<'a> WaveVal<'a> {
    /// `val`, of type `ty`. A value that does not have its type is refused
    /// when written, not here.
    pub fn new(val: &'a Val, ty: &ValType) -> Self {
        WaveVal { val: Cow::Borrowed(val), ty: ty.clone() }
    }

    /// An owned value of type `ty`.
    fn owned(val: Val, ty: &ValType) -> WaveVal<'static> {
        WaveVal { val: Cow::Owned(val), ty: ty.clone() }
    }

    /// The value.
    pub fn val(&self) -> &Val {
        &self.val
    }

    /// The value's type.
    pub fn ty(&self) -> &ValType {
        &self.ty
    }

    /// The value, owned.
    pub fn into_val(self) -> Val {
        self.val.into_owned()
    }

    /// The part of this value that `pick(value, i)` picks, of type `ty`:
    /// borrowed when this value is, a copy otherwise.
    fn part(&self, pick: fn(&Val, usize) -> Option<&Val>, i: usize, ty: &ValType) -> Option<Cow<'_, Self>> {
        let val = match &self.val {
            Cow::Borrowed(v) => Cow::Borrowed(pick(v, i)?),
            Cow::Owned(v) => Cow::Owned(pick(v, i)?.clone()),
        };
        Some(Cow::Owned(WaveVal { val, ty: ty.clone() }))
    }

    /// Element `i` of a list, record or tuple, of type `ty`.
    fn element(&self, i: usize, ty: &ValType) -> Option<Cow<'_, Self>> {
        self.part(element_of, i, ty)
    }

    /// The payload of a variant, option or result, of type `ty`.
    fn payload(&self, ty: Option<&ValType>) -> Option<Cow<'_, Self>> {
        self.part(payload_of, 0, ty?)
    }
}

/// Element `i` of a list, record or tuple.
fn element_of(val: &Val, i: usize) -> Option<&Val> {
    match val {
        Val::List(items) | Val::Record(items) | Val::Tuple(items) => items.get(i),
        _ => None,
    }
}

/// The payload of a variant, option or result (`_` is unused).
fn payload_of(val: &Val, _: usize) -> Option<&Val> {
    match val {
        Val::Variant(_, p) | Val::Option(p) | Val::Result(Ok(p) | Err(p)) => p.as_deref(),
        _ => None,
    }
}

/// Whether `val` has type `ty` at the top level (nested values are
/// checked when they are reached).
pub(super) fn shallow_match(val: &Val, ty: &ValType) -> bool {
    let payload = |p: &Option<Box<Val>>, t: Option<&ValType>| p.is_some() == t.is_some();
    let index = |i: u32, n: usize| usize::try_from(i).is_ok_and(|i| i < n);
    match (ty, val) {
        (ValType::Bool, Val::Bool(_))
        | (ValType::S8, Val::S8(_))
        | (ValType::U8, Val::U8(_))
        | (ValType::S16, Val::S16(_))
        | (ValType::U16, Val::U16(_))
        | (ValType::S32, Val::S32(_))
        | (ValType::U32, Val::U32(_))
        | (ValType::S64, Val::S64(_))
        | (ValType::U64, Val::U64(_))
        | (ValType::F32, Val::F32(_))
        | (ValType::F64, Val::F64(_))
        | (ValType::Char, Val::Char(_))
        | (ValType::String, Val::String(_))
        | (ValType::List(_), Val::List(_))
        | (ValType::Own(_), Val::Own(_))
        | (ValType::Borrow(_), Val::Borrow(_)) => true,
        (ValType::FixedList(t), Val::List(items)) => usize::try_from(t.len()).ok() == Some(items.len()),
        (ValType::Record(t), Val::Record(items)) => t.fields().len() == items.len(),
        (ValType::Tuple(t), Val::Tuple(items)) => t.types().len() == items.len(),
        (ValType::Variant(t), Val::Variant(i, p)) => {
            index(*i, t.cases().len()) && payload(p, t.cases()[*i as usize].ty.as_ref())
        }
        (ValType::Enum(t), Val::Enum(i)) => index(*i, t.labels().len()),
        (ValType::Option(_), Val::Option(_)) => true,
        (ValType::Result(t), Val::Result(Ok(p))) => payload(p, t.ok()),
        (ValType::Result(t), Val::Result(Err(p))) => payload(p, t.err()),
        (ValType::Flags(t), Val::Flags(bits)) => bits & !t.mask() == 0,
        _ => false,
    }
}

/// A [`WasmValueError`] for a value of the wrong kind for `ty`.
fn wrong_kind(ty: &ValType, kind: WasmTypeKind) -> WasmValueError {
    WasmValueError::WrongTypeKind { kind, ty: ty.to_string() }
}

/// The index of the case called `name` among `names`, as a `u32`.
fn case_index<'n>(names: impl Iterator<Item = &'n str>, name: &str) -> Result<u32, WasmValueError> {
    let mut names = names;
    let index = names.position(|n| n == name).ok_or_else(|| WasmValueError::UnknownCase(name.into()))?;
    u32::try_from(index).map_err(|_| WasmValueError::UnknownCase(name.into()))
}

/// `val` boxed, present exactly when the case has a payload type.
fn case_payload(
    case: &str,
    ty: Option<&ValType>,
    val: Option<WaveVal<'_>>,
) -> Result<Option<Box<Val>>, WasmValueError> {
    match (ty, val) {
        (Some(_), Some(v)) => Ok(Some(Box::new(v.into_val()))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(WasmValueError::MissingPayload(case.into())),
        (None, Some(_)) => Err(WasmValueError::UnexpectedPayload(case.into())),
    }
}

impl<'a> WasmValue for WaveVal<'a> {
    type Type = ValType;

    /// The kind of the type, `Unsupported` when the value does not have
    /// its type (so that the writer refuses it). A handle reads as a
    /// variant, so that it prints as `own(N)` or `borrow(N)`.
    fn kind(&self) -> WasmTypeKind {
        if !shallow_match(&self.val, &self.ty) {
            return WasmTypeKind::Unsupported;
        }
        match &self.ty {
            ValType::Own(_) | ValType::Borrow(_) => WasmTypeKind::Variant,
            ty => WasmType::kind(ty),
        }
    }

    fn make_bool(val: bool) -> Self {
        WaveVal::owned(Val::Bool(val), &ValType::Bool)
    }
    fn make_s8(val: i8) -> Self {
        WaveVal::owned(Val::S8(val), &ValType::S8)
    }
    fn make_s16(val: i16) -> Self {
        WaveVal::owned(Val::S16(val), &ValType::S16)
    }
    fn make_s32(val: i32) -> Self {
        WaveVal::owned(Val::S32(val), &ValType::S32)
    }
    fn make_s64(val: i64) -> Self {
        WaveVal::owned(Val::S64(val), &ValType::S64)
    }
    fn make_u8(val: u8) -> Self {
        WaveVal::owned(Val::U8(val), &ValType::U8)
    }
    fn make_u16(val: u16) -> Self {
        WaveVal::owned(Val::U16(val), &ValType::U16)
    }
    fn make_u32(val: u32) -> Self {
        WaveVal::owned(Val::U32(val), &ValType::U32)
    }
    fn make_u64(val: u64) -> Self {
        WaveVal::owned(Val::U64(val), &ValType::U64)
    }
    fn make_f32(val: f32) -> Self {
        WaveVal::owned(Val::F32(val), &ValType::F32)
    }
    fn make_f64(val: f64) -> Self {
        WaveVal::owned(Val::F64(val), &ValType::F64)
    }
    fn make_char(val: char) -> Self {
        WaveVal::owned(Val::Char(val), &ValType::Char)
    }
    fn make_string(val: Cow<'_, str>) -> Self {
        WaveVal::owned(Val::String(val.into_owned()), &ValType::String)
    }

    /// A list; for a fixed-length list type, exactly that many elements.
    fn make_list(ty: &ValType, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        let items: Vec<Val> = vals.into_iter().map(WaveVal::into_val).collect();
        match ty {
            ValType::List(_) => {}
            ValType::FixedList(t) if usize::try_from(t.len()).ok() == Some(items.len()) => {}
            ValType::FixedList(t) => {
                let len = t.len();
                return Err(WasmValueError::Other(format!(
                    "expected a list of {len} element{}, found {}",
                    if len == 1 { "" } else { "s" },
                    items.len()
                )));
            }
            _ => return Err(wrong_kind(ty, WasmTypeKind::List)),
        }
        Ok(WaveVal::owned(Val::List(items), ty))
    }

    /// A record from its fields in any order; every field must be given
    /// once (WAVE's parser fills in left-out `option` fields as `none`).
    fn make_record<'f>(
        ty: &ValType,
        fields: impl IntoIterator<Item = (&'f str, Self)>,
    ) -> Result<Self, WasmValueError> {
        let ValType::Record(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Record)) };
        let mut values: Vec<Option<Val>> = vec![None; t.fields().len()];
        for (name, val) in fields {
            let slot = t.fields().iter().position(|f| f.name == name).and_then(|i| values.get_mut(i));
            let slot = slot.ok_or_else(|| WasmValueError::UnknownField(name.into()))?;
            *slot = Some(val.into_val());
        }
        let values = values
            .into_iter()
            .zip(t.fields())
            .map(|(v, f)| v.ok_or_else(|| WasmValueError::MissingField(f.name.clone())));
        Ok(WaveVal::owned(Val::Record(values.collect::<Result<_, _>>()?), ty))
    }

    fn make_tuple(ty: &ValType, vals: impl IntoIterator<Item = Self>) -> Result<Self, WasmValueError> {
        let ValType::Tuple(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Tuple)) };
        let items: Vec<Val> = vals.into_iter().map(WaveVal::into_val).collect();
        if items.len() != t.types().len() {
            return Err(WasmValueError::WrongNumberOfTupleValues { want: t.types().len(), got: items.len() });
        }
        Ok(WaveVal::owned(Val::Tuple(items), ty))
    }

    fn make_variant(ty: &ValType, case: &str, val: Option<Self>) -> Result<Self, WasmValueError> {
        let ValType::Variant(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Variant)) };
        let index = case_index(t.cases().iter().map(|c| c.name.as_str()), case)?;
        let case_ty = t.cases().get(index as usize).and_then(|c| c.ty.as_ref());
        Ok(WaveVal::owned(Val::Variant(index, case_payload(case, case_ty, val)?), ty))
    }

    fn make_enum(ty: &ValType, case: &str) -> Result<Self, WasmValueError> {
        let ValType::Enum(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Enum)) };
        Ok(WaveVal::owned(Val::Enum(case_index(t.labels().iter().map(String::as_str), case)?), ty))
    }

    fn make_option(ty: &ValType, val: Option<Self>) -> Result<Self, WasmValueError> {
        let ValType::Option(_) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Option)) };
        Ok(WaveVal::owned(Val::Option(val.map(|v| Box::new(v.into_val()))), ty))
    }

    fn make_result(ty: &ValType, val: Result<Option<Self>, Option<Self>>) -> Result<Self, WasmValueError> {
        let ValType::Result(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Result)) };
        let val = match val {
            Ok(v) => Ok(case_payload("ok", t.ok(), v)?),
            Err(v) => Err(case_payload("err", t.err(), v)?),
        };
        Ok(WaveVal::owned(Val::Result(val), ty))
    }

    fn make_flags<'f>(ty: &ValType, names: impl IntoIterator<Item = &'f str>) -> Result<Self, WasmValueError> {
        let ValType::Flags(t) = ty else { return Err(wrong_kind(ty, WasmTypeKind::Flags)) };
        let mut bits = 0u32;
        for name in names {
            let index = case_index(t.labels().iter().map(String::as_str), name)?;
            bits |= 1u32.checked_shl(index).ok_or_else(|| WasmValueError::UnknownCase(name.into()))?;
        }
        Ok(WaveVal::owned(Val::Flags(bits), ty))
    }

    // The `unwrap_*` methods are called only for the kind `kind` reports,
    // which it reports only when the value has its type; a value of
    // another kind reads as the type's zero (never reached by the writer).

    fn unwrap_bool(&self) -> bool {
        matches!(*self.val, Val::Bool(true))
    }
    fn unwrap_s8(&self) -> i8 {
        if let Val::S8(v) = *self.val { v } else { 0 }
    }
    fn unwrap_s16(&self) -> i16 {
        if let Val::S16(v) = *self.val { v } else { 0 }
    }
    fn unwrap_s32(&self) -> i32 {
        if let Val::S32(v) = *self.val { v } else { 0 }
    }
    fn unwrap_s64(&self) -> i64 {
        if let Val::S64(v) = *self.val { v } else { 0 }
    }
    fn unwrap_u8(&self) -> u8 {
        if let Val::U8(v) = *self.val { v } else { 0 }
    }
    fn unwrap_u16(&self) -> u16 {
        if let Val::U16(v) = *self.val { v } else { 0 }
    }
    fn unwrap_u32(&self) -> u32 {
        if let Val::U32(v) = *self.val { v } else { 0 }
    }
    fn unwrap_u64(&self) -> u64 {
        if let Val::U64(v) = *self.val { v } else { 0 }
    }
    fn unwrap_f32(&self) -> f32 {
        if let Val::F32(v) = *self.val { v } else { 0.0 }
    }
    fn unwrap_f64(&self) -> f64 {
        if let Val::F64(v) = *self.val { v } else { 0.0 }
    }
    fn unwrap_char(&self) -> char {
        if let Val::Char(v) = *self.val { v } else { '\0' }
    }
    fn unwrap_string(&self) -> Cow<'_, str> {
        match &*self.val {
            Val::String(s) => Cow::Borrowed(s.as_str()),
            _ => Cow::Borrowed(""),
        }
    }

    fn unwrap_list(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        let (Val::List(items), Some(element)) = (&*self.val, self.ty.list_element_type()) else {
            return Box::new(core::iter::empty());
        };
        Box::new((0..items.len()).filter_map(move |i| self.element(i, &element)))
    }

    fn unwrap_record(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Cow<'_, Self>)> + '_> {
        let ValType::Record(t) = &self.ty else { return Box::new(core::iter::empty()) };
        let fields = t.fields().iter().enumerate();
        Box::new(fields.filter_map(move |(i, f)| Some((Cow::Borrowed(f.name.as_str()), self.element(i, &f.ty)?))))
    }

    fn unwrap_tuple(&self) -> Box<dyn Iterator<Item = Cow<'_, Self>> + '_> {
        let ValType::Tuple(t) = &self.ty else { return Box::new(core::iter::empty()) };
        Box::new(t.types().iter().enumerate().filter_map(move |(i, ty)| self.element(i, ty)))
    }

    /// The case's name and payload; a handle is the case `own` or
    /// `borrow` with its number as the payload.
    fn unwrap_variant(&self) -> (Cow<'_, str>, Option<Cow<'_, Self>>) {
        if let Some((case, number)) = handle::as_case(&self.val) {
            return (Cow::Borrowed(case), Some(Cow::Owned(WaveVal::owned(Val::U32(number), &ValType::U32))));
        }
        let (ValType::Variant(t), Val::Variant(i, _)) = (&self.ty, &*self.val) else {
            return (Cow::Borrowed(""), None);
        };
        match t.cases().get(*i as usize) {
            Some(case) => (Cow::Borrowed(case.name.as_str()), self.payload(case.ty.as_ref())),
            None => (Cow::Borrowed(""), None),
        }
    }

    fn unwrap_enum(&self) -> Cow<'_, str> {
        let label = match (&self.ty, &*self.val) {
            (ValType::Enum(t), Val::Enum(i)) => t.labels().get(*i as usize).map(String::as_str),
            _ => None,
        };
        Cow::Borrowed(label.unwrap_or(""))
    }

    fn unwrap_option(&self) -> Option<Cow<'_, Self>> {
        let ValType::Option(t) = &self.ty else { return None };
        self.payload(Some(t.some()))
    }

    fn unwrap_result(&self) -> Result<Option<Cow<'_, Self>>, Option<Cow<'_, Self>>> {
        match (&self.ty, &*self.val) {
            (ValType::Result(t), Val::Result(Ok(_))) => Ok(self.payload(t.ok())),
            (ValType::Result(t), Val::Result(Err(_))) => Err(self.payload(t.err())),
            _ => Ok(None),
        }
    }

    fn unwrap_flags(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        let (ValType::Flags(t), Val::Flags(bits)) = (&self.ty, &*self.val) else {
            return Box::new(core::iter::empty());
        };
        let bits = *bits;
        let set = t.labels().iter().enumerate().filter(move |(i, _)| *i < 32 && bits & (1 << i) != 0);
        Box::new(set.map(|(_, label)| Cow::Borrowed(label.as_str())))
    }
}
