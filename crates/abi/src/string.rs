//! Strings in `utf8`, `utf16` and `latin1+utf16`, loaded with every validity
//! check and stored with exactly the reference's `realloc` sequence
//! (CanonicalABI.md, "Loading" `load_string` and "Storing" `store_string`).
//!
//! A string carries a [`StringHint`]: the encoding it came from and its length
//! in that encoding's code units. `store_string` uses the hint to choose its
//! first allocation size, so the same text can produce different (but
//! specified) `realloc` calls depending on where it came from.

use crate::context::{LiftContext, LowerContext, check_aligned, checked_range};
use crate::host_alloc;
use crate::layout::UTF16_TAG;
use crate::memory::Memory;
use crate::options::StringEncoding;
use crate::prelude::*;
use crate::trap::{Access, Trap};

/// The origin of a string: its source encoding and its length in that
/// encoding's (tagged) code units, as `load_string` returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StringHint {
    encoding: StringEncoding,
    tagged_code_units: u32,
}

impl StringHint {
    /// The hint of a host string: UTF-8, its byte length. Fails for a string
    /// of 4 GiB or more.
    pub(crate) fn of_str(s: &str) -> Result<Self, Trap> {
        let len = u32::try_from(s.len()).map_err(|_| Trap::StringTooLong { bytes: s.len() as u64, cap: u32::MAX })?;
        Ok(StringHint { encoding: StringEncoding::Utf8, tagged_code_units: len })
    }

    /// Whether this hint can describe `text`: its length in the hint's
    /// encoding is the hint's code units (and Latin-1 text fits Latin-1).
    pub fn describes(&self, text: &str) -> bool {
        let units = u64::from(self.tagged_code_units);
        match self.encoding {
            StringEncoding::Utf8 => text.len() as u64 == units,
            StringEncoding::Utf16 => utf16_len(text) == units,
            StringEncoding::Latin1Utf16 if self.tagged_code_units & UTF16_TAG != 0 => {
                utf16_len(text) == u64::from(self.tagged_code_units ^ UTF16_TAG)
            }
            StringEncoding::Latin1Utf16 => {
                text.chars().count() as u64 == units && text.chars().all(|c| u32::from(c) < 0x100)
            }
        }
    }

    /// The source encoding.
    pub fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    /// The source length in code units, with the UTF-16 tag bit for
    /// `latin1+utf16` strings stored as UTF-16.
    pub fn tagged_code_units(&self) -> u32 {
        self.tagged_code_units
    }
}

/// A string lifted out of guest memory, with the hint for lowering it again.
/// The two are kept together (and private) so that the hint always matches
/// the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiftedString {
    text: String,
    hint: StringHint,
}

impl LiftedString {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Where the text came from.
    pub fn hint(&self) -> StringHint {
        self.hint
    }
    /// The text, dropping the hint.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// The three plain encodings a stored string can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plain {
    Utf8,
    Utf16,
    Latin1,
}

/// `load_string_from_range`: validates and decodes the string at `ptr` with
/// `tagged_code_units` in the context's encoding.
pub fn load_string(cx: &mut LiftContext<'_>, ptr: u32, tagged_code_units: u32) -> Result<LiftedString, Trap> {
    let (align, byte_len, plain) = match cx.encoding() {
        StringEncoding::Utf8 => (1, u64::from(tagged_code_units), Plain::Utf8),
        StringEncoding::Utf16 => (2, 2 * u64::from(tagged_code_units), Plain::Utf16),
        StringEncoding::Latin1Utf16 if tagged_code_units & UTF16_TAG != 0 => {
            (2, 2 * u64::from(tagged_code_units ^ UTF16_TAG), Plain::Utf16)
        }
        StringEncoding::Latin1Utf16 => (2, u64::from(tagged_code_units), Plain::Latin1),
    };
    let cap = cx.limits().max_string_bytes;
    if byte_len > u64::from(cap) {
        return Err(Trap::StringTooLong { bytes: byte_len, cap });
    }
    check_aligned(ptr, align).map_err(|t| t.at(Access::String))?;
    let bytes = cx.slice(ptr, byte_len).map_err(|t| t.at(Access::String))?;
    cx.charge(byte_len)?;
    let text = match plain {
        Plain::Utf8 => decode_utf8(ptr, bytes)?,
        Plain::Utf16 => decode_utf16(ptr, bytes)?,
        Plain::Latin1 => decode_latin1(bytes)?,
    };
    Ok(LiftedString { text, hint: StringHint { encoding: cx.encoding(), tagged_code_units } })
}

