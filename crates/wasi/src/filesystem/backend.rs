//! The backend trait: one open file or directory of a filesystem.
//!
//! The host (`host.rs`) checks descriptor flags and preopen permissions,
//! refuses absolute paths and `..` above the descriptor, and resolves
//! `now` timestamps before calling a backend; a backend resolves paths
//! below its own directory and reports failures as the interface's
//! [`ErrorCode`].

use crate::bindings::wasi::filesystem::types::{DescriptorType, DirectoryEntry, ErrorCode, OpenFlags};
use crate::clocks::WallTime as Datetime;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;

/// What `stat` reports about a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// File, directory, symlink, ...
    pub kind: DescriptorType,
    /// Hard links to it.
    pub link_count: u64,
    /// Size in bytes (files) or as the backend counts it (directories).
    pub size: u64,
    /// Last access, when the backend knows it.
    pub accessed: Option<Datetime>,
    /// Last modification, when the backend knows it.
    pub modified: Option<Datetime>,
    /// Last status change, when the backend knows it.
    pub changed: Option<Datetime>,
    /// An identity of the node within its backend (device and inode on a
    /// real filesystem): two descriptors of the same node have the same.
    pub identity: (u64, u64),
}

/// One open file or directory of a backend. Methods that do not apply to
/// the node's kind return `not-directory`, `is-directory` or
/// `bad-descriptor`, as the interface asks.
pub trait Node: Send + Sync {
    /// The node's metadata.
    fn stat(&self) -> Result<Stat, ErrorCode>;
    /// Up to `len` bytes from `offset` (an empty result is the end of the file).
    fn read_at(&self, len: u64, offset: u64) -> Result<Vec<u8>, ErrorCode>;
    /// Writes `bytes` at `offset` (growing the file, zero-filled, as
    /// needed) and returns how many were written.
    fn write_at(&self, bytes: &[u8], offset: u64) -> Result<u64, ErrorCode>;
    /// Writes `bytes` at the end of the file.
    fn append(&self, bytes: &[u8]) -> Result<u64, ErrorCode>;
    /// Truncates or zero-extends the file to `size`.
    fn set_size(&self, size: u64) -> Result<(), ErrorCode>;
    /// Sets the access and modification times (`None` leaves one as it is).
    fn set_times(&self, accessed: Option<Datetime>, modified: Option<Datetime>) -> Result<(), ErrorCode>;
    /// Flushes data and metadata to storage.
    fn sync(&self) -> Result<(), ErrorCode>;
    /// The entries of this directory, without `.` and `..`, sorted by name.
    fn read_directory(&self) -> Result<Vec<DirectoryEntry>, ErrorCode>;
    /// Opens `path` below this directory. `write` asks for a file open for
    /// writing (a directory then fails with `is-directory`).
    fn open_at(&self, path: &str, follow: bool, open: OpenFlags, write: bool) -> Result<Arc<dyn Node>, ErrorCode>;
    /// The metadata of `path` below this directory.
    fn stat_at(&self, path: &str, follow: bool) -> Result<Stat, ErrorCode>;
    /// Sets the times of `path` below this directory.
    fn set_times_at(
        &self,
        path: &str,
        follow: bool,
        accessed: Option<Datetime>,
        modified: Option<Datetime>,
    ) -> Result<(), ErrorCode>;
    /// Creates the directory `path`.
    fn create_directory_at(&self, path: &str) -> Result<(), ErrorCode>;
    /// Removes the empty directory `path`.
    fn remove_directory_at(&self, path: &str) -> Result<(), ErrorCode>;
    /// Removes the file (or symlink) `path`.
    fn unlink_file_at(&self, path: &str) -> Result<(), ErrorCode>;
    /// Renames `old` below this directory to `new` below `new_dir`, a node
    /// of the same backend (another backend: `cross-device`).
    fn rename_at(&self, old: &str, new_dir: &dyn Node, new: &str) -> Result<(), ErrorCode>;
    /// Makes `new` below `new_dir` a hard link to `old` below this directory.
    fn link_at(&self, old: &str, follow: bool, new_dir: &dyn Node, new: &str) -> Result<(), ErrorCode>;
    /// Makes `new` a symlink whose contents are `target`.
    fn symlink_at(&self, target: &str, new: &str) -> Result<(), ErrorCode>;
    /// The contents of the symlink `path`.
    fn readlink_at(&self, path: &str) -> Result<String, ErrorCode>;
    /// The node as [`Any`], so a backend can recognise its own nodes in
    /// `rename_at` and `link_at`, and a host its [`MemoryDir`](super::MemoryDir).
    fn as_any(&self) -> &dyn Any;
}
