//! Tests for fuel and store limits: memory and table growth, the store's
//! total byte budget, instance, memory and table counts, resource handles.

use super::component;
use airssys_wasm::{
    Component, Config, DEFAULT_COUNT_LIMIT, DEFAULT_HANDLES_PER_TABLE, Engine, Error, ErrorKind, HANDLE_BYTES,
    LimitError, Linker, Store, StoreLimits, StoreLimitsBuilder, TABLE_ELEMENT_BYTES,
};

fn looping() -> Vec<u8> {
    component(
        r#"
        (core module $m
          (memory (export "m") 1)
          (func (export "spin") (loop $l (br $l)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        (core instance $m (instantiate $m))
        (func (export "spin") (canon lift (core func $m "spin")))
        (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $m "grow")))
        "#,
    )
}

#[test]
fn running_out_of_fuel_is_reported_cleanly() {
    let engine = Engine::new(Config::new().fuel(10_000));
    let component = Component::new(&engine, looping()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let spin = instance.get_typed_func::<(), (), _>(&store, "spin").expect("typed");
    let err = spin.call(&mut store, ()).expect_err("runs out");
    assert!(err.is_out_of_fuel(), "{err}");
    assert_eq!(err.to_string(), "trap: out of fuel; raise the fuel limit if the work is legitimate");
    assert_eq!(store.fuel(), Some(0));
}

#[test]
fn memory_growth_stops_at_the_configured_cap() {
    let engine = Engine::new(Config::new().max_memory_bytes(4 * 65536));
    let component = Component::new(&engine, looping()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (1,));
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (-1,));
}

const PAGE: usize = 65536;

fn raw(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("valid component text")
}

fn limited(limits: StoreLimits) -> (Engine, Store<()>) {
    let engine = Engine::new(Config::new().store_limits(limits));
    let store = Store::new(&engine, ());
    (engine, store)
}

fn limit_of(err: &Error) -> LimitError {
    match err.kind() {
        ErrorKind::Limit(l) => *l,
        other => panic!("expected a limit error, got {other:?}: {err}"),
    }
}

#[test]
fn a_grow_past_the_per_memory_limit_returns_minus_one() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().memory_size(3 * PAGE).build());
    let component = Component::new(&engine, looping()).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    assert_eq!(grow.call(&mut store, (3,)).expect("call"), (-1,));
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (1,));
    assert_eq!(grow.call(&mut store, (1,)).expect("call"), (-1,));
    // Three pages of `grow`'s memory and the one page of `$libc`'s.
    assert_eq!(store.charged_bytes(), 4 * PAGE);
}

#[test]
fn a_grow_past_the_total_budget_returns_minus_one_and_charges_nothing() {
    // Two one-page memories (`grow`'s and `$libc`'s) and one page to spare.
    let (engine, mut store) = limited(StoreLimitsBuilder::new().total_bytes(3 * PAGE).build());
    let component = Component::new(&engine, looping()).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    // 65536 pages is the whole 4 GiB address space: refused before allocating.
    assert_eq!(grow.call(&mut store, (65535,)).expect("call"), (-1,));
    assert_eq!(store.charged_bytes(), 2 * PAGE);
    assert_eq!(grow.call(&mut store, (1,)).expect("call"), (1,));
    assert_eq!(grow.call(&mut store, (1,)).expect("call"), (-1,));
    assert_eq!(store.charged_bytes(), 3 * PAGE);
}

#[test]
fn trap_on_grow_failure_turns_a_refused_grow_into_a_trap() {
    let limits = StoreLimitsBuilder::new().total_bytes(3 * PAGE).trap_on_grow_failure(true).build();
    let (engine, mut store) = limited(limits);
    let component = Component::new(&engine, looping()).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    assert_eq!(grow.call(&mut store, (1,)).expect("call"), (1,));
    let err = grow.call(&mut store, (1,)).expect_err("traps");
    assert!(err.is_trap(), "{err}");
    assert_eq!(
        err.to_string(),
        "trap: growth operation limited: a memory.grow or table.grow exceeded the store's limits (StoreLimitsBuilder::trap_on_grow_failure is set)"
    );
    assert_eq!(store.charged_bytes(), 3 * PAGE);
}

/// A component with `n` core instances of a module holding a one-page memory.
fn many_memories(n: usize) -> Vec<u8> {
    let instances: String = (0..n).map(|i| format!("(core instance $i{i} (instantiate $m))\n")).collect();
    raw(&format!("(component (core module $m (memory 1)) {instances})"))
}

