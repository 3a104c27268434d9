//! The one error type of decoding: what is wrong, and where.

use crate::prelude::*;
use core::fmt;

/// Why a component binary could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The binary is malformed or (with the `validate` feature) invalid.
    Invalid(String),
    /// The binary is a core module, not a component.
    NotAComponent,
    /// The component uses a feature this runtime does not implement yet.
    Unsupported(&'static str),
    /// An index names nothing in its index space.
    BadIndex {
        /// The index space.
        space: &'static str,
        /// The index.
        index: u32,
    },
    /// An item is of another kind than its use needs.
    WrongKind {
        /// What was needed.
        expected: &'static str,
        /// What was found.
        found: &'static str,
    },
    /// An instance has no export of the aliased name.
    NoSuchExport(String),
    /// A value type the canonical ABI rejects (empty, too large, ...).
    Type(airssys_wasm_abi::TypeError),
}

/// A decoding error with the byte offset it was found at.
///
/// One pointer wide (the details live on the heap), so that the decoder's
/// many `Result`s stay small: errors are rare, results are everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<ErrorInner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    offset: u64,
}

impl Error {
    #[cold]
    pub(crate) fn new(kind: ErrorKind, offset: u64) -> Self {
        Error { inner: Box::new(ErrorInner { kind, offset }) }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The byte offset in the binary where it was found.
    pub fn offset(&self) -> u64 {
        self.inner.offset
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error::new(ErrorKind::Invalid(e.message().to_string()), e.offset())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Invalid(m) => write!(f, "invalid component: {m}")?,
            ErrorKind::NotAComponent => f.write_str("this is a core module, not a component; wrap it as a component first (e.g. `wasm-tools component new`)")?,
            ErrorKind::Unsupported(what) => write!(f, "unsupported: {what} (not implemented by airssys-wasm yet)")?,
            ErrorKind::BadIndex { space, index } => write!(f, "invalid component: {space} index {index} is out of range")?,
            ErrorKind::WrongKind { expected, found } => write!(f, "invalid component: expected a {expected}, found a {found}")?,
            ErrorKind::NoSuchExport(name) => write!(f, "invalid component: the instance has no export named `{name}`")?,
            ErrorKind::Type(e) => write!(f, "invalid component type: {e}")?,
        }
        write!(f, " (at offset 0x{:x})", self.inner.offset)
    }
}

impl core::error::Error for Error {}
