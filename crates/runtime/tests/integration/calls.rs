//! Tests for calling exports: typed and dynamic, flat and spilled, post-return.

use super::{MEM, component};
use airssys_wasm::{Component, Engine, ErrorKind, Linker, Store, Val};

fn instantiate(bytes: &[u8]) -> (Store<()>, airssys_wasm::Instance) {
    let engine = Engine::default();
    let component = Component::new(&engine, bytes).expect("valid component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    (store, instance)
}

#[test]
fn typed_and_dynamic_calls_of_a_scalar_function() {
    let bytes = component(
        r#"
        (core module $m (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        (core instance $m (instantiate $m))
        (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes);
    let add = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "add").expect("typed");
    assert_eq!(add.call(&mut store, (40, 2)).expect("call"), (42,));
    assert_eq!(add.call(&mut store, (u32::MAX, 1)).expect("call"), (0,));
    let f = instance.get_func(&store, "add").expect("export");
    let mut out = [Val::U32(0)];
    f.call(&mut store, &[Val::U32(1), Val::U32(2)], &mut out).expect("call");
    assert_eq!(out, [Val::U32(3)]);
    let err = instance.get_typed_func::<(u32,), (u32,), _>(&store, "add").expect_err("arity mismatch");
    assert!(matches!(err.kind(), ErrorKind::Type(_)), "{err}");
    let err = f.call(&mut store, &[Val::U32(1), Val::String("x".into())], &mut out).expect_err("bad value");
    assert!(err.to_string().contains("value does not match its type"), "{err}");
}

#[test]
fn strings_go_through_realloc_and_post_return_runs() {
    // greet(name) returns "hi " + name; post-return counts its calls in a global.
    let bytes = component(&format!(
        r#"
        (core module $m
          (import "libc" "mem" (memory 1))
          (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
          (global $post (mut i32) (i32.const 0))
          (func (export "greet") (param $p i32) (param $n i32) (result i32)
            (local $out i32) (local $ret i32)
            (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $n) (i32.const 3))))
            (i32.store8 (local.get $out) (i32.const 104))
            (i32.store8 offset=1 (local.get $out) (i32.const 105))
            (i32.store8 offset=2 (local.get $out) (i32.const 32))
            (memory.copy (i32.add (local.get $out) (i32.const 3)) (local.get $p) (local.get $n))
            (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
            (i32.store (local.get $ret) (local.get $out))
            (i32.store offset=4 (local.get $ret) (i32.add (local.get $n) (i32.const 3)))
            (local.get $ret))
          (func (export "post") (param i32) (global.set $post (i32.add (global.get $post) (i32.const 1))))
          (func (export "posts") (result i32) (global.get $post)))
        (core instance $m (instantiate $m (with "libc" (instance $libc))))
        (func (export "greet") (param "name" string) (result string)
          (canon lift (core func $m "greet") {MEM} (post-return (core func $m "post"))))
        (func (export "posts") (result u32) (canon lift (core func $m "posts")))
        "#
    ));
    let (mut store, instance) = instantiate(&bytes);
    let greet = instance.get_typed_func::<(&str,), (String,), _>(&store, "greet").expect("typed");
    assert_eq!(greet.call(&mut store, ("wörld",)).expect("call").0, "hi wörld");
    let f = instance.get_func(&store, "greet").expect("export");
    let mut out = [Val::Bool(false)];
    f.call(&mut store, &[Val::String("x".into())], &mut out).expect("call");
    assert_eq!(out, [Val::String("hi x".into())]);
    let posts = instance.get_typed_func::<(), (u32,), _>(&store, "posts").expect("typed");
    assert_eq!(posts.call(&mut store, ()).expect("call"), (2,));
}

#[test]
fn seventeen_parameters_spill_to_memory() {
    // 17 u32 parameters do not fit MAX_FLAT_PARAMS: the core function gets one pointer.
    let params: String = (0..17).map(|i| format!(r#"(param "p{i}" u32) "#)).collect();
    let bytes = component(&format!(
        r#"
        (core module $m
          (import "libc" "mem" (memory 1))
          (func (export "sum") (param $p i32) (result i32)
            (local $i i32) (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 17))))
            (local.get $s)))
        (core instance $m (instantiate $m (with "libc" (instance $libc))))
        (func (export "sum") {params} (result u32) (canon lift (core func $m "sum") {MEM}))
        "#
    ));
    let (mut store, instance) = instantiate(&bytes);
    let f = instance.get_func(&store, "sum").expect("export");
    let args: Vec<Val> = (1..=17).map(Val::U32).collect();
    let mut out = [Val::U32(0)];
    f.call(&mut store, &args, &mut out).expect("call");
    assert_eq!(out, [Val::U32(153)]);
}

#[test]
fn a_trap_in_the_guest_is_an_error() {
    let bytes = component(
        r#"
        (core module $m (func (export "boom") unreachable))
        (core instance $m (instantiate $m))
        (func (export "boom") (canon lift (core func $m "boom")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes);
    let boom = instance.get_typed_func::<(), (), _>(&store, "boom").expect("typed");
    let err = boom.call(&mut store, ()).expect_err("traps");
    assert!(err.is_trap(), "{err}");
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[test]
fn invalid_lifted_values_trap_with_the_abi_reason() {
    // Returns a char that is a surrogate.
    let bytes = component(
        r#"
        (core module $m (func (export "c") (result i32) (i32.const 0xD800)))
        (core instance $m (instantiate $m))
        (func (export "c") (result char) (canon lift (core func $m "c")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes);
    let c = instance.get_typed_func::<(), (char,), _>(&store, "c").expect("typed");
    let err = c.call(&mut store, ()).expect_err("traps");
    assert_eq!(err.to_string(), "trap: invalid `char` bit pattern 0xd800: not a Unicode scalar value");
}
