//! Tests for capability checks at the import gate: deny by default, grants
//! by interface and function, argument constraints, budgets, `err(..)` on
//! denial, revocation during a run, per-instance tables, audit, and calls
//! between components.

use super::{MEM, component};
use airssys_wasm::caps::{AuditRing, Outcome};
use airssys_wasm::{Component, Engine, ErrorKind, Grant, Instance, Linker, Store, Val};

/// A guest that calls `my:fs/files`: `open(path) -> result<u32, error-code>`
/// and `stat(path) -> u32`, plus `my:log/sink#log(level)`. Every host
/// function counts its calls in the store's data.
fn guest() -> Vec<u8> {
    component(&format!(
        r#"
        (type $error-code (enum "access" "not-found"))
        (import "my:fs/files" (instance $fs
          (export "error-code" (type $ec (eq $error-code)))
          (export "open" (func (param "path" string) (result (result u32 (error $ec)))))
          (export "stat" (func (param "path" string) (result u32)))))
        (import "my:log/sink" (instance $log (export "log" (func (param "level" u32)))))
        (core func $open (canon lower (func $fs "open") {MEM}))
        (core func $stat (canon lower (func $fs "stat") {MEM}))
        (core func $log (canon lower (func $log "log")))
        (core module $m
          (import "" "mem" (memory 1))
          (import "" "open" (func $open (param i32 i32 i32)))
          (import "" "stat" (func $stat (param i32 i32) (result i32)))
          (import "" "log" (func $log (param i32)))
          ;; open: returns the result's discriminant * 1000 + payload.
          (func (export "open") (param i32 i32) (result i32)
            (call $open (local.get 0) (local.get 1) (i32.const 8))
            (i32.add (i32.mul (i32.load8_u (i32.const 8)) (i32.const 1000)) (i32.load (i32.const 12))))
          (func (export "stat") (param i32 i32) (result i32) (call $stat (local.get 0) (local.get 1)))
          (func (export "log") (param i32) (call $log (local.get 0))))
        (core instance $m (instantiate $m (with "" (instance
          (export "mem" (memory $libc "mem")) (export "open" (func $open))
          (export "stat" (func $stat)) (export "log" (func $log))))))
        (func (export "open") (param "path" string) (result u32) (canon lift (core func $m "open") {MEM}))
        (func (export "stat") (param "path" string) (result u32) (canon lift (core func $m "stat") {MEM}))
        (func (export "log") (param "level" u32) (canon lift (core func $m "log")))
        "#
    ))
}

/// Host calls by function: open, stat, log.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
struct Calls {
    open: u32,
    stat: u32,
    log: u32,
}

fn linker() -> Linker<Calls> {
    let mut linker = Linker::<Calls>::new();
    let mut fs = linker.instance("my:fs/files").expect("instance");
    fs.func_new("open", |mut cx, args, out| {
        cx.data_mut().open += 1;
        let len = match args.first() {
            Some(Val::String(p)) => p.len() as u32,
            _ => 0,
        };
        out[0] = Val::Result(Ok(Some(Box::new(Val::U32(len)))));
        Ok(())
    })
    .expect("define");
    fs.func_wrap("stat", |mut cx, (path,): (String,)| {
        cx.data_mut().stat += 1;
        Ok((path.len() as u32,))
    })
    .expect("define");
    linker
        .instance("my:log/sink")
        .expect("instance")
        .func_wrap("log", |mut cx, (_level,): (u32,)| {
            cx.data_mut().log += 1;
            Ok(())
        })
        .expect("define");
    linker
}

fn instantiate(linker: &Linker<Calls>) -> (Store<Calls>, Instance) {
    let engine = Engine::default();
    let component = Component::new(&engine, guest()).expect("valid").with_name("app");
    let mut store = Store::new(&engine, Calls::default());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    (store, instance)
}

fn call(store: &mut Store<Calls>, instance: &Instance, name: &str, arg: Val) -> Result<u32, airssys_wasm::Error> {
    let f = instance.get_func(store, name).expect("export");
    let mut out = if name == "log" { vec![] } else { vec![Val::U32(0)] };
    f.call(store, &[arg], &mut out)?;
    Ok(match out.first() {
        Some(Val::U32(v)) => *v,
        _ => 0,
    })
}

