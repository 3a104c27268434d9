//! The real-directory backend (`std`, unix): a preopened host directory
//! through cap-std. Every path is resolved inside the directory by
//! cap-std's `Dir`, so `..`, absolute paths and symlinks (followed or
//! not) cannot leave it; ambient authority is used once, to open the
//! preopen itself ([`CapDir::open_ambient`]).

use super::backend::{Node, Stat};
use crate::bindings::wasi::filesystem::types::{DescriptorType, DirectoryEntry, ErrorCode, OpenFlags};
use crate::clocks::WallTime as Datetime;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt, SystemTimeSpec};
use cap_std::fs::{Dir, Metadata, MetadataExt, OpenOptions};
use core::any::Any;
use std::io;
use std::os::unix::fs::FileExt;

/// A host directory opened as a preopen's root.
#[derive(Debug)]
pub struct CapDir(Dir);

/// A host file opened below a [`CapDir`].
#[derive(Debug)]
struct CapFile(std::fs::File);

impl CapDir {
    /// Opens the host directory `path` (the one use of ambient authority:
    /// everything below is opened through it).
    pub fn open_ambient(path: impl AsRef<std::path::Path>) -> io::Result<CapDir> {
        Dir::open_ambient_dir(path, cap_std::ambient_authority()).map(CapDir)
    }
}

/// The interface's error code for a host error.
fn code(e: io::Error) -> ErrorCode {
    use io::ErrorKind as K;
    use rustix::io::Errno;
    // Errors std leaves uncategorized, or folds into a wider kind.
    match Errno::from_io_error(&e) {
        Some(Errno::LOOP) => return ErrorCode::Loop,
        Some(Errno::PERM) => return ErrorCode::NotPermitted,
        Some(Errno::NAMETOOLONG) => return ErrorCode::NameTooLong,
        Some(Errno::MLINK) => return ErrorCode::TooManyLinks,
        _ => {}
    }
    match e.kind() {
        K::NotFound => ErrorCode::NoEntry,
        // cap-std reports a path that would leave the directory as this too.
        K::PermissionDenied => ErrorCode::Access,
        K::AlreadyExists => ErrorCode::Exist,
        K::NotADirectory => ErrorCode::NotDirectory,
        K::IsADirectory => ErrorCode::IsDirectory,
        K::DirectoryNotEmpty => ErrorCode::NotEmpty,
        K::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        K::StorageFull | K::QuotaExceeded => ErrorCode::InsufficientSpace,
        K::FileTooLarge => ErrorCode::FileTooLarge,
        K::CrossesDevices => ErrorCode::CrossDevice,
        K::InvalidInput => ErrorCode::Invalid,
        K::InvalidFilename => ErrorCode::NameTooLong,
        K::TooManyLinks => ErrorCode::TooManyLinks,
        K::Unsupported => ErrorCode::Unsupported,
        K::OutOfMemory => ErrorCode::InsufficientMemory,
        K::Interrupted => ErrorCode::Interrupted,
        K::WouldBlock => ErrorCode::WouldBlock,
        K::ResourceBusy => ErrorCode::Busy,
        K::ExecutableFileBusy => ErrorCode::TextFileBusy,
        K::Deadlock => ErrorCode::Deadlock,
        K::InvalidData => ErrorCode::IllegalByteSequence,
        _ => ErrorCode::Io,
    }
}

fn datetime(t: io::Result<cap_std::time::SystemTime>) -> Option<Datetime> {
    let since = t.ok()?.into_std().duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(Datetime { seconds: since.as_secs(), nanoseconds: since.subsec_nanos() })
}

fn system_time(t: Datetime) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + core::time::Duration::new(t.seconds, t.nanoseconds)
}

fn spec(t: Option<Datetime>) -> Option<SystemTimeSpec> {
    t.map(|t| SystemTimeSpec::Absolute(cap_std::time::SystemTime::from_std(system_time(t))))
}

fn kind(m: &Metadata) -> DescriptorType {
    let t = m.file_type();
    if t.is_dir() {
        DescriptorType::Directory
    } else if t.is_file() {
        DescriptorType::RegularFile
    } else if t.is_symlink() {
        DescriptorType::SymbolicLink
    } else {
        DescriptorType::Unknown
    }
}

fn stat(m: &Metadata) -> Stat {
    Stat {
        kind: kind(m),
        link_count: m.nlink(),
        size: m.len(),
        accessed: datetime(m.accessed()),
        modified: datetime(m.modified()),
        changed: u64::try_from(m.ctime())
            .ok()
            .zip(u32::try_from(m.ctime_nsec()).ok())
            .map(|(seconds, nanoseconds)| Datetime { seconds, nanoseconds }),
        identity: (m.dev(), m.ino()),
    }
}

fn follow(yes: bool) -> FollowSymlinks {
    if yes { FollowSymlinks::Yes } else { FollowSymlinks::No }
}

fn name(s: std::ffi::OsString) -> Result<String, ErrorCode> {
    s.into_string().map_err(|_| ErrorCode::IllegalByteSequence)
}