fn decode_utf8(ptr: u32, bytes: &[u8]) -> Result<String, Trap> {
    match core::str::from_utf8(bytes) {
        Ok(s) => owned(s),
        Err(e) => {
            Err(Trap::InvalidUtf8 { ptr, valid_up_to: e.valid_up_to() as u32, incomplete: e.error_len().is_none() })
        }
    }
}

fn decode_utf16(ptr: u32, bytes: &[u8]) -> Result<String, Trap> {
    // Invariant: room for at least one byte per code unit still to come, so
    // an ASCII unit never reallocates; any other character reserves its own
    // bytes plus that room again, fallibly too.
    let mut text = host_alloc::string_for(bytes.len() / 2)?;
    let mut units = bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]]));
    while let Some(unit) = units.next() {
        // ASCII, the common case, needs no surrogate logic.
        if unit < 0x80 {
            text.push(unit as u8 as char);
            continue;
        }
        let c = match unit {
            0xD800..=0xDBFF => match units.next() {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(cp)
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(u32::from(unit)),
        };
        let c = c.ok_or(Trap::InvalidUtf16 { ptr })?;
        host_alloc::reserve(&mut text, c.len_utf8() + units.len())?;
        text.push(c);
    }
    Ok(text)
}

fn decode_latin1(bytes: &[u8]) -> Result<String, Trap> {
    // ASCII means the same in Latin-1 and UTF-8, so it is copied as is.
    if bytes.is_ascii()
        && let Ok(ascii) = core::str::from_utf8(bytes)
    {
        return owned(ascii);
    }
    // At most two UTF-8 bytes per Latin-1 byte: no push reallocates.
    let mut text = host_alloc::string_for(bytes.len().saturating_mul(2))?;
    text.extend(bytes.iter().map(|&b| b as char));
    Ok(text)
}

/// `s` copied into a string of exactly its length.
fn owned(s: &str) -> Result<String, Trap> {
    let mut text = host_alloc::string_for(s.len())?;
    text.push_str(s);
    Ok(text)
}

/// Stores a host string (UTF-8 source) in the context's encoding and returns
/// `(ptr, tagged_code_units)`.
pub fn store_str<M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, text: &str) -> Result<(u32, u32), Trap> {
    store_string(cx, text, StringHint::of_str(text)?)
}

/// Stores a string lifted from another instance, using its hint exactly as
/// the reference does, and returns `(ptr, tagged_code_units)`.
pub fn store_lifted<M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, s: &LiftedString) -> Result<(u32, u32), Trap> {
    store_string(cx, &s.text, s.hint)
}

/// `store_string_into_range`: stores `text` (which came from `hint`) in the
/// context's encoding and returns `(ptr, tagged_code_units)`.
pub(crate) fn store_string<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    hint: StringHint,
) -> Result<(u32, u32), Trap> {
    let tagged = hint.tagged_code_units;
    let (src, units) = match hint.encoding {
        StringEncoding::Utf8 => (Plain::Utf8, tagged),
        StringEncoding::Utf16 => (Plain::Utf16, tagged),
        StringEncoding::Latin1Utf16 if tagged & UTF16_TAG != 0 => (Plain::Utf16, tagged ^ UTF16_TAG),
        StringEncoding::Latin1Utf16 => (Plain::Latin1, tagged),
    };
    let src_bytes = if src == Plain::Utf16 { 2 * u64::from(units) } else { u64::from(units) };
    let cap = cx.limits().max_string_bytes;
    if src_bytes > u64::from(cap) {
        return Err(Trap::StringTooLong { bytes: src_bytes, cap });
    }
    match (cx.encoding(), src) {
        (StringEncoding::Utf8, Plain::Utf8) => store_copy(cx, text, units, 1, 1, Plain::Utf8),
        (StringEncoding::Utf8, Plain::Utf16) => store_to_utf8(cx, text, units, 3 * units),
        (StringEncoding::Utf8, Plain::Latin1) => store_to_utf8(cx, text, units, 2 * units),
        (StringEncoding::Utf16, Plain::Utf8) => store_utf8_to_utf16(cx, text, units),
        (StringEncoding::Utf16, _) => store_copy(cx, text, units, 2, 2, Plain::Utf16),
        (StringEncoding::Latin1Utf16, Plain::Latin1) if hint.encoding == StringEncoding::Latin1Utf16 => {
            store_copy(cx, text, units, 1, 2, Plain::Latin1)
        }
        (StringEncoding::Latin1Utf16, Plain::Utf16) if hint.encoding == StringEncoding::Latin1Utf16 => {
            store_probably_utf16_to_latin1_or_utf16(cx, text, units)
        }
        (StringEncoding::Latin1Utf16, _) => store_to_latin1_or_utf16(cx, text, units),
    }
}

