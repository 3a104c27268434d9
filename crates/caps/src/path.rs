//! Paths: lexical normalisation, segment-wise prefixes and globs.
//!
//! A path is split on `/`; empty and `.` segments are dropped and `..`
//! removes the segment before it. A `..` with nothing left to remove is an
//! error, never clamped to the root: `/data/../../etc` is not `/etc`. NUL and
//! backslash are refused. Nothing is lowercased (file systems are
//! case-sensitive) and nothing is percent-decoded (`%2e%2e` is a file name).
//! Symbolic links cannot be seen here: a host that follows them must confine
//! itself (for example with `openat2(RESOLVE_BENEATH)`).

use crate::glob::wildcard;
use crate::normalise::NormaliseError;
use crate::prelude::*;

/// A path after lexical normalisation, borrowing its segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NormalPath<'a> {
    pub(crate) absolute: bool,
    pub(crate) segments: Vec<&'a str>,
}

/// Normalises `path` lexically (see the module docs).
pub(crate) fn normalise(path: &str) -> Result<NormalPath<'_>, NormaliseError> {
    if path.contains('\0') {
        return Err(NormaliseError::Nul);
    }
    if path.contains('\\') {
        return Err(NormaliseError::Backslash);
    }
    let mut segments = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err(NormaliseError::ClimbsAboveStart);
                }
            }
            s => segments.push(s),
        }
    }
    Ok(NormalPath { absolute: path.starts_with('/'), segments })
}

/// A normalised path pattern, owning its segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathPattern {
    absolute: bool,
    segments: Vec<String>,
}

impl PathPattern {
    /// A prefix pattern: `..` is resolved like in any path.
    pub(crate) fn prefix(text: &str) -> Result<Self, NormaliseError> {
        if text.is_empty() {
            return Err(NormaliseError::Empty);
        }
        let n = normalise(text)?;
        Ok(PathPattern { absolute: n.absolute, segments: n.segments.into_iter().map(String::from).collect() })
    }

    /// A glob pattern: `*` within a segment, `**` for any number of whole segments.
    pub(crate) fn glob(text: &str) -> Result<Self, NormaliseError> {
        if text.split('/').any(|s| s == "..") {
            return Err(NormaliseError::DotDotInGlob);
        }
        let pattern = Self::prefix(text)?;
        if pattern.segments.iter().any(|s| s != "**" && s.contains("**")) {
            return Err(NormaliseError::MisplacedWildcard);
        }
        Ok(pattern)
    }

    /// Whether `path` is this pattern or lies under it, segment by segment.
    pub(crate) fn is_prefix_of(&self, path: &NormalPath<'_>) -> bool {
        self.absolute == path.absolute
            && path.segments.len() >= self.segments.len()
            && self.segments.iter().zip(&path.segments).all(|(p, s)| p == s)
    }

    /// Whether the whole of `path` matches this glob.
    pub(crate) fn glob_matches(&self, path: &NormalPath<'_>) -> bool {
        self.absolute == path.absolute
            && wildcard(&path.segments, &self.segments, |p| p == "**", |p, s| crate::glob::bytes(s, p))
    }

    /// The normalised text: `/` alone for the root, `.` for the empty relative path.
    pub(crate) fn text(&self) -> String {
        let joined = self.segments.join("/");
        match (self.absolute, joined.is_empty()) {
            (true, _) => format!("/{joined}"),
            (false, true) => ".".into(),
            (false, false) => joined,
        }
    }
}

#[cfg(test)]
mod tests;
