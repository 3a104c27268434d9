//! Tests for components linked to each other inside one component, through
//! the import gate, with strings transcoded between encodings.

use super::LIBC;
use airssys_wasm::{Component, Engine, Linker, Store};

/// `$upper` (utf16) exports `shout(s) -> string` returning its argument with
/// "!" appended; `$lower` (utf8) imports it and re-exports `call(s)`.
fn linked() -> Vec<u8> {
    let text = format!(
        r#"(component
      (component $upper
        {LIBC}
        (core module $m
          (import "libc" "mem" (memory 1))
          (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
          (func (export "shout") (param $p i32) (param $n i32) (result i32)
            (local $out i32) (local $ret i32)
            (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 2) (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 1))))
            (memory.copy (local.get $out) (local.get $p) (i32.shl (local.get $n) (i32.const 1)))
            (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 1))) (i32.const 33))
            (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
            (i32.store (local.get $ret) (local.get $out))
            (i32.store offset=4 (local.get $ret) (i32.add (local.get $n) (i32.const 1)))
            (local.get $ret)))
        (core instance $m (instantiate $m (with "libc" (instance $libc))))
        (func (export "shout") (param "s" string) (result string)
          (canon lift (core func $m "shout") string-encoding=utf16
            (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
      (component $lower
        (import "shout" (func $shout (param "s" string) (result string)))
        {LIBC}
        (core func $shout (canon lower (func $shout) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (core module $m
          (import "up" "shout" (func $shout (param i32 i32 i32)))
          (func (export "call") (param i32 i32) (result i32)
            (call $shout (local.get 0) (local.get 1) (i32.const 64))
            (i32.const 64)))
        (core instance $m (instantiate $m (with "up" (instance (export "shout" (func $shout))))))
        (func (export "call") (param "s" string) (result string)
          (canon lift (core func $m "call") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
      (instance $u (instantiate $upper))
      (instance $l (instantiate $lower (with "shout" (func $u "shout"))))
      (export "call" (func $l "call")))"#
    );
    wat::parse_str(&text).expect("valid text")
}

#[test]
fn strings_are_transcoded_between_linked_components() {
    let engine = Engine::default();
    let component = Component::new(&engine, &linked()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let call = instance.get_typed_func::<(&str,), (String,), _>(&store, "call").expect("typed");
    assert_eq!(call.call(&mut store, ("grüße 😀",)).expect("call").0, "grüße 😀!");
}
