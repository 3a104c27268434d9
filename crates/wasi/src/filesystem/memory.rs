//! The in-memory backend: a tree of directories and files behind one
//! lock, shared by every descriptor of it and by the host's [`MemoryDir`]
//! handles. no_std + alloc. Timestamps are the epoch until `set-times`
//! sets them, so runs repeat exactly; symlinks and hard links are
//! `unsupported`. As on POSIX, a file unlinked (or replaced by a rename)
//! while a descriptor is open on it lives on, nameless (`link-count` 0),
//! until the last handle on it is dropped. A removed directory is gone at
//! once: the descriptors still open on it find nothing (`no-entry`).

use super::backend::{Node, Stat};
use super::sorted::SortedMap;
use crate::bindings::wasi::filesystem::types::{DescriptorType, DirectoryEntry, ErrorCode, OpenFlags};
use crate::clocks::WallTime as Datetime;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use spin::Mutex;

const EPOCH: Datetime = Datetime { seconds: 0, nanoseconds: 0 };

enum Content {
    File(Vec<u8>),
    Dir(SortedMap<String, u64>),
}

struct Entry {
    content: Content,
    accessed: Datetime,
    modified: Datetime,
    /// How many [`MemoryDir`] handles name this node (descriptors, their
    /// streams, the host's handles).
    handles: u32,
    /// Whether a directory names it (the root always counts as named).
    linked: bool,
}

impl Entry {
    fn new(content: Content) -> Self {
        Entry { content, accessed: EPOCH, modified: EPOCH, handles: 0, linked: true }
    }

    fn kind(&self) -> DescriptorType {
        match self.content {
            Content::File(_) => DescriptorType::RegularFile,
            Content::Dir(_) => DescriptorType::Directory,
        }
    }
}

/// What one entry (file or directory) counts against a tree's limit, on
/// top of a file's bytes: about what its node and name take in memory.
const ENTRY_COST: usize = 128;

/// The nodes by id; ids are never reused, so a stale handle finds nothing.
struct Tree {
    nodes: SortedMap<u64, Entry>,
    next: u64,
    /// Bytes counted against `limit`: file contents, and [`ENTRY_COST`] per entry.
    used: usize,
    limit: usize,
}

impl Tree {
    fn get(&self, id: u64) -> Result<&Entry, ErrorCode> {
        self.nodes.get(&id).ok_or(ErrorCode::NoEntry)
    }

    fn get_mut(&mut self, id: u64) -> Result<&mut Entry, ErrorCode> {
        self.nodes.get_mut(&id).ok_or(ErrorCode::NoEntry)
    }

    fn children(&self, id: u64) -> Result<&SortedMap<String, u64>, ErrorCode> {
        match &self.get(id)?.content {
            Content::Dir(children) => Ok(children),
            Content::File(_) => Err(ErrorCode::NotDirectory),
        }
    }

    fn children_mut(&mut self, id: u64) -> Result<&mut SortedMap<String, u64>, ErrorCode> {
        match &mut self.get_mut(id)?.content {
            Content::Dir(children) => Ok(children),
            Content::File(_) => Err(ErrorCode::NotDirectory),
        }
    }

    fn file_mut(&mut self, id: u64) -> Result<&mut Vec<u8>, ErrorCode> {
        match &mut self.get_mut(id)?.content {
            Content::File(data) => Ok(data),
            Content::Dir(_) => Err(ErrorCode::IsDirectory),
        }
    }

    fn insert(&mut self, entry: Entry) -> Result<u64, ErrorCode> {
        self.charge(0, ENTRY_COST)?;
        let id = self.next;
        self.next += 1;
        self.nodes.insert(id, entry);
        Ok(id)
    }

    /// Counts a change from `old` to `new` bytes against the limit:
    /// `insufficient-space` when it would go over.
    fn charge(&mut self, old: usize, new: usize) -> Result<(), ErrorCode> {
        let used = (self.used - old.min(self.used)).checked_add(new).ok_or(ErrorCode::InsufficientSpace)?;
        if used > self.limit {
            return Err(ErrorCode::InsufficientSpace);
        }
        self.used = used;
        Ok(())
    }

    /// File `id`, grown (with zeros) or cut to `len` bytes within the limit.
    fn set_file_len(&mut self, id: u64, len: usize) -> Result<&mut Vec<u8>, ErrorCode> {
        let old = self.file_mut(id)?.len();
        self.charge(old, len)?;
        let data = self.file_mut(id)?;
        if len > data.len() {
            data.try_reserve(len - data.len()).map_err(|_| ErrorCode::InsufficientMemory)?;
        }
        data.resize(len, 0);
        Ok(data)
    }

