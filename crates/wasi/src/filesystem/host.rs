//! `wasi:filesystem/types` and `wasi:filesystem/preopens` on the
//! context's preopens: descriptor flags and preopen permissions are
//! checked here, paths pass [`path::check`](super::path::check), and the
//! rest is the backend's ([`Node`](super::Node)).

use super::{Descriptor, DirectoryEntryStream, Stat, path};
use crate::WasiCtx;
use crate::bindings::wasi::clocks::wall_clock::Datetime;
use crate::bindings::wasi::filesystem::preopens;
use crate::bindings::wasi::filesystem::types::{
    self, Advice, DescriptorFlags, DescriptorStat, DescriptorType, DirectoryEntry, ErrorCode, MetadataHashValue,
    NewTimestamp, OpenFlags, PathFlags,
};
use crate::clocks::WallTime;
use crate::io::{InputStream, IoError, OutputStream};
use airssys_wasm::{Error, Resource};
use alloc::string::String;
use alloc::vec::Vec;

/// A call's result: the interface's error, or a trap (a bad handle).
type FsResult<T> = Result<Result<T, ErrorCode>, Error>;

impl From<Stat> for DescriptorStat {
    fn from(s: Stat) -> Self {
        DescriptorStat {
            type_: s.kind,
            link_count: s.link_count,
            size: s.size,
            data_access_timestamp: s.accessed.map(datetime),
            data_modification_timestamp: s.modified.map(datetime),
            status_change_timestamp: s.changed.map(datetime),
        }
    }
}

fn datetime(t: WallTime) -> Datetime {
    Datetime { seconds: t.seconds, nanoseconds: t.nanoseconds }
}

/// May `d` change the entries of its directory? A read-only preopen says
/// `read-only`; a descriptor opened without `mutate-directory` says
/// `not-permitted`.
fn may_mutate(d: &Descriptor) -> Result<(), ErrorCode> {
    if !d.perms.write {
        return Err(ErrorCode::ReadOnly);
    }
    if !d.flags.mutate_directory {
        return Err(ErrorCode::NotPermitted);
    }
    Ok(())
}

/// The flags a descriptor opened below `parent` with `open` and `flags`
/// gets, or why it may not be opened so.
fn child_flags(parent: &Descriptor, open: OpenFlags, flags: DescriptorFlags) -> Result<DescriptorFlags, ErrorCode> {
    if flags.write || flags.mutate_directory || open.create || open.truncate {
        may_mutate(parent)?;
    }
    if flags.read && !parent.perms.read {
        return Err(ErrorCode::NotPermitted);
    }
    if open.directory && (open.truncate || open.create) {
        return Err(ErrorCode::Invalid);
    }
    Ok(flags)
}

/// A 64-bit mix (splitmix64's finaliser), for metadata hashes.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash(s: &Stat) -> MetadataHashValue {
    let (dev, ino) = s.identity;
    let lower = mix(ino ^ mix(dev));
    MetadataHashValue { lower, upper: mix(lower ^ dev.rotate_left(32)) }
}

impl WasiCtx {
    fn descriptor(&self, r: &Resource<Descriptor>) -> Result<&Descriptor, Error> {
        self.table.get(r)
    }

    /// A timestamp argument as the backend takes it (`now` read from the
    /// context's wall clock).
    fn timestamp(&mut self, t: NewTimestamp) -> Option<WallTime> {
        match t {
            NewTimestamp::NoChange => None,
            NewTimestamp::Now => Some(self.wall.now()),
            NewTimestamp::Timestamp(t) => Some(WallTime { seconds: t.seconds, nanoseconds: t.nanoseconds }),
        }
    }

    fn file_stream(&mut self, this: &Resource<Descriptor>, offset: Option<u64>, write: bool) -> FsResult<u32> {
        let d = self.descriptor(this)?;
        let allowed = if write { d.flags.write } else { d.flags.read };
        if !allowed {
            return Ok(Err(ErrorCode::BadDescriptor));
        }
        match d.node.stat() {
            Ok(s) if s.kind == DescriptorType::Directory => return Ok(Err(ErrorCode::IsDirectory)),
            Ok(_) => {}
            Err(code) => return Ok(Err(code)),
        }
        let node = d.node.clone();
        self.fs.streams.open(node, offset).map(Ok)
    }
}

