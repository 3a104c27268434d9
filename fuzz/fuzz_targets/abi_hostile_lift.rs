//! Hostile lift: arbitrary types, flat values and memory bytes under
//! arbitrary caps. Lifting returns values or a trap, never panics, and never
//! allocates more than the case's bound; values that lift survive a round trip.
#![no_main]

use airssys_wasm_abi::arbitrary::HostileLift;
use libfuzzer_sys::fuzz_target;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes and their peak, forwarding to the system allocator.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's own arguments,
// so `System`'s guarantees carry over; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; `ptr` came from `alloc` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `realloc`'s contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|case: HostileLift| {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let lifted = case.lift();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        peak as u64 <= case.allocation_bound(),
        "lifting allocated {peak} bytes, over the bound of {} (lift budget {})",
        case.allocation_bound(),
        case.limits.max_lift_bytes
    );
    match lifted {
        Ok(Some(vals)) => {
            if let Err(why) = case.check_relift(&vals) {
                panic!("{why}\n{case:?}");
            }
        }
        Ok(None) => {}
        Err(why) => panic!("{why}\n{case:?}"),
    }
});
