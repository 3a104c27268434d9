//! A stock `wasm32-wasip2` command for `airssys-wasm-wasi`'s filesystem
//! tests. Every step prints one line, `step: result`, and an error is
//! printed (`error <kind>`), never a panic. The first argument picks the
//! work, the second names a preopened directory (a guest path):
//! - `files DIR`: create, write, read, seek, append, stat, set-times,
//!   set-len, mkdir, readdir, rename, unlink and rmdir below DIR, and a
//!   file written and read through its open handle after it was unlinked,
//!   through `std::fs`;
//! - `escape DIR`: `..` and an absolute path through raw `open-at` on DIR's
//!   preopen, `link` (a symlink the host made, pointing out) opened raw
//!   without following, then read and written through `std::fs`;
//! - `readonly DIR`: reads `DIR/existing.txt`, then tries to create, write,
//!   mkdir, rename and remove below DIR;
//! - `denied DIR`: one open below DIR (for a run without filesystem grants).

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(2).cloned().unwrap_or_else(|| String::from("/sandbox"));
    match args.get(1).map(String::as_str) {
        Some("files") => files(&dir),
        Some("escape") => escape(&dir),
        Some("readonly") => readonly(&dir),
        Some("denied") => report("open", fs::read(format!("{dir}/existing.txt")).map(|b| b.len())),
        _ => println!("usage: wasi-fs files|escape|readonly|denied DIR"),
    }
}

/// Prints `step: ok <value>` or `step: error <kind>` (for an error std
/// leaves uncategorized, its message: `error Directory not empty (os error 55)`).
fn report<T: std::fmt::Debug>(step: &str, result: std::io::Result<T>) {
    match result {
        Ok(v) => println!("{step}: ok {v:?}"),
        Err(e) if format!("{:?}", e.kind()) == "Uncategorized" => println!("{step}: error {e}"),
        Err(e) => println!("{step}: error {:?}", e.kind()),
    }
}

fn files(dir: &str) {
    let a = format!("{dir}/a.txt");
    report("create", fs::write(&a, b"hello world"));
    report("read", fs::read_to_string(&a));
    report(
        "seek-read",
        (|| {
            let mut f = fs::File::open(&a)?;
            f.seek(SeekFrom::Start(6))?;
            let mut s = String::new();
            f.read_to_string(&mut s)?;
            Ok(s)
        })(),
    );
    report(
        "seek-write",
        (|| {
            let mut f = fs::OpenOptions::new().write(true).open(&a)?;
            f.seek(SeekFrom::Start(0))?;
            f.write_all(b"HELLO")?;
            drop(f);
            fs::read_to_string(&a)
        })(),
    );
    report(
        "append",
        (|| {
            let mut f = fs::OpenOptions::new().append(true).open(&a)?;
            f.write_all(b"!")?;
            drop(f);
            fs::read_to_string(&a)
        })(),
    );
    report("stat", fs::metadata(&a).map(|m| (m.is_file(), m.is_dir(), m.len())));
    report(
        "set-times",
        (|| {
            let when = std::time::UNIX_EPOCH + std::time::Duration::new(1_000_000, 5);
            fs::File::options().write(true).open(&a)?.set_modified(when)?;
            let since = fs::metadata(&a)?.modified()?.duration_since(std::time::UNIX_EPOCH);
            Ok(since.map(|d| (d.as_secs(), d.subsec_nanos())).unwrap_or_default())
        })(),
    );
    report(
        "set-len",
        (|| {
            let f = fs::File::options().write(true).open(&a)?;
            f.set_len(20)?;
            f.set_len(12)?;
            Ok(fs::metadata(&a)?.len())
        })(),
    );
    report("mkdir", fs::create_dir(format!("{dir}/sub")));
    report("stat-dir", fs::metadata(format!("{dir}/sub")).map(|m| m.is_dir()));
    report("create-in-sub", fs::write(format!("{dir}/sub/b.txt"), b"bee"));
    report("readdir", names(dir));
    report("rename", fs::rename(&a, format!("{dir}/sub/c.txt")));
    report("old-name", fs::metadata(&a).map(|m| m.len()));
    report("new-name", fs::read_to_string(format!("{dir}/sub/c.txt")));
    report("readdir-sub", names(&format!("{dir}/sub")));
    report("unlink", fs::remove_file(format!("{dir}/sub/b.txt")));
    report("rmdir-not-empty", fs::remove_dir(format!("{dir}/sub")));
    report("unlink-2", fs::remove_file(format!("{dir}/sub/c.txt")));
    report("rmdir", fs::remove_dir(format!("{dir}/sub")));
    report("readdir-end", names(dir));
    report(
        "unlinked-open",
        (|| {
            let tmp = format!("{dir}/tmp.txt");
            let mut f = fs::OpenOptions::new().create(true).truncate(true).read(true).write(true).open(&tmp)?;
            f.write_all(b"scratch")?;
            fs::remove_file(&tmp)?;
            let named = fs::metadata(&tmp).is_ok();
            f.write_all(b" more")?;
            f.seek(SeekFrom::Start(0))?;
            let mut s = String::new();
            f.read_to_string(&mut s)?;
            Ok((named, s))
        })(),
    );
    report("keep", fs::write(format!("{dir}/kept.txt"), b"written by the guest"));
}

/// The sorted names in `dir`.
fn names(dir: &str) -> std::io::Result<Vec<String>> {
    let mut names = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

fn escape(dir: &str) {
    use wasi::filesystem::types::{DescriptorFlags, OpenFlags, PathFlags};
    let preopens = wasi::filesystem::preopens::get_directories();
    let Some((root, _)) = preopens.iter().find(|(_, name)| name == dir) else {
        println!("preopen: error no preopen named {dir}");
        return;
    };
    for (step, path, create) in [
        ("dotdot-read", "../outside.txt", false),
        ("dotdot-create", "../escaped.txt", true),
        ("nested-dotdot", "sub/../../outside.txt", false),
        ("absolute", "/etc/passwd", false),
    ] {
        let open = if create { OpenFlags::CREATE } else { OpenFlags::empty() };
        let flags = if create { DescriptorFlags::WRITE } else { DescriptorFlags::READ };
        match root.open_at(PathFlags::SYMLINK_FOLLOW, path, open, flags) {
            Ok(_) => println!("{step}: ok opened"),
            Err(e) => println!("{step}: error {}", e.name()),
        }
    }
    match root.open_at(PathFlags::empty(), "link", OpenFlags::empty(), DescriptorFlags::READ) {
        Ok(_) => println!("symlink-nofollow: ok opened"),
        Err(e) => println!("symlink-nofollow: error {}", e.name()),
    }
    report("symlink-read", fs::read_to_string(format!("{dir}/link")));
    report("symlink-write", fs::write(format!("{dir}/link"), b"overwritten"));
    report("inside", fs::read_to_string(format!("{dir}/existing.txt")));
}

fn readonly(dir: &str) {
    report("read", fs::read_to_string(format!("{dir}/existing.txt")));
    report("create", fs::write(format!("{dir}/new.txt"), b"x"));
    report("overwrite", fs::write(format!("{dir}/existing.txt"), b"x"));
    report("mkdir", fs::create_dir(format!("{dir}/sub")));
    report("rename", fs::rename(format!("{dir}/existing.txt"), format!("{dir}/moved.txt")));
    report("unlink", fs::remove_file(format!("{dir}/existing.txt")));
    report("readdir", names(dir));
}
