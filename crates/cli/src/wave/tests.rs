//! Tests for WAVE parsing and printing: every value kind printed exactly,
//! read back, and read from every alternative spelling; exact error
//! messages; invocations. `oracle` checks both directions against the
//! reference implementation on generated values.

mod oracle;

use super::{Invocation, parse_value, to_string};
use airssys_wasm::{Val, ValType};

/// `shipping`: `variant { standard, express(u32) }`.
fn shipping() -> ValType {
    ValType::variant([("standard", None), ("express", Some(ValType::U32))]).unwrap()
}

/// A variant and an enum whose cases are WAVE keywords.
fn keyword_variant() -> ValType {
    ValType::variant([("ok", Some(ValType::String)), ("none", None), ("plain", None)]).unwrap()
}

fn keyword_enum() -> ValType {
    ValType::enumeration(["ok", "err", "south"]).unwrap()
}

fn perms() -> ValType {
    ValType::flags(["read", "write", "exec"]).unwrap()
}

fn option(t: ValType) -> ValType {
    ValType::option(t).unwrap()
}

fn result(ok: Option<ValType>, err: Option<ValType>) -> ValType {
    ValType::result(ok, err).unwrap()
}

fn some(v: Val) -> Val {
    Val::some(v)
}

/// Prints `val` as `text`, and parses `text` back into `val`.
#[track_caller]
fn round_trip(ty: &ValType, val: Val, text: &str) {
    assert_eq!(to_string(&val, ty).unwrap(), text, "printing {val:?} as {ty}");
    assert_eq!(parse_value(text, ty).unwrap(), val, "parsing {text} as {ty}");
}

/// Parses `text` (an alternative spelling) into `val`.
#[track_caller]
fn parses(ty: &ValType, text: &str, val: Val) {
    assert_eq!(parse_value(text, ty).unwrap(), val, "parsing {text} as {ty}");
}

/// Parsing `text` fails with exactly `message`.
#[track_caller]
fn fails(ty: &ValType, text: &str, message: &str) {
    match parse_value(text, ty) {
        Ok(v) => panic!("{text} parsed as {v:?}, expected the error {message}"),
        Err(e) => assert_eq!(e.to_string(), message, "parsing {text} as {ty}"),
    }
}

#[test]
fn bools() {
    round_trip(&ValType::Bool, Val::Bool(true), "true");
    round_trip(&ValType::Bool, Val::Bool(false), "false");
    fails(&ValType::Bool, "%true", "expected `true` or `false`, found `%true` (at column 1)");
    fails(&ValType::Bool, "1", "expected `true` or `false`, found `1` (at column 1)");
}

#[test]
fn integers_at_their_bounds() {
    round_trip(&ValType::S8, Val::S8(-128), "-128");
    round_trip(&ValType::S8, Val::S8(127), "127");
    round_trip(&ValType::U8, Val::U8(255), "255");
    round_trip(&ValType::S16, Val::S16(-32768), "-32768");
    round_trip(&ValType::U16, Val::U16(65535), "65535");
    round_trip(&ValType::S32, Val::S32(-1), "-1");
    round_trip(&ValType::U32, Val::U32(4_294_967_295), "4294967295");
    round_trip(&ValType::S64, Val::S64(i64::MIN), "-9223372036854775808");
    round_trip(&ValType::U64, Val::U64(u64::MAX), "18446744073709551615");
    round_trip(&ValType::U32, Val::U32(0), "0");
}

#[test]
fn integer_errors() {
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
    fails(&ValType::U32, "007", "invalid number: leading zeros are not allowed (at column 1)");
    fails(&ValType::U32, "12abc", "invalid number `12abc` (at column 1)");
    fails(&ValType::U32, "- 1", "invalid number: `-` must be followed by digits or `inf` (at column 1)");
    fails(&ValType::U32, "+1", "unexpected character `+` (at column 1)");
}

