//! The generator's error: what went wrong, in words that say what to do,
//! and which option it is about (so that the macro can point at it).

use core::fmt;

/// The option an [`Error`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// The WIT files or inline WIT: missing, unreadable or invalid.
    Wit,
    /// The world: not found, or not given where a package has several.
    World,
    /// A `with` mapping naming no host resource of the world.
    With,
    /// The WIT is valid but uses something the bindings do not cover.
    Unsupported,
    /// Writing the generated file (the build-script form).
    Output,
}

/// Why bindings could not be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    subject: Subject,
    message: String,
}

impl Error {
    /// An error about `subject` with `message`.
    pub(crate) fn new(subject: Subject, message: impl Into<String>) -> Self {
        Error { subject, message: message.into() }
    }

    /// A wit-parser error about `subject`, with its causes.
    pub(crate) fn wit(subject: Subject, err: &anyhow::Error) -> Self {
        Error { subject, message: format!("{err:#}") }
    }

    /// The option the error is about.
    pub fn subject(&self) -> Subject {
        self.subject
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
