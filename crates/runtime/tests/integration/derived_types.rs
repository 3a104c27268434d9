//! Derived records, variants, enums and flags (`#[derive(ComponentType,
//! Lift, Lower)]`) through typed exports (`get_typed_func`) and typed host
//! imports (`func_wrap`).

use super::{MEM, component};
use airssys_wasm::typed::{ComponentType, Lift, Lower};
use airssys_wasm::{Component, Engine, Grant, Instance, Linker, Store};

/// `record point { x: u32, y-pos: f32 }`
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(record)]
struct Point {
    x: u32,
    y_pos: f32,
}

/// `enum color { red, dark-blue, green }`
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq)]
#[component(enum)]
enum Color {
    Red,
    DarkBlue,
    #[component(name = "green")]
    Verde,
}

/// `flags perms { read, write-all, exec }`
#[derive(ComponentType, Lift, Lower, Debug, Clone, Copy, PartialEq, Default)]
#[component(flags)]
struct Perms {
    read: bool,
    write_all: bool,
    exec: bool,
}

/// `variant shape { empty, dot(point), label(string), tinted(color) }`
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(variant)]
enum Shape {
    Empty,
    Dot(Point),
    Label(String),
    Tinted(Color),
}

/// `record item { name: string, shape: shape, perms: perms, points: list<point> }`
#[derive(ComponentType, Lift, Lower, Debug, Clone, PartialEq)]
#[component(record)]
struct Item {
    name: String,
    shape: Shape,
    perms: Perms,
    points: Vec<Point>,
}

/// The component: it imports `host:shapes/api#transform(s: shape, p: perms) -> shape`
/// and exports `run(s: shape, p: perms) -> shape`, which forwards to it, and
/// `echo(i: item) -> item`, which stores its flat parameters back as an
/// `item` (layout: name 0, shape 8 with payload at 12, perms 20, points 24).
/// Types that others name are exported first, and named by their export.
fn shapes_component() -> Vec<u8> {
    component(&format!(
        r#"
        (import "host:shapes/api" (instance $api
          (type $point (record (field "x" u32) (field "y-pos" f32)))
          (export "point" (type $point-i (eq $point)))
          (type $color (enum "red" "dark-blue" "green"))
          (export "color" (type $color-i (eq $color)))
          (type $perms (flags "read" "write-all" "exec"))
          (export "perms" (type $perms-i (eq $perms)))
          (type $shape (variant (case "empty") (case "dot" $point-i) (case "label" string) (case "tinted" $color-i)))
          (export "shape" (type $shape-i (eq $shape)))
          (export "transform" (func (param "s" $shape-i) (param "p" $perms-i) (result $shape-i)))))
        (core func $transform (canon lower (func $api "transform") {MEM}))
        (core module $m
          (import "" "mem" (memory 1))
          (import "" "transform" (func $transform (param i32 i32 i32 i32 i32)))
          (func (export "run") (param i32 i32 i32 i32) (result i32)
            (call $transform (local.get 0) (local.get 1) (local.get 2) (local.get 3) (i32.const 512))
            (i32.const 512))
          (func (export "echo") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
            (i32.store (i32.const 256) (local.get 0))
            (i32.store (i32.const 260) (local.get 1))
            (i32.store8 (i32.const 264) (local.get 2))
            (i32.store (i32.const 268) (local.get 3))
            (i32.store (i32.const 272) (local.get 4))
            (i32.store8 (i32.const 276) (local.get 5))
            (i32.store (i32.const 280) (local.get 6))
            (i32.store (i32.const 284) (local.get 7))
            (i32.const 256)))
        (core instance $m (instantiate $m (with "" (instance
          (export "mem" (memory $libc "mem")) (export "transform" (func $transform))))))
        (type $point (record (field "x" u32) (field "y-pos" f32)))
        (export $point-e "point" (type $point))
        (type $color (enum "red" "dark-blue" "green"))
        (export $color-e "color" (type $color))
        (type $perms (flags "read" "write-all" "exec"))
        (export $perms-e "perms" (type $perms))
        (type $shape (variant (case "empty") (case "dot" $point-e) (case "label" string) (case "tinted" $color-e)))
        (export $shape-e "shape" (type $shape))
        (type $item (record (field "name" string) (field "shape" $shape-e) (field "perms" $perms-e)
          (field "points" (list $point-e))))
        (export $item-e "item" (type $item))
        (func (export "run") (param "s" $shape-e) (param "p" $perms-e) (result $shape-e)
          (canon lift (core func $m "run") {MEM}))
        (func (export "echo") (param "i" $item-e) (result $item-e) (canon lift (core func $m "echo") {MEM}))
        "#
    ))
}

