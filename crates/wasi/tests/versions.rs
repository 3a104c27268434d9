//! Guests built against other WASI versions: a component in component text
//! importing `wasi:clocks/monotonic-clock` at a version given by the test,
//! linked to this crate's 0.2.12 definitions. Any 0.2.x links (semver
//! matching); other minor and major versions do not; grants name the
//! version the guest imports.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use airssys_wasm::{Component, Engine, Error, Grant, Linker, Store};
use airssys_wasm_wasi::clocks::WallTime;
use airssys_wasm_wasi::{WasiCtx, grants};

/// A component whose export `now` returns `monotonic-clock.now` of
/// `wasi:clocks/monotonic-clock@{version}`.
fn clock_reader(version: &str) -> String {
    format!(
        r#"(component
  (import "wasi:clocks/monotonic-clock@{version}" (instance $clock
    (export "now" (func (result u64)))))
  (core func $now (canon lower (func $clock "now")))
  (core module $m
    (import "clock" "now" (func $now (result i64)))
    (func (export "now") (result i64) call $now))
  (core instance $i (instantiate $m (with "clock" (instance (export "now" (func $now))))))
  (func (export "now") (result u64) (canon lift (core func $i "now"))))"#
    )
}

/// Instantiates the reader of `version` with this crate's definitions and
/// `grant`, and calls `now` on a virtual clock that starts at 0 and steps 5.
fn read_clock(version: &str, grant: &str) -> Result<u64, Error> {
    let engine = Engine::default();
    let component = Component::new(&engine, clock_reader(version))?;
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
    linker.grant(Grant::new(grant));
    let ctx = WasiCtx::builder().random_seed(0).virtual_clocks(WallTime::default(), 5).build().unwrap();
    let mut store = Store::new(&engine, ctx);
    let instance = linker.instantiate(&mut store, &component)?;
    let now = instance.get_typed_func::<(), (u64,), _>(&store, "now")?;
    let (a,) = now.call(&mut store, ())?;
    let (b,) = now.call(&mut store, ())?;
    assert_eq!(b, a + 5, "the virtual clock steps per read");
    Ok(b)
}

#[test]
fn a_guest_of_any_0_2_patch_version_links() {
    for version in ["0.2.0", "0.2.4", "0.2.12", "0.2.99"] {
        let grant = format!("wasi:clocks/monotonic-clock@{version}");
        assert_eq!(read_clock(version, &grant).unwrap(), 5, "{version}");
    }
}

#[test]
fn other_minor_and_major_versions_do_not_link() {
    for version in ["0.1.0", "0.3.0", "1.0.0", "0.2.4-rc.1"] {
        let err = read_clock(version, "wasi:clocks/monotonic-clock").unwrap_err();
        assert!(
            matches!(err.kind(), airssys_wasm::ErrorKind::UnresolvedImport(n) if n.contains(version)),
            "{version}: {err}"
        );
    }
}

#[test]
fn grants_name_the_version_the_guest_imports() {
    // The guest imports 0.2.4 and links to the 0.2.12 definitions, but a
    // grant of 0.2.12 (what `grants::grant_all` writes) does not cover it.
    let err = read_clock("0.2.4", "wasi:clocks/monotonic-clock@0.2.12").unwrap_err();
    assert!(err.to_string().contains("wasi:clocks/monotonic-clock@0.2.4"), "{err}");
    assert!(err.to_string().contains("no grant covers it"), "{err}");
    assert_eq!(grants::grant("wasi:clocks/monotonic-clock").unwrap().interface, "wasi:clocks/monotonic-clock@0.2.12");
    // A grant without a version covers every version.
    assert_eq!(read_clock("0.2.4", "wasi:clocks/monotonic-clock").unwrap(), 5);
}
