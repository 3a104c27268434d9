//! Tests for `Config::validate`: loading components with and without
//! wasmparser's validator in one build.

use airssys_wasm::{Component, Config, Engine, ErrorKind, Linker, Store, Val};
use std::path::Path;

/// Lifts a core function of type `() -> i64` as `func() -> u32`, which only
/// the validator checks at load time.
const MISTYPED: &str = r#"(component
    (import "host:x/y" (instance $h (export "hit" (func (result u32)))))
    (core func $hit (canon lower (func $h "hit")))
    (core module $m
      (import "host" "hit" (func $hit (result i32)))
      (func (export "g") (result i64) call $hit i64.extend_i32_u))
    (core instance $m (instantiate $m (with "host" (instance (export "hit" (func $hit))))))
    (func (export "g") (result u32) (canon lift (core func $m "g"))))"#;

/// Export `f` calls the import `host:x/y#hit`, under a name that is not in
/// kebab case, which only the validator rejects.
const BAD_NAME: &str = r#"(component
    (import "host:x/y" (instance $h (export "hit" (func (result u32)))))
    (core func $hit (canon lower (func $h "hit")))
    (core module $m
      (import "host" "hit" (func $hit (result i32)))
      (func (export "f") (result i32) call $hit))
    (core instance $m (instantiate $m (with "host" (instance (export "hit" (func $hit))))))
    (func (export "Not_Kebab") (result u32) (canon lift (core func $m "f"))))"#;

fn engine(validate: bool) -> Engine {
    Engine::new(Config::new().fuel(100_000).validate(validate))
}

/// A linker whose `host:x/y#hit` records in the store's data that it ran.
fn linker_recording_hits() -> Linker<bool> {
    let mut linker = Linker::<bool>::new();
    let mut host = linker.instance("host:x/y").expect("an instance");
    host.func_wrap("hit", |mut cx, (): ()| {
        *cx.data_mut() = true;
        Ok((1u32,))
    })
    .expect("defined once");
    linker
}

#[test]
fn validation_is_on_by_default_and_rejects_a_mistyped_lift() {
    let bytes = wat::parse_str(MISTYPED).expect("component text");
    let err = Component::new(&Engine::default(), &bytes).err().expect("the validator rejects it");
    assert!(matches!(err.kind(), ErrorKind::Decode(_)), "{err:?}");
    assert!(Component::new(&engine(true), &bytes).is_err());
}

#[test]
fn without_validation_a_mistyped_lift_fails_cleanly_at_instantiation() {
    let bytes = wat::parse_str(MISTYPED).expect("component text");
    let engine = engine(false);
    let component = Component::new(&engine, &bytes).expect("decodes without the validator");
    let mut store = Store::new(&engine, false);
    let err = linker_recording_hits().instantiate(&mut store, &component).expect_err("the lift is mistyped");
    assert!(matches!(err.kind(), ErrorKind::Instantiation(_)), "{err:?}");
    assert!(err.to_string().contains("as `func() -> u32`, which needs params [] and results [I32]"), "{err}");
    assert!(!*store.data(), "the host function ran");
}

#[test]
fn without_validation_an_ungranted_import_stays_closed() {
    let bytes = wat::parse_str(BAD_NAME).expect("component text");
    assert!(Component::new(&engine(true), &bytes).is_err(), "the validator rejects the name");
    let engine = engine(false);
    let component = Component::new(&engine, &bytes).expect("decodes without the validator");
    let mut store = Store::new(&engine, false);
    let mut linker = linker_recording_hits();
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let f = instance.get_func(&store, "Not_Kebab").expect("the export");
    let mut results = [Val::U32(0)];
    let err = f.call(&mut store, &[], &mut results).expect_err("no grant for host:x/y#hit");
    assert!(err.is_denied(), "{err}");
    assert!(!*store.data(), "the ungranted host function ran");

    // Granted, the same call reaches the host.
    linker.grant("host:x/y#hit".parse().expect("a grant"));
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let f = instance.get_func(&store, "Not_Kebab").expect("the export");
    f.call(&mut store, &[], &mut results).expect("granted");
    assert_eq!(results, [Val::U32(1)]);
    assert!(*store.data());
}

#[test]
fn a_valid_component_behaves_identically_with_and_without_validation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/greet.wat");
    let bytes = wat::parse_file(path).expect("examples/greet.wat");
    let greet = |validate: bool| {
        let engine = engine(validate);
        let component = Component::new(&engine, &bytes).expect("valid");
        let mut store = Store::new(&engine, ());
        let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
        let greet = instance.get_typed_func::<(&str,), (String,), _>(&store, "greet").expect("typed");
        let result = greet.call(&mut store, ("world",)).expect("greets");
        (component.ty().clone(), result, store.fuel())
    };
    let validated = greet(true);
    assert_eq!(validated.1, ("Hello, world!".to_string(),));
    assert_eq!(greet(false), validated);
}
