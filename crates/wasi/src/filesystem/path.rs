//! The checks every path passes before it reaches a backend: relative,
//! and never climbing above the descriptor it is resolved from.

use crate::bindings::wasi::filesystem::types::ErrorCode;

/// Checks that `path` stays below the directory it is resolved from: not
/// absolute, and no `..` that climbs above it (`a/../b` is fine, `../b`
/// and `a/../../b` are not). Refusals are `not-permitted`; an empty path
/// is `no-entry`. Symlinks are the backend's to confine.
pub fn check(path: &str) -> Result<(), ErrorCode> {
    if path.is_empty() {
        return Err(ErrorCode::NoEntry);
    }
    if path.starts_with('/') || path.contains('\0') {
        return Err(ErrorCode::NotPermitted);
    }
    let mut depth: usize = 0;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => depth = depth.checked_sub(1).ok_or(ErrorCode::NotPermitted)?,
            _ => depth += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_that_stay_below_pass_and_the_rest_are_not_permitted() {
        for ok in ["a", "a/b", "./a", "a/../b", "a/b/../..", "a//b/"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in ["/etc/passwd", "..", "../x", "a/../../x", "./..", "a\0b"] {
            assert_eq!(check(bad), Err(ErrorCode::NotPermitted), "{bad}");
        }
        assert_eq!(check(""), Err(ErrorCode::NoEntry));
    }
}
