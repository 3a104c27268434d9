//! `wasi:io`: errors, pollables, the stdio streams and the TCP streams
//! (which [`sockets`](crate::sockets) implements).
//!
//! Output streams write to the context's stdout or stderr sink; the input
//! stream reads the stdin source. A sink or source that fails closes its
//! stream: the failing call returns `last-operation-failed` with the
//! message as a `wasi:io/error`, later calls `closed`. Pollables resolve at
//! once, except a monotonic-clock subscription, which waits on the clock
//! (a virtual clock jumps forward, a system clock sleeps), and a socket's,
//! which waits in the network backend (`poll(2)` on the host).

use crate::WasiCtx;
use crate::bindings::wasi::io::{error, poll, streams};
use airssys_wasm::{Error, Resource};
use alloc::string::String;
use alloc::vec::Vec;
use streams::StreamError;

/// A `wasi:io/poll` pollable held by a guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pollable {
    /// Ready at once (streams: writes and reads never wait for buffer space).
    Ready,
    /// Ready when the monotonic clock reads at least this many nanoseconds.
    MonotonicAt(u64),
    /// Ready when a socket is (readable, writable): `poll(2)` waits on it.
    Socket(crate::sockets::streams::SocketWait),
}

/// A `wasi:io/error`: the message of a failed stream operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoError(pub String);

/// A `wasi:io/streams` input stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputStream {
    /// The context's stdin.
    Stdin,
    /// A connected TCP socket's incoming bytes.
    Tcp(crate::sockets::TcpReader),
    /// A file's `read-via-stream`, by its id in the context's file streams.
    File(u32),
}

/// A `wasi:io/streams` output stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputStream {
    /// The context's stdout.
    Stdout,
    /// The context's stderr.
    Stderr,
    /// A connected TCP socket's outgoing bytes.
    Tcp(crate::sockets::TcpWriter),
    /// A file's `write-via-stream` or `append-via-stream`, by its id in the
    /// context's file streams.
    File(u32),
}

/// How many bytes `check-write` allows at once; a guest writes in pieces
/// of at most this size, and the host never buffers more.
pub const WRITE_BUDGET: u64 = 64 * 1024;

/// The most bytes one read returns.
pub const READ_BUDGET: u64 = 64 * 1024;

impl error::HostError for WasiCtx {
    fn to_debug_string(&mut self, this: Resource<IoError>) -> Result<String, Error> {
        Ok(self.table.get(&this)?.0.clone())
    }