/// The other directory of a two-directory call, if it is one of ours.
fn cap_dir(node: &dyn Node) -> Result<&Dir, ErrorCode> {
    match node.as_any().downcast_ref::<CapDir>() {
        Some(d) => Ok(&d.0),
        None if node.as_any().is::<CapFile>() => Err(ErrorCode::NotDirectory),
        None => Err(ErrorCode::CrossDevice),
    }
}

impl Node for CapDir {
    fn stat(&self) -> Result<Stat, ErrorCode> {
        self.0.dir_metadata().map(|m| stat(&m)).map_err(code)
    }

    fn read_at(&self, _len: u64, _offset: u64) -> Result<Vec<u8>, ErrorCode> {
        Err(ErrorCode::IsDirectory)
    }

    fn write_at(&self, _bytes: &[u8], _offset: u64) -> Result<u64, ErrorCode> {
        Err(ErrorCode::IsDirectory)
    }

    fn append(&self, _bytes: &[u8]) -> Result<u64, ErrorCode> {
        Err(ErrorCode::IsDirectory)
    }

    fn set_size(&self, _size: u64) -> Result<(), ErrorCode> {
        Err(ErrorCode::IsDirectory)
    }

    fn set_times(&self, accessed: Option<Datetime>, modified: Option<Datetime>) -> Result<(), ErrorCode> {
        self.0.set_times(".", spec(accessed), spec(modified)).map_err(code)
    }

    /// Directories have nothing to flush that a guest could see.
    fn sync(&self) -> Result<(), ErrorCode> {
        Ok(())
    }

