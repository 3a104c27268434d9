//! Tests for converting, comparing and printing script values.

use super::*;
use wast::parser::{self, ParseBuffer};

/// Parses `text` as a script value and converts it to type `ty`.
fn convert(text: &str, ty: &ValType) -> Result<Val, Mismatch> {
    let buf = ParseBuffer::new(text).unwrap();
    let v: WastVal<'_> = parser::parse(&buf).unwrap();
    to_val(&v, ty)
}

fn ret(text: &str, ty: &ValType) -> Result<Val, Mismatch> {
    let buf = ParseBuffer::new(text).unwrap();
    let v: WastRet<'_> = parser::parse(&buf).unwrap();
    ret_to_val(&v, ty)
}

fn point() -> ValType {
    ValType::record([("x", ValType::U32), ("y", ValType::S8)]).unwrap()
}

#[test]
fn scalars_and_strings() {
    assert_eq!(convert("u32.const 7", &ValType::U32), Ok(Val::U32(7)));
    assert_eq!(convert("s8.const -1", &ValType::S8), Ok(Val::S8(-1)));
    assert_eq!(convert("bool.const true", &ValType::Bool), Ok(Val::Bool(true)));
    assert_eq!(convert("char.const \"☃\"", &ValType::Char), Ok(Val::Char('☃')));
    assert_eq!(convert("str.const \"a\\tb\"", &ValType::String), Ok(Val::String("a\tb".into())));
    assert_eq!(convert("f64.const 1.5", &ValType::F64), Ok(Val::F64(1.5)));
}

#[test]
fn a_value_of_another_type_is_a_mismatch() {
    assert_eq!(convert("u32.const 7", &ValType::S32), Err(Mismatch("`u32.const` does not fit the type `s32`".into())));
}

#[test]
fn records_take_fields_in_type_order() {
    let v = convert("record.const (field \"x\" u32.const 3) (field \"y\" s8.const -2)", &point());
    assert_eq!(v, Ok(Val::Record(vec![Val::U32(3), Val::S8(-2)])));
    let swapped = convert("record.const (field \"y\" s8.const -2) (field \"x\" u32.const 3)", &point());
    assert!(swapped.is_err());
}

#[test]
fn variants_enums_and_flags_by_label() {
    let v = ValType::variant([("none", None), ("some", Some(ValType::U8))]).unwrap();
    assert_eq!(convert("variant.const \"some\" (u8.const 9)", &v), Ok(Val::variant(1, Some(Val::U8(9)))));
    assert_eq!(convert("variant.const \"none\"", &v), Ok(Val::variant(0, None)));
    assert_eq!(convert("variant.const \"some\"", &v), Err(Mismatch("`some` needs a payload of type `u8`".into())));
    assert!(convert("variant.const \"other\"", &v).is_err());

    let e = ValType::enumeration(["a", "b", "c"]).unwrap();
    assert_eq!(convert("enum.const \"c\"", &e), Ok(Val::Enum(2)));

    let f = ValType::flags(["r", "w", "x"]).unwrap();
    assert_eq!(convert("flags.const \"x\" \"r\"", &f), Ok(Val::Flags(0b101)));
    assert_eq!(convert("flags.const", &f), Ok(Val::Flags(0)));
}

#[test]
fn options_results_lists_and_tuples() {
    let o = ValType::option(ValType::String).unwrap();
    assert_eq!(convert("option.some (str.const \"s\")", &o), Ok(Val::some(Val::String("s".into()))));
    assert_eq!(convert("option.none", &o), Ok(Val::Option(None)));

    let r = ValType::result(None, Some(ValType::U16)).unwrap();
    assert_eq!(convert("result.ok", &r), Ok(Val::ok(None)));
    assert_eq!(convert("result.err (u16.const 4)", &r), Ok(Val::err(Some(Val::U16(4)))));
    assert!(convert("result.ok (u16.const 4)", &r).is_err());

    let l = ValType::list(ValType::U8);
    assert_eq!(convert("list.const (u8.const 1) (u8.const 2)", &l), Ok(Val::List(vec![Val::U8(1), Val::U8(2)])));
    let fixed = ValType::fixed_list(ValType::U8, 2).unwrap();
    assert!(convert("list.const (u8.const 1)", &fixed).is_err());

    let t = ValType::tuple([ValType::Bool, ValType::Char]).unwrap();
    assert_eq!(
        convert("tuple.const (bool.const false) (char.const \"x\")", &t),
        Ok(Val::Tuple(vec![Val::Bool(false), Val::Char('x')]))
    );
}

#[test]
fn core_float_forms_are_accepted_at_top_level() {
    assert_eq!(ret("f32.const 2.5", &ValType::F32), Ok(Val::F32(2.5)));
    let nan = ret("f32.const nan:canonical", &ValType::F32).unwrap();
    assert!(same(&nan, &Val::F32(f32::from_bits(0x7fc0_0000))));
    assert!(ret("i32.const 1", &ValType::U32).is_err());
}

#[test]
fn floats_compare_by_bits_and_nans_are_equal() {
    assert!(same(&Val::F64(f64::NAN), &Val::F64(f64::from_bits(0x7ff8_0000_0000_0001))));
    assert!(!same(&Val::F32(0.0), &Val::F32(-0.0)));
    assert!(same(&Val::List(vec![Val::F32(1.0)]), &Val::List(vec![Val::F32(1.0)])));
    assert!(!same(&Val::variant(0, Some(Val::U8(1))), &Val::variant(0, None)));
}

#[test]
fn printing_uses_labels() {
    let v = convert("record.const (field \"x\" u32.const 3) (field \"y\" s8.const -2)", &point()).unwrap();
    assert_eq!(show(&v, &point()), "{ x: 3, y: -2 }");
    let f = ValType::flags(["r", "w"]).unwrap();
    assert_eq!(show(&Val::Flags(0b11), &f), "{r, w}");
    let r = ValType::result(Some(ValType::String), None).unwrap();
    assert_eq!(show(&Val::ok(Some(Val::String("hi\n".into()))), &r), "ok(\"hi\\n\")");
    // A value that does not match its type still prints, by position.
    assert_eq!(show(&Val::Enum(5), &ValType::U8), "#5");
}
