//! Derived types shared by the integration tests, each with the WIT type it
//! stands for.

#![allow(dead_code)]

pub mod many;

use airssys_wasm_abi::ValType;
use airssys_wasm_macro::{ComponentType, Lift, Lower};

/// `record point { x: u32, y-pos: f32 }`: scalars, no padding.
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Point {
    pub x: u32,
    pub y_pos: f32,
}

/// `record mixed { a: u8, b: u64, c: u16, d: char, e: bool, f: s8, g: f64, h: s32 }`:
/// scalars with padding between and after fields.
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Mixed {
    pub a: u8,
    pub b: u64,
    pub c: u16,
    pub d: char,
    pub e: bool,
    pub f: i8,
    pub g: f64,
    pub h: i32,
}

/// `enum color { red, dark-blue, green }` (the last renamed).
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(enum, crate = airssys_wasm_abi)]
pub enum Color {
    Red,
    DarkBlue,
    #[component(name = "green")]
    Verde,
}

/// `flags perms { read, write-all, exec }`.
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq, Default)]
#[component(flags, crate = airssys_wasm_abi)]
pub struct Perms {
    pub read: bool,
    pub write_all: bool,
    pub exec: bool,
}

/// `variant shape { empty, dot(point), many(list<point>), label(string), big(u64), tinted(color) }`.
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(variant, crate = airssys_wasm_abi)]
pub enum Shape {
    Empty,
    Dot(Point),
    Many(Vec<Point>),
    Label(String),
    Big(u64),
    Tinted(Color),
}

/// `record person { name: string, type: option<color>, perms: perms, shapes: list<shape>, home: point }`
/// (`kind` renamed to `type`, `r#type` would do the same).
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Person {
    pub name: String,
    #[component(name = "type")]
    pub kind: Option<Color>,
    pub perms: Perms,
    pub shapes: Vec<Shape>,
    pub home: Point,
}

/// `record keyword { type: u8, ok-or-not: bool }`.
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Keyword {
    pub r#type: u8,
    pub ok_or_not: bool,
}

/// `record pair<A, B> { first: A, second: B }`, generic.
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Pair<A, B> {
    pub first: A,
    pub second: B,
}

/// `variant either<L, R> { left(L), right(R) }`, generic.
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(variant, crate = airssys_wasm_abi)]
pub enum Either<L, R> {
    Left(L),
    Right(R),
}

/// A record of borrowed fields: lowered only.
#[derive(ComponentType, Lower, Debug)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Borrowed<'a> {
    pub name: &'a str,
    pub points: &'a [Point],
}

/// Builds a type the tests know is valid.
pub fn ok(ty: Result<ValType, airssys_wasm_abi::TypeError>) -> ValType {
    ty.expect("a valid component type")
}

pub fn point_ty() -> ValType {
    ok(ValType::record([("x", ValType::U32), ("y-pos", ValType::F32)]))
}

pub fn mixed_ty() -> ValType {
    ok(ValType::record([
        ("a", ValType::U8),
        ("b", ValType::U64),
        ("c", ValType::U16),
        ("d", ValType::Char),
        ("e", ValType::Bool),
        ("f", ValType::S8),
        ("g", ValType::F64),
        ("h", ValType::S32),
    ]))
}

pub fn color_ty() -> ValType {
    ok(ValType::enumeration(["red", "dark-blue", "green"]))
}

pub fn perms_ty() -> ValType {
    ok(ValType::flags(["read", "write-all", "exec"]))
}

pub fn shape_ty() -> ValType {
    ok(ValType::variant([
        ("empty", None),
        ("dot", Some(point_ty())),
        ("many", Some(ValType::list(point_ty()))),
        ("label", Some(ValType::String)),
        ("big", Some(ValType::U64)),
        ("tinted", Some(color_ty())),
    ]))
}

pub fn person_ty() -> ValType {
    ok(ValType::record([
        ("name", ValType::String),
        ("type", ok(ValType::option(color_ty()))),
        ("perms", perms_ty()),
        ("shapes", ValType::list(shape_ty())),
        ("home", point_ty()),
    ]))
}

pub fn keyword_ty() -> ValType {
    ok(ValType::record([("type", ValType::U8), ("ok-or-not", ValType::Bool)]))
}

pub fn pair_ty(first: ValType, second: ValType) -> ValType {
    ok(ValType::record([("first", first), ("second", second)]))
}

pub fn either_ty(left: ValType, right: ValType) -> ValType {
    ok(ValType::variant([("left", Some(left)), ("right", Some(right))]))
}

pub fn borrowed_ty() -> ValType {
    ok(ValType::record([("name", ValType::String), ("points", ValType::list(point_ty()))]))
}

/// A person with every kind of field filled in.
pub fn person() -> Person {
    Person {
        name: "Zoë".into(),
        kind: Some(Color::DarkBlue),
        perms: Perms { read: true, write_all: false, exec: true },
        shapes: vec![
            Shape::Empty,
            Shape::Dot(Point { x: 1, y_pos: -2.5 }),
            Shape::Many(vec![Point { x: 3, y_pos: 0.5 }, Point { x: 4, y_pos: f32::INFINITY }]),
            Shape::Label("héllo".into()),
            Shape::Big(u64::MAX),
            Shape::Tinted(Color::Verde),
        ],
        home: Point { x: 0xdead_beef, y_pos: 1.0 },
    }
}
