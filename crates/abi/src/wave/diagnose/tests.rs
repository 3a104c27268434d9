//! The messages of WAVE text that is refused, exactly: the cases of the
//! command line's tests (which read values through this module), plus the
//! arguments of calls.

use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use crate::wave::{args_from_str, from_str, params_from_str};

/// Reading `text` as a `ty` fails with exactly `message`.
#[track_caller]
fn fails(ty: &ValType, text: &str, message: &str) {
    match from_str(ty, text) {
        Ok(v) => panic!("{text} read as {v:?}, expected the error {message}"),
        Err(e) => assert_eq!(e.to_string(), message, "reading {text} as {ty}"),
    }
}

fn shipping() -> ValType {
    ValType::variant([("standard", None), ("express", Some(ValType::U32))]).unwrap()
}

fn option(t: ValType) -> ValType {
    ValType::option(t).unwrap()
}

fn result(ok: Option<ValType>, err: Option<ValType>) -> ValType {
    ValType::result(ok, err).unwrap()
}

#[test]
fn bools() {
    fails(&ValType::Bool, "%true", "expected `true` or `false`, found `%true` (at column 1)");
    fails(&ValType::Bool, "1", "expected `true` or `false`, found `1` (at column 1)");
}

#[test]
fn integers() {
    fails(&ValType::U8, "256", "`256` is out of range for u8 (at column 1)");
    fails(&ValType::U32, "-1", "`-1` is out of range for u32 (at column 1)");
    fails(&ValType::S64, "9223372036854775808", "`9223372036854775808` is out of range for s64 (at column 1)");
    fails(
        &ValType::U64,
        "1000000000000000000000000000000000000000000",
        "`1000000000000000000000000000000000000000000` is out of range for u64 (at column 1)",
    );
    fails(&ValType::U32, "1.5", "expected an integer (u32), found `1.5` (at column 1)");
    fails(&ValType::U32, "1e3", "expected an integer (u32), found `1e3` (at column 1)");
    fails(&ValType::U32, "-inf", "expected an integer (u32), found `-inf` (at column 1)");
    fails(&ValType::U32, "\"1\"", "expected an integer (u32), found `\"1\"` (at column 1)");
    fails(&ValType::U8, "[1]", "expected an integer (u8), found `[` (at column 1)");
    fails(&ValType::U32, "007", "invalid number: leading zeros are not allowed (at column 1)");
    fails(&ValType::U32, "12abc", "invalid number `12abc` (at column 1)");
    fails(&ValType::U32, "- 1", "invalid number: `-` must be followed by digits or `inf` (at column 1)");
    fails(&ValType::U32, "+1", "unexpected character `+` (at column 1)");
}

#[test]
fn floats() {
    fails(&ValType::F64, "-nan", "invalid number: `-` must be followed by digits or `inf` (at column 1)");
    fails(&ValType::F64, "%inf", "expected an f64 (a number, `nan`, `inf` or `-inf`), found `%inf` (at column 1)");
    fails(&ValType::F64, "1.", "invalid number: a `.` must be followed by digits (at column 1)");
    fails(&ValType::F64, ".5", "unexpected character `.` (at column 1)");
    fails(&ValType::F64, "1e", "invalid number: an exponent must have digits (at column 1)");
    fails(
        &ValType::F32,
        "infinity",
        "expected an f32 (a number, `nan`, `inf` or `-inf`), found `infinity` (at column 1)",
    );
}

#[test]
fn chars() {
    let one = "a char literal holds exactly one character (strings are written in double quotes) (at column 1)";
    fails(&ValType::Char, "'ab'", one);
    fails(&ValType::Char, "'a", one);
    fails(&ValType::Char, "''", r"empty char literal; a quote is written '\'' (at column 1)");
    fails(&ValType::Char, "'", "unterminated char literal (at column 1)");
    let escapes = r#"the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value (at column 2)"#;
    fails(&ValType::Char, r"'\u{D800}'", &format!("invalid escape `\\u`; {escapes}"));
    fails(&ValType::Char, r"'\u{1234567}'", &format!("invalid escape `\\u`; {escapes}"));
    fails(&ValType::Char, r"'\x'", &format!("invalid escape `\\x`; {escapes}"));
    fails(&ValType::Char, "\"a\"", "expected a char like 'x', found `\"a\"` (at column 1)");
}

