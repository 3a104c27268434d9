//! The heap: embedded-alloc's linked-list allocator, wrapped in one that
//! counts bytes in use and their peak, with guest linear memory counted
//! apart from everything else.
//!
//! How linear memory is told apart: wasmi backs every linear memory with
//! one `Vec<u8>` whose capacity is reserved exactly (`try_reserve` on an
//! empty vector, then growth by whole pages, which doubles or adds pages),
//! so its allocations are whole multiples of the 64 KiB page. Every
//! allocation whose size is a non-zero multiple of 65536 bytes is counted as
//! linear memory; the host-side structures of the runtime and of wasmi never
//! allocate such sizes for the example components (a host list of exactly
//! 16384 `u32`s would be misfiled, so the checks use none).
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use embedded_alloc::LlffHeap;

/// Bytes of RAM given to the heap: 3 of the 4 MiB, the rest is stack and
/// statics.
pub const HEAP_SIZE: usize = 3 * 1024 * 1024;

const PAGE: usize = 65536;

#[global_allocator]
static HEAP: CountingHeap = CountingHeap::new();

/// The heap's memory.
static mut HEAP_MEMORY: MaybeUninit<[u8; HEAP_SIZE]> = MaybeUninit::uninit();

/// Bytes in use: everything but linear memory, and linear memory.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// Bytes allocated now, excluding linear memory.
    pub current: usize,
    /// The most bytes allocated at once since the last [`reset_peak`],
    /// excluding linear memory.
    pub peak: usize,
    /// The most bytes of linear memory allocated at once, ever.
    pub linear_peak: usize,
}

struct CountingHeap {
    inner: LlffHeap,
    current: AtomicUsize,
    peak: AtomicUsize,
    linear_current: AtomicUsize,
    linear_peak: AtomicUsize,
}

impl CountingHeap {
    const fn new() -> Self {
        CountingHeap {
            inner: LlffHeap::empty(),
            current: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            linear_current: AtomicUsize::new(0),
            linear_peak: AtomicUsize::new(0),
        }
    }

    fn counters(&self, size: usize) -> (&AtomicUsize, &AtomicUsize) {
        if size != 0 && size.is_multiple_of(PAGE) {
            (&self.linear_current, &self.linear_peak)
        } else {
            (&self.current, &self.peak)
        }
    }

    fn add(&self, size: usize) {
        let (current, peak) = self.counters(size);
        let now = current.fetch_add(size, Relaxed) + size;
        peak.fetch_max(now, Relaxed);
    }

    fn sub(&self, size: usize) {
        self.counters(size).0.fetch_sub(size, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `LlffHeap`, a correct
// allocator once initialized (`init` runs before anything allocates); the
// counters are only bookkeeping beside it.
unsafe impl GlobalAlloc for CountingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which
        // is passed on as is.
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            self.add(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.sub(layout.size());
        // SAFETY: `ptr` was allocated by `alloc` above with `layout`, as the
        // caller guarantees.
        unsafe { self.inner.dealloc(ptr, layout) }
    }
}

/// Hands the heap its memory. Called once, first thing in `main`.
pub fn init() {
    let start = (&raw mut HEAP_MEMORY) as usize;
    // SAFETY: `HEAP_MEMORY` is a static of `HEAP_SIZE` bytes that nothing
    // else touches, and `init` runs once, before the first allocation (a
    // second call panics inside `LlffHeap::init` rather than aliasing).
    unsafe { HEAP.inner.init(start, HEAP_SIZE) }
}

/// The bytes in use now and at peak.
pub fn usage() -> Usage {
    Usage {
        current: HEAP.current.load(Relaxed),
        peak: HEAP.peak.load(Relaxed),
        linear_peak: HEAP.linear_peak.load(Relaxed),
    }
}

/// Starts a new peak measurement from the bytes in use now.
pub fn reset_peak() {
    HEAP.peak.store(HEAP.current.load(Relaxed), Relaxed);
}