/// Lifts the string at `ptr` from `src` and stores it into `dst`, transcoding
/// between their encodings with the reference's `realloc` sequence.
pub fn transcode<M: Memory + ?Sized>(
    src: &mut LiftContext<'_>,
    ptr: u32,
    tagged_code_units: u32,
    dst: &mut LowerContext<'_, M>,
) -> Result<(u32, u32), Trap> {
    let s = load_string(src, ptr, tagged_code_units)?;
    store_lifted(dst, &s)
}

/// Writes `text` at `ptr` in `enc`, filling at most `len` bytes.
fn write_encoded<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    ptr: u32,
    len: u64,
    text: &str,
    enc: Plain,
) -> Result<(), Trap> {
    let dst = cx.slice_mut(ptr, len)?;
    match enc {
        Plain::Utf8 => {
            let n = dst.len().min(text.len());
            dst[..n].copy_from_slice(&text.as_bytes()[..n]);
        }
        Plain::Utf16 => {
            for (pair, unit) in dst.chunks_exact_mut(2).zip(text.encode_utf16()) {
                pair.copy_from_slice(&unit.to_le_bytes());
            }
        }
        Plain::Latin1 => {
            for (byte, c) in dst.iter_mut().zip(text.chars()) {
                *byte = c as u32 as u8;
            }
        }
    }
    Ok(())
}

fn utf16_len(text: &str) -> u64 {
    text.chars().map(|c| c.len_utf16() as u64).sum()
}

/// `store_string_copy`: the destination size is known up front.
fn store_copy<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    units: u32,
    unit_size: u32,
    align: u32,
    enc: Plain,
) -> Result<(u32, u32), Trap> {
    let byte_len = unit_size * units;
    let ptr = cx.allocate(align, byte_len)?;
    write_encoded(cx, ptr, u64::from(byte_len), text, enc)?;
    Ok((ptr, units))
}

/// `store_string_to_utf8`: optimistic one-byte-per-unit allocation, then a
/// worst-case reallocation at the first non-ASCII code point, then a shrink.
fn store_to_utf8<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    units: u32,
    worst_case: u32,
) -> Result<(u32, u32), Trap> {
    let mut ptr = cx.allocate(1, units)?;
    // All code points before the first non-ASCII one are one byte in every
    // encoding, so the code point index equals the byte index.
    let ascii = text.bytes().position(|b| b >= 0x80).unwrap_or(text.len());
    write_encoded(cx, ptr, ascii as u64, &text[..ascii], Plain::Utf8)?;
    if ascii == text.len() {
        return Ok((ptr, units));
    }
    ptr = cx.realloc(ptr, units, 1, worst_case)?;
    cx.check_allocation(ptr, 1, worst_case)?;
    let encoded = text.len() as u32;
    write_encoded(cx, ptr + ascii as u32, u64::from(encoded) - ascii as u64, &text[ascii..], Plain::Utf8)?;
    if worst_case > encoded {
        ptr = cx.realloc(ptr, worst_case, 1, encoded)?;
        cx.check_allocation(ptr, 1, encoded)?;
    }
    Ok((ptr, encoded))
}

