//! The defmt global logger (feature `defmt`): frames go, rzcobs-encoded, to
//! the semihosting host's stderr (QEMU's own stderr), apart from the text
//! lines of the checks on stdout, so that `defmt-print` can decode them:
//!
//! ```console
//! $ qemu-system-arm ... -kernel ELF 2>defmt.bin
//! $ defmt-print -e ELF <defmt.bin
//! ```

#![allow(unsafe_code)]

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

#[cfg(target_arch = "arm")]
use cortex_m_semihosting::hio::{HostStream, hstderr};
#[cfg(target_arch = "riscv32")]
use riscv_semihosting::hio::{HostStream, hstderr};

#[defmt::global_logger]
struct Logger;

/// The logger's state; only touched between `acquire` and `release`, inside
/// a critical section, so never by two contexts at once.
struct State {
    encoder: defmt::Encoder,
    stderr: Option<HostStream>,
    restore: critical_section::RestoreState,
}

struct Shared(UnsafeCell<State>);

// SAFETY: every access happens inside the critical section taken in
// `acquire` and given back in `release`, and `TAKEN` rejects re-entry.
unsafe impl Sync for Shared {}

static STATE: Shared = Shared(UnsafeCell::new(State {
    encoder: defmt::Encoder::new(),
    stderr: None,
    restore: critical_section::RestoreState::invalid(),
}));
static TAKEN: AtomicBool = AtomicBool::new(false);

/// The state; callers hold the critical section (see `Shared`).
#[allow(clippy::mut_from_ref)]
unsafe fn state() -> &'static mut State {
    // SAFETY: see the caller's contract.
    unsafe { &mut *STATE.0.get() }
}

/// Writes encoded bytes to the host; output is best effort.
fn write_host(stderr: &mut Option<HostStream>, bytes: &[u8]) {
    if stderr.is_none() {
        *stderr = hstderr().ok();
    }
    if let Some(stream) = stderr {
        let _ = stream.write_all(bytes);
    }
}

// SAFETY: `acquire` takes a critical section and refuses re-entry, so the
// frame of one log call is never interleaved with another's.
unsafe impl defmt::Logger for Logger {
    fn acquire() {
        // SAFETY: released in `release`, which defmt always calls next.
        let restore = unsafe { critical_section::acquire() };
        if TAKEN.swap(true, Ordering::Acquire) {
            panic!("defmt logger taken re-entrantly");
        }
        // SAFETY: inside the critical section.
        let state = unsafe { state() };
        state.restore = restore;
        let State { encoder, stderr, .. } = state;
        encoder.start_frame(|bytes| write_host(stderr, bytes));
    }

    unsafe fn flush() {}

    unsafe fn release() {
        // SAFETY: defmt calls this after `acquire`, inside its section.
        let state = unsafe { state() };
        let State { encoder, stderr, restore } = state;
        encoder.end_frame(|bytes| write_host(stderr, bytes));
        let restore = *restore;
        TAKEN.store(false, Ordering::Release);
        // SAFETY: the state saved by the matching `acquire`.
        unsafe { critical_section::release(restore) };
    }

    unsafe fn write(bytes: &[u8]) {
        // SAFETY: defmt calls this between `acquire` and `release`.
        let State { encoder, stderr, .. } = unsafe { state() };
        encoder.write(bytes, |out| write_host(stderr, out));
    }
}
