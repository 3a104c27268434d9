//! Component value types with their canonical ABI layout computed once.
//!
//! A [`ValType`] is cheap to clone: compound types are reference counted and
//! carry their [`Layout`] (size, alignment, flat count) and the offsets of
//! their fields, computed when the type is built. Lifting and lowering never
//! recompute them.

use crate::layout::{discriminant_size, flags_size, max_u32, variant_layout};
use crate::prelude::*;
use alloc::borrow::Cow;
use core::fmt;

/// The canonical ABI facts of a type in a 32-bit linear memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layout {
    /// Byte size of one value in memory (`elem_size`).
    pub size: u32,
    /// Byte alignment of a value in memory (`alignment`).
    pub align: u32,
    /// Number of core values the type flattens to (`len(flatten_type(t))`).
    pub flat_count: u32,
}

impl Layout {
    const fn scalar(size: u32) -> Self {
        Layout { size, align: size, flat_count: 1 }
    }
}

/// A component value type (CanonicalABI.md, "Despecialization" lists how the
/// specialized ones map onto the fundamental ones).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ValType {
    /// `bool`
    Bool,
    /// `s8`
    S8,
    /// `u8`
    U8,
    /// `s16`
    S16,
    /// `u16`
    U16,
    /// `s32`
    S32,
    /// `u32`
    U32,
    /// `s64`
    S64,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `char`: a Unicode scalar value.
    Char,
    /// `string`
    String,
    /// `list<T>`
    List(Arc<ListType>),
    /// `list<T, N>`: a fixed-length list, laid out like a tuple.
    FixedList(Arc<FixedListType>),
    /// `record { ... }`
    Record(Arc<RecordType>),
    /// `tuple<...>`
    Tuple(Arc<TupleType>),
    /// `variant { ... }`
    Variant(Arc<VariantType>),
    /// `enum { ... }`
    Enum(Arc<EnumType>),
    /// `option<T>`
    Option(Arc<OptionType>),
    /// `result<T, E>`, either side possibly absent.
    Result(Arc<ResultType>),
    /// `flags { ... }`
    Flags(Arc<FlagsType>),
    /// `own<R>`, lowered as its `i32` handle; the number names the resource type.
    Own(u32),
    /// `borrow<R>`, lowered as its `i32` handle; the number names the resource type.
    Borrow(u32),
}

/// Why a type could not be built, or why a typed Rust value does not match a
/// component type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeError {
    /// A record, tuple, variant or enum with no fields or cases; empty types
    /// are not permitted by the Component Model.
    Empty(&'static str),
    /// A `flags` type with more than 32 labels.
    TooManyFlags(usize),
    /// A variant or enum with more cases than a `u32` discriminant can count.
    TooManyCases(usize),
    /// A fixed-length list of length zero.
    ZeroLengthFixedList,
    /// The type's byte size reaches 2^31. (Validation of components enforces
    /// the Component Model's tighter bound of 2^28 on every defined type; the
    /// canonical ABI only needs sizes whose sums cannot overflow.)
    /// on every value type.
    TooLarge,
    /// A typed Rust value was checked against a component type it does not match.
    Mismatch {
        /// What the Rust type can represent.
        expected: Cow<'static, str>,
        /// The component type that was found instead.
        found: String,
    },
    /// A part of a typed Rust value (a field of a derived record, a case of a
    /// derived variant) does not match its part of the component type.
    InType {
        /// The Rust type that was checked.
        rust_type: &'static str,
        /// Which part of it failed, for example ``field `name` (WIT `name`)``.
        part: Cow<'static, str>,
        /// Why that part does not match.
        error: Box<TypeError>,
    },
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeError::Empty(kind) => {
                write!(f, "a {kind} needs at least one field or case; empty types are not allowed")
            }
            TypeError::TooManyFlags(n) => {
                write!(f, "flags type has {n} labels; at most 32 are allowed")
            }
            TypeError::TooManyCases(n) => {
                write!(f, "type has {n} cases; at most 2^32 - 1 are allowed")
            }
            TypeError::ZeroLengthFixedList => {
                write!(f, "a fixed-length list needs a length of at least 1")
            }
            TypeError::TooLarge => write!(f, "type's byte size reaches 2^31; split it into smaller types"),
            TypeError::Mismatch { expected, found } => {
                write!(f, "type mismatch: the Rust type needs {expected} but the component type is {found}")
            }
            TypeError::InType { rust_type, part, error } => write!(f, "in Rust type `{rust_type}`, {part}: {error}"),
        }
    }
}

