//! `typecheck` of derived types: accepted types, and rejections whose
//! messages name the Rust type, the field or case, and what was found.

// Tests stop at the first surprise.
#![allow(clippy::expect_used, clippy::panic)]

mod types;

use airssys_wasm_abi::typed::ComponentType;
use airssys_wasm_abi::{TypeError, ValType};
use types::*;

/// The message of `T`'s rejection of `ty`.
fn rejects<T: ComponentType>(ty: &ValType) -> String {
    match T::typecheck(ty) {
        Ok(()) => panic!("{} accepted {ty}", std::any::type_name::<T>()),
        Err(e) => e.to_string(),
    }
}

fn assert_contains(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "`{part}` missing from: {message}");
    }
}

#[test]
fn a_component_type_of_another_kind_is_refused() {
    let msg = rejects::<Point>(&ok(ValType::tuple([ValType::U32, ValType::F32])));
    assert_contains(&msg, &["record (Rust type `Point`)", "tuple<u32, f32>"]);
    assert_contains(&rejects::<Color>(&perms_ty()), &["enum (Rust type `Color`)", "flags"]);
    assert_contains(&rejects::<Perms>(&color_ty()), &["flags (Rust type `Perms`)", "enum"]);
    assert_contains(&rejects::<Shape>(&color_ty()), &["variant (Rust type `Shape`)"]);
    // An enum is not a variant, even with payload-free cases.
    let unit_variant = ok(ValType::variant([("red", None), ("dark-blue", None), ("green", None)]));
    assert_contains(&rejects::<Color>(&unit_variant), &["enum (Rust type `Color`)"]);
}

#[test]
fn counts_of_fields_cases_and_labels_must_match() {
    let msg = rejects::<Point>(&ok(ValType::record([("x", ValType::U32)])));
    assert_contains(&msg, &["record `Point` with 2 fields (x, y-pos)", "1 field in record"]);
    let msg = rejects::<Color>(&ok(ValType::enumeration(["red", "dark-blue"])));
    assert_contains(&msg, &["enum `Color` with 3 labels (red, dark-blue, green)", "2 labels"]);
    let msg = rejects::<Perms>(&ok(ValType::flags(["read", "write-all", "exec", "admin"])));
    assert_contains(&msg, &["flags `Perms` with 3 labels", "4 labels"]);
    let msg = rejects::<Shape>(&ok(ValType::variant([("empty", None)])));
    assert_contains(&msg, &["variant `Shape` with 6 cases", "1 case in variant"]);
}

#[test]
fn names_are_matched_in_order() {
    let msg = rejects::<Point>(&ok(ValType::record([("x", ValType::U32), ("y", ValType::F32)])));
    assert_contains(&msg, &["Rust type `Point`", "field `y_pos` (WIT `y-pos`)", "field 1 to be named `y-pos`", "`y`"]);
    let swapped = ok(ValType::record([("y-pos", ValType::F32), ("x", ValType::U32)]));
    assert_contains(&rejects::<Point>(&swapped), &["field `x` (WIT `x`)", "field 0 to be named `x`"]);
    let msg = rejects::<Color>(&ok(ValType::enumeration(["red", "dark-blue", "verde"])));
    assert_contains(&msg, &["label `Verde` (WIT `green`)", "`verde`"]);
    let msg = rejects::<Perms>(&ok(ValType::flags(["read", "write_all", "exec"])));
    assert_contains(&msg, &["label `write_all` (WIT `write-all`)"]);
    let msg = rejects::<Keyword>(&ok(ValType::record([("r#type", ValType::U8), ("ok-or-not", ValType::Bool)])));
    assert_contains(&msg, &["field `r#type` (WIT `type`)"]);
}

#[test]
fn field_and_payload_types_are_checked_and_named() {
    let msg = rejects::<Point>(&ok(ValType::record([("x", ValType::U64), ("y-pos", ValType::F32)])));
    assert_contains(&msg, &["Rust type `Point`", "field `x` (WIT `x`)", "u32", "u64"]);
    // A mismatch deep inside names every level on the way.
    let bad_point = ok(ValType::record([("x", ValType::U32), ("y-pos", ValType::F64)]));
    let person = ok(ValType::record([
        ("name", ValType::String),
        ("type", ok(ValType::option(color_ty()))),
        ("perms", perms_ty()),
        ("shapes", ValType::list(shape_ty())),
        ("home", bad_point),
    ]));
    let err = Person::typecheck(&person).expect_err("home is not a point");
    let TypeError::InType { rust_type: "Person", part, error } = &err else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(part, "field `home` (WIT `home`)");
    let TypeError::InType { rust_type: "Point", part, .. } = &**error else {
        panic!("unexpected inner error {error:?}");
    };
    assert_eq!(part, "field `y_pos` (WIT `y-pos`)");
    assert_contains(&err.to_string(), &["`Person`", "`home`", "`Point`", "`y_pos`", "f32", "f64"]);
}

#[test]
fn payload_presence_must_match() {
    let mut cases: Vec<(String, Option<ValType>)> = match shape_ty() {
        ValType::Variant(v) => v.cases().iter().map(|c| (c.name.clone(), c.ty.clone())).collect(),
        _ => unreachable!(),
    };
    cases[0].1 = Some(ValType::U8);
    let msg = rejects::<Shape>(&ok(ValType::variant(cases.clone())));
    assert_contains(&msg, &["case `Empty` (WIT `empty`)", "no payload", "payload u8"]);
    cases[0].1 = None;
    cases[3].1 = None;
    let msg = rejects::<Shape>(&ok(ValType::variant(cases)));
    assert_contains(&msg, &["case `Label` (WIT `label`)", "needs a payload", "no payload"]);
}

#[test]
fn generics_check_their_arguments() {
    assert!(Pair::<u8, Shape>::typecheck(&pair_ty(ValType::U8, shape_ty())).is_ok());
    let msg = rejects::<Pair<u8, Shape>>(&pair_ty(ValType::U8, color_ty()));
    assert_contains(&msg, &["Rust type `Pair`", "field `second`", "variant (Rust type `Shape`)"]);
    let msg = rejects::<Either<u32, String>>(&either_ty(ValType::U32, ValType::U32));
    assert_contains(&msg, &["case `Right` (WIT `right`)", "string"]);
}
