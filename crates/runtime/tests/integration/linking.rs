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
    let component = Component::new(&engine, linked()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let call = instance.get_typed_func::<(&str,), (String,), _>(&store, "call").expect("typed");
    assert_eq!(call.call(&mut store, ("grüße 😀",)).expect("call").0, "grüße 😀!");
}

/// A UTF-8 caller whose `realloc` logs every requested size, calling a UTF-16
/// callee that echoes its string.
fn logged_echo() -> Vec<u8> {
    let text = format!(
        r#"(component
      (component $echo
        {LIBC}
        (core module $m
          (import "libc" "mem" (memory 1))
          (func (export "echo") (param $p i32) (param $n i32) (result i32)
            (i32.store (i32.const 16) (local.get $p))
            (i32.store (i32.const 20) (local.get $n))
            (i32.const 16)))
        (core instance $m (instantiate $m (with "libc" (instance $libc))))
        (func (export "echo") (param "s" string) (result string)
          (canon lift (core func $m "echo") string-encoding=utf16
            (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
      (component $caller
        (import "echo" (func $echo (param "s" string) (result string)))
        (core module $libc
          (memory (export "mem") 1)
          (global $top (mut i32) (i32.const 1024))
          (func (export "realloc") (param i32 i32 i32 i32) (result i32)
            (local $p i32)
            ;; Log the requested size: count at 500, sizes from 504.
            (i32.store (i32.add (i32.const 504) (i32.shl (i32.load (i32.const 500)) (i32.const 2))) (local.get 3))
            (i32.store (i32.const 500) (i32.add (i32.load (i32.const 500)) (i32.const 1)))
            (local.set $p (i32.and (i32.add (global.get $top) (i32.sub (local.get 2) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get 2))))
            (global.set $top (i32.add (local.get $p) (local.get 3)))
            (if (local.get 1) (then (memory.copy (local.get $p) (local.get 0)
              (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
            (local.get $p))
          (func (export "log") (param i32) (result i32) (i32.load (i32.add (i32.const 504) (i32.shl (local.get 0) (i32.const 2)))))
          (func (export "count") (result i32) (i32.load (i32.const 500))))
        (core instance $libc (instantiate $libc))
        (core func $echo (canon lower (func $echo) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (core module $m
          (import "e" "echo" (func $echo (param i32 i32 i32)))
          (func (export "call") (param i32 i32) (result i32)
            (call $echo (local.get 0) (local.get 1) (i32.const 64))
            (i32.const 64)))
        (core instance $m (instantiate $m (with "e" (instance (export "echo" (func $echo))))))
        (func (export "call") (param "s" string) (result string)
          (canon lift (core func $m "call") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (func (export "count") (result u32) (canon lift (core func $libc "count")))
        (func (export "log") (param "i" u32) (result u32) (canon lift (core func $libc "log"))))
      (instance $e (instantiate $echo))
      (instance $c (instantiate $caller (with "echo" (func $e "echo"))))
      (export "call" (func $c "call"))
      (export "count" (func $c "count"))
      (export "log" (func $c "log")))"#
    );
    wat::parse_str(&text).expect("valid text")
}

#[test]
fn a_string_coming_back_from_a_utf16_component_is_stored_as_the_reference_stores_it() {
    let engine = Engine::default();
    let component = Component::new(&engine, logged_echo()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let call = instance.get_typed_func::<(&str,), (String,), _>(&store, "call").expect("typed");
    let count = instance.get_typed_func::<(), (u32,), _>(&store, "count").expect("typed");
    let log = instance.get_typed_func::<(u32,), (u32,), _>(&store, "log").expect("typed");
    // The host's own argument is a UTF-8 string: one exact allocation of 3 bytes.
    assert_eq!(call.call(&mut store, ("aé",)).expect("call").0, "aé");
    let sizes: Vec<u32> =
        (0..count.call(&mut store, ()).expect("count").0).map(|i| log.call(&mut store, (i,)).expect("log").0).collect();
    // Then the echoed "aé" comes back from UTF-16 (2 code units): the
    // reference allocates 2 bytes, grows to the worst case 6 at the first
    // non-ASCII code point, and shrinks to the 3 bytes of UTF-8.
    assert_eq!(sizes, [3, 2, 6, 3]);
}