    /// The directory ids from `base` down to the last directory of `path`
    /// before its final name, and that name (`None` when the path ends in
    /// `.` or `..`, or is only those). `..` pops the stack; the host's
    /// path check already refused climbing above `base`.
    fn walk<'p>(&self, base: u64, path: &'p str) -> Result<(Vec<u64>, Option<&'p str>), ErrorCode> {
        let mut stack = alloc::vec![base];
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
        for (i, part) in parts.iter().enumerate() {
            if *part == ".." {
                if stack.len() == 1 {
                    return Err(ErrorCode::NotPermitted);
                }
                stack.pop();
                continue;
            }
            if i + 1 == parts.len() {
                return Ok((stack, Some(part)));
            }
            let top = *stack.last().ok_or(ErrorCode::NotPermitted)?;
            let child = *self.children(top)?.get(*part).ok_or(ErrorCode::NoEntry)?;
            self.children(child)?;
            stack.push(child);
        }
        Ok((stack, None))
    }

    /// The node `path` names below `base`.
    fn resolve(&self, base: u64, path: &str) -> Result<u64, ErrorCode> {
        let (stack, last) = self.walk(base, path)?;
        let dir = *stack.last().ok_or(ErrorCode::NotPermitted)?;
        match last {
            None => Ok(dir),
            Some(name) => self.children(dir)?.get(name).copied().ok_or(ErrorCode::NoEntry),
        }
    }

    /// The directory that holds the final name of `path`, and the name.
    fn parent<'p>(&self, base: u64, path: &'p str) -> Result<(u64, &'p str), ErrorCode> {
        let (stack, last) = self.walk(base, path)?;
        let dir = *stack.last().ok_or(ErrorCode::NotPermitted)?;
        let name = last.ok_or(ErrorCode::Invalid)?;
        self.children(dir)?;
        Ok((dir, name))
    }

    fn stat(&self, id: u64, tree: u64) -> Result<Stat, ErrorCode> {
        let e = self.get(id)?;
        let size = match &e.content {
            Content::File(data) => data.len() as u64,
            Content::Dir(children) => children.len() as u64,
        };
        Ok(Stat {
            kind: e.kind(),
            link_count: u64::from(e.linked),
            size,
            accessed: Some(e.accessed),
            modified: Some(e.modified),
            changed: Some(e.modified),
            identity: (tree, id),
        })
    }

    /// Whether `inner` is `outer` or lies below it. Iterative: a guest
    /// decides how deep the tree is.
    fn contains(&self, outer: u64, inner: u64) -> bool {
        let mut pending = alloc::vec![outer];
        while let Some(id) = pending.pop() {
            if id == inner {
                return true;
            }
            if let Ok(children) = self.children(id) {
                pending.extend(children.values().copied());
            }
        }
        false
    }

    /// Sets the timestamps of node `id` that are given.
    fn set_times(&mut self, id: u64, accessed: Option<Datetime>, modified: Option<Datetime>) -> Result<(), ErrorCode> {
        let e = self.get_mut(id)?;
        e.accessed = accessed.unwrap_or(e.accessed);
        e.modified = modified.unwrap_or(e.modified);
        Ok(())
    }

    /// Takes file `id`'s name away: it is freed now, or, while handles
    /// are open on it, when the last of them is dropped.
    fn unlink(&mut self, id: u64) {
        match self.nodes.get_mut(&id) {
            Some(e) if e.handles > 0 => e.linked = false,
            _ => self.free(id),
        }
    }

    /// A new handle on node `id` of `tree` (which must be this tree's).
    fn handle(&mut self, tree: &Arc<Mutex<Tree>>, id: u64) -> MemoryDir {
        if let Some(e) = self.nodes.get_mut(&id) {
            e.handles = e.handles.saturating_add(1);
        }
        MemoryDir { tree: tree.clone(), id }
    }

    /// A handle on node `id` was dropped: frees the node when it was the
    /// last and no directory names it.
    fn release(&mut self, id: u64) {
        if let Some(e) = self.nodes.get_mut(&id) {
            e.handles = e.handles.saturating_sub(1);
            if e.handles == 0 && !e.linked {
                self.free(id);
            }
        }
    }

    /// Removes `id` and everything below it, and their count against the limit.
    fn free(&mut self, id: u64) {
        let mut pending = alloc::vec![id];
        while let Some(id) = pending.pop() {
            let Some(entry) = self.nodes.remove(&id) else { continue };
            let bytes = match entry.content {
                Content::File(data) => data.len(),
                Content::Dir(children) => {
                    pending.extend(children.values().copied());
                    0
                }
            };
            self.used = self.used.saturating_sub(ENTRY_COST + bytes);
        }
    }
}

