//! Host functions defined together through one dispatcher
//! (`LinkerInstance::func_dispatch`, what `bindgen!` generates): each is
//! still its own import, type-checked, handle-checked and capability-checked
//! under its own name.

use super::{MEM, component};
use airssys_wasm::{
    Component, DispatchCall, DispatchedFunc, Engine, Error, ErrorKind, Grant, HostDispatch, Linker, Store, Val,
};

/// A component importing `host:kv/store` with `get(key: string) ->
/// option<u32>` and `count() -> u32`, exporting `lookup(key: string) -> u32`
/// (0 when absent) and `total() -> u32` (calling `count`).
fn kv_component() -> Vec<u8> {
    component(&format!(
        r#"
        (type $get (func (param "key" string) (result (option u32))))
        (type $count (func (result u32)))
        (import "host:kv/store" (instance $kv
          (export "get" (func (type $get)))
          (export "count" (func (type $count)))))
        (core func $get (canon lower (func $kv "get") {MEM}))
        (core func $count (canon lower (func $kv "count")))
        (core module $m
          (import "host" "get" (func $get (param i32 i32 i32)))
          (import "host" "count" (func $count (result i32)))
          (import "libc" "mem" (memory 1))
          (func (export "lookup") (param i32 i32) (result i32)
            (call $get (local.get 0) (local.get 1) (i32.const 16))
            (if (result i32) (i32.load8_u (i32.const 16))
              (then (i32.load (i32.const 20)))
              (else (i32.const 0))))
          (func (export "total") (result i32) (call $count)))
        (core instance $m (instantiate $m
          (with "host" (instance (export "get" (func $get)) (export "count" (func $count))))
          (with "libc" (instance $libc))))
        (func (export "lookup") (param "key" string) (result u32) (canon lift (core func $m "lookup") {MEM}))
        (func (export "total") (result u32) (canon lift (core func $m "total")))
        "#
    ))
}

/// `get` and `count` of `host:kv/store`, recording the keys asked for.
struct Kv;

