//! Tests for host imports: typed and dynamic host functions, link errors.

use super::{MEM, component};
use airssys_wasm::{Component, Engine, Error, ErrorKind, Grant, Linker, Store, Val};

/// A component importing `host:kv/store` with `get(key: string) -> option<u32>`
/// and exporting `lookup(key: string) -> u32` (0 when absent).
fn kv_component() -> Vec<u8> {
    component(&format!(
        r#"
        (type $get (func (param "key" string) (result (option u32))))
        (import "host:kv/store" (instance $kv (export "get" (func (type $get)))))
        (core func $get (canon lower (func $kv "get") {MEM}))
        (core module $m
          (import "host" "get" (func $get (param i32 i32 i32)))
          (import "libc" "mem" (memory 1))
          (func (export "lookup") (param i32 i32) (result i32)
            (call $get (local.get 0) (local.get 1) (i32.const 16))
            (if (result i32) (i32.load8_u (i32.const 16))
              (then (i32.load (i32.const 20)))
              (else (i32.const 0)))))
        (core instance $m (instantiate $m
          (with "host" (instance (export "get" (func $get))))
          (with "libc" (instance $libc))))
        (func (export "lookup") (param "key" string) (result u32) (canon lift (core func $m "lookup") {MEM}))
        "#
    ))
}

