//! `add_to_linker_without_sockets`: the stock guest `crates/guests/wasi-fs`
//! (built by `crates/guests/build.sh`) does the same file work on an
//! in-memory preopen as with `add_to_linker`, and a linker without sockets
//! defines no `wasi:sockets` interface.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use airssys_wasm::{Error, Linker, Store};
use airssys_wasm_wasi::filesystem::{MemoryDir, Perms};
use airssys_wasm_wasi::{WasiCtx, grants};
use common::Capture;

type Define = fn(&mut Linker<WasiCtx>, fn(&mut WasiCtx) -> &mut WasiCtx) -> Result<(), Error>;

/// Runs the guest's `files` work on a fresh in-memory preopen with the
/// definitions `define` makes, every interface granted; its stdout and
/// the directory's entries after the run.
fn files(define: Define) -> (String, Vec<String>) {
    let component = common::guest("wasi-fs.wasm");
    let dir = MemoryDir::new();
    dir.write_file("existing.txt", b"already here").unwrap();
    let out = Capture::default();
    let mut builder = WasiCtx::builder();
    builder.arg("wasi-fs").args(["files", "/sandbox"]).random_seed(1);
    builder.virtual_clocks(airssys_wasm_wasi::clocks::WallTime { seconds: 1_000, nanoseconds: 0 }, 1_000);
    builder.stdout(out.sink());
    builder.preopen(dir.clone(), "/sandbox", Perms::READ_WRITE);
    let mut linker = Linker::new();
    define(&mut linker, |ctx| ctx).expect("the definitions");
    grants::grant_all(&mut linker);
    let mut store = Store::new(component.engine(), builder.build().expect("a context"));
    airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx).expect("the guest runs to the end");
    (out.text(), dir.entries(".").unwrap())
}

#[test]
fn without_sockets_the_file_work_is_the_same_as_with_every_interface() {
    let (all, all_entries) = files(airssys_wasm_wasi::add_to_linker);
    let (without, without_entries) = files(airssys_wasm_wasi::add_to_linker_without_sockets);
    assert!(all.lines().count() > 5, "the guest did its file work: {all}");
    assert!(all.contains("read: ok \"hello world\""), "the guest wrote and read a file: {all}");
    assert_eq!(without, all);
    assert_eq!(without_entries, all_entries);
}

#[test]
fn without_sockets_no_socket_interface_is_defined() {
    let mut linker = Linker::<WasiCtx>::new();
    airssys_wasm_wasi::add_to_linker_without_sockets(&mut linker, |ctx| ctx).unwrap();
    // Defining a socket interface's function succeeds only where none is defined yet.
    let mut full = Linker::<WasiCtx>::new();
    airssys_wasm_wasi::add_to_linker(&mut full, |ctx| ctx).unwrap();
    let define = |l: &mut Linker<WasiCtx>| {
        l.instance("wasi:sockets/instance-network@0.2.12")
            .and_then(|mut i| i.func_wrap("instance-network", |_, (): ()| Ok((0u32,))))
    };
    assert!(define(&mut full).is_err(), "add_to_linker defines wasi:sockets/instance-network");
    assert!(define(&mut linker).is_ok(), "add_to_linker_without_sockets leaves it undefined");
}