impl core::error::Error for TypeError {}

impl TypeError {
    /// A mismatch between what a Rust type expects and the type `found`.
    pub fn mismatch(expected: &'static str, found: &ValType) -> Self {
        TypeError::Mismatch { expected: Cow::Borrowed(expected), found: found.to_string() }
    }
}

/// Types larger than this are rejected, so that offsets within one value,
/// plus an alignment, always fit in a `u32`.
const MAX_TYPE_SIZE: u64 = (1 << 31) - 1;

fn checked_size(size: u64) -> Result<u32, TypeError> {
    if size > MAX_TYPE_SIZE {
        return Err(TypeError::TooLarge);
    }
    u32::try_from(size).map_err(|_| TypeError::TooLarge)
}

fn checked_case_count(n: usize, kind: &'static str) -> Result<u32, TypeError> {
    if n == 0 {
        return Err(TypeError::Empty(kind));
    }
    u32::try_from(n).map_err(|_| TypeError::TooManyCases(n))
}

/// `list<T>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListType {
    element: ValType,
}

impl ListType {
    /// `list<element>`.
    pub fn new(element: ValType) -> Self {
        ListType { element }
    }
    /// The element type.
    pub fn element(&self) -> &ValType {
        &self.element
    }
}

/// `list<T, N>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FixedListType {
    element: ValType,
    len: u32,
    layout: Layout,
}

impl FixedListType {
    /// `list<element, len>`; fails for a zero length or a size of 2^31 or more.
    pub fn new(element: ValType, len: u32) -> Result<Self, TypeError> {
        if len == 0 {
            return Err(TypeError::ZeroLengthFixedList);
        }
        let el = element.layout();
        let size = checked_size(u64::from(el.size) * u64::from(len))?;
        let flat_count = el.flat_count.saturating_mul(len);
        Ok(FixedListType { element, len, layout: Layout { size, align: el.align, flat_count } })
    }
    /// The element type.
    pub fn element(&self) -> &ValType {
        &self.element
    }
    /// The fixed number of elements.
    pub fn len(&self) -> u32 {
        self.len
    }
    /// Always false: fixed-length lists have at least one element.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The shared layout of a sequence of fields: records, tuples and the
/// parameter lists of functions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FieldsLayout {
    pub(crate) offsets: Box<[u32]>,
    pub(crate) layout: Layout,
}

impl FieldsLayout {
    /// `elem_size_record` / `alignment_record` / `flatten_record`, allowing an
    /// empty sequence (a function without parameters).
    pub(crate) fn new<'a>(types: impl Iterator<Item = &'a ValType>) -> Result<Self, TypeError> {
        let mut offsets = Vec::new();
        let mut size: u64 = 0;
        let mut align = 1;
        let mut flat_count: u32 = 0;
        for ty in types {
            let l = ty.layout();
            size = crate::layout::align_to_u64(size, u64::from(l.align));
            offsets.push(checked_size(size)?);
            size += u64::from(l.size);
            align = max_u32(align, l.align);
            flat_count = flat_count.saturating_add(l.flat_count);
        }
        let size = checked_size(crate::layout::align_to_u64(size, u64::from(align)))?;
        Ok(FieldsLayout { offsets: offsets.into_boxed_slice(), layout: Layout { size, align, flat_count } })
    }
}

/// A named field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field's label.
    pub name: String,
    /// The field's type.
    pub ty: ValType,
}

/// `record { ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordType {
    fields: Box<[Field]>,
    pub(crate) fields_layout: FieldsLayout,
}

impl RecordType {
    /// A record of the given fields, in order; at least one field is required.
    pub fn new(fields: impl IntoIterator<Item = (String, ValType)>) -> Result<Self, TypeError> {
        let fields: Box<[Field]> = fields.into_iter().map(|(name, ty)| Field { name, ty }).collect();
        if fields.is_empty() {
            return Err(TypeError::Empty("record"));
        }
        let fields_layout = FieldsLayout::new(fields.iter().map(|f| &f.ty))?;
        Ok(RecordType { fields, fields_layout })
    }
    /// The fields in declaration order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }
    /// The byte offset of each field from the start of the record.
    pub fn offsets(&self) -> &[u32] {
        &self.fields_layout.offsets
    }
}

/// `tuple<...>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TupleType {
    types: Box<[ValType]>,
    pub(crate) fields_layout: FieldsLayout,
}