#[test]
fn typed_host_function_sees_lifted_arguments_and_lowers_results() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Vec<String>>::new();
    linker
        .instance("host:kv/store")
        .expect("instance")
        .func_wrap("get", |mut cx, (key,): (String,)| {
            cx.data_mut().push(key.clone());
            Ok((if key == "answer" { Some(42u32) } else { None },))
        })
        .expect("define");
    let mut store = Store::new(&engine, Vec::new());
    linker.grant(Grant::new("host:kv/store")).grant(Grant::new("host:t/ping"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    assert_eq!(lookup.call(&mut store, ("answer",)).expect("call"), (42,));
    assert_eq!(lookup.call(&mut store, ("nope",)).expect("call"), (0,));
    assert_eq!(store.data(), &["answer".to_string(), "nope".to_string()]);
}

#[test]
fn dynamic_host_function_and_host_errors() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<u32>::new();
    linker
        .instance("host:kv/store")
        .expect("instance")
        .func_new("get", |mut cx, params, results| {
            *cx.data_mut() += 1;
            match &params[0] {
                Val::String(k) if k == "fail" => Err(Error::host("store unavailable")),
                Val::String(k) => {
                    results[0] = Val::some(Val::U32(k.len() as u32));
                    Ok(())
                }
                other => Err(Error::host(format!("unexpected {other:?}"))),
            }
        })
        .expect("define");
    let mut store = Store::new(&engine, 0);
    linker.grant(Grant::new("host:kv/store")).grant(Grant::new("host:t/ping"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    assert_eq!(lookup.call(&mut store, ("abc",)).expect("call"), (3,));
    let err = lookup.call(&mut store, ("fail",)).expect_err("host error");
    assert_eq!(err.to_string(), "host function failed: store unavailable");
    assert_eq!(*store.data(), 2);
}

#[test]
fn an_unresolved_import_is_a_link_error_naming_it() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut store = Store::new(&engine, ());
    let err = Linker::new().instantiate(&mut store, &component).expect_err("unresolved");
    assert_eq!(err.to_string(), "unresolved import `host:kv/store`: define it in the linker before instantiating");

    let mut linker = Linker::new();
    linker.instance("host:kv/store").expect("instance");
    let err = linker.instantiate(&mut store, &component).expect_err("unresolved");
    assert!(matches!(err.kind(), ErrorKind::UnresolvedImport(n) if n == "host:kv/store#get"), "{err}");
}

#[test]
fn an_import_of_the_wrong_type_names_both_types() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<()>::new();
    linker.instance("host:kv/store").expect("instance").func_wrap("get", |_, (k,): (u32,)| Ok((k,))).expect("define");
    let mut store = Store::new(&engine, ());
    let err = linker.instantiate(&mut store, &component).expect_err("type mismatch");
    match err.kind() {
        ErrorKind::ImportType { name, expected, found } => {
            assert_eq!(name, "host:kv/store#get");
            assert_eq!(expected, "func(key: string) -> option<u32>");
            assert!(found.contains("needs u32 but the component type is string"), "{found}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn core_modules_and_garbage_are_rejected_not_panicked_on() {
    let engine = Engine::default();
    let core = wat::parse_str("(module)").expect("module");
    let err = Component::new(&engine, &core).err().expect("not a component");
    assert!(err.to_string().starts_with("this is a core module, not a component"), "{err}");
    for bad in [&b""[..], b"\0asm", b"\0asm\x0d\0\x01\0\x07\x05", b"hello world"] {
        assert!(Component::new(&engine, bad).is_err());
    }
}

#[test]
fn unknown_imports_can_be_defined_as_traps_or_defaults() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");

    let mut linker = Linker::<()>::new();
    linker.define_unknown_imports_as_traps(&component).expect("define");
    let mut store = Store::new(&engine, ());
    linker.grant(Grant::new("host:kv/store")).grant(Grant::new("host:t/ping"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    let err = lookup.call(&mut store, ("k",)).expect_err("traps");
    assert_eq!(
        err.to_string(),
        "host function failed: the import `host:kv/store#get` was called, but it is defined only as a trap"
    );

    let mut linker = Linker::<()>::new();
    linker.define_unknown_imports_as_default_values(&component).expect("define");
    let mut store = Store::new(&engine, ());
    linker.grant(Grant::new("host:kv/store")).grant(Grant::new("host:t/ping"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let lookup = instance.get_typed_func::<(&str,), (u32,), _>(&store, "lookup").expect("typed");
    // The default of option<u32> is none, so lookup returns 0.
    assert_eq!(lookup.call(&mut store, ("k",)).expect("call"), (0,));
}

#[test]
fn post_return_may_not_call_out_of_its_instance() {
    let bytes = wat::parse_str(
        r#"(component
          (import "host:t/ping" (instance $h (export "ping" (func))))
          (core func $ping (canon lower (func $h "ping")))
          (core module $m
            (import "h" "ping" (func $ping))
            (func (export "f") (result i32) (i32.const 7))
            (func (export "post") (param i32) (call $ping))
            (func (export "g") (result i32) (call $ping) (i32.const 1)))
          (core instance $m (instantiate $m (with "h" (instance (export "ping" (func $ping))))))
          (func (export "f") (result u32) (canon lift (core func $m "f") (post-return (core func $m "post"))))
          (func (export "g") (result u32) (canon lift (core func $m "g"))))"#,
    )
    .expect("valid component");
    let engine = Engine::default();
    let component = Component::new(&engine, &bytes).expect("valid");
    let mut linker = Linker::<u32>::new();
    linker
        .instance("host:t/ping")
        .expect("instance")
        .func_wrap("ping", |mut cx, (): ()| {
            *cx.data_mut() += 1;
            Ok(())
        })
        .expect("define");
    let mut store = Store::new(&engine, 0);
    linker.grant(Grant::new("host:kv/store")).grant(Grant::new("host:t/ping"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let f = instance.get_typed_func::<(), (u32,), _>(&store, "f").expect("typed");
    let err = f.call(&mut store, ()).expect_err("post-return calls out");
    assert_eq!(err.to_string(), "trap: cannot leave component instance");
    assert_eq!(*store.data(), 0, "the host function did not run");
    // Outside post-return the same import works.
    let g = instance.get_typed_func::<(), (u32,), _>(&store, "g").expect("typed");
    assert_eq!(g.call(&mut store, ()).expect("call"), (1,));
    assert_eq!(*store.data(), 1);
}

#[test]
fn alias_resource_needs_a_defined_host_resource_and_a_free_name() {
    struct Thing;
    let mut linker = Linker::<()>::new();
    let err = linker.alias_resource("a:b/c", "thing", "a:b/d", "thing").unwrap_err();
    assert!(err.to_string().contains("`a:b/c#thing` is not a host resource type"), "{err}");
    linker.instance("a:b/c").unwrap().resource("thing", |_, _: airssys_wasm::Resource<Thing>| Ok(())).unwrap();
    linker.alias_resource("a:b/c", "thing", "a:b/d", "thing").unwrap();
    let err = linker.alias_resource("a:b/c", "thing", "a:b/d", "thing").unwrap_err();
    assert!(err.to_string().contains("`a:b/d#thing` is defined twice"), "{err}");
}

/// A component importing `host:math/ops@{version}` with `double(u32) -> u32`
/// and exporting `run(u32) -> u32` through it.
fn doubler(version: &str) -> Vec<u8> {
    format!(
        r#"(component
      (import "host:math/ops@{version}" (instance $ops (export "double" (func (param "x" u32) (result u32)))))
      (core func $double (canon lower (func $ops "double")))
      (core module $m
        (import "ops" "double" (func $double (param i32) (result i32)))
        (func (export "run") (param i32) (result i32) (call $double (local.get 0))))
      (core instance $i (instantiate $m (with "ops" (instance (export "double" (func $double))))))
      (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#
    )
    .into_bytes()
}

#[test]
fn a_versioned_import_links_to_the_highest_semver_compatible_definition() {
    let engine = Engine::default();
    let mut linker = Linker::<()>::new();
    for (version, factor) in [("0.2.1", 2u32), ("0.2.7", 3), ("0.3.0", 4), ("1.2.0", 5)] {
        linker
            .instance(&format!("host:math/ops@{version}"))
            .unwrap()
            .func_wrap("double", move |_, (x,): (u32,)| Ok((x * factor,)))
            .unwrap();
    }
    linker.grant(Grant::new("host:math/ops"));
    let run = |version: &str| -> Result<u32, Error> {
        let component = Component::new(&engine, doubler(version))?;
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let f = instance.get_typed_func::<(u32,), (u32,), _>(&store, "run")?;
        Ok(f.call(&mut store, (10,))?.0)
    };
    assert_eq!(run("0.2.1").unwrap(), 20, "an exact definition wins");
    assert_eq!(run("0.2.0").unwrap(), 30, "the highest 0.2.x");
    assert_eq!(run("0.2.99").unwrap(), 30);
    assert_eq!(run("0.3.9").unwrap(), 40);
    assert_eq!(run("1.0.0").unwrap(), 50, "the same major version");
    for other in ["0.1.0", "0.4.0", "2.0.0", "0.2.0-rc.1"] {
        let err = run(other).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnresolvedImport(n) if n.contains(other)), "{other}: {err}");
    }
}
