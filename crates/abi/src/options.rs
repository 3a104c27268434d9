//! Canonical options that matter to lifting and lowering: the string
//! encoding and the caps on lengths.

use crate::layout::{MAX_LIST_BYTE_LENGTH, MAX_STRING_BYTE_LENGTH};

/// The `string-encoding` canonical option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StringEncoding {
    /// `string-encoding=utf8` (the default).
    #[default]
    Utf8,
    /// `string-encoding=utf16`.
    Utf16,
    /// `string-encoding=latin1+utf16`: Latin-1 when every code point fits,
    /// UTF-16 otherwise, with the top bit of the length telling which.
    Latin1Utf16,
}

impl StringEncoding {
    /// The name used in component text (`utf8`, `utf16`, `latin1+utf16`).
    pub fn name(self) -> &'static str {
        match self {
            StringEncoding::Utf8 => "utf8",
            StringEncoding::Utf16 => "utf16",
            StringEncoding::Latin1Utf16 => "latin1+utf16",
        }
    }
}

/// Caps on what one lift or lower may read, allocate or copy. Every cap is
/// checked before memory is allocated for the value it guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Largest byte length of one string, in the encoding it is stored in.
    /// At most (and by default) `MAX_STRING_BYTE_LENGTH`, 2^28 - 1.
    pub max_string_bytes: u32,
    /// Largest byte length of one list in linear memory.
    /// At most (and by default) `MAX_LIST_BYTE_LENGTH`, 2^28 - 1.
    pub max_list_bytes: u32,
    /// Largest number of bytes one lift may copy out of linear memory in total,
    /// counting every string and list. Lists may alias one region many times,
    /// so without this a small memory could make the host allocate without
    /// bound. The default, 1 GiB, suits hosts; devices should lower it.
    pub max_lift_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_string_bytes: MAX_STRING_BYTE_LENGTH,
            max_list_bytes: MAX_LIST_BYTE_LENGTH,
            max_lift_bytes: 1 << 30,
        }
    }
}

impl Limits {
    /// Limits with all three caps set to `bytes` (each clamped to the
    /// specification's maximum).
    pub fn uniform(bytes: u32) -> Self {
        Limits {
            max_string_bytes: bytes.min(MAX_STRING_BYTE_LENGTH),
            max_list_bytes: bytes.min(MAX_LIST_BYTE_LENGTH),
            max_lift_bytes: u64::from(bytes),
        }
    }

    /// These limits with every cap clamped to the specification's maximum.
    #[inline]
    pub(crate) fn clamped(self) -> Self {
        Limits {
            max_string_bytes: self.max_string_bytes.min(MAX_STRING_BYTE_LENGTH),
            max_list_bytes: self.max_list_bytes.min(MAX_LIST_BYTE_LENGTH),
            max_lift_bytes: self.max_lift_bytes,
        }
    }
}

/// The canonical options of one side of a call, as far as values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Options {
    /// How strings are encoded in this side's memory.
    pub encoding: StringEncoding,
    /// Caps on lengths and on the bytes one lift may copy.
    pub limits: Limits,
}

impl Options {
    /// Options with the given encoding and default limits.
    #[inline]
    pub fn new(encoding: StringEncoding) -> Self {
        Options { encoding, limits: Limits::default() }
    }
}