impl TupleType {
    /// A tuple of the given types; at least one is required.
    pub fn new(types: impl IntoIterator<Item = ValType>) -> Result<Self, TypeError> {
        let types: Box<[ValType]> = types.into_iter().collect();
        if types.is_empty() {
            return Err(TypeError::Empty("tuple"));
        }
        let fields_layout = FieldsLayout::new(types.iter())?;
        Ok(TupleType { types, fields_layout })
    }
    /// The element types in order.
    pub fn types(&self) -> &[ValType] {
        &self.types
    }
    /// The byte offset of each element from the start of the tuple.
    pub fn offsets(&self) -> &[u32] {
        &self.fields_layout.offsets
    }
}

/// The layout shared by every variant-like type: variants, enums, options
/// and results (`despecialize` turns each into a variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CasesLayout {
    pub(crate) cases: u32,
    pub(crate) disc_size: u32,
    pub(crate) payload_offset: u32,
    pub(crate) layout: Layout,
}

impl CasesLayout {
    fn new<'a>(cases: u32, payloads: impl Iterator<Item = Option<&'a ValType>>) -> Result<Self, TypeError> {
        let mut payload_size = 0;
        let mut payload_align = 1;
        let mut payload_flat = 0;
        for ty in payloads.flatten() {
            let l = ty.layout();
            payload_size = max_u32(payload_size, l.size);
            payload_align = max_u32(payload_align, l.align);
            payload_flat = max_u32(payload_flat, l.flat_count);
        }
        let (size, align, payload_offset) = variant_layout(cases, payload_size, payload_align);
        let size = checked_size(u64::from(size))?;
        Ok(CasesLayout {
            cases,
            disc_size: discriminant_size(cases),
            payload_offset,
            layout: Layout { size, align, flat_count: payload_flat.saturating_add(1) },
        })
    }
}

/// A case of a variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Case {
    /// The case's label.
    pub name: String,
    /// The case's payload type, if it has one.
    pub ty: Option<ValType>,
}

/// `variant { ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VariantType {
    cases: Box<[Case]>,
    pub(crate) cases_layout: CasesLayout,
}

impl VariantType {
    /// A variant of the given cases, in order; at least one is required.
    pub fn new(cases: impl IntoIterator<Item = (String, Option<ValType>)>) -> Result<Self, TypeError> {
        let cases: Box<[Case]> = cases.into_iter().map(|(name, ty)| Case { name, ty }).collect();
        let count = checked_case_count(cases.len(), "variant")?;
        let cases_layout = CasesLayout::new(count, cases.iter().map(|c| c.ty.as_ref()))?;
        Ok(VariantType { cases, cases_layout })
    }
    /// The cases in declaration order.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }
}

/// `enum { ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumType {
    labels: Box<[String]>,
    pub(crate) cases_layout: CasesLayout,
}

impl EnumType {
    /// An enum of the given labels, in order; at least one is required.
    pub fn new(labels: impl IntoIterator<Item = String>) -> Result<Self, TypeError> {
        let labels: Box<[String]> = labels.into_iter().collect();
        let count = checked_case_count(labels.len(), "enum")?;
        let cases_layout = CasesLayout::new(count, core::iter::empty())?;
        Ok(EnumType { labels, cases_layout })
    }
    /// The labels in declaration order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// `option<T>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OptionType {
    some: ValType,
    pub(crate) cases_layout: CasesLayout,
}

impl OptionType {
    /// `option<some>`.
    pub fn new(some: ValType) -> Result<Self, TypeError> {
        let cases_layout = CasesLayout::new(2, [None, Some(&some)].into_iter())?;
        Ok(OptionType { some, cases_layout })
    }
    /// The payload type of `some`.
    pub fn some(&self) -> &ValType {
        &self.some
    }
}

/// `result<T, E>`; either payload may be absent (`result`, `result<T>`, `result<_, E>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResultType {
    ok: Option<ValType>,
    err: Option<ValType>,
    pub(crate) cases_layout: CasesLayout,
}

impl ResultType {
    /// `result<ok, err>`.
    pub fn new(ok: Option<ValType>, err: Option<ValType>) -> Result<Self, TypeError> {
        let cases_layout = CasesLayout::new(2, [ok.as_ref(), err.as_ref()].into_iter())?;
        Ok(ResultType { ok, err, cases_layout })
    }
    /// The payload type of `ok`, if any.
    pub fn ok(&self) -> Option<&ValType> {
        self.ok.as_ref()
    }
    /// The payload type of `error`, if any.
    pub fn err(&self) -> Option<&ValType> {
        self.err.as_ref()
    }
}

/// `flags { ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagsType {
    labels: Box<[String]>,
}

