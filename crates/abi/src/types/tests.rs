//! Tests for type construction and precomputed layouts.

use super::*;

fn rec(fields: Vec<(&str, ValType)>) -> ValType {
    ValType::record(fields).expect("valid record")
}

#[test]
fn scalar_layouts_match_the_specification() {
    assert_eq!(ValType::Bool.layout(), Layout { size: 1, align: 1, flat_count: 1 });
    assert_eq!(ValType::U16.layout(), Layout { size: 2, align: 2, flat_count: 1 });
    assert_eq!(ValType::Char.layout(), Layout { size: 4, align: 4, flat_count: 1 });
    assert_eq!(ValType::F64.layout(), Layout { size: 8, align: 8, flat_count: 1 });
    assert_eq!(ValType::String.layout(), Layout { size: 8, align: 4, flat_count: 2 });
    assert_eq!(ValType::list(ValType::U64).layout(), Layout { size: 8, align: 4, flat_count: 2 });
}

#[test]
fn record_layout_pads_fields_and_tail() {
    let r = rec(vec![("a", ValType::U8), ("b", ValType::U32), ("c", ValType::U16)]);
    assert_eq!(r.layout(), Layout { size: 12, align: 4, flat_count: 3 });
    let ValType::Record(inner) = &r else { panic!("not a record") };
    assert_eq!(inner.offsets(), &[0, 4, 8]);
}

#[test]
fn variant_flat_count_is_one_plus_widest_payload() {
    let v = ValType::variant([
        ("a", Some(ValType::tuple([ValType::U8, ValType::U8, ValType::U8]).expect("tuple"))),
        ("b", None),
        ("c", Some(ValType::F64)),
    ])
    .expect("variant");
    assert_eq!(v.layout(), Layout { size: 16, align: 8, flat_count: 4 });
}

#[test]
fn fixed_list_is_laid_out_like_a_tuple() {
    let t = ValType::fixed_list(ValType::S16, 3).expect("fixed list");
    assert_eq!(t.layout(), Layout { size: 6, align: 2, flat_count: 3 });
}

#[test]
fn invalid_types_are_errors_not_panics() {
    assert_eq!(ValType::record(Vec::<(&str, ValType)>::new()), Err(TypeError::Empty("record")));
    assert_eq!(ValType::tuple([]), Err(TypeError::Empty("tuple")));
    assert_eq!(ValType::enumeration(Vec::<&str>::new()), Err(TypeError::Empty("enum")));
    assert_eq!(ValType::flags((0..33).map(|i| alloc::format!("f{i}"))), Err(TypeError::TooManyFlags(33)));
    assert_eq!(ValType::fixed_list(ValType::U8, 0), Err(TypeError::ZeroLengthFixedList));
    let big = ValType::fixed_list(ValType::U64, 1 << 24).expect("128 MiB is allowed");
    let bigger = ValType::fixed_list(big, 8).expect("1 GiB is allowed");
    assert_eq!(ValType::fixed_list(bigger, 2), Err(TypeError::TooLarge));
}

#[test]
fn display_prints_wit_syntax() {
    let t = ValType::result(Some(ValType::list(ValType::String)), None).expect("result");
    assert_eq!(t.to_string(), "result<list<string>>");
    let t = ValType::result(None, Some(ValType::U8)).expect("result");
    assert_eq!(t.to_string(), "result<_, u8>");
    let t = rec(vec![("x", ValType::option(ValType::Char).expect("option"))]);
    assert_eq!(t.to_string(), "record { x: option<char> }");
}

#[test]
fn flags_mask_covers_every_label() {
    let ValType::Flags(f) = ValType::flags(["a", "b", "c"]).expect("flags") else { panic!() };
    assert_eq!(f.mask(), 0b111);
    let ValType::Flags(f) = ValType::flags((0..32).map(|i| alloc::format!("f{i}"))).expect("flags") else { panic!() };
    assert_eq!(f.mask(), u32::MAX);
}