    fn drop(&mut self, rep: Resource<IoError>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl error::Host for WasiCtx {}

impl WasiCtx {
    fn pollable_ready(&mut self, p: &Pollable, wait: bool) -> bool {
        match *p {
            Pollable::Ready => true,
            Pollable::MonotonicAt(when) if wait => {
                self.monotonic.wait_until(when);
                true
            }
            Pollable::MonotonicAt(when) => self.monotonic.reached(when),
            Pollable::Socket(ref w) => w.ready(wait),
        }
    }

    /// The stream error for a failure: the stream closes, and the guest
    /// gets the message as a `wasi:io/error`.
    fn failed(&mut self, stream: Option<OutputStream>, message: String) -> Result<StreamError, Error> {
        match stream {
            Some(OutputStream::Stdout) => self.stdout_closed = true,
            Some(OutputStream::Stderr) => self.stderr_closed = true,
            Some(OutputStream::Tcp(_)) => {}
            Some(OutputStream::File(id)) => self.fs.streams.mark_closed(id),
            None => self.stdin_closed = true,
        }
        Ok(StreamError::LastOperationFailed(self.table.push(IoError(message))?))
    }

    fn write_to(&mut self, stream: OutputStream, bytes: &[u8], flush: bool) -> Result<Result<(), StreamError>, Error> {
        let (sink, closed) = match stream {
            OutputStream::Stdout => (&mut self.stdout, self.stdout_closed),
            OutputStream::Stderr => (&mut self.stderr, self.stderr_closed),
            OutputStream::Tcp(ref w) => return w.write(&mut self.table, bytes),
            OutputStream::File(id) => return self.file_stream_write(id, bytes),
        };
        if closed {
            return Ok(Err(StreamError::Closed));
        }
        let mut outcome = if bytes.is_empty() { Ok(()) } else { sink.write(bytes) };
        if flush && outcome.is_ok() {
            outcome = sink.flush();
        }
        match outcome {
            Ok(()) => Ok(Ok(())),
            Err(message) => Ok(Err(self.failed(Some(stream), message)?)),
        }
    }

    fn read_stdin(&mut self, len: u64) -> Result<Result<Vec<u8>, StreamError>, Error> {
        if self.stdin_closed {
            return Ok(Err(StreamError::Closed));
        }
        if len == 0 {
            return Ok(Ok(Vec::new()));
        }
        match self.stdin.read(len.min(READ_BUDGET) as usize) {
            Ok(bytes) if bytes.is_empty() => {
                self.stdin_closed = true;
                Ok(Err(StreamError::Closed))
            }
            Ok(bytes) => Ok(Ok(bytes)),
            Err(message) => Ok(Err(self.failed(None, message)?)),
        }
    }

    fn stream(&self, this: &Resource<OutputStream>) -> Result<OutputStream, Error> {
        self.table.get(this).cloned()
    }

    fn is_closed(&self, stream: &OutputStream) -> bool {
        match stream {
            OutputStream::Stdout => self.stdout_closed,
            OutputStream::Stderr => self.stderr_closed,
            OutputStream::Tcp(_) => false,
            OutputStream::File(id) => self.fs.streams.is_closed(*id),
        }
    }

    /// Copies at most `len` bytes from `src` to `this`; with `blocking`, a
    /// TCP source waits for at least one byte.
    fn splice_with(
        &mut self,
        this: &Resource<OutputStream>,
        src: &Resource<InputStream>,
        len: u64,
        blocking: bool,
    ) -> Result<Result<u64, StreamError>, Error> {
        let s = self.stream(this)?;
        if self.is_closed(&s) {
            return Ok(Err(StreamError::Closed));
        }
        let bytes = match self.read_from(src, len.min(WRITE_BUDGET), blocking)? {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Err(e)),
        };
        Ok(self.write_to(s, &bytes, false)?.map(|()| bytes.len() as u64))
    }

    /// Reads from any input stream; only a TCP stream can wait (`blocking`).
    fn read_from(
        &mut self,
        this: &Resource<InputStream>,
        len: u64,
        blocking: bool,
    ) -> Result<Result<Vec<u8>, StreamError>, Error> {
        match self.table.get(this)? {
            InputStream::Stdin => self.read_stdin(len),
            InputStream::Tcp(r) => {
                let r = r.clone();
                r.read(&mut self.table, len, blocking)
            }
            InputStream::File(id) => {
                let id = *id;
                self.file_stream_read(id, len)
            }
        }
    }
}

impl poll::HostPollable for WasiCtx {
    fn ready(&mut self, this: Resource<Pollable>) -> Result<bool, Error> {
        let p = self.table.get(&this)?.clone();
        Ok(self.pollable_ready(&p, false))
    }

    fn block(&mut self, this: Resource<Pollable>) -> Result<(), Error> {
        let p = self.table.get(&this)?.clone();
        self.pollable_ready(&p, true);
        Ok(())
    }