impl types::HostDescriptor for WasiCtx {
    fn read_via_stream(&mut self, self_: Resource<Descriptor>, offset: u64) -> FsResult<Resource<InputStream>> {
        match self.file_stream(&self_, Some(offset), false)? {
            Ok(id) => self.table.push(InputStream::File(id)).map(Ok),
            Err(code) => Ok(Err(code)),
        }
    }

    fn write_via_stream(&mut self, self_: Resource<Descriptor>, offset: u64) -> FsResult<Resource<OutputStream>> {
        match self.file_stream(&self_, Some(offset), true)? {
            Ok(id) => self.table.push(OutputStream::File(id)).map(Ok),
            Err(code) => Ok(Err(code)),
        }
    }

    fn append_via_stream(&mut self, self_: Resource<Descriptor>) -> FsResult<Resource<OutputStream>> {
        match self.file_stream(&self_, None, true)? {
            Ok(id) => self.table.push(OutputStream::File(id)).map(Ok),
            Err(code) => Ok(Err(code)),
        }
    }

    /// Advice is a hint; no backend uses it.
    fn advise(&mut self, self_: Resource<Descriptor>, _offset: u64, _length: u64, _advice: Advice) -> FsResult<()> {
        self.descriptor(&self_)?;
        Ok(Ok(()))
    }

    fn sync_data(&mut self, self_: Resource<Descriptor>) -> FsResult<()> {
        Ok(self.descriptor(&self_)?.node.sync())
    }

    fn get_flags(&mut self, self_: Resource<Descriptor>) -> FsResult<DescriptorFlags> {
        Ok(Ok(self.descriptor(&self_)?.flags))
    }

    fn get_type(&mut self, self_: Resource<Descriptor>) -> FsResult<DescriptorType> {
        Ok(self.descriptor(&self_)?.node.stat().map(|s| s.kind))
    }