#[test]
fn floats() {
    round_trip(&ValType::F64, Val::F64(3.5), "3.5");
    round_trip(&ValType::F64, Val::F64(-0.0), "-0");
    round_trip(&ValType::F64, Val::F64(1.0), "1");
    round_trip(&ValType::F64, Val::F64(f64::INFINITY), "inf");
    round_trip(&ValType::F64, Val::F64(f64::NEG_INFINITY), "-inf");
    round_trip(&ValType::F64, Val::F64(f64::NAN), "nan");
    round_trip(&ValType::F64, Val::F64(f64::MIN_POSITIVE), &f64::MIN_POSITIVE.to_string());
    round_trip(&ValType::F32, Val::F32(0.1), "0.1");
    round_trip(&ValType::F32, Val::F32(f32::MAX), "340282350000000000000000000000000000000");
    round_trip(&ValType::F32, Val::F32(f32::NAN), "nan");
    round_trip(&ValType::F32, Val::F32(-1.5e-45), "-0.000000000000000000000000000000000000000000001");
    parses(&ValType::F64, "6.022e+23", Val::F64(6.022e23));
    parses(&ValType::F64, "1E-3", Val::F64(0.001));
    parses(&ValType::F64, "7", Val::F64(7.0));
    // The f32 is read directly, not rounded twice through f64.
    parses(&ValType::F32, "1.00000005960464477539062500000001", Val::F32(1.000_000_1));
}

#[test]
fn any_nan_prints_as_nan() {
    let quiet_with_payload = f32::from_bits(0x7fc0_1234);
    assert_eq!(to_string(&Val::F32(quiet_with_payload), &ValType::F32).unwrap(), "nan");
    assert_eq!(to_string(&Val::F64(-f64::NAN), &ValType::F64).unwrap(), "nan");
}

