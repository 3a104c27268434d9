//! Why a path or host name (a pattern, or a guest's argument) is not well formed.

use core::fmt;

/// Why a string could not be normalised as a path or a host name.
///
/// Raised for patterns when a grant is created (the grant is then refused)
/// and for guest arguments when a call is checked (the call is then denied:
/// a malformed argument never passes a constraint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormaliseError {
    /// The pattern is empty.
    Empty,
    /// A NUL character: C-based hosts would truncate the string there.
    Nul,
    /// A backslash: it is a separator on some hosts and an escape on others,
    /// so paths holding one are refused rather than guessed at.
    Backslash,
    /// A `..` segment climbs above the start of the path; it is never
    /// clamped to the root.
    ClimbsAboveStart,
    /// `**` inside a path segment (it must be a whole segment), or `*` in a
    /// host pattern other than as the whole leftmost label.
    MisplacedWildcard,
    /// A `..` segment in a glob pattern, where it cannot be resolved.
    DotDotInGlob,
    /// A character outside ASCII letters, digits, `-`, `_` and `.` in a host
    /// name: non-ASCII names must be given in their punycode (`xn--`) form,
    /// and ports, user info, paths and percent escapes are not part of a host.
    HostCharacter(char),
    /// An empty label in a host name (`a..b`, a leading dot, or two trailing dots).
    EmptyLabel,
    /// A host label longer than 63 bytes or a host longer than 253 bytes.
    HostTooLong,
}

impl fmt::Display for NormaliseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the pattern is empty; write `/` or `*` to mean everything"),
            Self::Nul => f.write_str("it contains a NUL character"),
            Self::Backslash => f.write_str("it contains a backslash; use `/` as the path separator"),
            Self::ClimbsAboveStart => f.write_str("a `..` segment climbs above the start of the path"),
            Self::MisplacedWildcard => f.write_str(
                "a wildcard is misplaced: `**` must be a whole path segment, and a host pattern may only start with `*.`",
            ),
            Self::DotDotInGlob => f.write_str("a glob pattern may not contain `..` segments"),
            Self::HostCharacter(c) => write!(
                f,
                "{c:?} is not allowed in a host name (use ASCII letters, digits, `-`, `_` and `.`, punycode for \
                 international names, and a separate parameter for the port)"
            ),
            Self::EmptyLabel => f.write_str("the host name has an empty label"),
            Self::HostTooLong => f.write_str("the host name is too long (63 bytes per label, 253 in all)"),
        }
    }
}

impl core::error::Error for NormaliseError {}