/// `store_utf8_to_utf16`: worst-case allocation, then a shrink.
fn store_utf8_to_utf16<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    units: u32,
) -> Result<(u32, u32), Trap> {
    let worst_case = 2 * units;
    let mut ptr = cx.allocate(2, worst_case)?;
    let encoded = (2 * utf16_len(text)) as u32;
    write_encoded(cx, ptr, u64::from(encoded), text, Plain::Utf16)?;
    if encoded < worst_case {
        ptr = cx.realloc(ptr, worst_case, 2, encoded)?;
        cx.check_allocation(ptr, 2, encoded)?;
    }
    Ok((ptr, encoded / 2))
}

/// `store_string_to_latin1_or_utf16`: speculates Latin-1, inflates in place
/// to UTF-16 at the first code point past U+00FF.
fn store_to_latin1_or_utf16<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    units: u32,
) -> Result<(u32, u32), Trap> {
    let mut ptr = cx.allocate(2, units)?;
    let latin1 = text.char_indices().find(|(_, c)| u32::from(*c) >= 0x100);
    let (split, latin1_len) = match latin1 {
        Some((byte, _)) => (byte, text[..byte].chars().count()),
        None => (text.len(), text.chars().count()),
    };
    write_encoded(cx, ptr, latin1_len as u64, &text[..split], Plain::Latin1)?;
    let latin1_len = latin1_len as u32;
    if split == text.len() {
        if latin1_len < units {
            ptr = cx.realloc(ptr, units, 2, latin1_len)?;
            cx.check_allocation(ptr, 2, latin1_len)?;
        }
        return Ok((ptr, latin1_len));
    }
    let worst_case = 2 * units;
    ptr = cx.realloc(ptr, units, 2, worst_case)?;
    cx.check_allocation(ptr, 2, worst_case)?;
    let region = cx.slice_mut(ptr, u64::from(worst_case))?;
    inflate_latin1_in_place(region, latin1_len as usize);
    let rest_units = utf16_len(&text[split..]) as u32;
    let encoded = 2 * (latin1_len + rest_units);
    write_encoded(cx, ptr + 2 * latin1_len, u64::from(2 * rest_units), &text[split..], Plain::Utf16)?;
    if worst_case > encoded {
        ptr = cx.realloc(ptr, worst_case, 2, encoded)?;
        cx.check_allocation(ptr, 2, encoded)?;
    }
    Ok((ptr, (encoded / 2) | UTF16_TAG))
}

/// Widens the first `n` Latin-1 bytes of `region` to UTF-16 in place,
/// back to front so that no byte is overwritten before it is read.
fn inflate_latin1_in_place(region: &mut [u8], n: usize) {
    let n = n.min(region.len() / 2);
    for j in (0..n).rev() {
        region[2 * j] = region[j];
        region[2 * j + 1] = 0;
    }
}

/// `store_probably_utf16_to_latin1_or_utf16`: assumes UTF-16, deflates to
/// Latin-1 at the end if every code point fits.
fn store_probably_utf16_to_latin1_or_utf16<M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    text: &str,
    units: u32,
) -> Result<(u32, u32), Trap> {
    let byte_len = 2 * units;
    let mut ptr = cx.allocate(2, byte_len)?;
    let encoded = (2 * utf16_len(text)) as u32;
    write_encoded(cx, ptr, u64::from(encoded), text, Plain::Utf16)?;
    if text.chars().any(|c| u32::from(c) >= 0x100) {
        return Ok((ptr, (encoded / 2) | UTF16_TAG));
    }
    let latin1_len = encoded / 2;
    let region = cx.slice_mut(ptr, u64::from(encoded))?;
    for i in 0..region.len() / 2 {
        region[i] = region[2 * i];
    }
    ptr = cx.realloc(ptr, byte_len, 1, latin1_len)?;
    checked_range(ptr, u64::from(latin1_len), cx.memory().bytes().len()).map_err(|t| t.at(Access::Realloc))?;
    Ok((ptr, latin1_len))
}

#[cfg(test)]
mod tests;
