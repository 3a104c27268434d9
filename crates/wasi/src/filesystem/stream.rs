//! The streams of `read-via-stream`, `write-via-stream` and
//! `append-via-stream`: [`InputStream::File`](crate::io::InputStream::File)
//! and [`OutputStream::File`](crate::io::OutputStream::File) name one of
//! these by id, and `io.rs` sends their reads and writes here.
//!
//! A backend failure closes the stream: the call returns
//! `last-operation-failed` with a `wasi:io/error` whose
//! `filesystem-error-code` is the backend's error code.

use super::Node;
use super::sorted::SortedMap;
use crate::WasiCtx;
use crate::bindings::wasi::filesystem::types::ErrorCode;
use crate::bindings::wasi::io::streams::StreamError;
use crate::io::IoError;
use airssys_wasm::Error;
use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// Where a file stream reads or writes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    At(u64),
    Append,
}

struct FileStream {
    node: Arc<dyn Node>,
    position: Position,
    closed: bool,
}

/// The open file streams of a context, by id.
#[derive(Default)]
pub(crate) struct FileStreams {
    streams: SortedMap<u32, FileStream>,
    next: u32,
}

impl FileStreams {
    /// A stream on `node` from `offset` (or appending, with `None`); its id.
    pub(crate) fn open(&mut self, node: Arc<dyn Node>, offset: Option<u64>) -> Result<u32, Error> {
        let id = self.next;
        self.next = self
            .next
            .checked_add(1)
            .ok_or_else(|| Error::host("wasi:filesystem: out of file stream ids (4 294 967 296 opened)"))?;
        let position = offset.map_or(Position::Append, Position::At);
        self.streams.insert(id, FileStream { node, position, closed: false });
        Ok(id)
    }

    /// Forgets the stream `id` (its resource was dropped).
    pub(crate) fn close(&mut self, id: u32) {
        self.streams.remove(&id);
    }

    /// Closes the stream `id`: later calls on it return `closed`.
    pub(crate) fn mark_closed(&mut self, id: u32) {
        if let Some(s) = self.streams.get_mut(&id) {
            s.closed = true;
        }
    }

    /// Whether the stream `id` is closed (or gone).
    pub(crate) fn is_closed(&self, id: u32) -> bool {
        self.streams.get(&id).is_none_or(|s| s.closed)
    }

    fn get(&mut self, id: u32) -> Result<&mut FileStream, Error> {
        self.streams.get_mut(&id).ok_or_else(|| Error::host("wasi:filesystem: a file stream used after it was dropped"))
    }
}

/// The prefix of the `wasi:io/error` message of a failed file stream; the
/// error code's name follows it.
const MESSAGE_PREFIX: &str = "wasi:filesystem error-code ";

/// Every error code, so a message can be read back into one.
const CODES: [ErrorCode; 37] = {
    use ErrorCode::*;
    [
        Access,
        WouldBlock,
        Already,
        BadDescriptor,
        Busy,
        Deadlock,
        Quota,
        Exist,
        FileTooLarge,
        IllegalByteSequence,
        InProgress,
        Interrupted,
        Invalid,
        Io,
        IsDirectory,
        Loop,
        TooManyLinks,
        MessageSize,
        NameTooLong,
        NoDevice,
        NoEntry,
        NoLock,
        InsufficientMemory,
        InsufficientSpace,
        NotDirectory,
        NotEmpty,
        NotRecoverable,
        Unsupported,
        NoTty,
        NoSuchDevice,
        Overflow,
        NotPermitted,
        Pipe,
        ReadOnly,
        InvalidSeek,
        TextFileBusy,
        CrossDevice,
    ]
};

/// The error code a file stream's `wasi:io/error` carries, if it is one.
pub(crate) fn error_code(error: &IoError) -> Option<ErrorCode> {
    let name = error.0.strip_prefix(MESSAGE_PREFIX)?;
    CODES.iter().copied().find(|c| format!("{c:?}") == name)
}

impl WasiCtx {
    fn stream_failed(&mut self, id: u32, code: ErrorCode) -> Result<StreamError, Error> {
        self.fs.streams.get(id)?.closed = true;
        let error = self.table.push(IoError(format!("{MESSAGE_PREFIX}{code:?}")))?;
        Ok(StreamError::LastOperationFailed(error))
    }

    /// Reads up to `len` bytes from the file stream `id`; the end of the
    /// file closes it.
    pub(crate) fn file_stream_read(&mut self, id: u32, len: u64) -> Result<Result<Vec<u8>, StreamError>, Error> {
        let s = self.fs.streams.get(id)?;
        let Position::At(offset) = s.position else {
            return Err(Error::host("wasi:filesystem: an append stream read as an input stream"));
        };
        if s.closed {
            return Ok(Err(StreamError::Closed));
        }
        match s.node.read_at(len.min(crate::io::READ_BUDGET), offset) {
            Ok(bytes) if bytes.is_empty() && len > 0 => {
                s.closed = true;
                Ok(Err(StreamError::Closed))
            }
            Ok(bytes) => {
                s.position = Position::At(offset + bytes.len() as u64);
                Ok(Ok(bytes))
            }
            Err(code) => Ok(Err(self.stream_failed(id, code)?)),
        }
    }

    /// Writes `bytes` to the file stream `id` at its position (or the end).
    pub(crate) fn file_stream_write(&mut self, id: u32, bytes: &[u8]) -> Result<Result<(), StreamError>, Error> {
        let s = self.fs.streams.get(id)?;
        if s.closed {
            return Ok(Err(StreamError::Closed));
        }
        if bytes.is_empty() {
            return Ok(Ok(()));
        }
        let written = match s.position {
            Position::At(offset) => s.node.write_at(bytes, offset).map(|n| (n, Position::At(offset + n))),
            Position::Append => s.node.append(bytes).map(|n| (n, Position::Append)),
        };
        match written {
            Ok((_, next)) => {
                s.position = next;
                Ok(Ok(()))
            }
            Err(code) => Ok(Err(self.stream_failed(id, code)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn every_code_survives_the_message_round_trip_and_other_messages_are_none() {
        for code in CODES {
            assert_eq!(error_code(&IoError(format!("{MESSAGE_PREFIX}{code:?}"))), Some(code));
        }
        assert_eq!(error_code(&IoError("stdout failed".to_string())), None);
    }
}
