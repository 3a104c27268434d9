//! Host names: validation, case folding and label-wise matching.
//!
//! A host is ASCII letters, digits, `-`, `_` and dots, compared without
//! regard to ASCII case, with one trailing dot ignored (`EXAMPLE.com.` is
//! `example.com`). Empty labels, labels over 63 bytes and names over 253
//! bytes are refused, and so is every other character: non-ASCII names must
//! arrive in punycode, and `%`, `@`, `/`, `:` (ports, user info, paths,
//! escapes, IPv6 literals) are never part of a host. Constrain a port with
//! an integer range on its own parameter; match an address with an `exact`
//! pattern.

use crate::normalise::NormaliseError;
use crate::prelude::*;

const MAX_LABEL: usize = 63;
const MAX_HOST: usize = 253;

/// Validates `host` and strips one trailing dot; the case is left as is.
pub(crate) fn normalise(host: &str) -> Result<&str, NormaliseError> {
    if let Some(c) = host.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(if c == '\0' { NormaliseError::Nul } else { NormaliseError::HostCharacter(c) });
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.len() > MAX_HOST {
        return Err(NormaliseError::HostTooLong);
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(NormaliseError::EmptyLabel);
        }
        if label.len() > MAX_LABEL {
            return Err(NormaliseError::HostTooLong);
        }
    }
    Ok(host)
}

/// A normalised host pattern: a lowercase name, perhaps under `*.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPattern {
    /// `*.name`: one or more labels in front of `name`, and not `name` itself.
    any_subdomain: bool,
    /// Empty only for the pattern `*` (any host).
    name: String,
}

impl HostPattern {
    /// A prefix pattern: the name and every name under it (`example.com`
    /// covers `api.example.com`); the DNS hierarchy reads from the right.
    pub(crate) fn prefix(text: &str) -> Result<Self, NormaliseError> {
        if text.is_empty() {
            return Err(NormaliseError::Empty);
        }
        if text.contains('*') {
            return Err(NormaliseError::MisplacedWildcard);
        }
        Ok(HostPattern { any_subdomain: false, name: normalise(text)?.to_ascii_lowercase() })
    }

    /// A glob pattern: `*` alone, `*.name`, or a plain name matched exactly.
    pub(crate) fn glob(text: &str) -> Result<Self, NormaliseError> {
        if text == "*" {
            return Ok(HostPattern { any_subdomain: true, name: String::new() });
        }
        let (any_subdomain, rest) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if rest.contains('*') {
            return Err(NormaliseError::MisplacedWildcard);
        }
        if rest.is_empty() {
            return Err(NormaliseError::Empty);
        }
        Ok(HostPattern { any_subdomain, name: normalise(rest)?.to_ascii_lowercase() })
    }

    /// Whether `host` (already normalised) is the name or lies under it.
    pub(crate) fn is_prefix_of(&self, host: &str) -> bool {
        host.eq_ignore_ascii_case(&self.name) || self.is_strictly_under(host)
    }

    /// Whether `host` (already normalised) matches this glob.
    pub(crate) fn glob_matches(&self, host: &str) -> bool {
        match (self.any_subdomain, self.name.is_empty()) {
            (true, true) => true,
            (true, false) => self.is_strictly_under(host),
            (false, _) => host.eq_ignore_ascii_case(&self.name),
        }
    }

    /// `host` ends with `.name`, so it has at least one more label.
    fn is_strictly_under(&self, host: &str) -> bool {
        let (h, n) = (host.as_bytes(), self.name.as_bytes());
        h.len() > n.len() + 1 && h[h.len() - n.len() - 1] == b'.' && h[h.len() - n.len()..].eq_ignore_ascii_case(n)
    }

    /// The normalised text.
    pub(crate) fn text(&self) -> String {
        match (self.any_subdomain, self.name.is_empty()) {
            (true, true) => "*".into(),
            (true, false) => format!("*.{}", self.name),
            (false, _) => self.name.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
