//! Tests of WAVE for [`Val`]: every kind of value printed and read back,
//! parse errors with their places, handles, call arguments, and (with the
//! `arbitrary` feature) round trips of generated values of generated types.

use super::{WaveError, WaveVal, from_str, handle_in, handle_type, params_from_str, to_string};
use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;

/// Prints `val` as `text` and reads `text` back as `val`.
#[track_caller]
fn round_trip(ty: &ValType, val: Val, text: &str) {
    assert_eq!(val.to_wave(ty).unwrap(), text, "printing {val:?} as {ty}");
    assert_eq!(Val::from_wave(ty, text).unwrap(), val, "reading {text} as {ty}");
}

/// Reading `text` as a `ty` fails with exactly `message`.
#[track_caller]
fn fails(ty: &ValType, text: &str, message: &str) {
    let e: WaveError = from_str(ty, text).unwrap_err();
    assert_eq!(e.to_string(), message, "reading {text} as {ty}");
}

fn shipping() -> ValType {
    ValType::variant([("standard", None), ("express", Some(ValType::U32))]).unwrap()
}

#[test]
fn every_kind_of_value_round_trips() {
    round_trip(&ValType::Bool, Val::Bool(true), "true");
    round_trip(&ValType::S8, Val::S8(-128), "-128");
    round_trip(&ValType::U8, Val::U8(255), "255");
    round_trip(&ValType::S16, Val::S16(-32768), "-32768");
    round_trip(&ValType::U16, Val::U16(65535), "65535");
    round_trip(&ValType::S32, Val::S32(-1), "-1");
    round_trip(&ValType::U32, Val::U32(u32::MAX), "4294967295");
    round_trip(&ValType::S64, Val::S64(i64::MIN), "-9223372036854775808");
    round_trip(&ValType::U64, Val::U64(u64::MAX), "18446744073709551615");
    round_trip(&ValType::F32, Val::F32(0.1), "0.1");
    round_trip(&ValType::F64, Val::F64(-0.0), "-0");
    round_trip(&ValType::F64, Val::F64(f64::NEG_INFINITY), "-inf");
    round_trip(&ValType::F64, Val::F64(f64::NAN), "nan");
    round_trip(&ValType::Char, Val::Char('\''), r"'\''");
    round_trip(&ValType::String, Val::String("a\"b\n☃\u{0}".into()), r#""a\"b\n☃\u{0}""#);
    let list = ValType::list(ValType::U8);
    round_trip(&list, Val::List(vec![Val::U8(1), Val::U8(2)]), "[1, 2]");
    let fixed = ValType::fixed_list(ValType::U8, 2).unwrap();
    round_trip(&fixed, Val::List(vec![Val::U8(1), Val::U8(2)]), "[1, 2]");
    let tuple = ValType::tuple([ValType::U8, ValType::String]).unwrap();
    round_trip(&tuple, Val::Tuple(vec![Val::U8(1), Val::String("a".into())]), r#"(1, "a")"#);
    let record = ValType::record([("a", ValType::U8), ("b-c", ValType::option(ValType::U8).unwrap())]).unwrap();
    round_trip(&record, Val::Record(vec![Val::U8(1), Val::some(Val::U8(2))]), "{a: 1, b-c: some(2)}");
    round_trip(&record, Val::Record(vec![Val::U8(1), Val::Option(None)]), "{a: 1}");
    round_trip(&shipping(), Val::Variant(1, Some(Box::new(Val::U32(3)))), "express(3)");
    round_trip(&shipping(), Val::Variant(0, None), "standard");
    let keywords = ValType::enumeration(["ok", "south"]).unwrap();
    round_trip(&keywords, Val::Enum(0), "%ok");
    round_trip(&keywords, Val::Enum(1), "south");
    let option = ValType::option(ValType::option(ValType::U8).unwrap()).unwrap();
    round_trip(&option, Val::some(Val::Option(None)), "some(none)");
    round_trip(&option, Val::Option(None), "none");
    let result = ValType::result(Some(ValType::U8), None).unwrap();
    round_trip(&result, Val::ok(Some(Val::U8(1))), "ok(1)");
    round_trip(&result, Val::err(None), "err");
    let flags = ValType::flags(["read", "write", "exec"]).unwrap();
    round_trip(&flags, Val::Flags(0b101), "{read, exec}");
    round_trip(&flags, Val::Flags(0), "{}");
}

#[test]
fn alternative_spellings_read() {
    let option = ValType::option(ValType::U8).unwrap();
    assert_eq!(from_str(&option, "3").unwrap(), Val::some(Val::U8(3)));
    let list = ValType::list(ValType::U8);
    assert_eq!(from_str(&list, "[\n 1, // one\n 2,\n]").unwrap(), Val::List(vec![Val::U8(1), Val::U8(2)]));
    let text = "\"\"\"\n  two\n  lines\n  \"\"\"";
    assert_eq!(from_str(&ValType::String, text).unwrap(), Val::String("two\nlines".into()));
}

/// `wasm-wave`'s own error for reading `text` as a `ty`, in words, is
/// exactly `message`: the words used where the locator (see `diagnose`)
/// finds no problem of its own.
#[track_caller]
fn worded(ty: &ValType, text: &str, message: &str) {
    let e = wasm_wave::from_str::<WaveVal<'static>>(ty, text).unwrap_err();
    assert_eq!(WaveError::parse(&e, text, Some(ty)).to_string(), message, "reading {text} as {ty}");
}

#[test]
fn wasm_wave_errors_in_words() {
    worded(
        &ValType::U8,
        "256",
        "`256` is not a value of its type (out of range, or not a number of that kind) (at column 1)",
    );
    worded(&ValType::U8, "[1]", "expected a value of type `u8`, found `[1]` (at column 1)");
    let list = ValType::list(ValType::U8);
    worded(&list, "[1,\n x]", "found `x`, which is not a value of the type expected there (at line 2, column 2)");
    worded(&list, "[1 2]", "unexpected `2` (at column 4)");
    worded(&list, "[1", "unexpected end of the input (at column 3)");
    worded(&ValType::U8, "1 2", "expected the end of the input, found `2` (at column 3)");
    worded(&shipping(), "fast", "unknown case \"fast\", in `fast` (at column 1)");
    worded(&shipping(), "express", "missing payload for \"express\" case, in `express` (at column 1)");
    let record = ValType::record([("a", ValType::U8)]).unwrap();
    worded(&record, "{b: 1}", "missing field \"a\", in `{b: 1}` (at column 1)");
    let fixed = ValType::fixed_list(ValType::U8, 3).unwrap();
    worded(&fixed, "[1, 2]", "expected a list of 3 elements, found 2, in `[1, 2]` (at column 1)");
    let flags = ValType::flags(["read"]).unwrap();
    worded(&flags, "{read, read}", "flag `read` is given twice (at column 8)");
    worded(&ValType::Char, "'ab'", "invalid token `'ab'` (at column 1)");
}

#[test]
fn nesting_is_bounded() {
    let mut ty = ValType::U8;
    for _ in 0..150 {
        ty = ValType::list(ty);
    }
    let text = format!("{}1{}", "[".repeat(150), "]".repeat(150));
    assert!(from_str(&ty, &text).unwrap_err().message().contains("nest more than 100 deep"));
}

#[test]
fn handles_print_as_cases_and_never_parse() {
    let ty = ValType::tuple([ValType::Own(0), ValType::Borrow(1)]).unwrap();
    let val = Val::Tuple(vec![Val::Own(3), Val::Borrow(4)]);
    assert_eq!(to_string(&val, &ty).unwrap(), "(own(3), borrow(4))");
    assert_eq!(handle_in(&val, &ty), Some(&ValType::Own(0)));
    assert_eq!(handle_type(&ty), Some(&ValType::Own(0)));
    fails(&ValType::Own(0), "own(3)", "`own<resource-0>` is a resource handle, which WAVE cannot write (at column 1)");
    fails(&ty, "(1, 2)", "`own<resource-0>` is a resource handle, which WAVE cannot write (at column 2)");
    // A handle in a case the value does not take is not in the value.
    let maybe = ValType::option(ValType::Own(0)).unwrap();
    assert_eq!(handle_in(&Val::Option(None), &maybe), None);
    assert_eq!(to_string(&Val::Option(None), &maybe).unwrap(), "none");
}

#[test]
fn values_of_another_type_are_refused() {
    let e = to_string(&Val::U8(1), &ValType::String).unwrap_err();
    assert_eq!(e.to_string(), "the value does not have its type `string`");
    assert_eq!(e.location(), None);
    let list = ValType::list(ValType::U8);
    let e = to_string(&Val::List(vec![Val::U8(1), Val::Bool(true)]), &list).unwrap_err();
    assert_eq!(e.to_string(), "the value does not have its type `u8`");
    assert!(to_string(&Val::Variant(2, None), &shipping()).is_err());
    assert!(to_string(&Val::Flags(0b10), &ValType::flags(["a"]).unwrap()).is_err());
    assert!(to_string(&Val::List(vec![]), &ValType::fixed_list(ValType::U8, 1).unwrap()).is_err());
}

#[test]
fn call_arguments() {
    let types = [ValType::U32, ValType::option(ValType::String).unwrap(), ValType::option(ValType::U8).unwrap()];
    let args = params_from_str(&types, r#"(1, some("x"), 2)"#).unwrap();
    assert_eq!(args, vec![Val::U32(1), Val::some(Val::String("x".into())), Val::some(Val::U8(2))]);
    let args = params_from_str(&types, "(7)").unwrap();
    assert_eq!(args, vec![Val::U32(7), Val::Option(None), Val::Option(None)]);
    assert_eq!(params_from_str(&types[1..], "()").unwrap(), vec![Val::Option(None), Val::Option(None)]);
    assert_eq!(params_from_str(&[], "()").unwrap(), vec![]);
    let e = params_from_str(&types, "()").unwrap_err();
    assert_eq!(e.to_string(), "missing an argument of type `u32` (at column 2)");
    let e = params_from_str(&types, r#"("1")"#).unwrap_err();
    assert_eq!(e.location().map(|l| l.column), Some(2), "{e}");
}

/// Generated types and values print and read back to the same value (NaN
/// payloads become the canonical NaN, as for lifting).
#[cfg(feature = "arbitrary")]
#[test]
fn generated_values_round_trip() {
    use crate::arbitrary::{arbitrary_type, arbitrary_val, canonicalize};
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut bytes = vec![0u8; 4096];
    let mut checked = 0;
    for case in 0..400 {
        for b in bytes.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *b = seed as u8;
        }
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(ty) = arbitrary_type(&mut u) else { continue };
        let Ok(val) = arbitrary_val(&mut u, &ty) else { continue };
        let text = to_string(&val, &ty).unwrap_or_else(|e| panic!("case {case}: printing {val:?} as {ty}: {e}"));
        let back = from_str(&ty, &text).unwrap_or_else(|e| panic!("case {case}: reading {text} as {ty}: {e}"));
        assert_eq!(back, canonicalize(&val), "case {case}: {text} as {ty}");
        checked += 1;
    }
    assert!(checked > 300, "only {checked} of 400 cases were generated");
}
