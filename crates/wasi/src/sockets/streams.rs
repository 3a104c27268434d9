//! The `wasi:io/streams` of a connected TCP socket: [`TcpReader`] and
//! [`TcpWriter`], which `io` dispatches to.
//!
//! Reads never wait (`read` returns what is there, perhaps nothing);
//! `blocking-read` and the pollables wait in the backend (`poll(2)` on the
//! host). Writes go out whole: a write that finds the send buffer full
//! waits for room, so `check-write` always allows
//! [`WRITE_BUDGET`](crate::io::WRITE_BUDGET). An OS error fails the stream
//! (`last-operation-failed`, then `closed`); the end of the peer's data is
//! `closed`.

use super::backend::{Interest, OsSocket};
use crate::bindings::wasi::io::streams::StreamError;
use crate::io::{IoError, READ_BUDGET};
use airssys_wasm::{Error, ResourceTable};
use alloc::format;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

/// The input stream of a connected TCP socket.
#[derive(Clone)]
pub struct TcpReader {
    pub(crate) socket: Arc<dyn OsSocket>,
}

/// The output stream of a connected TCP socket.
#[derive(Clone)]
pub struct TcpWriter {
    pub(crate) socket: Arc<dyn OsSocket>,
}

impl fmt::Debug for TcpReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TcpReader")
    }
}

impl fmt::Debug for TcpWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TcpWriter")
    }
}

impl PartialEq for TcpReader {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.socket, &other.socket)
    }
}

impl Eq for TcpReader {}

impl PartialEq for TcpWriter {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.socket, &other.socket)
    }
}

impl Eq for TcpWriter {}

/// A socket to wait on, and for what: the pollable of a socket or stream.
#[derive(Clone)]
pub struct SocketWait {
    pub(crate) socket: Arc<dyn OsSocket>,
    pub(crate) interest: Interest,
}

impl SocketWait {
    /// Whether the socket is ready; with `wait`, sleeps until it is.
    pub(crate) fn ready(&self, wait: bool) -> bool {
        self.socket.wait(self.interest, if wait { None } else { Some(0) })
    }
}

impl fmt::Debug for SocketWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocketWait").field("interest", &self.interest).finish_non_exhaustive()
    }
}

impl PartialEq for SocketWait {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.socket, &other.socket) && self.interest == other.interest
    }
}

impl Eq for SocketWait {}

impl TcpReader {
    /// The pollable of the stream: ready when there are bytes (or the end).
    pub(crate) fn wait(&self) -> SocketWait {
        SocketWait { socket: self.socket.clone(), interest: Interest::Readable }
    }

    /// Reads at most `len` bytes; with `blocking`, waits for at least one
    /// (or the end of the stream).
    pub(crate) fn read(
        &self,
        table: &mut ResourceTable,
        len: u64,
        blocking: bool,
    ) -> Result<Result<Vec<u8>, StreamError>, Error> {
        if len == 0 {
            return Ok(Ok(Vec::new()));
        }
        let mut buf = vec![0u8; len.min(READ_BUDGET) as usize];
        loop {
            match self.socket.read(&mut buf) {
                Ok(0) => return Ok(Err(StreamError::Closed)),
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(Ok(buf));
                }
                Err(crate::bindings::wasi::sockets::network::ErrorCode::WouldBlock) if blocking => {
                    self.socket.wait(Interest::Readable, None);
                }
                Err(crate::bindings::wasi::sockets::network::ErrorCode::WouldBlock) => return Ok(Ok(Vec::new())),
                Err(e) => return failed(table, "read from", e),
            }
        }
    }
}

impl TcpWriter {
    /// The pollable of the stream: ready when the socket takes bytes.
    pub(crate) fn wait(&self) -> SocketWait {
        SocketWait { socket: self.socket.clone(), interest: Interest::Writable }
    }

    /// Writes all of `bytes`, waiting for room in the send buffer.
    pub(crate) fn write(&self, table: &mut ResourceTable, bytes: &[u8]) -> Result<Result<(), StreamError>, Error> {
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.socket.write(rest) {
                Ok(n) => rest = rest.get(n..).unwrap_or_default(),
                Err(crate::bindings::wasi::sockets::network::ErrorCode::WouldBlock) => {
                    self.socket.wait(Interest::Writable, None);
                }
                Err(e) => return failed(table, "write to", e),
            }
        }
        Ok(Ok(()))
    }
}

fn failed<T>(
    table: &mut ResourceTable,
    what: &str,
    e: crate::bindings::wasi::sockets::network::ErrorCode,
) -> Result<Result<T, StreamError>, Error> {
    let message = format!("could not {what} the TCP connection: {e:?}");
    Ok(Err(StreamError::LastOperationFailed(table.push(IoError(message))?)))
}