fn grant(text: &str) -> Grant {
    text.parse().expect("valid grant")
}

#[test]
fn without_a_grant_every_import_call_is_denied_before_the_host_runs() {
    let (mut store, instance) = instantiate(&linker());
    let err = call(&mut store, &instance, "stat", Val::String("/x".into())).expect_err("denied");
    assert!(err.is_denied() && err.is_trap(), "{err}");
    assert_eq!(
        err.to_string(),
        "trap: denied: component `app` calling `my:fs/files#stat` — no grant covers it \
         (grant it with Linker::grant(\"my:fs/files#stat\".parse()?) before instantiating, \
         or Store::capabilities_mut(&instance)?.grant(..) at run time)"
    );
    assert!(call(&mut store, &instance, "log", Val::U32(1)).expect_err("denied").is_denied());
    assert_eq!(*store.data(), Calls::default());
    // Both denials are in the instance's audit ring.
    let table = store.capabilities(&instance).expect("table");
    let ring = table.audit_sink::<AuditRing<64>>().expect("default sink");
    let denied: Vec<_> = ring
        .events()
        .map(|e| (e.interface.to_string(), e.function.to_string(), matches!(e.outcome, Outcome::Denied(_))))
        .collect();
    assert_eq!(
        denied,
        [("my:fs/files".to_string(), "stat".to_string(), true), ("my:log/sink".to_string(), "log".to_string(), true)]
    );
}

#[test]
fn grants_cover_an_interface_or_one_function() {
    let mut linker = linker();
    linker.grant(grant("my:fs/files#stat")).grant(grant("my:log/sink"));
    let (mut store, instance) = instantiate(&linker);
    assert_eq!(call(&mut store, &instance, "stat", Val::String("/abc".into())).expect("granted"), 4);
    call(&mut store, &instance, "log", Val::U32(3)).expect("granted");
    let err = call(&mut store, &instance, "open", Val::String("/abc".into())).expect_err("open is not granted");
    assert!(err.to_string().contains("`my:fs/files#open` — no grant covers it"), "{err}");
    assert_eq!(*store.data(), Calls { open: 0, stat: 1, log: 1 });
    let component = Component::new(&Engine::default(), guest()).expect("valid");
    assert_eq!(linker.ungranted(&component), ["my:fs/files#open"]);
}

