//! Capability patterns against hostile inputs: a path allowed by a prefix
//! rule really lies under the prefix (checked with an independent oracle
//! that resolves both lexically), a host allowed by `*.name` really is a
//! subdomain of it, and grant text never panics and round-trips.
#![no_main]

use airssys_wasm_caps::{Grant, PatternKind, Rule};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    path: String,
    prefix: String,
    host: String,
    host_glob: String,
    text: String,
}

/// Resolves a path lexically with a stack; `None` when it holds NUL or `\`
/// or climbs above its start. Returns the canonical `/a/b` (or `a/b`) form.
fn resolve(path: &str) -> Option<String> {
    if path.contains('\0') || path.contains('\\') {
        return None;
    }
    let mut stack: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                stack.pop()?;
            }
            p => stack.push(p),
        }
    }
    let lead = if path.starts_with('/') { "/" } else { "" };
    Some(format!("{lead}{}", stack.join("/")))
}

fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || (prefix == "/" && path.starts_with('/'))
        || (path.starts_with(prefix) && path.as_bytes().get(prefix.len()) == Some(&b'/'))
        || (prefix.is_empty() && !path.starts_with('/'))
}

fuzz_target!(|input: Input| {
    if let Ok(Rule::Prefix(pattern)) = Rule::prefix(PatternKind::Path, &input.prefix) {
        if pattern.matches_prefix(&input.path) == Ok(true) {
            let path = resolve(&input.path).expect("an allowed path resolves");
            let prefix = resolve(&input.prefix).expect("an accepted pattern resolves");
            assert!(under(&path, &prefix), "{path:?} allowed under {prefix:?}");
        }
    }
    if let Ok(Rule::Glob(pattern)) = Rule::glob(PatternKind::Host, &input.host_glob) {
        if let (Some(name), Ok(true)) = (input.host_glob.strip_prefix("*."), pattern.matches_glob(&input.host)) {
            let host = input.host.strip_suffix('.').unwrap_or(&input.host).to_ascii_lowercase();
            let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
            assert!(host.is_ascii() && !host.contains(['%', '@', '/', ':', '\0']), "{host:?}");
            assert!(host.ends_with(&format!(".{name}")) && host.len() > name.len() + 1, "{host:?} under {name:?}");
        }
    }
    if let Ok(grant) = input.text.parse::<Grant>() {
        let again = grant.to_string().parse::<Grant>();
        assert_eq!(again.as_ref(), Ok(&grant), "{}", grant);
    }
});