    fn set_size(&mut self, self_: Resource<Descriptor>, size: u64) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        if !d.flags.write {
            return Ok(Err(ErrorCode::BadDescriptor));
        }
        Ok(d.node.set_size(size))
    }

    fn set_times(&mut self, self_: Resource<Descriptor>, atime: NewTimestamp, mtime: NewTimestamp) -> FsResult<()> {
        let (a, m) = (self.timestamp(atime), self.timestamp(mtime));
        let d = self.descriptor(&self_)?;
        if !d.perms.write {
            return Ok(Err(ErrorCode::ReadOnly));
        }
        Ok(d.node.set_times(a, m))
    }

    fn read(&mut self, self_: Resource<Descriptor>, length: u64, offset: u64) -> FsResult<(Vec<u8>, bool)> {
        let d = self.descriptor(&self_)?;
        if !d.flags.read {
            return Ok(Err(ErrorCode::BadDescriptor));
        }
        let length = length.min(crate::io::READ_BUDGET);
        Ok(d.node.read_at(length, offset).map(|bytes| {
            let end = (bytes.len() as u64) < length;
            (bytes, end)
        }))
    }

    fn write(&mut self, self_: Resource<Descriptor>, buffer: Vec<u8>, offset: u64) -> FsResult<u64> {
        let d = self.descriptor(&self_)?;
        if !d.flags.write {
            return Ok(Err(ErrorCode::BadDescriptor));
        }
        Ok(d.node.write_at(&buffer, offset))
    }

    fn read_directory(&mut self, self_: Resource<Descriptor>) -> FsResult<Resource<DirectoryEntryStream>> {
        let d = self.descriptor(&self_)?;
        if !d.perms.read {
            return Ok(Err(ErrorCode::NotPermitted));
        }
        match d.node.read_directory() {
            Ok(entries) => self.table.push(DirectoryEntryStream { entries: entries.into_iter() }).map(Ok),
            Err(code) => Ok(Err(code)),
        }
    }

    fn sync(&mut self, self_: Resource<Descriptor>) -> FsResult<()> {
        Ok(self.descriptor(&self_)?.node.sync())
    }

    fn create_directory_at(&mut self, self_: Resource<Descriptor>, path: String) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| may_mutate(d)).and_then(|()| d.node.create_directory_at(&path)))
    }

    fn stat(&mut self, self_: Resource<Descriptor>) -> FsResult<DescriptorStat> {
        Ok(self.descriptor(&self_)?.node.stat().map(Into::into))
    }

    fn stat_at(&mut self, self_: Resource<Descriptor>, flags: PathFlags, path: String) -> FsResult<DescriptorStat> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| d.node.stat_at(&path, flags.symlink_follow)).map(Into::into))
    }

    fn set_times_at(
        &mut self,
        self_: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
        atime: NewTimestamp,
        mtime: NewTimestamp,
    ) -> FsResult<()> {
        let (a, m) = (self.timestamp(atime), self.timestamp(mtime));
        let d = self.descriptor(&self_)?;
        if !d.perms.write {
            return Ok(Err(ErrorCode::ReadOnly));
        }
        Ok(path::check(&path).and_then(|()| d.node.set_times_at(&path, flags.symlink_follow, a, m)))
    }

    fn link_at(
        &mut self,
        self_: Resource<Descriptor>,
        old_flags: PathFlags,
        old_path: String,
        new_descriptor: Resource<Descriptor>,
        new_path: String,
    ) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        let n = self.descriptor(&new_descriptor)?;
        Ok(path::check(&old_path)
            .and_then(|()| path::check(&new_path))
            .and_then(|()| may_mutate(n))
            .and_then(|()| d.node.link_at(&old_path, old_flags.symlink_follow, &*n.node, &new_path)))
    }

    fn open_at(
        &mut self,
        self_: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
        open_flags: OpenFlags,
        flags: DescriptorFlags,
    ) -> FsResult<Resource<Descriptor>> {
        let d = self.descriptor(&self_)?;
        let opened = path::check(&path).and_then(|()| child_flags(d, open_flags, flags)).and_then(|child| {
            let node = d.node.open_at(&path, path_flags.symlink_follow, open_flags, child.write)?;
            Ok(Descriptor { node, flags: child, perms: d.perms })
        });
        match opened {
            Ok(child) => self.table.push(child).map(Ok),
            Err(code) => Ok(Err(code)),
        }
    }

    fn readlink_at(&mut self, self_: Resource<Descriptor>, path: String) -> FsResult<String> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| d.node.readlink_at(&path)))
    }

    fn remove_directory_at(&mut self, self_: Resource<Descriptor>, path: String) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| may_mutate(d)).and_then(|()| d.node.remove_directory_at(&path)))
    }

    fn rename_at(
        &mut self,
        self_: Resource<Descriptor>,
        old_path: String,
        new_descriptor: Resource<Descriptor>,
        new_path: String,
    ) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        let n = self.descriptor(&new_descriptor)?;
        Ok(path::check(&old_path)
            .and_then(|()| path::check(&new_path))
            .and_then(|()| may_mutate(d))
            .and_then(|()| may_mutate(n))
            .and_then(|()| d.node.rename_at(&old_path, &*n.node, &new_path)))
    }

    /// An absolute target is refused (`not-permitted`): it could only
    /// name something outside the preopen.
    fn symlink_at(&mut self, self_: Resource<Descriptor>, old_path: String, new_path: String) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        if old_path.starts_with('/') {
            return Ok(Err(ErrorCode::NotPermitted));
        }
        Ok(path::check(&new_path).and_then(|()| may_mutate(d)).and_then(|()| d.node.symlink_at(&old_path, &new_path)))
    }

    fn unlink_file_at(&mut self, self_: Resource<Descriptor>, path: String) -> FsResult<()> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| may_mutate(d)).and_then(|()| d.node.unlink_file_at(&path)))
    }

    fn is_same_object(&mut self, self_: Resource<Descriptor>, other: Resource<Descriptor>) -> Result<bool, Error> {
        let a = self.descriptor(&self_)?.node.stat();
        let b = self.descriptor(&other)?.node.stat();
        Ok(matches!((a, b), (Ok(a), Ok(b)) if a.identity == b.identity))
    }

    fn metadata_hash(&mut self, self_: Resource<Descriptor>) -> FsResult<MetadataHashValue> {
        Ok(self.descriptor(&self_)?.node.stat().map(|s| hash(&s)))
    }

    fn metadata_hash_at(
        &mut self,
        self_: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
    ) -> FsResult<MetadataHashValue> {
        let d = self.descriptor(&self_)?;
        Ok(path::check(&path).and_then(|()| d.node.stat_at(&path, flags.symlink_follow)).map(|s| hash(&s)))
    }

    fn drop(&mut self, rep: Resource<Descriptor>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl types::HostDirectoryEntryStream for WasiCtx {
    fn read_directory_entry(&mut self, self_: Resource<DirectoryEntryStream>) -> FsResult<Option<DirectoryEntry>> {
        Ok(Ok(self.table.get_mut(&self_)?.entries.next()))
    }

    fn drop(&mut self, rep: Resource<DirectoryEntryStream>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl types::Host for WasiCtx {
    fn filesystem_error_code(&mut self, err: Resource<IoError>) -> Result<Option<ErrorCode>, Error> {
        Ok(super::stream::error_code(self.table.get(&err)?))
    }
}

impl preopens::Host for WasiCtx {
    fn get_directories(&mut self) -> Result<Vec<(Resource<Descriptor>, String)>, Error> {
        let preopens = self.fs.preopens.clone();
        preopens
            .into_iter()
            .map(|p| Ok((self.table.push(Descriptor::preopen(p.node, p.perms))?, p.guest_path)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filesystem::{MemoryDir, Perms};
    use alloc::sync::Arc;

    fn preopen(perms: Perms) -> Descriptor {
        Descriptor::preopen(Arc::new(MemoryDir::new()), perms)
    }

    const READ: DescriptorFlags = DescriptorFlags {
        read: true,
        write: false,
        file_integrity_sync: false,
        data_integrity_sync: false,
        requested_write_sync: false,
        mutate_directory: false,
    };
    const WRITE: DescriptorFlags = DescriptorFlags { write: true, ..READ };

    #[test]
    fn a_read_only_preopen_opens_for_reading_only() {
        let ro = preopen(Perms::READ_ONLY);
        assert_eq!(child_flags(&ro, OpenFlags::default(), READ), Ok(READ));
        assert_eq!(child_flags(&ro, OpenFlags::default(), WRITE), Err(ErrorCode::ReadOnly));
        let create = OpenFlags { create: true, ..OpenFlags::default() };
        assert_eq!(child_flags(&ro, create, READ), Err(ErrorCode::ReadOnly));
        assert_eq!(may_mutate(&ro), Err(ErrorCode::ReadOnly));
    }

    #[test]
    fn a_writable_preopen_passes_write_on_but_a_plain_child_directory_may_not_mutate() {
        let rw = preopen(Perms::READ_WRITE);
        assert_eq!(child_flags(&rw, OpenFlags::default(), WRITE), Ok(WRITE));
        assert_eq!(may_mutate(&rw), Ok(()));
        let child = Descriptor { node: rw.node.clone(), flags: READ, perms: rw.perms };
        assert_eq!(may_mutate(&child), Err(ErrorCode::NotPermitted));
        let dir_create = OpenFlags { create: true, directory: true, ..OpenFlags::default() };
        assert_eq!(child_flags(&rw, dir_create, READ), Err(ErrorCode::Invalid));
    }

    #[test]
    fn metadata_hashes_follow_the_identity() {
        let s = |identity| Stat {
            kind: DescriptorType::RegularFile,
            link_count: 1,
            size: 0,
            accessed: None,
            modified: None,
            changed: None,
            identity,
        };
        assert_eq!(hash(&s((1, 2))), hash(&s((1, 2))));
        assert_ne!(hash(&s((1, 2))), hash(&s((1, 3))));
        assert_ne!(hash(&s((1, 2))), hash(&s((2, 2))));
    }
}
