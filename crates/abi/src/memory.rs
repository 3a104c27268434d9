//! What lifting and lowering need from a guest: its linear memory and its
//! `realloc`.

use crate::prelude::*;
use crate::trap::Trap;

/// A guest's linear memory together with its `realloc` export.
///
/// The runtime implements this over a wasmi memory and function; tests,
/// fuzzers and host-only users can use [`BumpMemory`].
pub trait Memory {
    /// The whole linear memory.
    fn bytes(&self) -> &[u8];
    /// The whole linear memory, writable.
    fn bytes_mut(&mut self) -> &mut [u8];
    /// Calls the guest's `realloc(old_ptr, old_size, align, new_size)` and
    /// returns the new pointer. The memory may grow during the call, so
    /// callers fetch [`Memory::bytes`] again afterwards. A memory without
    /// `realloc` returns [`Trap::NoRealloc`].
    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32, Trap>;
}

/// One recorded call of [`BumpMemory`]'s `realloc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReallocCall {
    /// The `old_ptr` argument.
    pub old_ptr: u32,
    /// The `old_size` argument.
    pub old_size: u32,
    /// The `align` argument.
    pub align: u32,
    /// The `new_size` argument.
    pub new_size: u32,
    /// The pointer returned.
    pub returned: u32,
}

/// A linear memory with a bump allocator as its `realloc`.
///
/// Every call allocates fresh space at the next multiple of `align` and, like
/// a real `realloc`, copies the old contents (up to the smaller size) there.
/// A fixed-size memory never returns an error: space past its end is handed
/// out as is, so that the canonical ABI's own bounds check traps, as it would
/// with a guest allocator that misbehaves. A growable memory grows in 64 KiB
/// pages instead, as a guest allocator would with `memory.grow`; a scratch
/// memory grows just enough (doubling), for host-side conversions.
#[derive(Debug, Clone)]
pub struct BumpMemory {
    bytes: Vec<u8>,
    next: u32,
    calls: Vec<ReallocCall>,
    growth: Growth,
}

/// How a [`BumpMemory`] makes room for an allocation past its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Growth {
    /// It does not: the canonical ABI's bounds check traps.
    Fixed,
    /// By whole 64 KiB pages, like a wasm memory.
    Pages,
    /// To at least the end of the allocation, at least doubling.
    Scratch,
}

/// The wasm page size, the unit a growable [`BumpMemory`] grows by.
const PAGE: usize = 1 << 16;

impl BumpMemory {
    /// A zeroed memory of `size` bytes whose allocator starts at `start`.
    pub fn new(size: usize, start: u32) -> Self {
        BumpMemory { bytes: alloc::vec![0; size], next: start, calls: Vec::new(), growth: Growth::Fixed }
    }

    /// A memory of as many pages as cover `start`, where its allocator
    /// starts, that grows by whole pages when an allocation needs room.
    pub fn growable(start: u32) -> Self {
        let bytes = alloc::vec![0; (start as usize).div_ceil(PAGE) * PAGE];
        BumpMemory { bytes, next: start, calls: Vec::new(), growth: Growth::Pages }
    }

    /// A small memory whose allocator starts at `start` and that grows only
    /// as far as allocations need: cheap scratch space for converting values
    /// on the host (no 64 KiB page to zero per use).
    pub fn scratch(start: u32) -> Self {
        BumpMemory { bytes: alloc::vec![0; start as usize], next: start, calls: Vec::new(), growth: Growth::Scratch }
    }

    /// A memory holding `bytes` exactly, whose allocator starts at the end.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let next = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        BumpMemory { bytes, next, calls: Vec::new(), growth: Growth::Fixed }
    }

    /// Where the next allocation starts (before alignment): the high-water mark.
    pub fn high_water(&self) -> u32 {
        self.next
    }

    /// Every `realloc` call so far, in order.
    pub fn calls(&self) -> &[ReallocCall] {
        &self.calls
    }

    /// Forgets recorded calls and restarts the allocator at `start`
    /// (the bytes are kept).
    pub fn reset(&mut self, start: u32) {
        self.next = start;
        self.calls.clear();
    }
}

impl Memory for BumpMemory {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32, Trap> {
        if !align.is_power_of_two() {
            return Err(Trap::ReallocFailed);
        }
        let ret = crate::layout::align_to_u64(u64::from(self.next), u64::from(align));
        let end = ret + u64::from(new_size);
        let (Ok(ret), Ok(end)) = (u32::try_from(ret), u32::try_from(end)) else {
            return Err(Trap::ReallocFailed);
        };
        self.next = end;
        let end_usize = end as usize;
        if end_usize > self.bytes.len() {
            match self.growth {
                Growth::Fixed => {}
                Growth::Pages => self.bytes.resize(end_usize.div_ceil(PAGE) * PAGE, 0),
                Growth::Scratch => self.bytes.resize(end_usize.max(2 * self.bytes.len()), 0),
            }
        }
        let keep = old_size.min(new_size) as usize;
        let (old, new) = (old_ptr as usize, ret as usize);
        if keep > 0 && old + keep <= self.bytes.len() && new + keep <= self.bytes.len() {
            self.bytes.copy_within(old..old + keep, new);
        }
        self.calls.push(ReallocCall { old_ptr, old_size, align, new_size, returned: ret });
        Ok(ret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_allocator_aligns_copies_and_records() {
        let mut m = BumpMemory::new(64, 8);
        let a = m.realloc(0, 0, 4, 3).expect("fits");
        assert_eq!(a, 8);
        m.bytes_mut()[8..11].copy_from_slice(b"abc");
        let b = m.realloc(a, 3, 2, 2).expect("fits");
        assert_eq!(b, 12);
        assert_eq!(&m.bytes()[12..14], b"ab");
        assert_eq!(m.high_water(), 14);
        assert_eq!(m.calls()[1], ReallocCall { old_ptr: 8, old_size: 3, align: 2, new_size: 2, returned: 12 });
    }

    #[test]
    fn scratch_memory_grows_only_as_needed_and_keeps_contents() {
        let mut m = BumpMemory::scratch(8);
        assert_eq!(m.bytes().len(), 8);
        let a = m.realloc(0, 0, 1, 3).expect("grows");
        assert_eq!((a, m.bytes().len()), (8, 16));
        m.bytes_mut()[8..11].copy_from_slice(b"xyz");
        let b = m.realloc(a, 3, 4, 100).expect("grows");
        assert_eq!((b, m.bytes().len()), (12, 112));
        assert_eq!(&m.bytes()[12..15], b"xyz");
    }

    #[test]
    fn growable_memory_grows_by_pages() {
        let mut m = BumpMemory::growable(8);
        assert_eq!(m.bytes().len(), PAGE);
        assert_eq!(m.realloc(0, 0, 8, 70_000), Ok(8));
        assert_eq!(m.bytes().len(), 2 * PAGE);
    }

    #[test]
    fn bump_allocator_rejects_bad_alignment_and_overflow() {
        let mut m = BumpMemory::new(16, 0);
        assert_eq!(m.realloc(0, 0, 3, 1), Err(Trap::ReallocFailed));
        assert_eq!(m.realloc(0, 0, 0, 1), Err(Trap::ReallocFailed));
        let mut m = BumpMemory::new(16, u32::MAX - 1);
        assert_eq!(m.realloc(0, 0, 1, 8), Err(Trap::ReallocFailed));
    }
}