#[test]
fn many_small_memories_exceed_the_total_budget_while_instantiating() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().total_bytes(4 * PAGE).build());
    let component = Component::new(&engine, many_memories(8)).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("over budget");
    assert_eq!(limit_of(&err), LimitError::TotalBytes { requested: PAGE, in_use: 4 * PAGE, limit: 4 * PAGE });
    assert_eq!(
        err.to_string(),
        "store limit reached: 65536 more bytes on top of the 262144 the store holds exceed its budget of 262144 bytes; raise StoreLimitsBuilder::total_bytes"
    );
    assert_eq!(store.charged_bytes(), 4 * PAGE);
}

#[test]
fn a_per_memory_limit_refuses_a_large_initial_memory() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().memory_size(PAGE).build());
    let bytes = raw("(component (core module $m (memory 2)) (core instance $i (instantiate $m)))");
    let component = Component::new(&engine, &bytes).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("too large");
    assert_eq!(limit_of(&err), LimitError::MemorySize { requested: 2 * PAGE, limit: PAGE });
}

#[test]
fn too_many_instances_is_a_limit_error() {
    // The component instance and its core instances count together.
    let (engine, mut store) = limited(StoreLimitsBuilder::new().instances(3).build());
    let component = Component::new(&engine, many_memories(3)).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("too many");
    assert_eq!(limit_of(&err), LimitError::Instances { limit: 3 });
    assert_eq!(
        err.to_string(),
        "store limit reached: the store holds its limit of 3 instances; raise StoreLimitsBuilder::instances"
    );
    let (engine, mut store) = limited(StoreLimitsBuilder::new().instances(4).build());
    let component = Component::new(&engine, many_memories(3)).expect("valid");
    Linker::new().instantiate(&mut store, &component).expect("exactly at the limit");
}

#[test]
fn nested_component_instances_count_as_instances() {
    let bytes = raw(r#"(component
          (component $leaf)
          (component $pair
            (component $leaf)
            (instance (instantiate $leaf))
            (instance (instantiate $leaf)))
          (instance (instantiate $pair))
          (instance (instantiate $pair)))"#);
    // 1 + 2 × (1 + 2) = 7 component instances.
    let (engine, mut store) = limited(StoreLimitsBuilder::new().instances(6).build());
    let component = Component::new(&engine, &bytes).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("too many");
    assert_eq!(limit_of(&err), LimitError::Instances { limit: 6 });
    let (engine, mut store) = limited(StoreLimitsBuilder::new().instances(7).build());
    let component = Component::new(&engine, &bytes).expect("valid");
    Linker::new().instantiate(&mut store, &component).expect("exactly at the limit");
}

#[test]
fn too_many_memories_is_a_limit_error() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().memories(2).build());
    let component = Component::new(&engine, many_memories(3)).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("too many");
    assert_eq!(limit_of(&err), LimitError::Memories { limit: 2 });
    assert_eq!(
        err.to_string(),
        "store limit reached: the store would hold more than 2 memories; raise StoreLimitsBuilder::memories"
    );
}

#[test]
fn tables_count_and_grow_within_their_limits() {
    let bytes = raw(r#"(component
          (core module $m
            (table $t 1 funcref)
            (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0))))
          (core instance $i (instantiate $m))
          (func (export "grow") (param "n" u32) (result s32) (canon lift (core func $i "grow"))))"#);
    let limits = StoreLimitsBuilder::new().table_elements(10).total_bytes(8 * TABLE_ELEMENT_BYTES).build();
    let (engine, mut store) = limited(limits);
    let component = Component::new(&engine, &bytes).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let grow = instance.get_typed_func::<(u32,), (i32,), _>(&store, "grow").expect("typed");
    assert_eq!(store.charged_bytes(), TABLE_ELEMENT_BYTES);
    assert_eq!(grow.call(&mut store, (8,)).expect("call"), (-1,), "over the total budget");
    assert_eq!(grow.call(&mut store, (7,)).expect("call"), (1,));
    assert_eq!(grow.call(&mut store, (1,)).expect("call"), (-1,));
    store.limiter(StoreLimitsBuilder::new().table_elements(10).build());
    assert_eq!(grow.call(&mut store, (3,)).expect("call"), (-1,), "over the per-table limit");
    assert_eq!(grow.call(&mut store, (2,)).expect("call"), (8,));

    let (engine, mut store) = limited(StoreLimitsBuilder::new().tables(0).build());
    let component = Component::new(&engine, &bytes).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("no tables allowed");
    assert_eq!(limit_of(&err), LimitError::Tables { limit: 0 });
}