#[test]
fn strings() {
    fails(&ValType::String, r#""abc"#, "unterminated string (at column 1)");
    fails(&ValType::String, "\"a\nb\"", "unterminated string (at column 1)");
    fails(
        &ValType::String,
        "\"\"\"x\n\"\"\"",
        r#"the opening """ must be followed immediately by a line break (at column 1)"#,
    );
    fails(
        &ValType::String,
        "\"\"\"\n  x\n  y \"\"\"",
        r#"the closing """ must be on a line preceded only by spaces (at line 3, column 5)"#,
    );
    fails(
        &ValType::String,
        "\"\"\"\n x\n  \"\"\"",
        r#"lines must be indented at least as much as the closing """ (at line 2, column 1)"#,
    );
    fails(&ValType::String, "\"\"\"\n  x", r#"unterminated multiline string (no closing """) (at column 1)"#);
    fails(&ValType::String, "\"a\" \"b\"", "expected the end of the input, found `\"b\"` (at column 5)");
    fails(&ValType::String, "", r#"expected a string like "text", found the end of the input (at column 1)"#);
}

#[test]
fn lists_and_tuples() {
    let list = ValType::list(ValType::U32);
    fails(&list, "[1 2]", "expected `,` or `]`, found `2` (at column 4)");
    fails(&list, "[,]", "expected an integer (u32), found `,` (at column 2)");
    fails(&list, "[1,,]", "expected an integer (u32), found `,` (at column 4)");
    fails(&list, "[1", "expected `,` or `]`, found the end of the input (at column 3)");
    // The first problem in the text is named, though a later one stops
    // `wasm-wave`'s parser first.
    fails(&list, "[1, x, 2 3]", "expected an integer (u32), found `x` (at column 5)");
    fails(
        &ValType::fixed_list(ValType::U8, 3).unwrap(),
        "[1, 2]",
        "expected a list of 3 elements, found 2 (at column 1)",
    );
    let tuple = ValType::tuple([ValType::U32, ValType::String]).unwrap();
    fails(&tuple, "(1)", "expected a tuple of 2 elements, found 1 (at column 1)");
    fails(&tuple, r#"(1, "a", 2)"#, "expected `)` after 2 tuple elements, found `2` (at column 10)");
    fails(&tuple, "()", "expected an integer (u32), found `)` (at column 2)");
}

#[test]
fn records() {
    let all_optional = ValType::record([("optional", option(ValType::U8))]).unwrap();
    fails(
        &all_optional,
        "{}",
        "expected a field (a record whose fields are all left out is written `{:}`), found `}` (at column 2)",
    );
    let ty = ValType::record([("a", ValType::U8), ("b-c", ValType::String)]).unwrap();
    fails(&ty, "{a: 1}", "missing field `b-c: string` (at column 1)");
    fails(&ty, "{:}", "missing field `a: u8` (at column 1)");
    fails(
        &ty,
        r#"{a: 1, d: 2, b-c: ""}"#,
        "unknown field `d` of `record { a: u8, b-c: string }`; the fields are a, b-c (at column 8)",
    );
    fails(&ty, r#"{a: 1, a: 2, b-c: ""}"#, "field `a` is given twice (at column 8)");
    fails(&ty, "{a 1}", "expected `:` after field `a`, found `1` (at column 4)");
    fails(&ty, "{1: 1}", "expected a field label, found `1` (at column 2)");
    fails(&ty, "{b-cD: 1}", "invalid label `b-cD`: each word is all lowercase or all uppercase (at column 2)");
    fails(&ty, "{aB: 1}", "invalid label `aB`: each word is all lowercase or all uppercase (at column 2)");
    fails(
        &ty,
        "{a--b: 1}",
        "invalid label `a--b`: words are separated by single hyphens and cannot be empty (at column 2)",
    );
    fails(&ty, "{%: 1}", "invalid label `%`: a label is expected after `%` (at column 2)");
}

#[test]
fn variants_and_enums() {
    let ty = shipping();
    fails(&ty, "express", "case `express` needs a payload of type `u32`: write `express(...)` (at column 1)");
    fails(&ty, "standard(1)", "case `standard` takes no payload (at column 9)");
    fails(
        &ty,
        "fast",
        "unknown case `fast` of `variant { standard, express(u32) }`; the cases are standard, express (at column 1)",
    );
    fails(&ty, "express(1", "expected `)` after the payload, found the end of the input (at column 10)");
    let ty = ValType::variant([("ok", Some(ValType::String)), ("none", None), ("plain", None)]).unwrap();
    fails(
        &ty,
        "none",
        "expected a case of `variant { ok(string), none, plain }`, found the keyword `none` (a case named `none` is written `%none`) (at column 1)",
    );
    let ty = ValType::enumeration(["ok", "err", "south"]).unwrap();
    fails(
        &ty,
        "ok",
        "expected a case of `enum { ok, err, south }`, found the keyword `ok` (a case named `ok` is written `%ok`) (at column 1)",
    );
    fails(
        &ty,
        "north",
        "unknown case `north` of `enum { ok, err, south }`; the cases are ok, err, south (at column 1)",
    );
    fails(&ty, "south(1)", "enum case `south` takes no payload (at column 6)");
    fails(&ty, "1", "expected a case of `enum { ok, err, south }`, found `1` (at column 1)");
}

#[test]
fn options_and_results() {
    let ty = option(ValType::U8);
    fails(&ty, "some", "case `some` needs a payload of type `u8`: write `some(...)` (at column 1)");
    fails(&ty, "none(1)", "case `none` takes no payload (at column 5)");
    fails(&option(option(ValType::U8)), "1", "expected `some(...)` or `none`, found `1` (at column 1)");
    let full = result(Some(ValType::U8), Some(ValType::String));
    fails(&full, "ok", "case `ok` needs a payload of type `u8`: write `ok(...)` (at column 1)");
    let no_ok = result(None, Some(ValType::String));
    fails(&no_ok, "ok(1)", "case `ok` takes no payload (at column 3)");
    fails(&no_ok, r#""e""#, r#"expected `ok` or `err`, found `"e"` (at column 1)"#);
    let nested = result(Some(option(ValType::U8)), None);
    fails(&nested, "none", "expected `ok` or `err`, found `none` (at column 1)");
}

#[test]
fn flags() {
    let ty = ValType::flags(["read", "write", "exec"]).unwrap();
    fails(&ty, "{read, read}", "flag `read` is given twice (at column 8)");
    fails(
        &ty,
        "{run}",
        "unknown flag `run` of `flags { read, write, exec }`; the flags are read, write, exec (at column 2)",
    );
    fails(&ty, "{read: true}", "expected `,` or `}`, found `:` (at column 6)");
}

#[test]
fn handles_nesting_lines_and_long_tokens() {
    fails(&ValType::Own(0), "1", "`own<resource-0>` is a resource handle, which WAVE cannot write (at column 1)");
    let mut ty = ValType::U8;
    for _ in 0..150 {
        ty = ValType::list(ty);
    }
    let text = format!("{}1{}", "[".repeat(150), "]".repeat(150));
    fails(&ty, &text, "values nest more than 100 deep (at column 101)");
    let list = ValType::list(ValType::U8);
    fails(&list, "[\n  1,\n  x,\n]", "expected an integer (u8), found `x` (at line 3, column 3)");
    let long = format!("\"{}\"", "a".repeat(40));
    fails(&ValType::U8, &long, "expected an integer (u8), found `\"aaaaaaaaaaaaaaaaaaa...` (at column 1)");
}

#[test]
fn call_arguments() {
    let names = ["a", "b", "c"].map(String::from);
    let types = [ValType::U32, option(ValType::String), option(ValType::U8)];
    let args = |text: &str| args_from_str("f", &names, &types, text).unwrap_err().to_string();
    assert_eq!(args("()"), "missing argument `a: u32` of `f` (at column 2)");
    assert_eq!(args(""), "missing argument `a: u32` of `f` (at column 1)");
    assert_eq!(args("(1, none, none, 4)"), "too many arguments: `f` takes 3 arguments (at column 17)");
    assert_eq!(args("(1"), "expected `,` or `)`, found the end of the input (at column 3)");
    assert_eq!(args("(1))"), "expected the end of the input, found `)` (at column 4)");
    assert_eq!(args("(\"1\")"), "expected an integer (u32), found `\"1\"` (at column 2)");
    let e = params_from_str(&types, "(1, none, none, 4)").unwrap_err();
    assert_eq!(e.to_string(), "too many arguments: the function takes 3 arguments (at column 17)");
    assert_eq!(args_from_str("f", &names, &types[1..], " ").unwrap(), vec![Val::Option(None), Val::Option(None)]);
}

#[test]
fn unsigned_integers_have_no_sign() {
    // The reference refuses `-0` as an unsigned integer (Rust's parser
    // does); signed integers take it.
    fails(&ValType::U32, "-0", "`-0` is not a u32: an unsigned integer is written without `-` (at column 1)");
    assert_eq!(from_str(&ValType::S8, "-0").unwrap(), Val::S8(0));
}

/// Texts of generated values with one edit each (a few bytes replaced by a
/// piece of WAVE or a stray character): wherever `wasm-wave` refuses one,
/// the locator names a problem (so the fallback wording is not needed), and
/// wherever it reads one, the locator finds none (both take the same texts).
#[cfg(feature = "arbitrary")]
#[test]
fn the_locator_agrees_with_wasm_wave_on_edited_texts() {
    use crate::arbitrary::{arbitrary_type, arbitrary_val};
    use crate::wave::{WaveVal, to_string};
    const PIECES: &[&str] = &[
        "",
        ",",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "x",
        "1",
        "-",
        "\"",
        "'",
        "%",
        "none",
        "some",
        " ",
        "0",
        ".",
        "e",
        "-0",
        "//c\n",
        "\"\"\"\n",
        "\t",
        "☃",
        "\\",
        "\\u{d800}",
        "ok(",
        "err",
        "%ok",
        "nan",
        "-inf",
        "A",
        "-a",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % 1_000_003).unwrap()
    };
    let mut bytes = vec![0u8; 4096];
    let mut refused = 0;
    for case in 0..3000 {
        bytes.iter_mut().for_each(|b| *b = next() as u8);
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(ty) = arbitrary_type(&mut u) else { continue };
        let Ok(val) = arbitrary_val(&mut u, &ty) else { continue };
        let text = to_string(&val, &ty).unwrap();
        let bounds: Vec<usize> = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
        let start = bounds[next() % bounds.len()];
        let end = bounds.iter().copied().find(|i| *i >= start + next() % 3).unwrap_or(text.len());
        let edited = format!("{}{}{}", &text[..start], PIECES[next() % PIECES.len()], &text[end..]);
        let read = wasm_wave::from_str::<WaveVal<'static>>(&ty, &edited);
        match (read, super::value_problem(&ty, &edited)) {
            (Err(e), None) => panic!("case {case}: {edited:?} as {ty}: wasm-wave refuses it ({e}), the locator not"),
            (Ok(_), Some(p)) => panic!("case {case}: {edited:?} as {ty}: wasm-wave reads it, the locator says {p:?}"),
            (Err(_), Some(_)) => refused += 1,
            (Ok(_), None) => {}
        }
    }
    assert!(refused > 1000, "only {refused} edited texts were refused");
}
