//! Flat core values (CanonicalABI.md, "Flattening", "Flat Lifting", "Flat Lowering").
//!
//! A flat value is held as a raw `u64` bit pattern: `i32` and `f32` values
//! zero-extended, `i64` and `f64` values as they are. With that one
//! representation, every coercion that `flatten_variant`'s `join` demands
//! (`f32` in an `i32` slot, `i32` or `f32` or `f64` in an `i64` slot, and the
//! wrap back to 32 bits when lifting) is the identity on bits, so lifting and
//! lowering variants needs no per-slot type dispatch.

use crate::prelude::*;
use crate::trap::Trap;
use crate::types::ValType;

/// A core value type of a flattened signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlatType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
}

impl FlatType {
    /// `join` of two flat types (the tightest type both fit in).
    pub fn join(self, other: FlatType) -> FlatType {
        match (self, other) {
            (a, b) if a == b => a,
            (FlatType::I32, FlatType::F32) | (FlatType::F32, FlatType::I32) => FlatType::I32,
            _ => FlatType::I64,
        }
    }

    /// The type's name in the core text format.
    pub fn name(self) -> &'static str {
        match self {
            FlatType::I32 => "i32",
            FlatType::I64 => "i64",
            FlatType::F32 => "f32",
            FlatType::F64 => "f64",
        }
    }
}

/// Appends the flat types of `ty` to `out` (`flatten_type`).
///
/// Computing this walks the type; callers should check
/// [`ValType::flat_count`] first, since a fixed-length list can flatten to
/// millions of values.
pub fn flatten(ty: &ValType, out: &mut Vec<FlatType>) {
    match ty {
        ValType::Bool
        | ValType::S8
        | ValType::U8
        | ValType::S16
        | ValType::U16
        | ValType::S32
        | ValType::U32
        | ValType::Char
        | ValType::Flags(_)
        | ValType::Own(_)
        | ValType::Borrow(_) => out.push(FlatType::I32),
        ValType::S64 | ValType::U64 => out.push(FlatType::I64),
        ValType::F32 => out.push(FlatType::F32),
        ValType::F64 => out.push(FlatType::F64),
        ValType::String | ValType::List(_) => out.extend([FlatType::I32, FlatType::I32]),
        ValType::FixedList(t) => {
            for _ in 0..t.len() {
                flatten(t.element(), out);
            }
        }
        ValType::Record(t) => t.fields().iter().for_each(|f| flatten(&f.ty, out)),
        ValType::Tuple(t) => t.types().iter().for_each(|t| flatten(t, out)),
        ValType::Variant(_) | ValType::Enum(_) | ValType::Option(_) | ValType::Result(_) => {
            flatten_cases(ty, out);
        }
    }
}

fn flatten_cases(ty: &ValType, out: &mut Vec<FlatType>) {
    out.push(FlatType::I32);
    let start = out.len();
    let mut case_flat = Vec::new();
    let mut index = 0;
    while let Some(payload) = ty.case_payload(index) {
        index += 1;
        let Some(payload) = payload else { continue };
        case_flat.clear();
        flatten(payload, &mut case_flat);
        for (i, ft) in case_flat.iter().enumerate() {
            match out.get_mut(start + i) {
                Some(slot) => *slot = slot.join(*ft),
                None => out.push(*ft),
            }
        }
    }
}

/// Flat types of a sequence of types (`flatten_types`).
pub fn flatten_types<'a>(types: impl IntoIterator<Item = &'a ValType>) -> Vec<FlatType> {
    let mut out = Vec::new();
    for ty in types {
        flatten(ty, &mut out);
    }
    out
}

/// Reads flat values in order (`CoreValueIter`).
#[derive(Debug)]
pub struct FlatReader<'a> {
    values: &'a [u64],
    pos: usize,
}

impl<'a> FlatReader<'a> {
    /// A reader over raw flat values.
    #[inline]
    pub fn new(values: &'a [u64]) -> Self {
        FlatReader { values, pos: 0 }
    }

    /// The next value's raw bits.
    #[inline]
    pub fn next_raw(&mut self) -> Result<u64, Trap> {
        let v = *self.values.get(self.pos).ok_or(Trap::FlatCountMismatch)?;
        self.pos += 1;
        Ok(v)
    }

    /// The next value as an `i32` (wrapping an `i64` slot, as `wrap_i64_to_i32`).
    #[inline]
    pub fn next_i32(&mut self) -> Result<u32, Trap> {
        Ok(self.next_raw()? as u32)
    }

