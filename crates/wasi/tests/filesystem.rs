//! Tests for `wasi:filesystem` with the stock `wasm32-wasip2` guest
//! `crates/guests/wasi-fs` (built by `crates/guests/build.sh`): files in a
//! preopen through `std::fs`, escapes refused, read-only preopens, on a
//! real directory (cap-std) and on the in-memory backend.

// The host backend (cap-std) is std and unix only.
#![cfg(all(feature = "std", unix))]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use airssys_wasm::{Linker, Store};
use airssys_wasm_wasi::filesystem::{MemoryDir, Perms};
use airssys_wasm_wasi::{WasiCtx, WasiCtxBuilder, grants};
use common::Capture;
use std::path::{Path, PathBuf};

/// Runs the guest with `args` on a context from `configure`, every
/// interface granted; its stdout, and the context after the run.
fn run(args: &[&str], configure: impl FnOnce(&mut WasiCtxBuilder)) -> (String, WasiCtx) {
    run_granted(args, configure, grants::grant_all)
}

/// [`run`] with the grants `grant` gives.
fn run_granted(
    args: &[&str],
    configure: impl FnOnce(&mut WasiCtxBuilder),
    grant: impl FnOnce(&mut Linker<WasiCtx>),
) -> (String, WasiCtx) {
    let component = common::guest("wasi-fs.wasm");
    let out = Capture::default();
    let mut builder = WasiCtx::builder();
    builder.arg("wasi-fs").args(args.iter().copied()).random_seed(1).stdout(out.sink());
    configure(&mut builder);
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("the definitions");
    grant(&mut linker);
    let mut store = Store::new(component.engine(), builder.build().expect("a context"));
    airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx).expect("the guest runs to the end");
    (out.text(), store.into_data())
}

/// A fresh host directory `<tmp>/airssys-wasi-fs-<name>-<pid>` holding
/// `outside.txt` and `sandbox/` (with `existing.txt` and `link`, a symlink
/// to `../outside.txt`); returns it and the sandbox.
fn host_dirs(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("airssys-wasi-fs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let sandbox = base.join("sandbox");
    std::fs::create_dir_all(&sandbox).unwrap();
    std::fs::write(base.join("outside.txt"), "secret").unwrap();
    std::fs::write(sandbox.join("existing.txt"), "inside").unwrap();
    std::os::unix::fs::symlink(base.join("outside.txt"), sandbox.join("link")).unwrap();
    (base, sandbox)
}

/// The files of `dir` and their contents, sorted (symlinks as `-> target`).
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let content = if meta.is_symlink() {
            format!("-> {}", std::fs::read_link(&path).unwrap().display())
        } else if meta.is_dir() {
            "<dir>".into()
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        all.push((name, content));
    }
    all.sort();
    all
}

/// What `files` prints on a preopen holding only `existing.txt` (and, on
/// the host, `link`).
fn files_expected(extra: &[&str]) -> String {
    let mut top: Vec<&str> = ["a.txt", "existing.txt", "sub"].into();
    top.extend(extra);
    top.sort();
    let mut end: Vec<&str> = ["existing.txt"].into();
    end.extend(extra);
    end.sort();
    format!(
        "create: ok ()\n\
         read: ok \"hello world\"\n\
         seek-read: ok \"world\"\n\
         seek-write: ok \"HELLO world\"\n\
         append: ok \"HELLO world!\"\n\
         stat: ok (true, false, 12)\n\
         set-times: ok (1000000, 5)\n\
         set-len: ok 12\n\
         mkdir: ok ()\n\
         stat-dir: ok true\n\
         create-in-sub: ok ()\n\
         readdir: ok {top:?}\n\
         rename: ok ()\n\
         old-name: error NotFound\n\
         new-name: ok \"HELLO world!\"\n\
         readdir-sub: ok [\"b.txt\", \"c.txt\"]\n\
         unlink: ok ()\n\
         rmdir-not-empty: error Directory not empty (os error 55)\n\
         unlink-2: ok ()\n\
         rmdir: ok ()\n\
         readdir-end: ok {end:?}\n\
         unlinked-open: ok (false, \"scratch more\")\n\
         keep: ok ()\n"
    )
}