impl FlagsType {
    /// Flags with the given labels, in order; 1 to 32 labels are allowed.
    pub fn new(labels: impl IntoIterator<Item = String>) -> Result<Self, TypeError> {
        let labels: Box<[String]> = labels.into_iter().collect();
        if labels.is_empty() {
            return Err(TypeError::Empty("flags"));
        }
        if labels.len() > 32 {
            return Err(TypeError::TooManyFlags(labels.len()));
        }
        Ok(FlagsType { labels })
    }
    /// The labels in declaration order; label `i` is bit `i`.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// A mask with one bit set for every label.
    pub fn mask(&self) -> u32 {
        u32::MAX >> (32 - self.labels.len())
    }
    fn layout(&self) -> Layout {
        // Label counts are 1..=32 by construction, so this fits in u32.
        let size = flags_size(self.labels.len() as u32);
        Layout { size, align: size, flat_count: 1 }
    }
}

impl ValType {
    /// `list<element>`.
    pub fn list(element: ValType) -> Self {
        ValType::List(Arc::new(ListType::new(element)))
    }
    /// `list<element, len>`.
    pub fn fixed_list(element: ValType, len: u32) -> Result<Self, TypeError> {
        Ok(ValType::FixedList(Arc::new(FixedListType::new(element, len)?)))
    }
    /// `record { name: type, ... }`.
    pub fn record<S: Into<String>>(fields: impl IntoIterator<Item = (S, ValType)>) -> Result<Self, TypeError> {
        Ok(ValType::Record(Arc::new(RecordType::new(fields.into_iter().map(|(n, t)| (n.into(), t)))?)))
    }
    /// `tuple<...>`.
    pub fn tuple(types: impl IntoIterator<Item = ValType>) -> Result<Self, TypeError> {
        Ok(ValType::Tuple(Arc::new(TupleType::new(types)?)))
    }
    /// `variant { name(type), name, ... }`.
    pub fn variant<S: Into<String>>(cases: impl IntoIterator<Item = (S, Option<ValType>)>) -> Result<Self, TypeError> {
        Ok(ValType::Variant(Arc::new(VariantType::new(cases.into_iter().map(|(n, t)| (n.into(), t)))?)))
    }
    /// `enum { ... }`.
    pub fn enumeration<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Result<Self, TypeError> {
        Ok(ValType::Enum(Arc::new(EnumType::new(labels.into_iter().map(Into::into))?)))
    }
    /// `option<some>`.
    pub fn option(some: ValType) -> Result<Self, TypeError> {
        Ok(ValType::Option(Arc::new(OptionType::new(some)?)))
    }
    /// `result<ok, err>`.
    pub fn result(ok: Option<ValType>, err: Option<ValType>) -> Result<Self, TypeError> {
        Ok(ValType::Result(Arc::new(ResultType::new(ok, err)?)))
    }
    /// `flags { ... }`.
    pub fn flags<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Result<Self, TypeError> {
        Ok(ValType::Flags(Arc::new(FlagsType::new(labels.into_iter().map(Into::into))?)))
    }

    /// Size, alignment and flat count, precomputed for compound types.
    #[inline]
    pub fn layout(&self) -> Layout {
        match self {
            ValType::Bool | ValType::S8 | ValType::U8 => Layout::scalar(1),
            ValType::S16 | ValType::U16 => Layout::scalar(2),
            ValType::S32 | ValType::U32 | ValType::F32 | ValType::Char => Layout::scalar(4),
            ValType::S64 | ValType::U64 | ValType::F64 => Layout::scalar(8),
            ValType::Own(_) | ValType::Borrow(_) => Layout::scalar(4),
            ValType::String | ValType::List(_) => Layout { size: 8, align: 4, flat_count: 2 },
            ValType::FixedList(t) => t.layout,
            ValType::Record(t) => t.fields_layout.layout,
            ValType::Tuple(t) => t.fields_layout.layout,
            ValType::Variant(t) => t.cases_layout.layout,
            ValType::Enum(t) => t.cases_layout.layout,
            ValType::Option(t) => t.cases_layout.layout,
            ValType::Result(t) => t.cases_layout.layout,
            ValType::Flags(t) => t.layout(),
        }
    }

    /// Byte size in memory (`elem_size`).
    #[inline]
    pub fn size(&self) -> u32 {
        self.layout().size
    }

    /// Byte alignment in memory (`alignment`).
    #[inline]
    pub fn align(&self) -> u32 {
        self.layout().align
    }

