//! Tests for tasks: `context.get`/`set`, `backpressure`, `async` lifts with
//! `task.return` (stackful and with a callback), `async` lowers, and the
//! concurrency built-ins the runtime does not implement.

use super::{MEM, component};
use airssys_wasm::{Component, Engine, Grant, Linker, Store, Val};

fn instantiate(bytes: &[u8], linker: &Linker<u32>) -> (Store<u32>, airssys_wasm::Instance) {
    let engine = Engine::default();
    let component = Component::new(&engine, bytes).expect("valid component");
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    (store, instance)
}

fn call(store: &mut Store<u32>, instance: &airssys_wasm::Instance, name: &str, args: &[Val]) -> Result<Val, String> {
    let f = instance.get_func(store, name).expect("export");
    let mut out = [Val::U32(0)];
    f.call(store, args, &mut out).map_err(|e| e.to_string())?;
    let [v] = out;
    Ok(v)
}

#[test]
fn each_call_has_its_own_zeroed_context_which_post_return_sees() {
    let bytes = component(
        r#"
        (canon context.get i32 0 (core func $get))
        (canon context.set i32 0 (core func $set))
        (canon context.get i32 1 (core func $get1))
        (core module $m
          (import "" "get" (func $get (result i32)))
          (import "" "set" (func $set (param i32)))
          (import "" "get1" (func $get1 (result i32)))
          (global $seen (mut i32) (i32.const -1))
          ;; Returns the context it found, then leaves 100 + its argument in slot 0.
          (func (export "f") (param i32) (result i32)
            (call $get) (call $set (i32.add (i32.const 100) (local.get 0))))
          (func (export "f-pr") (param i32) (global.set $seen (i32.add (call $get) (call $get1))))
          (func (export "seen") (result i32) (global.get $seen)))
        (core instance $m (instantiate $m (with "" (instance
          (export "get" (func $get)) (export "set" (func $set)) (export "get1" (func $get1))))))
        (func (export "f") (param "x" u32) (result u32)
          (canon lift (core func $m "f") (post-return (core func $m "f-pr"))))
        (func (export "seen") (result u32) (canon lift (core func $m "seen")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes, &Linker::new());
    assert_eq!(call(&mut store, &instance, "f", &[Val::U32(5)]), Ok(Val::U32(0)));
    assert_eq!(call(&mut store, &instance, "seen", &[]), Ok(Val::U32(105)));
    // A new task starts from zero again.
    assert_eq!(call(&mut store, &instance, "f", &[Val::U32(7)]), Ok(Val::U32(0)));
    assert_eq!(call(&mut store, &instance, "seen", &[]), Ok(Val::U32(107)));
    let typed = instance.get_typed_func::<(u32,), (u32,), _>(&store, "f").expect("typed");
    assert_eq!(typed.call(&mut store, (1,)).expect("call"), (0,));
    assert_eq!(call(&mut store, &instance, "seen", &[]), Ok(Val::U32(101)));
}

#[test]
fn backpressure_counts_and_traps_below_zero() {
    let bytes = component(
        r#"
        (canon backpressure.inc (core func $inc))
        (canon backpressure.dec (core func $dec))
        (core module $m
          (import "" "inc" (func $inc))
          (import "" "dec" (func $dec))
          (func (export "balanced") (call $inc) (call $inc) (call $dec) (call $dec))
          (func (export "under") (call $inc) (call $dec) (call $dec)))
        (core instance $m (instantiate $m (with "" (instance (export "inc" (func $inc)) (export "dec" (func $dec))))))
        (func (export "balanced") (canon lift (core func $m "balanced")))
        (func (export "under") (canon lift (core func $m "under")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes, &Linker::new());
    let balanced = instance.get_func(&store, "balanced").expect("export");
    balanced.call(&mut store, &[], &mut []).expect("balanced");
    let under = instance.get_func(&store, "under").expect("export");
    let err = under.call(&mut store, &[], &mut []).expect_err("underflow");
    assert!(err.to_string().contains("backpressure counter underflow"), "{err}");
}

/// A component whose async exports deliver results through `task.return`.
const ASYNC_CALLEE: &str = r#"
    (canon task.return (result string) (memory (core memory $libc "mem")) (core func $ret-string))
    (canon task.return (result u32) (core func $ret-u32))
    (core module $m
      (import "" "mem" (memory 1))
      (import "" "ret-string" (func $ret-string (param i32 i32)))
      (import "" "ret-u32" (func $ret-u32 (param i32)))
      (global $yields (mut i32) (i32.const 0))
      (data (i32.const 16) "pong")
      ;; Stackful: returns its argument's length and "pong" through task.return.
      (func (export "echo-len") (param i32 i32) (call $ret-string (i32.const 16) (local.get 1)))
      (func (export "forget") (param i32 i32))
      (func (export "twice") (param i32 i32)
        (call $ret-string (i32.const 16) (i32.const 4)) (call $ret-string (i32.const 16) (i32.const 4)))
      ;; With a callback: yields three times, then returns the count.
      (func (export "count") (result i32) (i32.const 1 (; YIELD ;)))
      (func (export "count-cb") (param i32 i32 i32) (result i32)
        (global.set $yields (i32.add (global.get $yields) (i32.const 1)))
        (if (result i32) (i32.lt_u (global.get $yields) (i32.const 3))
          (then (i32.const 1 (; YIELD ;)))
          (else (call $ret-u32 (global.get $yields)) (i32.const 0 (; EXIT ;)))))
      (func (export "blocks") (result i32) (i32.const 0x12 (; WAIT on set 1 ;)))
      (func (export "sync-ret") (result i32) (call $ret-u32 (i32.const 1)) (i32.const 1)))
    (core instance $m (instantiate $m (with "" (instance
      (export "mem" (memory $libc "mem"))
      (export "ret-string" (func $ret-string))
      (export "ret-u32" (func $ret-u32))))))
    (func (export "echo-len") async (param "s" string) (result string)
      (canon lift (core func $m "echo-len") async (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
    (func (export "forget") async (param "s" string) (result string)
      (canon lift (core func $m "forget") async (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
    (func (export "twice") async (param "s" string) (result string)
      (canon lift (core func $m "twice") async (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
    (func (export "count") async (result u32)
      (canon lift (core func $m "count") async (callback (core func $m "count-cb"))))
    (func (export "blocks") async (result u32)
      (canon lift (core func $m "blocks") async (callback (core func $m "count-cb"))))
    (func (export "sync-ret") (result u32) (canon lift (core func $m "sync-ret")))
"#;

#[test]
fn async_lifts_return_through_task_return() {
    let (mut store, instance) = instantiate(&component(ASYNC_CALLEE), &Linker::new());
    assert_eq!(call(&mut store, &instance, "echo-len", &[Val::String("ab".into())]), Ok(Val::String("po".into())));
    let typed = instance.get_typed_func::<(&str,), (String,), _>(&store, "echo-len").expect("typed");
    assert_eq!(typed.call(&mut store, ("abcd",)).expect("call"), ("pong".to_string(),));
    // The callback loop: YIELD calls the callback straight back until EXIT.
    assert_eq!(call(&mut store, &instance, "count", &[]), Ok(Val::U32(3)));
}

#[test]
fn task_return_misuse_traps() {
    let (mut store, instance) = instantiate(&component(ASYNC_CALLEE), &Linker::new());
    let s = [Val::String("x".into())];
    let err = call(&mut store, &instance, "forget", &s).expect_err("no task.return");
    assert!(err.contains("the async export returned without calling `task.return`"), "{err}");
    let err = call(&mut store, &instance, "twice", &s).expect_err("twice");
    assert!(err.contains("task.return called twice by one task"), "{err}");
    let err = call(&mut store, &instance, "sync-ret", &[]).expect_err("sync");
    assert!(err.contains("task.return called by a synchronously lifted function"), "{err}");
    let err = call(&mut store, &instance, "blocks", &[]).expect_err("wait");
    assert!(err.contains("unsupported: an async export that waits on a waitable set"), "{err}");
}

#[test]
fn async_lower_stores_the_result_and_reports_returned() {
    // An async-lowered host import and an async-lowered call into another
    // component's async export: both complete inside the call.
    let bytes = component(&format!(
        r#"
        (import "host:t/clock" (instance $clock (export "now" (func async (param "base" u64) (result u64)))))
        (component $callee {lib} {callee})
        (instance $callee (instantiate $callee))
        (core func $now (canon lower (func $clock "now") async {MEM}))
        (core func $echo (canon lower (func $callee "echo-len") async {MEM}))
        (core module $main
          (import "" "mem" (memory 1))
          (import "" "now" (func $now (param i64 i32) (result i32)))
          (import "" "echo" (func $echo (param i32 i32 i32) (result i32)))
          (data (i32.const 200) "hello")
          (func (export "run") (result i64)
            (if (i32.ne (call $now (i64.const 40) (i32.const 64)) (i32.const 2)) (then unreachable))
            (if (i32.ne (call $echo (i32.const 200) (i32.const 3) (i32.const 72)) (i32.const 2)) (then unreachable))
            ;; echo-len returned "pon" (pointer and length at 72).
            (if (i32.ne (i32.load offset=4 (i32.const 72)) (i32.const 3)) (then unreachable))
            (if (i32.ne (i32.load8_u offset=2 (i32.load (i32.const 72))) (i32.const 110)) (then unreachable))
            (i64.load (i32.const 64))))
        (core instance $main (instantiate $main (with "" (instance
          (export "mem" (memory $libc "mem")) (export "now" (func $now)) (export "echo" (func $echo))))))
        (func (export "run") (result u64) (canon lift (core func $main "run")))
        "#,
        lib = super::LIBC,
        callee = ASYNC_CALLEE,
    ));
    let mut linker = Linker::new();
    linker.grant(Grant::new("host:t/clock"));
    linker
        .instance("host:t/clock")
        .expect("instance")
        .func_wrap("now", |mut cx, (base,): (u64,)| {
            *cx.data_mut() += 1;
            Ok((base + 2,))
        })
        .expect("define");
    let (mut store, instance) = instantiate(&bytes, &linker);
    assert_eq!(call(&mut store, &instance, "run", &[]), Ok(Val::U64(42)));
    assert_eq!(*store.data(), 1);
}

#[test]
fn unimplemented_built_ins_load_and_trap_as_unsupported_when_called() {
    let bytes = component(
        r#"
        (type $s (stream u8))
        (canon stream.new $s (core func $stream.new))
        (canon waitable-set.new (core func $ws.new))
        (core module $m
          (import "" "stream.new" (func $stream.new (result i64)))
          (import "" "ws.new" (func $ws.new (result i32)))
          (func (export "s") (drop (call $stream.new)))
          (func (export "w") (drop (call $ws.new))))
        (core instance $m (instantiate $m (with "" (instance
          (export "stream.new" (func $stream.new)) (export "ws.new" (func $ws.new))))))
        (func (export "s") (canon lift (core func $m "s")))
        (func (export "w") (canon lift (core func $m "w")))
        "#,
    );
    let (mut store, instance) = instantiate(&bytes, &Linker::new());
    for (name, builtin) in [("s", "stream.new"), ("w", "waitable-set.new")] {
        let f = instance.get_func(&store, name).expect("export");
        let err = f.call(&mut store, &[], &mut []).expect_err("unsupported");
        let text = err.to_string();
        assert!(
            text.contains(&format!("unsupported: canon {builtin} needs the Component Model's concurrency")),
            "{text}"
        );
    }
}
