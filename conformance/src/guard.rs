//! Catching panics from the runtime, so that one bad directive is scored
//! `fail` with "panic: ..." instead of ending the run.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// The message and location of the last panic caught on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// How many [`guard`] calls are running on this thread.
    static GUARDS: Cell<u32> = const { Cell::new(0) };
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        return (*s).to_string();
    }
    if let Some(s) = payload.downcast_ref::<String>() {
        return s.clone();
    }
    "a panic without a message".to_string()
}

/// Installs a panic hook that keeps panics inside [`guard`] quiet (they are
/// reported as scores) and prints any other panic as usual.
pub fn install_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if GUARDS.with(Cell::get) == 0 {
            default(info);
            return;
        }
        let mut text = payload_text(info.payload());
        if let Some(at) = info.location() {
            text = format!("{text} (at {}:{})", at.file(), at.line());
        }
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

/// Runs `f`; a panic becomes `Err` with its message and, with the hook
/// installed, its location.
pub fn guard<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    GUARDS.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDS.with(|g| g.set(g.get().saturating_sub(1)));
    result.map_err(|payload| LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| payload_text(&*payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(guard(|| 7), Ok(7));
        let err = guard(|| -> u32 { panic!("boom {}", 1) }).unwrap_err();
        assert!(err.starts_with("boom 1"), "{err}");
    }
}