    fn read_directory(&self) -> Result<Vec<DirectoryEntry>, ErrorCode> {
        let mut entries = Vec::new();
        for entry in self.0.entries().map_err(code)? {
            let entry = entry.map_err(code)?;
            let type_ = match entry.file_type() {
                Ok(t) if t.is_dir() => DescriptorType::Directory,
                Ok(t) if t.is_file() => DescriptorType::RegularFile,
                Ok(t) if t.is_symlink() => DescriptorType::SymbolicLink,
                _ => DescriptorType::Unknown,
            };
            entries.push(DirectoryEntry { type_, name: name(entry.file_name())? });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn open_at(&self, path: &str, follows: bool, open: OpenFlags, write: bool) -> Result<Arc<dyn Node>, ErrorCode> {
        let existing = if follows { self.0.metadata(path) } else { self.0.symlink_metadata(path) };
        match existing {
            Ok(_) if open.create && open.exclusive => return Err(ErrorCode::Exist),
            Ok(m) if m.is_dir() => {
                if write || open.truncate {
                    return Err(ErrorCode::IsDirectory);
                }
                let dir = if follows { self.0.open_dir(path) } else { self.0.open_dir_nofollow(path) };
                return dir.map(|d| Arc::new(CapDir(d)) as Arc<dyn Node>).map_err(code);
            }
            Ok(_) if open.directory => return Err(ErrorCode::NotDirectory),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound && open.create => {}
            Err(e) => return Err(code(e)),
        }
        let mut options = OpenOptions::new();
        options
            .read(true)
            .write(write || open.truncate)
            .create(open.create)
            .create_new(open.create && open.exclusive)
            .truncate(open.truncate)
            .follow(follow(follows));
        let file = self.0.open_with(path, &options).map_err(code)?;
        Ok(Arc::new(CapFile(file.into_std())))
    }

    fn stat_at(&self, path: &str, follows: bool) -> Result<Stat, ErrorCode> {
        let m = if follows { self.0.metadata(path) } else { self.0.symlink_metadata(path) };
        m.map(|m| stat(&m)).map_err(code)
    }

    fn set_times_at(
        &self,
        path: &str,
        follows: bool,
        accessed: Option<Datetime>,
        modified: Option<Datetime>,
    ) -> Result<(), ErrorCode> {
        let set = if follows {
            self.0.set_times(path, spec(accessed), spec(modified))
        } else {
            self.0.set_symlink_times(path, spec(accessed), spec(modified))
        };
        set.map_err(code)
    }

    fn create_directory_at(&self, path: &str) -> Result<(), ErrorCode> {
        self.0.create_dir(path).map_err(code)
    }

    fn remove_directory_at(&self, path: &str) -> Result<(), ErrorCode> {
        self.0.remove_dir(path).map_err(code)
    }

    fn unlink_file_at(&self, path: &str) -> Result<(), ErrorCode> {
        self.0.remove_file(path).map_err(code)
    }

    fn rename_at(&self, old: &str, new_dir: &dyn Node, new: &str) -> Result<(), ErrorCode> {
        self.0.rename(old, cap_dir(new_dir)?, new).map_err(code)
    }

    fn link_at(&self, old: &str, follows: bool, new_dir: &dyn Node, new: &str) -> Result<(), ErrorCode> {
        if follows {
            // cap-std links the path itself; following would need the target resolved first.
            return Err(ErrorCode::Unsupported);
        }
        self.0.hard_link(old, cap_dir(new_dir)?, new).map_err(code)
    }

    fn symlink_at(&self, target: &str, new: &str) -> Result<(), ErrorCode> {
        DirExt::symlink(&self.0, target, new).map_err(code)
    }

    fn readlink_at(&self, path: &str) -> Result<String, ErrorCode> {
        let target = self.0.read_link_contents(path).map_err(code)?;
        name(target.into_os_string())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Node for CapFile {
    fn stat(&self) -> Result<Stat, ErrorCode> {
        Metadata::from_file(&self.0).map(|m| stat(&m)).map_err(code)
    }

    fn read_at(&self, len: u64, offset: u64) -> Result<Vec<u8>, ErrorCode> {
        let len = usize::try_from(len).map_err(|_| ErrorCode::Invalid)?;
        let mut buf = alloc::vec![0; len];
        let mut filled = 0;
        while filled < len {
            match self.0.read_at(&mut buf[filled..], offset + filled as u64) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(code(e)),
            }
        }
        buf.truncate(filled);
        Ok(buf)
    }

    fn write_at(&self, bytes: &[u8], offset: u64) -> Result<u64, ErrorCode> {
        self.0.write_all_at(bytes, offset).map(|()| bytes.len() as u64).map_err(code)
    }

    /// Writes with `O_APPEND`, set for this write only (a positional
    /// write on a file with it set would append too), so the kernel puts
    /// the bytes at the end as it writes them: two writers appending at
    /// once, in this process or another, never overwrite each other, as a
    /// read of the length followed by a write at it could. A handle serves
    /// one store at a time, so no positional write runs in between.
    fn append(&self, bytes: &[u8]) -> Result<u64, ErrorCode> {
        use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
        use std::io::Write;
        let errno = |e: rustix::io::Errno| code(io::Error::from(e));
        let flags = fcntl_getfl(&self.0).map_err(errno)?;
        fcntl_setfl(&self.0, flags | OFlags::APPEND).map_err(errno)?;
        let written = (&self.0).write_all(bytes);
        let restored = fcntl_setfl(&self.0, flags);
        written.map_err(code)?;
        restored.map_err(errno)?;
        Ok(bytes.len() as u64)
    }

    fn set_size(&self, size: u64) -> Result<(), ErrorCode> {
        self.0.set_len(size).map_err(code)
    }

    fn set_times(&self, accessed: Option<Datetime>, modified: Option<Datetime>) -> Result<(), ErrorCode> {
        let mut times = std::fs::FileTimes::new();
        if let Some(a) = accessed {
            times = times.set_accessed(system_time(a));
        }
        if let Some(m) = modified {
            times = times.set_modified(system_time(m));
        }
        self.0.set_times(times).map_err(code)
    }

    fn sync(&self) -> Result<(), ErrorCode> {
        self.0.sync_all().map_err(code)
    }

    fn read_directory(&self) -> Result<Vec<DirectoryEntry>, ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn open_at(&self, _: &str, _: bool, _: OpenFlags, _: bool) -> Result<Arc<dyn Node>, ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn stat_at(&self, _: &str, _: bool) -> Result<Stat, ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn set_times_at(&self, _: &str, _: bool, _: Option<Datetime>, _: Option<Datetime>) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn create_directory_at(&self, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn remove_directory_at(&self, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn unlink_file_at(&self, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn rename_at(&self, _: &str, _: &dyn Node, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn link_at(&self, _: &str, _: bool, _: &dyn Node, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn symlink_at(&self, _: &str, _: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn readlink_at(&self, _: &str) -> Result<String, ErrorCode> {
        Err(ErrorCode::NotDirectory)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    // Test fixtures may panic on a broken set-up.
    #![allow(clippy::unwrap_used)]

    use super::*;

    const CREATE: OpenFlags = OpenFlags { create: true, directory: false, exclusive: false, truncate: false };

    /// Two handles on one file, each appending from its own thread while
    /// the other does: every record lands whole, none overwrites another.
    #[test]
    fn appends_through_two_handles_at_once_lose_nothing() {
        let base = std::env::temp_dir().join(std::format!("airssys-wasi-append-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let dir = CapDir::open_ambient(&base).unwrap();
        let (a, b) = (dir.open_at("log", true, CREATE, true).unwrap(), dir.open_at("log", true, CREATE, true).unwrap());
        const RECORDS: usize = 2000;
        let writer = |node: Arc<dyn Node>, tag: u8| {
            std::thread::spawn(move || {
                for _ in 0..RECORDS {
                    assert_eq!(node.append(&[tag; 8]), Ok(8));
                }
            })
        };
        let (ta, tb) = (writer(a, b'a'), writer(b, b'b'));
        ta.join().unwrap();
        tb.join().unwrap();
        let bytes = std::fs::read(base.join("log")).unwrap();
        std::fs::remove_dir_all(&base).unwrap();
        assert_eq!(bytes.len(), 2 * RECORDS * 8, "no append overwrote another");
        let whole = |tag: u8| bytes.chunks(8).filter(|r| *r == [tag; 8]).count();
        assert_eq!((whole(b'a'), whole(b'b')), (RECORDS, RECORDS), "every record is whole");
    }
}