#[test]
fn float_errors() {
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
fn chars_and_their_escapes() {
    round_trip(&ValType::Char, Val::Char('x'), "'x'");
    round_trip(&ValType::Char, Val::Char('☃'), "'☃'");
    round_trip(&ValType::Char, Val::Char('\''), r"'\''");
    round_trip(&ValType::Char, Val::Char('"'), r#"'\"'"#);
    round_trip(&ValType::Char, Val::Char('\\'), r"'\\'");
    round_trip(&ValType::Char, Val::Char('\n'), r"'\n'");
    round_trip(&ValType::Char, Val::Char('\t'), r"'\t'");
    round_trip(&ValType::Char, Val::Char('\r'), r"'\r'");
    round_trip(&ValType::Char, Val::Char('\0'), r"'\u{0}'");
    round_trip(&ValType::Char, Val::Char('\u{7f}'), r"'\u{7f}'");
    // Combining marks are escaped (Rust's `escape_debug`), like the reference.
    round_trip(&ValType::Char, Val::Char('\u{301}'), r"'\u{301}'");
    parses(&ValType::Char, r"'\u{1F600}'", Val::Char('😀'));
    parses(&ValType::Char, "'\"'", Val::Char('"'));
    parses(&ValType::Char, "'\t'", Val::Char('\t'));
}

#[test]
fn char_errors() {
    fails(
        &ValType::Char,
        "'ab'",
        "a char literal holds exactly one character (strings are written in double quotes) (at column 1)",
    );
    fails(&ValType::Char, "''", r"empty char literal; a quote is written '\'' (at column 1)");
    fails(
        &ValType::Char,
        "'a",
        "a char literal holds exactly one character (strings are written in double quotes) (at column 1)",
    );
    fails(&ValType::Char, "'", "unterminated char literal (at column 1)");
    fails(
        &ValType::Char,
        r"'\u{D800}'",
        r#"invalid escape `\u`; the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value (at column 2)"#,
    );
    fails(
        &ValType::Char,
        r"'\u{1234567}'",
        r#"invalid escape `\u`; the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value (at column 2)"#,
    );
    fails(
        &ValType::Char,
        r"'\x'",
        r#"invalid escape `\x`; the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value (at column 2)"#,
    );
    fails(&ValType::Char, "\"a\"", "expected a char like 'x', found `\"a\"` (at column 1)");
}

#[test]
fn strings_and_their_escapes() {
    round_trip(&ValType::String, Val::String(String::new()), r#""""#);
    round_trip(&ValType::String, Val::String("Hello, world!".into()), r#""Hello, world!""#);
    round_trip(&ValType::String, Val::String("a\"b'c\\d\ne\tf\rg".into()), r#""a\"b\'c\\d\ne\tf\rg""#);
    round_trip(&ValType::String, Val::String("\u{1b}[0m\u{0}".into()), r#""\u{1b}[0m\u{0}""#);
    round_trip(&ValType::String, Val::String("héllo ☃ 😀".into()), r#""héllo ☃ 😀""#);
    parses(&ValType::String, r#""\u{48}\u{69}""#, Val::String("Hi".into()));
    parses(&ValType::String, r#""it's""#, Val::String("it's".into()));
    parses(&ValType::String, "  \"x\"  // a comment\n", Val::String("x".into()));
}

#[test]
fn multiline_strings() {
    let text = "\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"";
    parses(&ValType::String, text, Val::String("  Indentation determined\n    by ending delimiter".into()));
    parses(&ValType::String, "\"\"\"\nA single line\n\"\"\"", Val::String("A single line".into()));
    parses(&ValType::String, "\"\"\"\r\n  a\\tb\r\n  \"\"\"", Val::String("a\tb".into()));
    parses(&ValType::String, "\"\"\"\n\"\"\"", Val::String(String::new()));
    parses(&ValType::String, "\"\"\"\n  \"\"\\\"\n  \"\"\"", Val::String("\"\"\"".into()));
}

#[test]
fn string_errors() {
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
fn lists() {
    let ty = ValType::list(ValType::U32);
    round_trip(&ty, Val::List(vec![]), "[]");
    round_trip(&ty, Val::List(vec![Val::U32(1), Val::U32(2)]), "[1, 2]");
    parses(&ty, "[ 1 ,2, ]", Val::List(vec![Val::U32(1), Val::U32(2)]));
    parses(&ty, "[\n  1, // one\n  2,\n]", Val::List(vec![Val::U32(1), Val::U32(2)]));
    fails(&ty, "[1 2]", "expected `,` or `]`, found `2` (at column 4)");
    fails(&ty, "[,]", "expected an integer (u32), found `,` (at column 2)");
    fails(&ty, "[1,,]", "expected an integer (u32), found `,` (at column 4)");
    fails(&ty, "[1", "expected `,` or `]`, found the end of the input (at column 3)");
    let nested = ValType::list(ValType::list(ValType::String));
    round_trip(&nested, Val::List(vec![Val::List(vec![]), Val::List(vec![Val::String("a".into())])]), r#"[[], ["a"]]"#);
}

#[test]
fn fixed_length_lists() {
    let ty = ValType::fixed_list(ValType::U8, 3).unwrap();
    round_trip(&ty, Val::List(vec![Val::U8(1), Val::U8(2), Val::U8(3)]), "[1, 2, 3]");
    fails(&ty, "[1, 2]", "expected a list of 3 elements, found 2 (at column 1)");
    assert!(to_string(&Val::List(vec![Val::U8(1)]), &ty).is_err());
}

#[test]
fn tuples() {
    let ty = ValType::tuple([ValType::U32, ValType::String]).unwrap();
    round_trip(&ty, Val::Tuple(vec![Val::U32(1), Val::String("a".into())]), r#"(1, "a")"#);
    parses(&ty, r#"(1, "a",)"#, Val::Tuple(vec![Val::U32(1), Val::String("a".into())]));
    fails(&ty, "(1)", "expected a tuple of 2 elements, found 1 (at column 1)");
    fails(&ty, r#"(1, "a", 2)"#, "expected `)` after 2 tuple elements, found `2` (at column 10)");
    fails(&ty, "()", "expected an integer (u32), found `)` (at column 2)");
    let one = ValType::tuple([ValType::Bool]).unwrap();
    round_trip(&one, Val::Tuple(vec![Val::Bool(true)]), "(true)");
}

#[test]
fn records() {
    let order = ValType::record([("items", ValType::list(ValType::U32)), ("shipping", shipping())]).unwrap();
    let value = Val::Record(vec![Val::List(vec![Val::U32(5)]), Val::Variant(1, Some(Box::new(Val::U32(2))))]);
    round_trip(&order, value.clone(), "{items: [5], shipping: express(2)}");
    parses(&order, "{shipping: express(2), items: [5],}", value.clone());
    parses(&order, "{%items: [5], %shipping: express(2)}", value);
    let kebab = ValType::record([("b-c", ValType::String), ("HTTP3", ValType::Bool), ("ok", ValType::U8)]).unwrap();
    let value = Val::Record(vec![Val::String("x".into()), Val::Bool(true), Val::U8(1)]);
    round_trip(&kebab, value, r#"{b-c: "x", HTTP3: true, ok: 1}"#);
}

#[test]
fn records_leave_out_none_fields() {
    let ty = ValType::record([("must-have", ValType::U8), ("optional", option(ValType::U8))]).unwrap();
    round_trip(&ty, Val::Record(vec![Val::U8(123), Val::Option(None)]), "{must-have: 123}");
    parses(&ty, "{must-have: 123, optional: none,}", Val::Record(vec![Val::U8(123), Val::Option(None)]));
    round_trip(&ty, Val::Record(vec![Val::U8(1), some(Val::U8(2))]), "{must-have: 1, optional: some(2)}");
    let all_optional = ValType::record([("optional", option(ValType::U8))]).unwrap();
    round_trip(&all_optional, Val::Record(vec![Val::Option(None)]), "{:}");
    fails(
        &all_optional,
        "{}",
        "expected a field (a record whose fields are all left out is written `{:}`), found `}` (at column 2)",
    );
}

#[test]
fn record_errors() {
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
fn variants() {
    let ty = shipping();
    round_trip(&ty, Val::Variant(0, None), "standard");
    round_trip(&ty, Val::Variant(1, Some(Box::new(Val::U32(15)))), "express(15)");
    parses(&ty, "%standard", Val::Variant(0, None));
    parses(&ty, "%express( 15 )", Val::Variant(1, Some(Box::new(Val::U32(15)))));
    fails(&ty, "express", "case `express` needs a payload of type `u32`: write `express(...)` (at column 1)");
    fails(&ty, "standard(1)", "case `standard` takes no payload (at column 9)");
    fails(
        &ty,
        "fast",
        "unknown case `fast` of `variant { standard, express(u32) }`; the cases are standard, express (at column 1)",
    );
    fails(&ty, "express(1", "expected `)` after the payload, found the end of the input (at column 10)");
}

#[test]
fn keyword_cases_take_a_percent() {
    let ty = keyword_variant();
    round_trip(&ty, Val::Variant(0, Some(Box::new(Val::String("x".into())))), r#"%ok("x")"#);
    round_trip(&ty, Val::Variant(1, None), "%none");
    round_trip(&ty, Val::Variant(2, None), "plain");
    fails(
        &ty,
        "none",
        "expected a case of `variant { ok(string), none, plain }`, found the keyword `none` (a case named `none` is written `%none`) (at column 1)",
    );
    let ty = keyword_enum();
    round_trip(&ty, Val::Enum(0), "%ok");
    round_trip(&ty, Val::Enum(1), "%err");
    round_trip(&ty, Val::Enum(2), "south");
    parses(&ty, "%south", Val::Enum(2));
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
fn options() {
    let ty = option(ValType::U8);
    round_trip(&ty, Val::Option(None), "none");
    round_trip(&ty, some(Val::U8(3)), "some(3)");
    // The flat form: a `some` payload written by itself.
    parses(&ty, "3", some(Val::U8(3)));
    fails(&ty, "some", "case `some` needs a payload of type `u8`: write `some(...)` (at column 1)");
    fails(&ty, "none(1)", "case `none` takes no payload (at column 5)");
    let nested = option(option(ValType::U8));
    round_trip(&nested, some(Val::Option(None)), "some(none)");
    round_trip(&nested, some(some(Val::U8(1))), "some(some(1))");
    parses(&nested, "some(1)", some(some(Val::U8(1))));
    fails(&nested, "1", "expected `some(...)` or `none`, found `1` (at column 1)");
    // `%none` is a label, not the keyword: the flat form of an enum case.
    let cases = option(ValType::enumeration(["none", "all"]).unwrap());
    parses(&cases, "%none", some(Val::Enum(0)));
    parses(&cases, "none", Val::Option(None));
}

#[test]
fn results() {
    let full = result(Some(ValType::U8), Some(ValType::String));
    round_trip(&full, Val::ok(Some(Val::U8(1))), "ok(1)");
    round_trip(&full, Val::err(Some(Val::String("oops".into()))), r#"err("oops")"#);
    parses(&full, "1", Val::ok(Some(Val::U8(1))));
    fails(&full, "ok", "case `ok` needs a payload of type `u8`: write `ok(...)` (at column 1)");
    let no_ok = result(None, Some(ValType::String));
    round_trip(&no_ok, Val::ok(None), "ok");
    round_trip(&no_ok, Val::err(Some(Val::String("e".into()))), r#"err("e")"#);
    fails(&no_ok, "ok(1)", "case `ok` takes no payload (at column 3)");
    fails(&no_ok, r#""e""#, r#"expected `ok` or `err`, found `"e"` (at column 1)"#);
    let bare = result(None, None);
    round_trip(&bare, Val::ok(None), "ok");
    round_trip(&bare, Val::err(None), "err");
    let no_err = result(Some(ValType::U8), None);
    round_trip(&no_err, Val::err(None), "err");
    let nested = result(Some(option(ValType::U8)), None);
    round_trip(&nested, Val::ok(Some(Val::Option(None))), "ok(none)");
    fails(&nested, "none", "expected `ok` or `err`, found `none` (at column 1)");
}

#[test]
fn flags() {
    let ty = perms();
    round_trip(&ty, Val::Flags(0), "{}");
    round_trip(&ty, Val::Flags(0b011), "{read, write}");
    round_trip(&ty, Val::Flags(0b111), "{read, write, exec}");
    parses(&ty, "{exec, %read,}", Val::Flags(0b101));
    fails(&ty, "{read, read}", "flag `read` is given twice (at column 8)");
    fails(
        &ty,
        "{run}",
        "unknown flag `run` of `flags { read, write, exec }`; the flags are read, write, exec (at column 2)",
    );
    fails(&ty, "{read: true}", "expected `,` or `}`, found `:` (at column 6)");
    assert!(to_string(&Val::Flags(0b1000), &ty).is_err());
    let keywords = ValType::flags(["none", "true"]).unwrap();
    round_trip(&keywords, Val::Flags(0b11), "{none, true}");
}

#[test]
fn thirty_two_flags() {
    let labels: Vec<String> = (0..32).map(|i| format!("f{i}")).collect();
    let ty = ValType::flags(labels).unwrap();
    round_trip(&ty, Val::Flags(0x8000_0001), "{f0, f31}");
}

#[test]
fn resources_have_no_syntax() {
    fails(&ValType::Own(0), "1", "`own<resource-0>` is a resource handle, which WAVE cannot write (at column 1)");
    let e = to_string(&Val::Own(1), &ValType::Own(0)).unwrap_err();
    assert_eq!(e.to_string(), "`own<resource-0>` is a resource handle, which WAVE cannot write");
}

#[test]
fn values_of_another_type_are_not_printed() {
    let e = to_string(&Val::U8(1), &ValType::String).unwrap_err();
    assert_eq!(e.to_string(), "the value does not have its type `string`");
    assert!(to_string(&Val::Variant(2, None), &shipping()).is_err());
    assert!(to_string(&Val::Variant(0, Some(Box::new(Val::U32(1)))), &shipping()).is_err());
    assert!(to_string(&Val::Record(vec![]), &ValType::record([("a", ValType::U8)]).unwrap()).is_err());
}

#[test]
fn nesting_is_bounded() {
    let mut ty = ValType::U8;
    for _ in 0..150 {
        ty = ValType::list(ty);
    }
    let text = format!("{}1{}", "[".repeat(150), "]".repeat(150));
    fails(&ty, &text, "values nest more than 100 deep (at column 101)");
}

#[test]
fn errors_on_later_lines_give_the_line() {
    let ty = ValType::list(ValType::U8);
    fails(&ty, "[\n  1,\n  x,\n]", "expected an integer (u8), found `x` (at line 3, column 3)");
}

#[test]
fn long_tokens_are_shortened_in_messages() {
    let long = format!("\"{}\"", "a".repeat(40));
    fails(&ValType::U8, &long, "expected an integer (u8), found `\"aaaaaaaaaaaaaaaaaaa...` (at column 1)");
}

/// `(names, types)` of `f(a: u32, b: option<string>, c: option<u8>)`.
fn params() -> (Vec<String>, Vec<ValType>) {
    let names = ["a", "b", "c"].map(String::from).to_vec();
    (names, vec![ValType::U32, option(ValType::String), option(ValType::U8)])
}

#[test]
fn invocations_split_name_and_arguments() {
    let (names, types) = params();
    let call = Invocation::parse("  f(1, some(\"x\"), 2)").unwrap();
    assert_eq!(call.name(), "f");
    let args = call.args(&names, &types).unwrap();
    assert_eq!(args, vec![Val::U32(1), some(Val::String("x".into())), some(Val::U8(2))]);
    let call = Invocation::parse("ns:pkg/iface@1.0.0#greet-all()").unwrap();
    assert_eq!(call.name(), "ns:pkg/iface@1.0.0#greet-all");
    assert_eq!(call.args(&[], &[]).unwrap(), vec![]);
}

#[test]
fn trailing_option_arguments_may_be_left_out() {
    let (names, types) = params();
    let call = Invocation::parse("f(7)").unwrap();
    assert_eq!(call.args(&names, &types).unwrap(), vec![Val::U32(7), Val::Option(None), Val::Option(None)]);
    let call = Invocation::parse("f(7, \"x\",)").unwrap();
    assert_eq!(call.args(&names, &types).unwrap(), vec![Val::U32(7), some(Val::String("x".into())), Val::Option(None)]);
}

#[test]
fn a_bare_name_calls_without_arguments() {
    let call = Invocation::parse("run").unwrap();
    assert_eq!(call.name(), "run");
    assert_eq!(call.args(&[], &[]).unwrap(), vec![]);
    let (names, types) = params();
    let e = call.args(&names, &types).unwrap_err();
    assert_eq!(e.to_string(), "missing argument `a: u32` of `run` (at column 4)");
}

#[test]
fn invocation_errors() {
    let (names, types) = params();
    let args = |text: &str| Invocation::parse(text).and_then(|c| c.args(&names, &types)).unwrap_err().to_string();
    assert_eq!(args("f()"), "missing argument `a: u32` of `f` (at column 3)");
    assert_eq!(args("f(1, none, none, 4)"), "too many arguments: `f` takes 3 arguments (at column 18)");
    assert_eq!(args("f(1"), "expected `,` or `)`, found the end of the input (at column 4)");
    assert_eq!(args("f(1))"), "expected the end of the input, found `)` (at column 5)");
    assert_eq!(args("f(\"1\")"), "expected an integer (u32), found `\"1\"` (at column 3)");
    assert_eq!(args("(1)"), "missing function name; write `name(arguments)` (at column 1)");
    assert_eq!(args("   "), "missing function name; write `name(arguments)` (at column 4)");
    assert_eq!(args("my func(1)"), "invalid function name `my func`; write `name(arguments)` (at column 3)");
    assert_eq!(args("f[1]"), "invalid function name `f[1]`; write `name(arguments)` (at column 2)");
}