/// An in-memory directory: preopen it with
/// [`WasiCtxBuilder::preopen`](crate::WasiCtxBuilder::preopen). Clones share
/// the tree, so a host that keeps a clone reads what the guest wrote
/// ([`read_file`](MemoryDir::read_file), [`entries`](MemoryDir::entries)).
pub struct MemoryDir {
    tree: Arc<Mutex<Tree>>,
    id: u64,
}

impl Clone for MemoryDir {
    fn clone(&self) -> Self {
        self.tree.lock().handle(&self.tree, self.id)
    }
}

/// Every handle counts on its node, so that an unlinked file lives as long
/// as a handle on it. No method drops a handle while it holds the tree's
/// lock (the lock is not reentrant).
impl Drop for MemoryDir {
    fn drop(&mut self) {
        self.tree.lock().release(self.id);
    }
}

impl Default for MemoryDir {
    fn default() -> Self {
        MemoryDir::new()
    }
}

impl core::fmt::Debug for MemoryDir {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MemoryDir").field("id", &self.id).finish_non_exhaustive()
    }
}

impl MemoryDir {
    /// An empty directory, the root of a new tree that may hold
    /// [`DEFAULT_LIMIT`](Self::DEFAULT_LIMIT) bytes.
    pub fn new() -> Self {
        MemoryDir::with_limit(MemoryDir::DEFAULT_LIMIT)
    }

    /// The bytes a new tree may hold unless told otherwise: 64 MiB.
    pub const DEFAULT_LIMIT: usize = 64 << 20;

    /// An empty directory, the root of a new tree that may hold `limit`
    /// bytes: file contents, plus 128 bytes per file or directory. A write,
    /// resize or create that would go over fails with `insufficient-space`,
    /// so a guest cannot exhaust the host's memory through the filesystem.
    pub fn with_limit(limit: usize) -> Self {
        let mut nodes = SortedMap::new();
        nodes.insert(0, Entry { handles: 1, ..Entry::new(Content::Dir(SortedMap::new())) });
        let tree = Tree { nodes, next: 1, used: ENTRY_COST, limit: limit.max(ENTRY_COST) };
        MemoryDir { tree: Arc::new(Mutex::new(tree)), id: 0 }
    }

    /// The bytes the tree holds, as counted against its limit.
    pub fn used(&self) -> usize {
        self.tree.lock().used
    }

    /// Creates or replaces the file `path` (its directories must exist) with `contents`.
    pub fn write_file(&self, path: &str, contents: &[u8]) -> Result<(), ErrorCode> {
        super::path::check(path)?;
        let node =
            self.open_at(path, true, OpenFlags { create: true, truncate: true, ..OpenFlags::default() }, true)?;
        node.write_at(contents, 0).map(|_| ())
    }

    /// Creates the directory `path` (its parent must exist).
    pub fn create_dir(&self, path: &str) -> Result<(), ErrorCode> {
        super::path::check(path)?;
        self.create_directory_at(path)
    }

    /// The contents of the file `path`.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, ErrorCode> {
        super::path::check(path)?;
        let tree = self.tree.lock();
        let id = tree.resolve(self.id, path)?;
        match &tree.get(id)?.content {
            Content::File(data) => Ok(data.clone()),
            Content::Dir(_) => Err(ErrorCode::IsDirectory),
        }
    }

    /// The names in the directory `path` (`"."` for this one), sorted.
    pub fn entries(&self, path: &str) -> Result<Vec<String>, ErrorCode> {
        super::path::check(path)?;
        let tree = self.tree.lock();
        let id = tree.resolve(self.id, path)?;
        Ok(tree.children(id)?.keys().cloned().collect())
    }

    /// The tree's identity (its address), so nodes of two trees never
    /// compare as the same object.
    fn tree_id(&self) -> u64 {
        Arc::as_ptr(&self.tree) as usize as u64
    }

    /// A new handle on node `id`, counted in `tree` (this tree, locked).
    fn handle(&self, tree: &mut Tree, id: u64) -> Arc<dyn Node> {
        Arc::new(tree.handle(&self.tree, id))
    }

    /// The same tree as `other` (a node of this backend), and its id.
    fn same_tree(&self, other: &dyn Node) -> Result<u64, ErrorCode> {
        match other.as_any().downcast_ref::<MemoryDir>() {
            Some(o) if Arc::ptr_eq(&o.tree, &self.tree) => Ok(o.id),
            _ => Err(ErrorCode::CrossDevice),
        }
    }
}