#[test]
fn a_prefix_constraint_is_checked_on_the_normalised_lifted_argument() {
    let mut linker = linker();
    linker.grant(grant(r#"my:fs/files#stat(path: prefix "/data")"#));
    let (mut store, instance) = instantiate(&linker);
    assert_eq!(call(&mut store, &instance, "stat", Val::String("/data/a.txt".into())).expect("allowed"), 11);
    assert_eq!(call(&mut store, &instance, "stat", Val::String("/data/x/../b".into())).expect("allowed"), 12);
    for attack in ["/data/../etc/passwd", "/database", "/data/x/../../etc", "/DATA/a", "/etc"] {
        let err = call(&mut store, &instance, "stat", Val::String(attack.into())).expect_err(attack);
        assert!(err.is_denied(), "{attack}: {err}");
        assert!(err.to_string().contains("argument `path`"), "{attack}: {err}");
    }
    assert_eq!(store.data().stat, 2);
}

#[test]
fn a_denial_can_return_the_functions_own_error_case() {
    let mut linker = linker();
    linker.grant(grant(r#"my:fs/files#open(path: prefix "/data", on-deny error access)"#));
    let (mut store, instance) = instantiate(&linker);
    // ok(5): discriminant 0, payload 5.
    assert_eq!(call(&mut store, &instance, "open", Val::String("/data/".into())).expect("allowed"), 6);
    // err(access): discriminant 1, payload 0 (the first enum case).
    assert_eq!(call(&mut store, &instance, "open", Val::String("/etc/x".into())).expect("err, not a trap"), 1000);
    assert_eq!(store.data().open, 1);
}

#[test]
fn an_ungranted_call_returns_the_error_the_host_set_for_the_interface() {
    let mut linker = linker();
    linker.deny_with_error("my:fs/files", "access").grant(grant("my:log/sink"));
    let (mut store, instance) = instantiate(&linker);
    // err(access), without a grant and without running the host function.
    assert_eq!(call(&mut store, &instance, "open", Val::String("/data/".into())).expect("err, not a trap"), 1000);
    // `stat` returns a plain u32: no error case to return, so it traps.
    let err = call(&mut store, &instance, "stat", Val::String("/abc".into())).expect_err("no result type");
    assert!(err.is_denied() && err.to_string().contains("no grant covers it"), "{err}");
    assert_eq!(*store.data(), Calls { open: 0, stat: 0, log: 0 });
    // A grant still opens it.
    store.capabilities_mut(&instance).expect("table").grant(grant("my:fs/files#open"));
    assert_eq!(call(&mut store, &instance, "open", Val::String("/data/".into())).expect("granted"), 6);
    assert_eq!(store.data().open, 1);
}

#[test]
fn budgets_run_out() {
    let mut linker = linker();
    linker.grant(grant("my:log/sink#log(budget 2)"));
    let (mut store, instance) = instantiate(&linker);
    call(&mut store, &instance, "log", Val::U32(0)).expect("1st");
    call(&mut store, &instance, "log", Val::U32(0)).expect("2nd");
    let err = call(&mut store, &instance, "log", Val::U32(0)).expect_err("3rd");
    assert!(err.to_string().contains("budget exhausted"), "{err}");
    assert_eq!(store.data().log, 2);
}

#[test]
fn revocation_from_a_host_function_and_from_the_store_takes_effect_at_the_next_call() {
    let mut linker = Linker::<Calls>::new();
    // `log` revokes its own grant: a one-shot capability.
    linker
        .instance("my:log/sink")
        .expect("instance")
        .func_wrap("log", |mut cx, (_level,): (u32,)| {
            cx.data_mut().log += 1;
            let table = cx.caller_capabilities_mut().expect("called from a guest");
            table.revoke("my:log/sink", None).expect("held");
            Ok(())
        })
        .expect("define");
    linker
        .define_unknown_imports_as_traps(&Component::new(&Engine::default(), guest()).expect("valid"))
        .expect("define");
    linker.grant(grant("my:log/sink"));
    let (mut store, instance) = instantiate(&linker);
    call(&mut store, &instance, "log", Val::U32(0)).expect("first call runs");
    let err = call(&mut store, &instance, "log", Val::U32(0)).expect_err("revoked");
    assert!(err.to_string().contains("its grant was revoked"), "{err}");
    assert_eq!(store.data().log, 1);
    // The store can grant it again.
    store.capabilities_mut(&instance).expect("table").grant(grant("my:log/sink"));
    call(&mut store, &instance, "log", Val::U32(0)).expect("granted again");
    assert_eq!(store.data().log, 2);
}

#[test]
fn two_instances_of_one_component_hold_separate_tables() {
    let linker = linker();
    let engine = Engine::default();
    let component = Component::new(&engine, guest()).expect("valid");
    let mut store = Store::new(&engine, Calls::default());
    let a = linker.instantiate(&mut store, &component).expect("a");
    let b = linker.instantiate(&mut store, &component).expect("b");
    store.capabilities_mut(&a).expect("table").grant(grant("my:log/sink"));
    call(&mut store, &a, "log", Val::U32(0)).expect("a is granted");
    assert!(call(&mut store, &b, "log", Val::U32(0)).expect_err("b is not").is_denied());
    assert_eq!(store.data().log, 1);
}

/// A small deterministic generator (xorshift), so the property test needs no
/// extra dependency and every failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn no_call_reaches_the_host_without_a_grant_across_generated_policies() {
    const GRANTS: [&str; 6] = [
        "my:fs/files",
        "my:fs/files#stat",
        "my:fs/files#open",
        r#"my:fs/files#stat(path: prefix "/data")"#,
        "my:log/sink",
        "my:log/sink#log(level: 0..=3)",
    ];
    const PATHS: [&str; 5] = ["/data/a", "/data/../etc", "/etc/passwd", "/data", "/database/x"];
    let engine = Engine::default();
    let component = Component::new(&engine, guest()).expect("valid");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _round in 0..200 {
        let mut linker = linker();
        for g in GRANTS {
            if rng.below(3) == 0 {
                linker.grant(grant(g));
            }
        }
        let mut store = Store::new(&engine, Calls::default());
        let instance = linker.instantiate(&mut store, &component).expect("instantiates");
        let mut expected = Calls::default();
        for _call in 0..12 {
            if rng.below(6) == 0 {
                // Revoke something at random mid-run.
                let g = grant(GRANTS[rng.below(GRANTS.len() as u64) as usize]);
                let _ = store.capabilities_mut(&instance).expect("table").revoke(&g.interface, g.function.as_deref());
            }
            let (name, arg) = match rng.below(3) {
                0 => ("stat", Val::String(PATHS[rng.below(5) as usize].into())),
                1 => ("open", Val::String(PATHS[rng.below(5) as usize].into())),
                _ => ("log", Val::U32(rng.below(6) as u32)),
            };
            // The oracle: the table's own answer for this import, then the
            // constraint by hand (prefix `/data` on normalised paths, level ≤ 3).
            let table = store.capabilities(&instance).expect("table");
            let (iface, func) = if name == "log" { ("my:log/sink", "log") } else { ("my:fs/files", name) };
            let held = table.grant_for(iface, func).map(|h| h.grant.to_string());
            let allowed = match held.as_deref() {
                None => false,
                Some(g) if g.contains("prefix") => {
                    matches!(&arg, Val::String(p) if p == "/data/a" || p == "/data")
                }
                Some(g) if g.contains("level") => matches!(arg, Val::U32(l) if l <= 3),
                Some(_) => true,
            };
            let outcome = call(&mut store, &instance, name, arg.clone());
            assert_eq!(outcome.is_ok(), allowed, "{name}({arg:?}) under {held:?}: {outcome:?}");
            if let Err(e) = &outcome {
                assert!(matches!(e.kind(), ErrorKind::Denied(_)), "{e}");
            }
            if allowed {
                match name {
                    "stat" => expected.stat += 1,
                    "open" => expected.open += 1,
                    _ => expected.log += 1,
                }
            }
            // The host's side effects are exactly the allowed calls.
            assert_eq!(*store.data(), expected);
        }
    }
}

#[test]
fn calls_between_components_are_gated_like_host_calls() {
    // A provider component exports `stat`; the guest imports it as
    // `my:fs/files#stat`, linked from the provider instance.
    let provider = component(
        r#"
        (core module $p (func (export "stat") (param i32 i32) (result i32) (i32.add (local.get 1) (i32.const 100))))
        (core instance $p (instantiate $p))
        (func (export "stat") (param "path" string) (result u32)
          (canon lift (core func $p "stat") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        "#,
    );
    let engine = Engine::default();
    let mut store = Store::new(&engine, Calls::default());
    let provider = Component::new(&engine, &provider).expect("valid");
    let provider = Linker::new().instantiate(&mut store, &provider).expect("provider");
    let mut linker2 = Linker::<Calls>::new();
    linker2
        .instance("my:fs/files")
        .expect("instance")
        .func_from_export("stat", &store, &provider, "stat")
        .expect("link");
    let guest_component = Component::new(&engine, guest()).expect("valid");
    linker2.define_unknown_imports_as_traps(&guest_component).expect("define");
    let guest = linker2.instantiate(&mut store, &guest_component).expect("guest");
    let err = call(&mut store, &guest, "stat", Val::String("/data/a".into())).expect_err("not granted");
    assert!(err.is_denied(), "{err}");
    store.capabilities_mut(&guest).expect("table").grant(grant(r#"my:fs/files#stat(path: prefix "/data")"#));
    assert_eq!(call(&mut store, &guest, "stat", Val::String("/data/a".into())).expect("granted"), 107);
    assert!(call(&mut store, &guest, "stat", Val::String("/etc".into())).expect_err("constraint").is_denied());
}
