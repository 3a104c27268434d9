//! Stdio backends: callbacks (any target), and with `std` the process's
//! own stdin, stdout and stderr.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Where a guest's stdout or stderr goes.
pub trait OutputSink: Send {
    /// Writes all of `bytes`; an `Err` closes the stream for the guest
    /// with the message as its `wasi:io/error`.
    fn write(&mut self, bytes: &[u8]) -> Result<(), String>;
    /// Flushes what was written.
    fn flush(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// Whether the sink is a terminal (`wasi:cli/terminal-*`).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// Where a guest's stdin comes from.
pub trait InputSource: Send {
    /// Up to `max` bytes; an empty `Vec` is the end of the input.
    fn read(&mut self, max: usize) -> Result<Vec<u8>, String>;
    /// Whether the source is a terminal (`wasi:cli/terminal-stdin`).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// An [`OutputSink`] that hands every write to a closure.
pub struct Callback<F>(pub F);

impl<F: FnMut(&[u8]) + Send> OutputSink for Callback<F> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        (self.0)(bytes);
        Ok(())
    }
}

/// An [`OutputSink`] that drops everything (the default of a new context).
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl OutputSink for Discard {
    fn write(&mut self, _: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

/// An [`InputSource`] over bytes held in memory; an empty one is the
/// default stdin of a new context.
#[derive(Debug, Clone, Default)]
pub struct Bytes {
    bytes: Vec<u8>,
    at: usize,
}

impl Bytes {
    /// A source that yields `bytes`, then the end of the input.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Bytes { bytes: bytes.into(), at: 0 }
    }
}

impl InputSource for Bytes {
    fn read(&mut self, max: usize) -> Result<Vec<u8>, String> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let n = rest.len().min(max);
        self.at += n;
        Ok(rest[..n].to_vec())
    }
}

/// The process's stdout.
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Stdout;

/// The process's stderr.
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Stderr;

/// The process's stdin (reads block until input or its end).
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Stdin;

#[cfg(feature = "std")]
mod real {
    use super::*;
    use alloc::string::ToString;
    use std::io::{IsTerminal, Read, Write};

    impl OutputSink for Stdout {
        fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
            std::io::stdout().write_all(bytes).map_err(|e| e.to_string())
        }
        fn flush(&mut self) -> Result<(), String> {
            std::io::stdout().flush().map_err(|e| e.to_string())
        }
        fn is_terminal(&self) -> bool {
            std::io::stdout().is_terminal()
        }
    }

    impl OutputSink for Stderr {
        fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
            std::io::stderr().write_all(bytes).map_err(|e| e.to_string())
        }
        fn flush(&mut self) -> Result<(), String> {
            std::io::stderr().flush().map_err(|e| e.to_string())
        }
        fn is_terminal(&self) -> bool {
            std::io::stderr().is_terminal()
        }
    }

    impl InputSource for Stdin {
        fn read(&mut self, max: usize) -> Result<Vec<u8>, String> {
            let mut buf = alloc::vec![0; max.min(64 * 1024)];
            let n = std::io::stdin().read(&mut buf).map_err(|e| e.to_string())?;
            buf.truncate(n);
            Ok(buf)
        }
        fn is_terminal(&self) -> bool {
            std::io::stdin().is_terminal()
        }
    }
}

/// A boxed [`OutputSink`].
pub type BoxedSink = Box<dyn OutputSink>;
/// A boxed [`InputSource`].
pub type BoxedSource = Box<dyn InputSource>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_yield_their_content_then_the_end() {
        let mut b = Bytes::new(*b"hello");
        assert_eq!(b.read(3).unwrap(), b"hel");
        assert_eq!(b.read(10).unwrap(), b"lo");
        assert!(b.read(10).unwrap().is_empty());
    }
}