impl Node for MemoryDir {
    fn stat(&self) -> Result<Stat, ErrorCode> {
        self.tree.lock().stat(self.id, self.tree_id())
    }

    fn read_at(&self, len: u64, offset: u64) -> Result<Vec<u8>, ErrorCode> {
        let tree = self.tree.lock();
        match &tree.get(self.id)?.content {
            Content::File(data) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(data.len());
                let end = start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX)).min(data.len());
                Ok(data[start..end].to_vec())
            }
            Content::Dir(_) => Err(ErrorCode::IsDirectory),
        }
    }

    fn write_at(&self, bytes: &[u8], offset: u64) -> Result<u64, ErrorCode> {
        let mut tree = self.tree.lock();
        let start = usize::try_from(offset).map_err(|_| ErrorCode::FileTooLarge)?;
        let end = start.checked_add(bytes.len()).ok_or(ErrorCode::FileTooLarge)?;
        let len = tree.file_mut(self.id)?.len().max(end);
        let data = tree.set_file_len(self.id, len)?;
        data[start..end].copy_from_slice(bytes);
        Ok(bytes.len() as u64)
    }

    fn append(&self, bytes: &[u8]) -> Result<u64, ErrorCode> {
        let mut tree = self.tree.lock();
        let start = tree.file_mut(self.id)?.len();
        let end = start.checked_add(bytes.len()).ok_or(ErrorCode::FileTooLarge)?;
        let data = tree.set_file_len(self.id, end)?;
        data[start..end].copy_from_slice(bytes);
        Ok(bytes.len() as u64)
    }

    fn set_size(&self, size: u64) -> Result<(), ErrorCode> {
        let size = usize::try_from(size).map_err(|_| ErrorCode::FileTooLarge)?;
        self.tree.lock().set_file_len(self.id, size).map(|_| ())
    }

    fn set_times(&self, accessed: Option<Datetime>, modified: Option<Datetime>) -> Result<(), ErrorCode> {
        self.tree.lock().set_times(self.id, accessed, modified)
    }

    fn sync(&self) -> Result<(), ErrorCode> {
        self.tree.lock().get(self.id).map(|_| ())
    }

    fn read_directory(&self) -> Result<Vec<DirectoryEntry>, ErrorCode> {
        let tree = self.tree.lock();
        let children = tree.children(self.id)?;
        children
            .iter()
            .map(|(name, id)| Ok(DirectoryEntry { type_: tree.get(*id)?.kind(), name: name.clone() }))
            .collect()
    }

    fn open_at(&self, path: &str, _follow: bool, open: OpenFlags, write: bool) -> Result<Arc<dyn Node>, ErrorCode> {
        let mut tree = self.tree.lock();
        let (dir, name) = match tree.walk(self.id, path)? {
            (stack, None) => {
                let id = *stack.last().ok_or(ErrorCode::NotPermitted)?;
                return open_existing(&mut tree, id, open, write).map(|()| self.handle(&mut tree, id));
            }
            (stack, Some(name)) => (*stack.last().ok_or(ErrorCode::NotPermitted)?, name),
        };
        match tree.children(dir)?.get(name).copied() {
            Some(_) if open.create && open.exclusive => Err(ErrorCode::Exist),
            Some(id) => open_existing(&mut tree, id, open, write).map(|()| self.handle(&mut tree, id)),
            None if !open.create => Err(ErrorCode::NoEntry),
            None => {
                let content = if open.directory { Content::Dir(SortedMap::new()) } else { Content::File(Vec::new()) };
                let id = tree.insert(Entry::new(content))?;
                tree.children_mut(dir)?.insert(name.to_string(), id);
                Ok(self.handle(&mut tree, id))
            }
        }
    }

    fn stat_at(&self, path: &str, _follow: bool) -> Result<Stat, ErrorCode> {
        let tree = self.tree.lock();
        let id = tree.resolve(self.id, path)?;
        tree.stat(id, self.tree_id())
    }

    fn set_times_at(
        &self,
        path: &str,
        _follow: bool,
        accessed: Option<Datetime>,
        modified: Option<Datetime>,
    ) -> Result<(), ErrorCode> {
        let mut tree = self.tree.lock();
        let id = tree.resolve(self.id, path)?;
        tree.set_times(id, accessed, modified)
    }

    fn create_directory_at(&self, path: &str) -> Result<(), ErrorCode> {
        let mut tree = self.tree.lock();
        let (dir, name) = tree.parent(self.id, path)?;
        if tree.children(dir)?.contains_key(name) {
            return Err(ErrorCode::Exist);
        }
        let id = tree.insert(Entry::new(Content::Dir(SortedMap::new())))?;
        tree.children_mut(dir)?.insert(name.to_string(), id);
        Ok(())
    }

    fn remove_directory_at(&self, path: &str) -> Result<(), ErrorCode> {
        let mut tree = self.tree.lock();
        let (dir, name) = tree.parent(self.id, path)?;
        let id = *tree.children(dir)?.get(name).ok_or(ErrorCode::NoEntry)?;
        if !tree.children(id)?.is_empty() {
            return Err(ErrorCode::NotEmpty);
        }
        tree.children_mut(dir)?.remove(name);
        tree.free(id);
        Ok(())
    }

    fn unlink_file_at(&self, path: &str) -> Result<(), ErrorCode> {
        let mut tree = self.tree.lock();
        let (dir, name) = tree.parent(self.id, path)?;
        let id = *tree.children(dir)?.get(name).ok_or(ErrorCode::NoEntry)?;
        if tree.get(id)?.kind() == DescriptorType::Directory {
            return Err(ErrorCode::IsDirectory);
        }
        tree.children_mut(dir)?.remove(name);
        tree.unlink(id);
        Ok(())
    }

    fn rename_at(&self, old: &str, new_dir: &dyn Node, new: &str) -> Result<(), ErrorCode> {
        let new_base = self.same_tree(new_dir)?;
        let mut tree = self.tree.lock();
        let (from_dir, from_name) = tree.parent(self.id, old)?;
        let id = *tree.children(from_dir)?.get(from_name).ok_or(ErrorCode::NoEntry)?;
        let (to_dir, to_name) = tree.parent(new_base, new)?;
        let moving_dir = tree.get(id)?.kind() == DescriptorType::Directory;
        if moving_dir && tree.contains(id, to_dir) {
            return Err(ErrorCode::Invalid);
        }
        if let Some(existing) = tree.children(to_dir)?.get(to_name).copied() {
            if existing == id {
                return Ok(());
            }
            match (moving_dir, tree.get(existing)?.kind() == DescriptorType::Directory) {
                (false, true) => return Err(ErrorCode::IsDirectory),
                (true, false) => return Err(ErrorCode::NotDirectory),
                (true, true) if !tree.children(existing)?.is_empty() => return Err(ErrorCode::NotEmpty),
                (true, true) => tree.free(existing),
                (false, false) => tree.unlink(existing),
            }
        }
        tree.children_mut(from_dir)?.remove(from_name);
        tree.children_mut(to_dir)?.insert(to_name.to_string(), id);
        Ok(())
    }

    fn link_at(&self, _old: &str, _follow: bool, _new_dir: &dyn Node, _new: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::Unsupported)
    }

    fn symlink_at(&self, _target: &str, _new: &str) -> Result<(), ErrorCode> {
        Err(ErrorCode::Unsupported)
    }

    fn readlink_at(&self, path: &str) -> Result<String, ErrorCode> {
        // No symlinks here: an existing entry is not one.
        self.tree.lock().resolve(self.id, path).and(Err(ErrorCode::Invalid))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The checks and truncation of opening an existing node.
fn open_existing(tree: &mut Tree, id: u64, open: OpenFlags, write: bool) -> Result<(), ErrorCode> {
    let kind = tree.get(id)?.kind();
    if open.directory && kind != DescriptorType::Directory {
        return Err(ErrorCode::NotDirectory);
    }
    if kind == DescriptorType::Directory && (write || open.truncate) {
        return Err(ErrorCode::IsDirectory);
    }
    if open.truncate {
        tree.set_file_len(id, 0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