    fn drop(&mut self, rep: Resource<Pollable>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl poll::Host for WasiCtx {
    fn poll(&mut self, list: Vec<Resource<Pollable>>) -> Result<Vec<u32>, Error> {
        if list.is_empty() {
            return Err(Error::host("wasi:io/poll.poll was given an empty list, which the interface forbids"));
        }
        let pollables = list.iter().map(|r| self.table.get(r).cloned()).collect::<Result<Vec<_>, _>>()?;
        let ready = |ctx: &mut WasiCtx| -> Vec<u32> {
            (0u32..).zip(&pollables).filter(|(_, p)| ctx.pollable_ready(p, false)).map(|(i, _)| i).collect()
        };
        let sockets: Vec<_> = pollables
            .iter()
            .filter_map(|p| match p {
                Pollable::Socket(w) => Some(w),
                _ => None,
            })
            .collect();
        loop {
            let now = ready(self);
            if !now.is_empty() {
                return Ok(now);
            }
            // Nothing is ready: wait for the earliest clock subscription, or
            // in the network backend for a socket (at most until that clock).
            let earliest = pollables
                .iter()
                .filter_map(|p| match p {
                    Pollable::MonotonicAt(t) => Some(*t),
                    Pollable::Ready | Pollable::Socket(_) => None,
                })
                .min();
            if !sockets.is_empty() {
                let timeout = earliest.map(|t| t.saturating_sub(self.monotonic.now()));
                crate::sockets::wait_any(self, &sockets, timeout);
            } else if let Some(t) = earliest {
                self.monotonic.wait_until(t);
            }
        }
    }
}

impl streams::HostInputStream for WasiCtx {
    fn read(&mut self, this: Resource<InputStream>, len: u64) -> Result<Result<Vec<u8>, StreamError>, Error> {
        self.read_from(&this, len, false)
    }

    fn blocking_read(&mut self, this: Resource<InputStream>, len: u64) -> Result<Result<Vec<u8>, StreamError>, Error> {
        self.read_from(&this, len, true)
    }

    fn skip(&mut self, this: Resource<InputStream>, len: u64) -> Result<Result<u64, StreamError>, Error> {
        Ok(self.read_from(&this, len, false)?.map(|b| b.len() as u64))
    }

    fn blocking_skip(&mut self, this: Resource<InputStream>, len: u64) -> Result<Result<u64, StreamError>, Error> {
        Ok(self.read_from(&this, len, true)?.map(|b| b.len() as u64))
    }

    fn subscribe(&mut self, this: Resource<InputStream>) -> Result<Resource<Pollable>, Error> {
        let p = match self.table.get(&this)? {
            InputStream::Stdin | InputStream::File(_) => Pollable::Ready,
            InputStream::Tcp(r) => Pollable::Socket(r.wait()),
        };
        self.table.push(p)
    }

    fn drop(&mut self, rep: Resource<InputStream>) -> Result<(), Error> {
        if let InputStream::File(id) = self.table.delete(rep)? {
            self.fs.streams.close(id);
        }
        Ok(())
    }
}

impl streams::HostOutputStream for WasiCtx {
    fn check_write(&mut self, this: Resource<OutputStream>) -> Result<Result<u64, StreamError>, Error> {
        let s = self.stream(&this)?;
        Ok(if self.is_closed(&s) { Err(StreamError::Closed) } else { Ok(WRITE_BUDGET) })
    }

    fn write(&mut self, this: Resource<OutputStream>, contents: Vec<u8>) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        if contents.len() as u64 > WRITE_BUDGET {
            return Err(Error::host(alloc::format!(
                "wasi:io/streams.write of {} bytes is over the {WRITE_BUDGET} that check-write allowed",
                contents.len()
            )));
        }
        self.write_to(s, &contents, false)
    }

    fn blocking_write_and_flush(
        &mut self,
        this: Resource<OutputStream>,
        contents: Vec<u8>,
    ) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        if contents.len() > 4096 {
            return Err(Error::host(alloc::format!(
                "wasi:io/streams.blocking-write-and-flush of {} bytes is over the interface's limit of 4096",
                contents.len()
            )));
        }
        self.write_to(s, &contents, true)
    }

    fn flush(&mut self, this: Resource<OutputStream>) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        self.write_to(s, &[], true)
    }

    fn blocking_flush(&mut self, this: Resource<OutputStream>) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        self.write_to(s, &[], true)
    }

    fn subscribe(&mut self, this: Resource<OutputStream>) -> Result<Resource<Pollable>, Error> {
        let p = match self.stream(&this)? {
            OutputStream::Tcp(w) => Pollable::Socket(w.wait()),
            _ => Pollable::Ready,
        };
        self.table.push(p)
    }

    fn write_zeroes(&mut self, this: Resource<OutputStream>, len: u64) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        if len > WRITE_BUDGET {
            return Err(Error::host(alloc::format!(
                "wasi:io/streams.write-zeroes of {len} bytes is over the {WRITE_BUDGET} that check-write allowed"
            )));
        }
        self.write_to(s, &alloc::vec![0; len as usize], false)
    }

    fn blocking_write_zeroes_and_flush(
        &mut self,
        this: Resource<OutputStream>,
        len: u64,
    ) -> Result<Result<(), StreamError>, Error> {
        let s = self.stream(&this)?;
        if len > 4096 {
            return Err(Error::host(alloc::format!(
                "wasi:io/streams.blocking-write-zeroes-and-flush of {len} bytes is over the interface's limit of 4096"
            )));
        }
        self.write_to(s, &alloc::vec![0; len as usize], true)
    }

    fn splice(
        &mut self,
        this: Resource<OutputStream>,
        src: Resource<InputStream>,
        len: u64,
    ) -> Result<Result<u64, StreamError>, Error> {
        self.splice_with(&this, &src, len, false)
    }

    fn blocking_splice(
        &mut self,
        this: Resource<OutputStream>,
        src: Resource<InputStream>,
        len: u64,
    ) -> Result<Result<u64, StreamError>, Error> {
        self.splice_with(&this, &src, len, true)
    }

    fn drop(&mut self, rep: Resource<OutputStream>) -> Result<(), Error> {
        if let OutputStream::File(id) = self.table.delete(rep)? {
            self.fs.streams.close(id);
        }
        Ok(())
    }
}

impl streams::Host for WasiCtx {}