impl HostDispatch<Vec<String>> for Kv {
    fn functions(&self) -> &'static [DispatchedFunc] {
        const FUNCS: &[DispatchedFunc] =
            &[DispatchedFunc::new::<(String,), (Option<u32>,)>("get"), DispatchedFunc::new::<(), (u32,)>("count")];
        FUNCS
    }

    fn call(&self, index: usize, call: DispatchCall<'_, Vec<String>>) -> Result<Vec<Val>, Error> {
        match index {
            0 => call.run(|mut cx, (key,): (String,)| {
                cx.data_mut().push(key.clone());
                Ok((if key == "answer" { Some(42u32) } else { None },))
            }),
            1 => call.run(|cx, (): ()| Ok((cx.data().len() as u32,))),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn a_dispatcher_runs_each_function_by_index_under_its_own_grant() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Vec<String>>::new();
    linker.instance("host:kv/store").expect("instance").func_dispatch(Kv).expect("define");
    // Each function is its own import for the capability gate.
    assert_eq!(linker.ungranted(&component), ["host:kv/store#get", "host:kv/store#count"]);
    linker.grant(Grant::new("host:kv/store").for_function("get"));
    assert_eq!(linker.ungranted(&component), ["host:kv/store#count"]);
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    assert_eq!(lookup.call(&mut store, ("answer",)).expect("call"), (42,));
    assert_eq!(lookup.call(&mut store, ("nope",)).expect("call"), (0,));
    assert_eq!(store.data(), &["answer".to_string(), "nope".to_string()]);
    let total = instance.get_typed_func::<(), (u32,), _>(&store, "total").expect("typed");
    let err = total.call(&mut store, ()).expect_err("count is not granted");
    assert!(err.is_denied(), "{err}");
    assert!(err.to_string().contains("`host:kv/store#count`"), "{err}");

    // With a grant for the whole interface the second function runs too.
    linker.grant(Grant::new("host:kv/store"));
    let mut store = Store::new(&engine, vec!["a".to_string()]);
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let total = instance.get_typed_func::<(), (u32,), _>(&store, "total").expect("typed");
    assert_eq!(total.call(&mut store, ()).expect("call"), (1,));
}

/// `get` typed as taking a `u32`, where the component passes a string.
struct WrongKv;

impl HostDispatch<()> for WrongKv {
    fn functions(&self) -> &'static [DispatchedFunc] {
        const FUNCS: &[DispatchedFunc] =
            &[DispatchedFunc::new::<(u32,), (u32,)>("get"), DispatchedFunc::new::<(), (u32,)>("count")];
        FUNCS
    }

    fn call(&self, index: usize, call: DispatchCall<'_, ()>) -> Result<Vec<Val>, Error> {
        match index {
            0 => call.run(|_, (k,): (u32,)| Ok((k,))),
            1 => call.run(|_, (): ()| Ok((0u32,))),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn a_dispatched_function_of_the_wrong_type_fails_to_link_naming_both_types() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<()>::new();
    linker.instance("host:kv/store").expect("instance").func_dispatch(WrongKv).expect("define");
    let mut store = Store::new(&engine, ());
    let err = linker.instantiate(&mut store, &component).expect_err("type mismatch");
    match err.kind() {
        ErrorKind::ImportType { name, expected, found } => {
            assert_eq!(name, "host:kv/store#get");
            assert_eq!(expected, "func(key: string) -> option<u32>");
            // The same description as a `func_wrap` function's.
            assert!(found.starts_with("a typed host function taking (u32,)"), "{found}");
            assert!(found.contains("needs u32 but the component type is string"), "{found}");
        }
        other => panic!("unexpected {other}"),
    }
}

/// A table naming one function twice.
struct Twice;

impl HostDispatch<()> for Twice {
    fn functions(&self) -> &'static [DispatchedFunc] {
        const FUNCS: &[DispatchedFunc] = &[
            DispatchedFunc::new::<(), (u32,)>("count"),
            DispatchedFunc::new::<(String,), (Option<u32>,)>("get"),
            DispatchedFunc::new::<(), (u32,)>("count"),
        ];
        FUNCS
    }

    fn call(&self, index: usize, call: DispatchCall<'_, ()>) -> Result<Vec<Val>, Error> {
        match index {
            0 | 2 => call.run(|_, (): ()| Ok((0u32,))),
            1 => call.run(|_, (_,): (String,)| Ok((None::<u32>,))),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn a_table_with_a_name_twice_or_already_defined_defines_none_of_its_functions() {
    let mut linker = Linker::<()>::new();
    let mut kv = linker.instance("host:kv/store").expect("instance");
    let err = kv.func_dispatch(Twice).expect_err("`count` twice");
    assert!(
        matches!(err.kind(), ErrorKind::Instantiation(m) if m == "`count` is defined twice in the linker"),
        "{err}"
    );
    // Nothing of the table was defined: both names are still free.
    kv.func_wrap("get", |_, (_,): (String,)| Ok((None::<u32>,))).expect("`get` is free");
    // One name of the table defined already: again none of it is defined.
    let err = kv.func_dispatch(WrongKv).expect_err("`get` defined already");
    assert!(matches!(err.kind(), ErrorKind::Instantiation(m) if m == "`get` is defined twice in the linker"), "{err}");
    kv.func_wrap("count", |_, (): ()| Ok((7u32,))).expect("`count` is free");
}

/// A dispatcher whose `call` does not know the second function of its table.
struct Short;

impl HostDispatch<Vec<String>> for Short {
    fn functions(&self) -> &'static [DispatchedFunc] {
        Kv.functions()
    }

    fn call(&self, index: usize, call: DispatchCall<'_, Vec<String>>) -> Result<Vec<Val>, Error> {
        match index {
            0 => call.run(|_, (_,): (String,)| Ok((Some(1u32),))),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn an_index_the_dispatcher_does_not_know_is_an_error_not_a_panic() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Vec<String>>::new();
    linker.instance("host:kv/store").expect("instance").func_dispatch(Short).expect("define");
    linker.grant(Grant::new("host:kv/store"));
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    assert_eq!(lookup.call(&mut store, ("x",)).expect("call"), (1,));
    let total = instance.get_typed_func::<(), (u32,), _>(&store, "total").expect("typed");
    let err = total.call(&mut store, ()).expect_err("no arm for index 1");
    assert_eq!(
        err.to_string(),
        "host function failed: the host dispatcher has no function 1: its table and its `call` disagree"
    );
}

/// A dispatcher answering `count` with values it makes itself, without
/// [`DispatchCall::run`].
struct Constant;

impl HostDispatch<Vec<String>> for Constant {
    fn functions(&self) -> &'static [DispatchedFunc] {
        Kv.functions()
    }

    fn call(&self, index: usize, call: DispatchCall<'_, Vec<String>>) -> Result<Vec<Val>, Error> {
        match index {
            0 => call.run(|_, (_,): (String,)| Ok((None::<u32>,))),
            1 => Ok(vec![Val::U32(7)]),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn values_a_dispatcher_returns_itself_reach_the_guest() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Vec<String>>::new();
    linker.instance("host:kv/store").expect("instance").func_dispatch(Constant).expect("define");
    linker.grant(Grant::new("host:kv/store"));
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let total = instance.get_typed_func::<(), (u32,), _>(&store, "total").expect("typed");
    assert_eq!(total.call(&mut store, ()).expect("call"), (7,));
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    assert_eq!(lookup.call(&mut store, ("x",)).expect("call"), (0,));
}
