//! `wasi:filesystem` (types, preopens): descriptors on a backend trait
//! ([`Node`]) with two backends:
//! - [`MemoryDir`], an in-memory tree of directories and files (no_std +
//!   alloc; no symlinks), for the device and for deterministic runs;
//! - with `std` (on unix), `CapDir`: a real directory through cap-std, which
//!   resolves every path inside the directory, so `..`, absolute paths and
//!   symlinks cannot leave it.
//!
//! A guest only reaches what the host preopened
//! ([`WasiCtxBuilder::preopen`](crate::WasiCtxBuilder::preopen)), and only
//! as far as the preopen's [`Perms`] allow: a read-only preopen refuses
//! writes, creation, removal and renames with `error-code::read-only`.
//! Before a path reaches a backend, the host refuses an absolute path and a
//! `..` that climbs above the descriptor with `error-code::not-permitted`
//! ([`path`]).

mod backend;
#[cfg(all(feature = "std", unix))]
mod cap;
mod host;
mod memory;
pub mod path;
mod sorted;
mod stream;

pub use backend::{Node, Stat};
#[cfg(all(feature = "std", unix))]
pub use cap::CapDir;
pub use memory::MemoryDir;
pub(crate) use stream::FileStreams;

use crate::bindings::wasi::filesystem::types::{DescriptorFlags, DirectoryEntry};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// What a preopen allows the guest to do below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Perms {
    /// Read files and list directories.
    pub read: bool,
    /// Write files, and create, remove and rename entries.
    pub write: bool,
}

impl Perms {
    /// Read, list, write, create, remove and rename.
    pub const READ_WRITE: Perms = Perms { read: true, write: true };
    /// Read and list only.
    pub const READ_ONLY: Perms = Perms { read: true, write: false };
}

/// A `wasi:filesystem/types` descriptor held by a guest: an open file or
/// directory of a backend, with what this descriptor may do.
pub struct Descriptor {
    pub(crate) node: Arc<dyn Node>,
    /// The flags it was opened with (read, write, mutate-directory),
    /// never more than its preopen's [`Perms`].
    pub(crate) flags: DescriptorFlags,
    /// The preopen's permissions, inherited by everything opened below.
    pub(crate) perms: Perms,
}

impl Descriptor {
    /// The descriptor of a preopened directory with `perms`.
    pub(crate) fn preopen(node: Arc<dyn Node>, perms: Perms) -> Self {
        let flags = DescriptorFlags {
            read: perms.read,
            write: false,
            mutate_directory: perms.write,
            ..DescriptorFlags::default()
        };
        Descriptor { node, flags, perms }
    }
}

impl core::fmt::Debug for Descriptor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Descriptor").field("flags", &self.flags).field("perms", &self.perms).finish_non_exhaustive()
    }
}

/// A `wasi:filesystem/types` directory-entry-stream: the entries of a
/// directory, read when the stream was made (`.` and `..` left out).
#[derive(Debug)]
pub struct DirectoryEntryStream {
    pub(crate) entries: alloc::vec::IntoIter<DirectoryEntry>,
}

/// One preopened directory: its node, the guest's name for it, and its
/// permissions.
#[derive(Clone)]
pub(crate) struct Preopen {
    pub(crate) node: Arc<dyn Node>,
    pub(crate) guest_path: String,
    pub(crate) perms: Perms,
}

/// The filesystem state of a context: the preopens and the open file streams.
#[derive(Default)]
pub(crate) struct FsState {
    pub(crate) preopens: Vec<Preopen>,
    pub(crate) streams: FileStreams,
}
