//! The generator's error: what went wrong, in words that say what to do.

use core::fmt;

/// Why bindings could not be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    /// An error with `message`.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Error { message: message.into() }
    }

    /// The WIT could not be read, parsed or resolved: wit-parser's error
    /// with its causes.
    pub(crate) fn wit(err: &anyhow::Error) -> Self {
        Error { message: format!("{err:#}") }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
