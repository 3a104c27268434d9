//! `airssys-wasm run --dir HOST[::GUEST][:ro]` on the stock `wasm32-wasip2`
//! guest `crates/guests/wasi-fs` (built by `crates/guests/build.sh`): files
//! in a preopen, escapes refused, read-only preopens, no files without
//! `--dir`, and usage errors.

use super::{airssys_wasm, assert_prints, root};
use std::path::{Path, PathBuf};

/// The built guest's path, or a panic that says how to build it.
fn guest() -> String {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join("wasi-fs.wasm");
    assert!(path.is_file(), "no {}; run crates/guests/build.sh to build the guests", path.display());
    path.to_str().expect("utf-8 path").to_string()
}

/// A fresh `<target tmp>/cli-dirs/<name>` holding `outside.txt` and
/// `sandbox/` (with `existing.txt`, and `link`, a symlink to
/// `outside.txt`); returns it and the sandbox's path.
fn host_dirs(name: &str) -> (PathBuf, String) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-dirs").join(name);
    let _ = std::fs::remove_dir_all(&base);
    let sandbox = base.join("sandbox");
    std::fs::create_dir_all(&sandbox).expect("scratch directory");
    std::fs::write(base.join("outside.txt"), "secret").expect("a file");
    std::fs::write(sandbox.join("existing.txt"), "inside").expect("a file");
    std::os::unix::fs::symlink(base.join("outside.txt"), sandbox.join("link")).expect("a symlink");
    let path = sandbox.to_str().expect("utf-8 path").to_string();
    (base, path)
}

/// The names and contents below `dir`, sorted (symlinks as `-> target`).
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).expect("a directory") {
        let path = e.expect("an entry").path();
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        let content = if meta.is_symlink() {
            format!("-> {}", std::fs::read_link(&path).expect("a link").display())
        } else if meta.is_dir() {
            "<dir>".into()
        } else {
            std::fs::read_to_string(&path).expect("a file")
        };
        all.push((name, content));
    }
    all.sort();
    all
}

#[test]
fn files_in_a_dir_are_created_read_seeked_listed_renamed_and_removed() {
    let (base, sandbox) = host_dirs("files");
    let dir = format!("{sandbox}::/sandbox");
    let outcome = airssys_wasm(&["run", "--dir", &dir, &guest(), "files", "/sandbox"]);
    assert_prints(
        &outcome,
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
         readdir: ok [\"a.txt\", \"existing.txt\", \"link\", \"sub\"]\n\
         rename: ok ()\n\
         old-name: error NotFound\n\
         new-name: ok \"HELLO world!\"\n\
         readdir-sub: ok [\"b.txt\", \"c.txt\"]\n\
         unlink: ok ()\n\
         rmdir-not-empty: error Directory not empty (os error 55)\n\
         unlink-2: ok ()\n\
         rmdir: ok ()\n\
         readdir-end: ok [\"existing.txt\", \"link\"]\n\
         unlinked-open: ok (false, \"scratch more\")\n\
         keep: ok ()\n",
    );
    assert_eq!(std::fs::read_to_string(base.join("sandbox/kept.txt")).expect("kept"), "written by the guest");
    assert_eq!(snapshot(&base), [("outside.txt".into(), "secret".into()), ("sandbox".into(), "<dir>".into())]);
}

#[test]
fn the_guest_name_defaults_to_the_host_path_as_written() {
    let (_, sandbox) = host_dirs("default-name");
    let outcome = airssys_wasm(&["run", "--dir", &sandbox, &guest(), "denied", &sandbox]);
    assert_prints(&outcome, "open: ok 6\n");
}

#[test]
fn escapes_are_refused_and_nothing_outside_changes() {
    let (base, sandbox) = host_dirs("escape");
    let before = snapshot(&base);
    let dir = format!("{sandbox}::/sandbox");
    let outcome = airssys_wasm(&["run", "--dir", &dir, &guest(), "escape", "/sandbox"]);
    assert_prints(
        &outcome,
        "dotdot-read: error not-permitted\n\
         dotdot-create: error not-permitted\n\
         nested-dotdot: error not-permitted\n\
         absolute: error not-permitted\n\
         symlink-nofollow: error loop\n\
         symlink-read: error PermissionDenied\n\
         symlink-write: error PermissionDenied\n\
         inside: ok \"inside\"\n",
    );
    assert_eq!(snapshot(&base), before);
}

#[test]
fn a_read_only_dir_reads_and_refuses_every_change() {
    let (base, sandbox) = host_dirs("readonly");
    let before = snapshot(&base.join("sandbox"));
    let dir = format!("{sandbox}::/sandbox:ro");
    let outcome = airssys_wasm(&["run", "--dir", &dir, &guest(), "readonly", "/sandbox"]);
    assert_prints(
        &outcome,
        "read: ok \"inside\"\n\
         create: error ReadOnlyFilesystem\n\
         overwrite: error ReadOnlyFilesystem\n\
         mkdir: error ReadOnlyFilesystem\n\
         rename: error ReadOnlyFilesystem\n\
         unlink: error ReadOnlyFilesystem\n\
         readdir: ok [\"existing.txt\", \"link\"]\n",
    );
    assert_eq!(snapshot(&base.join("sandbox")), before);
}

#[test]
fn without_dir_the_guest_sees_no_files() {
    let outcome = airssys_wasm(&["run", &guest(), "denied", "/sandbox"]);
    assert_prints(&outcome, "open: error NotFound\n");
}

#[test]
fn a_missing_host_dir_and_bad_spellings_are_usage_errors() {
    let missing = root().join("target/surely-missing-dir-42");
    let missing = missing.to_str().expect("utf-8 path");
    let outcome = airssys_wasm(&["run", "--dir", &format!("{missing}::/x"), &guest(), "files", "/x"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (2, ""), "{outcome:?}");
    assert!(
        outcome.stderr.starts_with(&format!("error: --dir `{missing}`: cannot open the host directory: "))
            && outcome.stderr.ends_with("; give an existing directory\n"),
        "{}",
        outcome.stderr
    );
    let outcome = airssys_wasm(&["run", "--dir", "data:rw", &guest()]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains("unknown mode `:rw` (only `:ro` exists)"), "{}", outcome.stderr);
    let outcome = airssys_wasm(&["run", "--dir", "host::", &guest()]);
    assert!(outcome.stderr.contains("names no guest directory after `::`"), "{}", outcome.stderr);
}

#[test]
fn run_help_shows_the_dir_flag() {
    let outcome = airssys_wasm(&["run", "--help"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.contains("--dir <HOST[::GUEST][:ro]>"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("airssys-wasm run --dir ./data::/data --dir /etc/app::/config:ro app.wasm"));
}

#[test]
fn a_file_given_as_a_dir_is_a_usage_error() {
    let (base, _) = host_dirs("not-a-dir");
    let file = base.join("outside.txt");
    let file = file.to_str().expect("utf-8 path");
    let outcome = airssys_wasm(&["run", "--dir", file, &guest(), "denied", "/x"]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains(&format!("--dir `{file}`: cannot open the host directory")), "{}", outcome.stderr);
}