/// What the host's `transform` does: doubles dots, shouts labels, cycles
/// colors, and turns `empty` into a label naming the permissions.
fn transform(shape: Shape, perms: Perms) -> Shape {
    match shape {
        Shape::Empty => Shape::Label(format!("r{} w{} x{}", perms.read, perms.write_all, perms.exec)),
        Shape::Dot(p) => Shape::Dot(Point { x: p.x * 2, y_pos: p.y_pos * 2.0 }),
        Shape::Label(s) => Shape::Label(format!("{s}!")),
        Shape::Tinted(Color::Red) => Shape::Tinted(Color::DarkBlue),
        Shape::Tinted(Color::DarkBlue) => Shape::Tinted(Color::Verde),
        Shape::Tinted(Color::Verde) => Shape::Tinted(Color::Red),
    }
}

/// Instantiates the component with a typed `transform` that records the
/// permissions it was given.
fn instantiate() -> (Store<Vec<Perms>>, Instance) {
    let engine = Engine::default();
    let component = Component::new(&engine, shapes_component()).expect("valid");
    let mut linker = Linker::<Vec<Perms>>::new();
    linker
        .instance("host:shapes/api")
        .expect("instance")
        .func_wrap("transform", |mut cx, (shape, perms): (Shape, Perms)| {
            cx.data_mut().push(perms);
            Ok((transform(shape, perms),))
        })
        .expect("define");
    linker.grant(Grant::new("host:shapes/api"));
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    (store, instance)
}

#[test]
fn derived_types_pass_through_a_typed_export_and_a_typed_host_import() {
    let (mut store, instance) = instantiate();
    let run = instance.get_typed_func::<(Shape, Perms), (Shape,), _>(&store, "run").expect("typed");
    let perms = Perms { read: true, write_all: false, exec: true };
    let shapes = [
        Shape::Empty,
        Shape::Dot(Point { x: 21, y_pos: -1.25 }),
        Shape::Label("héllo".into()),
        Shape::Tinted(Color::Red),
        Shape::Tinted(Color::DarkBlue),
        Shape::Tinted(Color::Verde),
    ];
    for shape in shapes.iter().cloned() {
        let (out,) = run.call(&mut store, (shape.clone(), perms)).expect("call");
        assert_eq!(out, transform(shape, perms));
    }
    assert_eq!(store.data(), &vec![perms; shapes.len()]);
}

#[test]
fn a_record_of_nested_derived_types_and_lists_round_trips_through_memory() {
    let item = Item {
        name: "ünïcode item".into(),
        shape: Shape::Dot(Point { x: 7, y_pos: 0.5 }),
        perms: Perms { read: false, write_all: true, exec: true },
        points: (0..50).map(|i| Point { x: i, y_pos: i as f32 / 3.0 }).collect(),
    };
    let mut items = vec![item.clone()];
    for shape in [Shape::Empty, Shape::Label("label".into()), Shape::Tinted(Color::Verde)] {
        items.push(Item { shape, points: Vec::new(), ..item.clone() });
    }
    let (mut store, instance) = instantiate();
    let echo = instance.get_typed_func::<(&Item,), (Item,), _>(&store, "echo").expect("typed");
    for item in &items {
        assert_eq!(echo.call(&mut store, (item,)).expect("call"), (item.clone(),));
    }
}

/// `record point { x: u32, y: f32 }`: one field name differs from the component's.
#[derive(ComponentType, Lift, Lower, Debug)]
#[component(record)]
struct WrongPoint {
    x: u32,
    y: f32,
}

/// `variant shape { empty, dot(wrong-point), label(string), tinted(color) }`
#[derive(ComponentType, Lift, Lower, Debug)]
#[component(variant)]
enum WrongShape {
    Empty,
    Dot(WrongPoint),
    Label(String),
    Tinted(Color),
}

#[test]
fn mismatched_derived_types_are_refused_when_the_typed_function_is_made() {
    let (store, instance) = instantiate();
    let err = instance.get_typed_func::<(WrongShape, Perms), (Shape,), _>(&store, "run").expect_err("mismatch");
    let msg = err.to_string();
    for part in ["`WrongShape`", "case `Dot` (WIT `dot`)", "`WrongPoint`", "field `y` (WIT `y`)", "`y-pos`"] {
        assert!(msg.contains(part), "`{part}` missing from: {msg}");
    }
    let err = instance.get_typed_func::<(Shape, Color), (Shape,), _>(&store, "run").expect_err("mismatch");
    assert!(err.to_string().contains("enum (Rust type `Color`)"), "{err}");

    // A host function of the wrong type is refused when the component is linked.
    let engine = Engine::default();
    let component = Component::new(&engine, shapes_component()).expect("valid");
    let mut linker = Linker::<()>::new();
    linker
        .instance("host:shapes/api")
        .expect("instance")
        .func_wrap("transform", |_, (shape, _): (WrongShape, Perms)| Ok((matches!(shape, WrongShape::Empty),)))
        .expect("define");
    let err = linker.instantiate(&mut Store::new(&engine, ()), &component).expect_err("mismatch");
    assert!(err.to_string().contains("WrongShape"), "{err}");
}