/// A component whose `fill(n)` calls `resource.new` `n` times.
fn handle_filler() -> Vec<u8> {
    raw(r#"(component
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core module $m
            (import "r" "new" (func $new (param i32) (result i32)))
            (func (export "fill") (param $n i32)
              (block $done
                (loop $l
                  (br_if $done (i32.eqz (local.get $n)))
                  (drop (call $new (local.get $n)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $l)))))
          (core instance $m (instantiate $m (with "r" (instance (export "new" (func $new))))))
          (func (export "fill") (param "n" u32) (canon lift (core func $m "fill"))))"#)
}

#[test]
fn resource_new_in_a_loop_stops_at_the_per_table_handle_limit() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().handles_per_table(100).build());
    let component = Component::new(&engine, handle_filler()).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let fill = instance.get_typed_func::<(u32,), (), _>(&store, "fill").expect("typed");
    fill.call(&mut store, (100,)).expect("exactly at the limit");
    let err = fill.call(&mut store, (1,)).expect_err("table full");
    assert_eq!(limit_of(&err), LimitError::Handles { limit: 100 });
    assert_eq!(
        err.to_string(),
        "store limit reached: a resource handle table is full at 100 handles; raise StoreLimitsBuilder::handles_per_table"
    );
    // Slot 0 is reserved, and charged like the others.
    assert_eq!(store.charged_bytes(), 101 * HANDLE_BYTES);
}

#[test]
fn resource_new_without_end_stops_under_the_default_limits() {
    let engine = Engine::default();
    let component = Component::new(&engine, handle_filler()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let fill = instance.get_typed_func::<(u32,), (), _>(&store, "fill").expect("typed");
    let err = fill.call(&mut store, (u32::MAX,)).expect_err("table full");
    assert_eq!(limit_of(&err), LimitError::Handles { limit: DEFAULT_HANDLES_PER_TABLE });
}

#[test]
fn handles_count_against_the_total_budget() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().total_bytes(10 * HANDLE_BYTES).build());
    let component = Component::new(&engine, handle_filler()).expect("valid");
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let fill = instance.get_typed_func::<(u32,), (), _>(&store, "fill").expect("typed");
    // The reserved slot 0 and nine handles.
    fill.call(&mut store, (9,)).expect("within the budget");
    let err = fill.call(&mut store, (1,)).expect_err("over budget");
    assert_eq!(
        limit_of(&err),
        LimitError::TotalBytes { requested: HANDLE_BYTES, in_use: 10 * HANDLE_BYTES, limit: 10 * HANDLE_BYTES }
    );
}

#[test]
fn max_memory_bytes_and_store_limits_combine() {
    let limits = StoreLimitsBuilder::new().memory_size(8 * PAGE).build();
    let engine = Engine::new(Config::new().store_limits(limits).max_memory_bytes(2 * PAGE));
    let store = Store::new(&engine, ());
    assert_eq!(store.limits().memory_size(), Some(2 * PAGE));
    assert_eq!(store.limits().instances(), DEFAULT_COUNT_LIMIT);
}

#[test]
fn memories_of_nested_component_instances_share_the_total_budget() {
    // Each `$pair` instantiates `$leaf` twice; each `$leaf` holds a one-page memory.
    let bytes = raw(r#"(component
          (component $pair
            (component $leaf
              (core module $m (memory 1))
              (core instance $i (instantiate $m)))
            (instance (instantiate $leaf))
            (instance (instantiate $leaf)))
          (instance (instantiate $pair))
          (instance (instantiate $pair))
          (instance (instantiate $pair)))"#);
    let (engine, mut store) = limited(StoreLimitsBuilder::new().total_bytes(5 * PAGE).build());
    let component = Component::new(&engine, &bytes).expect("valid");
    let err = Linker::new().instantiate(&mut store, &component).expect_err("six pages in five");
    assert_eq!(limit_of(&err), LimitError::TotalBytes { requested: PAGE, in_use: 5 * PAGE, limit: 5 * PAGE });
    let (engine, mut store) = limited(StoreLimitsBuilder::new().total_bytes(6 * PAGE).build());
    let component = Component::new(&engine, &bytes).expect("valid");
    Linker::new().instantiate(&mut store, &component).expect("six pages in six");
    assert_eq!(store.charged_bytes(), 6 * PAGE);
}