    /// Number of flat core values (`len(flatten_type(t))`).
    #[inline]
    pub fn flat_count(&self) -> u32 {
        self.layout().flat_count
    }

    /// A short name of the type's kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ValType::Bool => "bool",
            ValType::S8 => "s8",
            ValType::U8 => "u8",
            ValType::S16 => "s16",
            ValType::U16 => "u16",
            ValType::S32 => "s32",
            ValType::U32 => "u32",
            ValType::S64 => "s64",
            ValType::U64 => "u64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::Char => "char",
            ValType::String => "string",
            ValType::List(_) => "list",
            ValType::FixedList(_) => "fixed-length list",
            ValType::Record(_) => "record",
            ValType::Tuple(_) => "tuple",
            ValType::Variant(_) => "variant",
            ValType::Enum(_) => "enum",
            ValType::Option(_) => "option",
            ValType::Result(_) => "result",
            ValType::Flags(_) => "flags",
            ValType::Own(_) => "own",
            ValType::Borrow(_) => "borrow",
        }
    }

    /// The variant-like layout of variants, enums, options and results.
    #[inline]
    pub(crate) fn cases_layout(&self) -> Option<&CasesLayout> {
        match self {
            ValType::Variant(t) => Some(&t.cases_layout),
            ValType::Enum(t) => Some(&t.cases_layout),
            ValType::Option(t) => Some(&t.cases_layout),
            ValType::Result(t) => Some(&t.cases_layout),
            _ => None,
        }
    }

    /// The payload type of case `index` of a variant-like type: `None` when the
    /// index is out of range, `Some(None)` for a case without payload.
    #[inline]
    pub(crate) fn case_payload(&self, index: u32) -> Option<Option<&ValType>> {
        let i = index as usize;
        match self {
            ValType::Variant(t) => t.cases.get(i).map(|c| c.ty.as_ref()),
            ValType::Enum(t) => (i < t.labels.len()).then_some(None),
            ValType::Option(t) => match i {
                0 => Some(None),
                1 => Some(Some(&t.some)),
                _ => None,
            },
            ValType::Result(t) => match i {
                0 => Some(t.ok.as_ref()),
                1 => Some(t.err.as_ref()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Prints the type in WIT syntax (labels as given).
impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T>(
            f: &mut fmt::Formatter<'_>,
            items: &[T],
            mut one: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
        ) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                one(f, item)?;
            }
            Ok(())
        }
        fn side(f: &mut fmt::Formatter<'_>, t: Option<&ValType>) -> fmt::Result {
            match t {
                Some(t) => write!(f, "{t}"),
                None => f.write_str("_"),
            }
        }
        match self {
            ValType::List(t) => write!(f, "list<{}>", t.element),
            ValType::FixedList(t) => write!(f, "list<{}, {}>", t.element, t.len),
            ValType::Record(t) => {
                f.write_str("record { ")?;
                list(f, &t.fields, |f, field| write!(f, "{}: {}", field.name, field.ty))?;
                f.write_str(" }")
            }
            ValType::Tuple(t) => {
                f.write_str("tuple<")?;
                list(f, &t.types, |f, ty| write!(f, "{ty}"))?;
                f.write_str(">")
            }
            ValType::Variant(t) => {
                f.write_str("variant { ")?;
                list(f, &t.cases, |f, c| match &c.ty {
                    Some(ty) => write!(f, "{}({ty})", c.name),
                    None => f.write_str(&c.name),
                })?;
                f.write_str(" }")
            }
            ValType::Enum(t) => {
                f.write_str("enum { ")?;
                list(f, &t.labels, |f, l| f.write_str(l))?;
                f.write_str(" }")
            }
            ValType::Option(t) => write!(f, "option<{}>", t.some),
            ValType::Result(t) => match (&t.ok, &t.err) {
                (None, None) => f.write_str("result"),
                (Some(ok), None) => write!(f, "result<{ok}>"),
                (ok, err) => {
                    f.write_str("result<")?;
                    side(f, ok.as_ref())?;
                    f.write_str(", ")?;
                    side(f, err.as_ref())?;
                    f.write_str(">")
                }
            },
            ValType::Flags(t) => {
                f.write_str("flags { ")?;
                list(f, &t.labels, |f, l| f.write_str(l))?;
                f.write_str(" }")
            }
            ValType::Own(r) => write!(f, "own<resource-{r}>"),
            ValType::Borrow(r) => write!(f, "borrow<resource-{r}>"),
            other => f.write_str(other.kind()),
        }
    }
}

#[cfg(test)]
mod tests;
