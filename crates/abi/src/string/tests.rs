//! Tests for string loading, storing and transcoding. The cabi vectors cover
//! host (UTF-8) sources; these cover strings that came from UTF-16 and
//! Latin-1 memories, whose `realloc` sequences differ.

use super::*;
use crate::memory::{BumpMemory, ReallocCall};
use crate::options::{Limits, Options};
use crate::trap::Access;

fn call(old_ptr: u32, old_size: u32, align: u32, new_size: u32, returned: u32) -> ReallocCall {
    ReallocCall { old_ptr, old_size, align, new_size, returned }
}

/// Lifts `bytes` (stored at 0) with `len` in `from`, stores the string into a
/// fresh memory in `to`; returns the result, the calls and the memory.
fn transcode_bytes(
    bytes: &[u8],
    len: u32,
    from: StringEncoding,
    to: StringEncoding,
) -> ((u32, u32), Vec<ReallocCall>, Vec<u8>) {
    let src_opts = Options::new(from);
    let mut src = LiftContext::new(bytes, &src_opts);
    let mut dst_mem = BumpMemory::new(64, 8);
    let dst_opts = Options::new(to);
    let result = transcode(&mut src, 0, len, &mut LowerContext::new(&mut dst_mem, &dst_opts)).expect("transcode");
    (result, dst_mem.calls().to_vec(), dst_mem.bytes().to_vec())
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn utf16_to_utf8_reallocates_at_the_first_non_ascii_code_point() {
    let (r, calls, mem) = transcode_bytes(&utf16("aé"), 2, StringEncoding::Utf16, StringEncoding::Utf8);
    assert_eq!(calls, [call(0, 0, 1, 2, 8), call(8, 2, 1, 6, 10), call(10, 6, 1, 3, 16)]);
    assert_eq!(r, (16, 3));
    assert_eq!(&mem[16..19], "aé".as_bytes());
}

#[test]
fn ascii_utf16_to_utf8_needs_one_allocation() {
    let (r, calls, mem) = transcode_bytes(&utf16("ab"), 2, StringEncoding::Utf16, StringEncoding::Utf8);
    assert_eq!(calls, [call(0, 0, 1, 2, 8)]);
    assert_eq!((r, &mem[8..10]), ((8, 2), &b"ab"[..]));
}

#[test]
fn latin1_to_utf8_grows_to_twice_the_length_without_shrinking_when_full() {
    let (r, calls, mem) = transcode_bytes(&[0xff, 0, 0, 0], 1, StringEncoding::Latin1Utf16, StringEncoding::Utf8);
    assert_eq!(calls, [call(0, 0, 1, 1, 8), call(8, 1, 1, 2, 9)]);
    assert_eq!((r, &mem[9..11]), ((9, 2), "ÿ".as_bytes()));
}

#[test]
fn utf8_to_latin1_or_utf16_inflates_in_place() {
    let (r, calls, mem) = transcode_bytes("aĀ".as_bytes(), 3, StringEncoding::Utf8, StringEncoding::Latin1Utf16);
    assert_eq!(calls, [call(0, 0, 2, 3, 8), call(8, 3, 2, 6, 12), call(12, 6, 2, 4, 18)]);
    assert_eq!(r, (18, 2 | UTF16_TAG));
    assert_eq!(&mem[18..22], &utf16("aĀ")[..]);
}

#[test]
fn utf8_to_latin1_or_utf16_shrinks_when_everything_fits_latin1() {
    let (r, calls, mem) = transcode_bytes("aé".as_bytes(), 3, StringEncoding::Utf8, StringEncoding::Latin1Utf16);
    assert_eq!(calls, [call(0, 0, 2, 3, 8), call(8, 3, 2, 2, 12)]);
    assert_eq!((r, &mem[12..14]), ((12, 2), &[b'a', 0xe9][..]));
}

#[test]
fn tagged_utf16_that_fits_latin1_is_deflated() {
    let (r, calls, mem) =
        transcode_bytes(&utf16("aé"), 2 | UTF16_TAG, StringEncoding::Latin1Utf16, StringEncoding::Latin1Utf16);
    assert_eq!(calls, [call(0, 0, 2, 4, 8), call(8, 4, 1, 2, 12)]);
    assert_eq!((r, &mem[12..14]), ((12, 2), &[b'a', 0xe9][..]));
    let (r, calls, _) =
        transcode_bytes(&utf16("aĀ"), 2 | UTF16_TAG, StringEncoding::Latin1Utf16, StringEncoding::Latin1Utf16);
    assert_eq!(calls, [call(0, 0, 2, 4, 8)]);
    assert_eq!(r, (8, 2 | UTF16_TAG));
}

#[test]
fn plain_utf16_source_takes_the_speculative_latin1_path() {
    let (r, calls, _) = transcode_bytes(&utf16("ab"), 2, StringEncoding::Utf16, StringEncoding::Latin1Utf16);
    assert_eq!(calls, [call(0, 0, 2, 2, 8)]);
    assert_eq!(r, (8, 2));
}

#[test]
fn exact_size_copies_need_one_allocation() {
    let (r, calls, mem) = transcode_bytes(&[b'h', 0xe9], 2, StringEncoding::Latin1Utf16, StringEncoding::Latin1Utf16);
    assert_eq!((r, calls), ((8, 2), vec![call(0, 0, 2, 2, 8)]));
    assert_eq!(&mem[8..10], &[b'h', 0xe9]);
    let (r, calls, mem) = transcode_bytes(&[b'h', 0xe9], 2, StringEncoding::Latin1Utf16, StringEncoding::Utf16);
    assert_eq!((r, calls), ((8, 2), vec![call(0, 0, 2, 4, 8)]));
    assert_eq!(&mem[8..12], &utf16("hé")[..]);
    let (r, calls, _) = transcode_bytes(&utf16("𝄞"), 2, StringEncoding::Utf16, StringEncoding::Utf16);
    assert_eq!((r, calls), ((8, 2), vec![call(0, 0, 2, 4, 8)]));
}

#[test]
fn invalid_strings_trap_with_their_reason() {
    let opts = Options::new(StringEncoding::Utf8);
    let bad_utf8 = [b'o', b'k', 0xc3, 0x28];
    let mut cx = LiftContext::new(&bad_utf8, &opts);
    assert_eq!(load_string(&mut cx, 0, 4), Err(Trap::InvalidUtf8 { ptr: 0, valid_up_to: 2, incomplete: false }));

    let truncated = [b'o', b'k', 0xe2, 0x82];
    let mut cx = LiftContext::new(&truncated, &opts);
    let err = load_string(&mut cx, 0, 4).expect_err("truncated");
    assert_eq!(err, Trap::InvalidUtf8 { ptr: 0, valid_up_to: 2, incomplete: true });
    assert_eq!(err.to_string(), "incomplete utf-8 byte sequence at the end of the string at 0x0 (byte 2)");

    let opts = Options::new(StringEncoding::Utf16);
    let lone_surrogate = 0xD800u16.to_le_bytes();
    let mut cx = LiftContext::new(&lone_surrogate, &opts);
    assert_eq!(load_string(&mut cx, 0, 1), Err(Trap::InvalidUtf16 { ptr: 0 }));
    let mut cx = LiftContext::new(&[0u8; 8], &opts);
    assert_eq!(load_string(&mut cx, 1, 1), Err(Trap::Misaligned { ptr: 1, align: 2, access: Access::String }));
    assert_eq!(
        load_string(&mut cx, 2, 4),
        Err(Trap::OutOfBounds { ptr: 2, len: 8, memory_size: 8, access: Access::String })
    );
    assert_eq!(load_string(&mut cx, 0, 1 << 28), Err(Trap::StringTooLong { bytes: 1 << 29, cap: (1 << 28) - 1 }));
}

#[test]
fn length_caps_apply_before_allocation_on_both_sides() {
    let opts = Options { limits: Limits::uniform(4), ..Options::default() };
    let mut cx = LiftContext::new(b"hello", &opts);
    assert_eq!(load_string(&mut cx, 0, 5), Err(Trap::StringTooLong { bytes: 5, cap: 4 }));
    let mut mem = BumpMemory::new(64, 8);
    assert_eq!(
        store_str(&mut LowerContext::new(&mut mem, &opts), "hello"),
        Err(Trap::StringTooLong { bytes: 5, cap: 4 })
    );
    assert!(mem.calls().is_empty());
}

#[test]
fn lifted_strings_keep_their_hint() {
    let opts = Options::new(StringEncoding::Latin1Utf16);
    let mut cx = LiftContext::new(&[0x41, 0], &opts);
    let s = load_string(&mut cx, 0, 1 | UTF16_TAG).expect("valid");
    assert_eq!(s.text(), "A");
    assert_eq!((s.hint().encoding(), s.hint().tagged_code_units()), (StringEncoding::Latin1Utf16, 1 | UTF16_TAG));
}

#[test]
fn utf16_with_wide_characters_between_ascii_decodes_exactly() {
    let opts = Options::new(StringEncoding::Utf16);
    for text in ["éaaaa", "a😀bcdefg", "日本語abc", "ÿ", "aaaa€"] {
        let bytes = utf16(text);
        let mut cx = LiftContext::new(&bytes, &opts);
        let units = (bytes.len() / 2) as u32;
        let lifted = load_string(&mut cx, 0, units).expect("valid utf-16");
        assert_eq!(lifted.text(), text);
    }
}

#[test]
fn latin1_with_high_bytes_decodes_exactly() {
    let opts = Options::new(StringEncoding::Latin1Utf16);
    let bytes = [b'a', 0xe9, 0xff, b'z'];
    let mut cx = LiftContext::new(&bytes, &opts);
    assert_eq!(load_string(&mut cx, 0, 4).expect("latin-1").text(), "aéÿz");
}
