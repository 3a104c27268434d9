//! `run --dir HOST[::GUEST][:ro]`: host directories preopened for a WASI
//! command, spelled as wasmtime's `--dir HOST::GUEST`, with `:ro` for a
//! read-only preopen.

use airssys_wasm_wasi::WasiCtxBuilder;
use airssys_wasm_wasi::filesystem::Perms;
use std::path::PathBuf;

/// One `--dir` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirSpec {
    /// The host directory.
    pub host: PathBuf,
    /// The name the guest sees it by (HOST as written, when not given).
    pub guest: String,
    /// `:ro`: the guest may read and list, not write, create, rename or remove.
    pub read_only: bool,
}

/// Parses one `--dir` flag: `HOST`, `HOST::GUEST`, either with `:ro`.
pub fn parse_dir(text: &str) -> Result<DirSpec, String> {
    let spelling = "write HOST, HOST::GUEST, HOST:ro or HOST::GUEST:ro";
    let (rest, read_only) = match text.strip_suffix(":ro") {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (host, guest) = match rest.split_once("::") {
        Some((host, guest)) => (host, guest),
        None => (rest, rest),
    };
    if host.is_empty() {
        return Err(format!("`{text}` names no host directory; {spelling}"));
    }
    if guest.is_empty() {
        return Err(format!("`{text}` names no guest directory after `::`; {spelling}"));
    }
    if guest.contains("::") || guest.starts_with(':') {
        return Err(format!("`{text}` has more than one `::`; {spelling}"));
    }
    // A `:word` ending that is not `:ro` is a misspelt mode, not part of a path.
    if let Some((_, mode)) = rest.rsplit_once(':')
        && !mode.is_empty()
        && mode.chars().all(|c| c.is_ascii_alphabetic())
    {
        return Err(format!("`{text}`: unknown mode `:{mode}` (only `:ro` exists); {spelling}"));
    }
    Ok(DirSpec { host: PathBuf::from(host), guest: guest.to_string(), read_only })
}

/// Preopens every `--dir` in `builder`; a directory that cannot be opened
/// is an error that names it.
pub fn preopen(builder: &mut WasiCtxBuilder, dirs: &[DirSpec]) -> Result<(), String> {
    for dir in dirs {
        let perms = if dir.read_only { Perms::READ_ONLY } else { Perms::READ_WRITE };
        builder.preopened_dir(&dir.host, dir.guest.clone(), perms).map_err(|e| {
            format!("--dir `{}`: cannot open the host directory: {e}; give an existing directory", dir.host.display())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(host: &str, guest: &str, read_only: bool) -> DirSpec {
        DirSpec { host: host.into(), guest: guest.into(), read_only }
    }

    #[test]
    fn the_spellings_of_wasmtime_and_ro_parse() {
        assert_eq!(parse_dir("data"), Ok(spec("data", "data", false)));
        assert_eq!(parse_dir("/tmp/x::/sandbox"), Ok(spec("/tmp/x", "/sandbox", false)));
        assert_eq!(parse_dir("/tmp/x::/sandbox:ro"), Ok(spec("/tmp/x", "/sandbox", true)));
        assert_eq!(parse_dir("./d:ro"), Ok(spec("./d", "./d", true)));
        assert_eq!(parse_dir(".::."), Ok(spec(".", ".", false)));
    }

    #[test]
    fn bad_spellings_say_how_to_write_it() {
        for (text, says) in [
            ("::guest", "names no host directory"),
            ("host::", "names no guest directory"),
            (":ro", "names no host directory"),
            ("a::b::c", "more than one `::`"),
            ("a:::b", "more than one `::`"),
            ("data:rw", "unknown mode `:rw`"),
            ("a::b:readonly", "unknown mode `:readonly`"),
        ] {
            let e = parse_dir(text).expect_err(text);
            assert!(e.contains(says) && e.contains("HOST::GUEST"), "{text}: {e}");
        }
    }
}
