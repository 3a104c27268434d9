//! Tests for WAVE through the canonical ABI: `echo-*` functions hand their
//! argument back, so each value is parsed, lowered into the guest, lifted
//! out again and printed; the output is the canonical WAVE of the input.

use super::{airssys_wasm, assert_prints, scratch_file};
use std::sync::OnceLock;

/// A realloc (bump allocator) and identity functions. `spilled` is the
/// identity of a spilled argument list: with more than 16 flat parameters
/// the arguments arrive as a pointer to their tuple in memory, and with more
/// than one flat result the result is read from the pointer returned; the
/// first argument sits at offset 0 of the tuple, so handing the pointer back
/// returns the first argument.
const CORE: &str = r#"
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.const 1)))))
      ;; Keep the old contents: UTF-16 and Latin-1 strings are shrunk in place.
      (if (local.get 1)
        (then (memory.copy (local.get $p) (local.get 0)
          (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
      (local.get $p))
    (func (export "id-i32") (param i32) (result i32) (local.get 0))
    (func (export "id-i64") (param i64) (result i64) (local.get 0))
    (func (export "id-f32") (param f32) (result f32) (local.get 0))
    (func (export "id-f64") (param f64) (result f64) (local.get 0))
    (func (export "spilled") (param i32) (result i32) (local.get 0)))
  (core instance $m (instantiate $m))
"#;

/// Named types (exported, as exported functions require).
const TYPES: &str = r#"
  (type $color' (enum "red" "ok" "blue-green"))
  (export $color "color" (type $color'))
  (type $perms' (flags "read" "write" "exec"))
  (export $perms "perms" (type $perms'))
  (type $shape' (variant (case "circle" f64) (case "dot") (case "none") (case "label" string)))
  (export $shape "shape" (type $shape'))
  (type $everything' (record
    (field "flag" bool) (field "small" s8) (field "big" u64) (field "ratio" f32) (field "precise" f64)
    (field "letter" char) (field "name" string) (field "items" (list u16)) (field "pair" (tuple s32 string))
    (field "shape" $shape) (field "color" $color) (field "maybe" (option u8)) (field "outcome" (result u8 (error string)))
    (field "perms" $perms)))
  (export $everything "everything" (type $everything'))
  (type $many' (flags "f0" "f1" "f2" "f3" "f4" "f5" "f6" "f7" "f8" "f9" "f10" "f11" "f12" "f13" "f14" "f15" "f16"))
  (export $many "many" (type $many'))
  (type $pad (option (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)))
"#;

/// `(func, type, core function)` for each `echo-*`: scalars pass flat.
const FLAT: &[(&str, &str, &str)] = &[
    ("bool", "bool", "id-i32"),
    ("s8", "s8", "id-i32"),
    ("u8", "u8", "id-i32"),
    ("s16", "s16", "id-i32"),
    ("u32", "u32", "id-i32"),
    ("s64", "s64", "id-i64"),
    ("u64", "u64", "id-i64"),
    ("f32", "f32", "id-f32"),
    ("f64", "f64", "id-f64"),
    ("char", "char", "id-i32"),
    ("color", "$color", "id-i32"),
    ("perms", "$perms", "id-i32"),
    ("many-flags", "$many", "id-i32"),
];

/// `(func, type, canonical options)` for each `echo-*` that spills (padded
/// with `$pad`).
const SPILLED: &[(&str, &str, &str)] = &[
    ("string", "string", ""),
    ("utf16", "string", "string-encoding=utf16"),
    ("latin1", "string", "string-encoding=latin1+utf16"),
    ("fixed", "(list u16 3)", ""),
    ("list", "(list (list string))", ""),
    ("tuple", "(tuple s32 string char)", ""),
    ("option", "(option u8)", ""),
    ("nested-option", "(option (option u8))", ""),
    ("result", "(result string (error u8))", ""),
    ("shape", "$shape", ""),
    ("everything", "$everything", ""),
];

/// The echo component's path, written once to the scratch directory (the
/// tests run in parallel and must not read it half written).
fn echo() -> String {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(write_echo).clone()
}

/// Writes the echo component.
fn write_echo() -> String {
    let mut funcs = String::new();
    for (name, ty, core) in FLAT {
        funcs += &format!(
            "(func (export \"echo-{name}\") (param \"x\" {ty}) (result {ty}) (canon lift (core func $m \"{core}\")))\n"
        );
    }
    for (name, ty, options) in SPILLED {
        funcs += &format!(
            "(func (export \"echo-{name}\") (param \"x\" {ty}) (param \"pad\" $pad) (result {ty})
               (canon lift (core func $m \"spilled\") (memory (core memory $m \"memory\"))
                 (realloc (core func $m \"realloc\")) {options}))\n"
        );
    }
    scratch_file("echo.wat", format!("(component {CORE} {TYPES} {funcs})"))
}

/// Asserts that `echo-<func>(input)` prints `output`.
#[track_caller]
fn echoes(path: &str, func: &str, input: &str, output: &str) {
    let outcome = airssys_wasm(&["run", path, "--invoke", &format!("echo-{func}({input})")]);
    assert_prints(&outcome, &format!("{output}\n"));
}

#[test]
fn scalars() {
    let path = echo();
    echoes(&path, "bool", "true", "true");
    echoes(&path, "s8", "-128", "-128");
    echoes(&path, "u8", "255", "255");
    echoes(&path, "s16", "-2", "-2");
    echoes(&path, "u32", "4294967295", "4294967295");
    echoes(&path, "s64", "-9223372036854775808", "-9223372036854775808");
    echoes(&path, "u64", "18446744073709551615", "18446744073709551615");
    echoes(&path, "f32", "0.1", "0.1");
    echoes(&path, "f32", "nan", "nan");
    echoes(&path, "f64", "-inf", "-inf");
    echoes(&path, "f64", "-0", "-0");
    echoes(&path, "f64", "6.022e23", "602200000000000000000000");
    echoes(&path, "char", r"'\u{1F600}'", "'😀'");
    echoes(&path, "char", r"'\n'", r"'\n'");
    echoes(&path, "char", r#"'"'"#, r#"'\"'"#);
}

#[test]
fn enums_and_flags() {
    let path = echo();
    echoes(&path, "color", "%ok", "%ok");
    echoes(&path, "color", "blue-green", "blue-green");
    echoes(&path, "perms", "{exec, read}", "{read, exec}");
    echoes(&path, "perms", "{}", "{}");
    echoes(&path, "many-flags", "{f16, f0, f8}", "{f0, f8, f16}");
}

#[test]
fn strings_lists_and_tuples() {
    let path = echo();
    echoes(&path, "string", r#""a\"b\\c\u{0}\t""#, r#""a\"b\\c\u{0}\t""#);
    echoes(&path, "string", r#""""#, r#""""#);
    echoes(&path, "list", r#"[["a"], [], ["b", "c",],]"#, r#"[["a"], [], ["b", "c"]]"#);
    echoes(&path, "tuple", r#"(-1, "x", 'y')"#, r#"(-1, "x", 'y')"#);
    echoes(&path, "fixed", "[1, 2, 65535]", "[1, 2, 65535]");
}

#[test]
fn strings_in_every_encoding() {
    let path = echo();
    for func in ["string", "utf16", "latin1"] {
        echoes(&path, func, r#""héllo ☃ 😀""#, r#""héllo ☃ 😀""#);
        echoes(&path, func, r#""latin-1 only: é""#, r#""latin-1 only: é""#);
        echoes(&path, func, r#""""#, r#""""#);
    }
}

#[test]
fn options_results_and_variants() {
    let path = echo();
    echoes(&path, "option", "5", "some(5)");
    echoes(&path, "option", "none", "none");
    echoes(&path, "nested-option", "some(none)", "some(none)");
    echoes(&path, "nested-option", "some(some(0))", "some(some(0))");
    echoes(&path, "result", r#""fine""#, r#"ok("fine")"#);
    echoes(&path, "result", "err(3)", "err(3)");
    echoes(&path, "shape", "circle(1.5)", "circle(1.5)");
    echoes(&path, "shape", "dot", "dot");
    echoes(&path, "shape", "%none", "%none");
    echoes(&path, "shape", r#"label("x")"#, r#"label("x")"#);
}

#[test]
fn a_record_of_every_kind() {
    let path = echo();
    let input = r#"{
        perms: {write}, outcome: err("bad"), color: red, shape: dot, pair: (7, "seven"),
        items: [1, 65535], name: "n", letter: 'l', precise: 2.5, ratio: -0.5, big: 1, small: -1, flag: false,
    }"#;
    echoes(
        &path,
        "everything",
        input,
        r#"{flag: false, small: -1, big: 1, ratio: -0.5, precise: 2.5, letter: 'l', name: "n", items: [1, 65535], pair: (7, "seven"), shape: dot, color: red, outcome: err("bad"), perms: {write}}"#,
    );
    let input = r#"{flag: true, small: 0, big: 0, ratio: inf, precise: nan, letter: '\'', name: "",
        items: [], pair: (0, ""), shape: circle(0.25), color: %ok, maybe: 9, outcome: 1, perms: {}}"#;
    echoes(
        &path,
        "everything",
        input,
        r#"{flag: true, small: 0, big: 0, ratio: inf, precise: nan, letter: '\'', name: "", items: [], pair: (0, ""), shape: circle(0.25), color: %ok, maybe: some(9), outcome: ok(1), perms: {}}"#,
    );
}