#[test]
fn files_in_a_host_preopen_are_created_read_seeked_listed_renamed_and_removed() {
    let (base, sandbox) = host_dirs("files");
    let (out, _) = run(&["files", "/sandbox"], |b| {
        b.preopened_dir(&sandbox, "/sandbox", Perms::READ_WRITE).unwrap();
    });
    assert_eq!(out, files_expected(&["link"]));
    assert_eq!(std::fs::read_to_string(sandbox.join("kept.txt")).unwrap(), "written by the guest");
    assert_eq!(snapshot(&base), [("outside.txt".into(), "secret".into()), ("sandbox".into(), "<dir>".into())]);
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn files_in_a_memory_preopen_behave_the_same_and_the_host_reads_them_after() {
    let dir = MemoryDir::new();
    dir.write_file("existing.txt", b"inside").unwrap();
    let kept = dir.clone();
    let (out, ctx) = run(&["files", "/sandbox"], |b| {
        b.preopen(dir, "/sandbox", Perms::READ_WRITE);
    });
    assert_eq!(out, files_expected(&[]));
    assert_eq!(kept.read_file("kept.txt").unwrap(), b"written by the guest");
    let from_ctx = ctx.memory_dir("/sandbox").expect("the preopen is a MemoryDir");
    assert_eq!(from_ctx.entries(".").unwrap(), ["existing.txt", "kept.txt"]);
    assert!(ctx.memory_dir("/elsewhere").is_none());
}

#[test]
fn escapes_from_a_host_preopen_are_refused_and_nothing_outside_changes() {
    let (base, sandbox) = host_dirs("escape");
    let before = snapshot(&base);
    let (out, _) = run(&["escape", "/sandbox"], |b| {
        b.preopened_dir(&sandbox, "/sandbox", Perms::READ_WRITE).unwrap();
    });
    assert_eq!(
        out,
        "dotdot-read: error not-permitted\n\
         dotdot-create: error not-permitted\n\
         nested-dotdot: error not-permitted\n\
         absolute: error not-permitted\n\
         symlink-nofollow: error loop\n\
         symlink-read: error PermissionDenied\n\
         symlink-write: error PermissionDenied\n\
         inside: ok \"inside\"\n"
    );
    assert_eq!(snapshot(&base), before);
    assert_eq!(std::fs::read_to_string(base.join("outside.txt")).unwrap(), "secret");
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn escapes_from_a_memory_preopen_are_refused() {
    let dir = MemoryDir::new();
    dir.write_file("existing.txt", b"inside").unwrap();
    let (out, ctx) = run(&["escape", "/sandbox"], |b| {
        b.preopen(dir, "/sandbox", Perms::READ_WRITE);
    });
    assert_eq!(
        out,
        "dotdot-read: error not-permitted\n\
         dotdot-create: error not-permitted\n\
         nested-dotdot: error not-permitted\n\
         absolute: error not-permitted\n\
         symlink-nofollow: error no-entry\n\
         symlink-read: error NotFound\n\
         symlink-write: ok ()\n\
         inside: ok \"inside\"\n"
    );
    // No symlinks in memory: `link` is an ordinary new file inside.
    assert_eq!(ctx.memory_dir("/sandbox").unwrap().entries(".").unwrap(), ["existing.txt", "link"]);
}

const READONLY_EXPECTED: &str = "read: ok \"inside\"\n\
     create: error ReadOnlyFilesystem\n\
     overwrite: error ReadOnlyFilesystem\n\
     mkdir: error ReadOnlyFilesystem\n\
     rename: error ReadOnlyFilesystem\n\
     unlink: error ReadOnlyFilesystem\n";

#[test]
fn a_read_only_host_preopen_reads_and_refuses_every_change() {
    let (base, sandbox) = host_dirs("readonly");
    let before = snapshot(&base);
    let (out, _) = run(&["readonly", "/sandbox"], |b| {
        b.preopened_dir(&sandbox, "/sandbox", Perms::READ_ONLY).unwrap();
    });
    assert_eq!(out, format!("{READONLY_EXPECTED}readdir: ok [\"existing.txt\", \"link\"]\n"));
    assert_eq!(snapshot(&base), before);
    assert_eq!(
        snapshot(&sandbox),
        [
            ("existing.txt".into(), "inside".into()),
            ("link".into(), format!("-> {}", base.join("outside.txt").display()))
        ]
    );
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn a_read_only_memory_preopen_reads_and_refuses_every_change() {
    let dir = MemoryDir::new();
    dir.write_file("existing.txt", b"inside").unwrap();
    let kept = dir.clone();
    let (out, _) = run(&["readonly", "/sandbox"], |b| {
        b.preopen(dir, "/sandbox", Perms::READ_ONLY);
    });
    assert_eq!(out, format!("{READONLY_EXPECTED}readdir: ok [\"existing.txt\"]\n"));
    assert_eq!(kept.read_file("existing.txt").unwrap(), b"inside");
    assert_eq!(kept.entries(".").unwrap(), ["existing.txt"]);
}

#[test]
fn without_a_preopen_the_guest_sees_no_files() {
    let (out, _) = run(&["denied", "/sandbox"], |_| {});
    assert_eq!(out, "open: error NotFound\n");
}

#[test]
fn without_the_types_grant_a_file_open_returns_access_and_does_not_trap() {
    let dir = MemoryDir::new();
    dir.write_file("existing.txt", b"inside").unwrap();
    let all_but_types = |l: &mut Linker<WasiCtx>| {
        for i in grants::INTERFACES.iter().filter(|i| **i != "wasi:filesystem/types") {
            l.grant(grants::grant(i).expect("an interface of the crate"));
        }
    };
    let (out, _) = run_granted(
        &["denied", "/sandbox"],
        |b| {
            b.preopen(dir, "/sandbox", Perms::READ_WRITE);
        },
        all_but_types,
    );
    assert_eq!(out, "open: error PermissionDenied\n");
    let (out, _) = run(&["denied", "/sandbox"], |b| {
        let granted = MemoryDir::new();
        granted.write_file("existing.txt", b"inside").unwrap();
        b.preopen(granted, "/sandbox", Perms::READ_WRITE);
    });
    assert_eq!(out, "open: ok 6\n");
}