    /// Skips `n` values (the unused tail of a variant's payload slots).
    #[inline]
    pub fn skip(&mut self, n: usize) -> Result<(), Trap> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.values.len()).ok_or(Trap::FlatCountMismatch)?;
        self.pos = end;
        Ok(())
    }

    /// How many values have been read.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether every value has been read.
    #[inline]
    pub fn is_done(&self) -> bool {
        self.pos == self.values.len()
    }
}

/// Writes flat values into a fixed buffer.
#[derive(Debug)]
pub struct FlatWriter<'a> {
    slots: &'a mut [u64],
    len: usize,
}

impl<'a> FlatWriter<'a> {
    /// A writer filling `slots` from the start.
    #[inline]
    pub fn new(slots: &'a mut [u64]) -> Self {
        FlatWriter { slots, len: 0 }
    }

    /// Appends raw bits.
    #[inline]
    pub fn push(&mut self, raw: u64) -> Result<(), Trap> {
        let slot = self.slots.get_mut(self.len).ok_or(Trap::FlatCountMismatch)?;
        *slot = raw;
        self.len += 1;
        Ok(())
    }

    /// Appends an `i32` (zero-extended).
    #[inline]
    pub fn push_i32(&mut self, v: u32) -> Result<(), Trap> {
        self.push(u64::from(v))
    }

    /// Appends zeros until `len` values have been written (variant padding).
    #[inline]
    pub fn pad_to(&mut self, len: usize) -> Result<(), Trap> {
        while self.len < len {
            self.push(0)?;
        }
        Ok(())
    }

    /// How many values have been written.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values written so far.
    #[inline]
    pub fn written(&self) -> &[u64] {
        &self.slots[..self.len]
    }
}

/// Canonicalizes a NaN `f32` to `0x7fc00000` (`canonicalize_nan32`; also the
/// deterministic profile's `maybe_scramble_nan32`).
#[inline]
pub fn canonical_f32(f: f32) -> f32 {
    if f.is_nan() { f32::from_bits(0x7fc0_0000) } else { f }
}

/// Canonicalizes a NaN `f64` to `0x7ff8000000000000` (`canonicalize_nan64`).
#[inline]
pub fn canonical_f64(f: f64) -> f64 {
    if f.is_nan() { f64::from_bits(0x7ff8_0000_0000_0000) } else { f }
}

/// A `char` from its `i32` code point, trapping on surrogates and values past
/// 0x10FFFF (`convert_i32_to_char`).
#[inline]
pub fn char_from_i32(i: u32) -> Result<char, Trap> {
    char::from_u32(i).ok_or(Trap::InvalidChar(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_flattening_joins_payload_slots() {
        // variant { a(f32), b(u32), c(f64), d(tuple<f32, u8>) }
        let ty = ValType::variant([
            ("a", Some(ValType::F32)),
            ("b", Some(ValType::U32)),
            ("c", Some(ValType::F64)),
            ("d", Some(ValType::tuple([ValType::F32, ValType::U8]).expect("tuple"))),
        ])
        .expect("variant");
        let flat = flatten_types([&ty]);
        assert_eq!(flat, [FlatType::I32, FlatType::I64, FlatType::I32]);
        assert_eq!(ty.flat_count() as usize, flat.len());
        let only_floats = ValType::option(ValType::F32).expect("option");
        assert_eq!(flatten_types([&only_floats]), [FlatType::I32, FlatType::F32]);
    }

    #[test]
    fn reader_and_writer_report_count_mismatches() {
        let mut r = FlatReader::new(&[1, 2]);
        assert_eq!(r.next_i32(), Ok(1));
        assert_eq!(r.skip(2), Err(Trap::FlatCountMismatch));
        assert_eq!(r.next_raw(), Ok(2));
        assert_eq!(r.next_raw(), Err(Trap::FlatCountMismatch));
        let mut slots = [0u64; 1];
        let mut w = FlatWriter::new(&mut slots);
        assert_eq!(w.push_i32(u32::MAX), Ok(()));
        assert_eq!(w.written(), &[0xffff_ffff]);
        assert_eq!(w.push(0), Err(Trap::FlatCountMismatch));
    }

    #[test]
    fn chars_and_nans_are_checked_and_canonical() {
        assert_eq!(char_from_i32(0x41), Ok('A'));
        assert_eq!(char_from_i32(0xD800), Err(Trap::InvalidChar(0xD800)));
        assert_eq!(char_from_i32(0x110000), Err(Trap::InvalidChar(0x110000)));
        assert_eq!(canonical_f32(f32::from_bits(0xffc0_0001)).to_bits(), 0x7fc0_0000);
        assert_eq!(canonical_f64(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(canonical_f64(f64::from_bits(0xfff0_0000_0000_0001)).to_bits(), 0x7ff8_0000_0000_0000);
    }
}
