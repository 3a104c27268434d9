//! String patterns: a kind (path, host or exact) and its normalised text.

use crate::host::{self, HostPattern};
use crate::normalise::NormaliseError;
use crate::path::{self, PathPattern};
use crate::prelude::*;
use core::fmt;

/// How a string pattern and the strings it is matched against are read.
///
/// | kind | normalisation | prefix | glob |
/// |---|---|---|---|
/// | `Path` | lexical (`.`, `..`, `//`), NUL and `\` refused, case kept | whole segments: `/data` covers `/data/x`, not `/database` | `*` within a segment, `**` any number of segments |
/// | `Host` | ASCII only, case folded, one trailing dot dropped | the name and names under it | `*.name` (one or more labels, not `name` itself), `*`, or a name |
/// | `Exact` | none (NUL refused) | bytes | `*` any run of characters |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum PatternKind {
    /// File system paths (see [`PatternKind`]).
    Path,
    /// Host names (see [`PatternKind`]).
    Host,
    /// Strings compared as they are, for identifiers that are neither.
    Exact,
}

impl PatternKind {
    /// The keyword of this kind in grant text and policy files.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Host => "host",
            Self::Exact => "exact",
        }
    }

    /// The kind a keyword names.
    pub fn from_keyword(word: &str) -> Option<Self> {
        match word {
            "path" => Some(Self::Path),
            "host" => Some(Self::Host),
            "exact" => Some(Self::Exact),
            _ => None,
        }
    }
}

impl fmt::Display for PatternKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// A string pattern, normalised when it was created.
///
/// Built by [`Rule::prefix`](crate::Rule::prefix) and [`Rule::glob`](crate::Rule::glob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    compiled: Compiled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Compiled {
    Path(PathPattern),
    Host(HostPattern),
    Exact,
}

impl Pattern {
    /// A prefix pattern of `kind`.
    pub(crate) fn prefix(kind: PatternKind, text: &str) -> Result<Self, NormaliseError> {
        let compiled = match kind {
            PatternKind::Path => Compiled::Path(PathPattern::prefix(text)?),
            PatternKind::Host => Compiled::Host(HostPattern::prefix(text)?),
            PatternKind::Exact => Compiled::Exact,
        };
        Self::finish(text, compiled)
    }

    /// A glob pattern of `kind`.
    pub(crate) fn glob(kind: PatternKind, text: &str) -> Result<Self, NormaliseError> {
        let compiled = match kind {
            PatternKind::Path => Compiled::Path(PathPattern::glob(text)?),
            PatternKind::Host => Compiled::Host(HostPattern::glob(text)?),
            PatternKind::Exact => Compiled::Exact,
        };
        Self::finish(text, compiled)
    }

    fn finish(text: &str, compiled: Compiled) -> Result<Self, NormaliseError> {
        let text = match &compiled {
            Compiled::Path(p) => p.text(),
            Compiled::Host(h) => h.text(),
            Compiled::Exact if text.is_empty() => return Err(NormaliseError::Empty),
            Compiled::Exact if text.contains('\0') => return Err(NormaliseError::Nul),
            Compiled::Exact => text.into(),
        };
        Ok(Pattern { text, compiled })
    }

    /// The kind of this pattern.
    pub fn kind(&self) -> PatternKind {
        match self.compiled {
            Compiled::Path(_) => PatternKind::Path,
            Compiled::Host(_) => PatternKind::Host,
            Compiled::Exact => PatternKind::Exact,
        }
    }

    /// The normalised pattern text (`/data/./x/` becomes `/data/x`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `value` is this prefix or lies under it; a value that does
    /// not normalise is an error (and so a denial).
    pub fn matches_prefix(&self, value: &str) -> Result<bool, NormaliseError> {
        match &self.compiled {
            Compiled::Path(p) => Ok(p.is_prefix_of(&path::normalise(value)?)),
            Compiled::Host(h) => Ok(h.is_prefix_of(host::normalise(value)?)),
            Compiled::Exact => Ok(exact(value)?.starts_with(self.text.as_str())),
        }
    }

    /// Whether the whole of `value` matches this glob; a value that does not
    /// normalise is an error (and so a denial).
    pub fn matches_glob(&self, value: &str) -> Result<bool, NormaliseError> {
        match &self.compiled {
            Compiled::Path(p) => Ok(p.glob_matches(&path::normalise(value)?)),
            Compiled::Host(h) => Ok(h.glob_matches(host::normalise(value)?)),
            Compiled::Exact => Ok(crate::glob::bytes(exact(value)?, &self.text)),
        }
    }
}

/// Exact strings are not normalised, but NUL is still refused.
fn exact(value: &str) -> Result<&str, NormaliseError> {
    if value.contains('\0') { Err(NormaliseError::Nul) } else { Ok(value) }
}

#[cfg(test)]
mod tests;
