//! Out of host memory: loading, instantiating and calling a component while
//! the host refuses large allocations ends in errors, never in an abort.
//!
//! # How allocations fail
//! The global allocator wraps `System` and, while a case runs, refuses (returns
//! null for) every single allocation or reallocation larger than a
//! fuzzer-chosen size between 1 MiB and 1 GiB; smaller ones always succeed.
//!
//! Why a size threshold rather than wasmtime's "fail the N-th allocation"
//! countdown: Rust's infallible allocations (`Vec::push`, `Box::new`,
//! `with_capacity`) call `handle_alloc_error` on failure, which aborts the
//! process. A countdown would fail the runtime's small bookkeeping
//! allocations too, and every such abort would be a false alarm in code whose
//! size no guest decides. Sizes above 1 MiB, though, only come from what the
//! guest decides: linear memories and tables (wasmi grows them with
//! `try_reserve`), resource handle tables (`HandleTable::add`), and the host
//! values lifted out of guest memory (lists and strings, `crates/abi`'s
//! `host_alloc`). Each of those must fail as an error: a failed
//! instantiation, `-1` from `memory.grow`, or a trap
//! (`Trap::OutOfHostMemory`). So an abort here ("memory allocation of N bytes
//! failed") is a finding: an infallible allocation whose size a guest
//! controls. Known and bounded outside our code: wasmi's value stack grows
//! infallibly with recursion, up to its configured maximum height.
//!
//! # The guests
//! Random bytes rarely make a component that allocates much, so most cases
//! build one from a template with fuzzed numbers: a list or string of a
//! fuzzed length returned from memory (lifted dynamically, and typed where
//! the element type allows), `resource.new` in a loop, a `memory.grow`, many
//! instances of a module with a memory. The store's total budget is fuzzed
//! as well, so the store limits and the failing allocator both get to refuse.
//! The remaining cases load the fuzzed bytes as a component, as
//! `component_load` does.
//!
//! With `OOM_STATS=1` in the environment, each case that had allocations
//! refused prints how many on stderr, with its guest: a check that the
//! target reaches the fallible paths at all.
#![no_main]

use airssys_wasm::{Config, Engine, Store, StoreLimitsBuilder};
use airssys_wasm_fuzz::load_and_call_every_export;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `System`, refusing any single allocation larger than [`LIMIT`].
struct Failing;

/// The largest allocation that succeeds; `usize::MAX` outside a case.
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Allocations refused so far.
static REFUSED: AtomicUsize = AtomicUsize::new(0);

fn allowed(size: usize) -> bool {
    if size <= LIMIT.load(Ordering::Relaxed) {
        return true;
    }
    REFUSED.fetch_add(1, Ordering::Relaxed);
    false
}

/// Whether `OOM_STATS` is set.
fn stats() -> bool {
    static STATS: OnceLock<bool> = OnceLock::new();
    *STATS.get_or_init(|| std::env::var_os("OOM_STATS").is_some())
}

// SAFETY: every method either returns null, which `GlobalAlloc` permits for
// any request (a refused `realloc` leaves the old block untouched), or
// forwards to `System` with the caller's own arguments, so `System`'s
// guarantees carry over.
unsafe impl GlobalAlloc for Failing {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !allowed(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !allowed(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged; the caller upholds `alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; `ptr` came from this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !allowed(new_size) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged; the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Failing = Failing;

/// Element types of the returned list.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Elem {
    U8,
    U16,
    U32,
    U64,
    Bool,
    Char,
    String,
    Pair,
    OptionU8,
    ListU8,
}

impl Elem {
    /// The element's size in linear memory.
    fn size(self) -> u32 {
        match self {
            Elem::U8 | Elem::Bool => 1,
            Elem::U16 | Elem::Pair | Elem::OptionU8 => 2,
            Elem::U32 | Elem::Char => 4,
            Elem::U64 | Elem::String | Elem::ListU8 => 8,
        }
    }

    fn wit(self) -> &'static str {
        match self {
            Elem::U8 => "u8",
            Elem::U16 => "u16",
            Elem::U32 => "u32",
            Elem::U64 => "u64",
            Elem::Bool => "bool",
            Elem::Char => "char",
            Elem::String => "string",
            Elem::Pair => "(tuple u8 u8)",
            Elem::OptionU8 => "(option u8)",
            Elem::ListU8 => "(list u8)",
        }
    }
}

/// String encodings of the lifted function.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16,
    Latin1Utf16,
}

/// `len` as a number of `unit`-byte items at address 16 of `pages` pages:
/// with its top bit clear it is brought into bounds, so that most lists and
/// strings reach the allocation instead of failing the bounds check.
fn fitted(len: u32, unit: u32, pages: u8) -> u32 {
    if len & 0x8000_0000 != 0 {
        return len;
    }
    let fit = (u32::from(pages) * 65536).saturating_sub(16) / unit;
    len % (fit + 1)
}

/// What the guest does.
#[derive(Arbitrary, Debug)]
enum Guest {
    /// Returns a list of `len` elements (see [`fitted`]) stored at address
    /// 16 of a memory of `pages` pages whose first `filled` bytes are `fill`.
    List { elem: Elem, pages: u8, len: u32, fill: u8, filled: u32 },
    /// Returns a string of `len` (tagged) code units likewise.
    String { encoding: Encoding, pages: u8, len: u32, fill: u8, filled: u32 },
    /// Calls `resource.new` `count` times.
    Handles { count: u32 },
    /// Grows a memory of `initial` pages by `delta` pages.
    Grow { initial: u8, delta: u32 },
    /// Instantiates a module with a memory of `pages` pages `count` times.
    Instances { count: u8, pages: u8 },
    /// The fuzzed bytes as a component.
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Case {
    /// The largest allocation that succeeds is 2^(20 + this % 11) bytes.
    limit_log2: u8,
    /// The store's total budget is 2^(16 + this % 15) bytes.
    budget_log2: u8,
    guest: Guest,
}

/// A component exporting `get: func() -> {result}` from a memory of `pages`
/// pages holding `(16, len)` at 0, the first `filled` bytes set to `fill`
/// (from 16 on).
fn returner(result: &str, options: &str, pages: u8, len: u32, fill: u8, filled: u32) -> String {
    format!(
        r#"(component
          (core module $m
            (memory (export "mem") {pages})
            (func (export "get") (result i32)
              (memory.fill (i32.const 16) (i32.const {fill}) (i32.const {filled}))
              (i32.store (i32.const 0) (i32.const 16))
              (i32.store (i32.const 4) (i32.const {len}))
              (i32.const 0)))
          (core instance $i (instantiate $m))
          (func (export "get") (result {result})
            (canon lift (core func $i "get") (memory (core memory $i "mem")) {options})))"#,
        filled = filled.min(u32::from(pages) * 65536).saturating_sub(16),
        len = len as i32,
    )
}

fn text(guest: &Guest) -> Option<String> {
    Some(match *guest {
        Guest::List { elem, pages, len, fill, filled } => {
            let len = fitted(len, elem.size(), pages);
            returner(&format!("(list {})", elem.wit()), "", pages, len, fill, filled)
        }
        Guest::String { encoding, pages, len, fill, filled } => {
            let (options, unit) = match encoding {
                Encoding::Utf8 => ("string-encoding=utf8", 1),
                Encoding::Utf16 => ("string-encoding=utf16", 2),
                Encoding::Latin1Utf16 => ("string-encoding=latin1+utf16", 1),
            };
            returner("string", options, pages, fitted(len, unit, pages), fill, filled)
        }
        Guest::Handles { count } => format!(
            r#"(component
              (type $r (resource (rep i32)))
              (core func $new (canon resource.new $r))
              (core module $m
                (import "r" "new" (func $new (param i32) (result i32)))
                (func (export "get") (local $n i32)
                  (local.set $n (i32.const {count}))
                  (block $done
                    (loop $l
                      (br_if $done (i32.eqz (local.get $n)))
                      (drop (call $new (local.get $n)))
                      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                      (br $l)))))
              (core instance $i (instantiate $m (with "r" (instance (export "new" (func $new))))))
              (func (export "get") (canon lift (core func $i "get"))))"#,
            count = count as i32,
        ),
        Guest::Grow { initial, delta } => format!(
            r#"(component
              (core module $m
                (memory {initial})
                (func (export "get") (result i32) (memory.grow (i32.const {delta}))))
              (core instance $i (instantiate $m))
              (func (export "get") (result s32) (canon lift (core func $i "get"))))"#,
            delta = delta as i32,
        ),
        Guest::Instances { count, pages } => {
            let instances: String = (0..count).map(|i| format!("(core instance $i{i} (instantiate $m))")).collect();
            format!("(component (core module $m (memory {pages})) {instances})")
        }
        Guest::Raw(_) => return None,
    })
}

/// Loads, instantiates and calls every exported function; every step may
/// fail, none may panic or abort.
fn run(bytes: &[u8], budget: usize, typed: Option<Elem>) {
    let limits = StoreLimitsBuilder::new().total_bytes(budget).handles_per_table(1 << 24).build();
    let engine = Engine::new(Config::new().fuel(10_000_000).store_limits(limits));
    let Some((mut store, instance)) = load_and_call_every_export(&engine, bytes) else { return };
    // The typed lifts of the same list (a bulk copy for scalars).
    let Some(elem) = typed else { return };
    match elem {
        Elem::U8 => call_typed::<(Vec<u8>,)>(&instance, &mut store),
        Elem::U32 => call_typed::<(Vec<u32>,)>(&instance, &mut store),
        Elem::Bool => call_typed::<(Vec<bool>,)>(&instance, &mut store),
        Elem::Char => call_typed::<(Vec<char>,)>(&instance, &mut store),
        Elem::String => call_typed::<(Vec<String>,)>(&instance, &mut store),
        _ => {}
    }
}

fn call_typed<R>(instance: &airssys_wasm::Instance, store: &mut Store<()>)
where
    R: airssys_wasm::abi::typed::ComponentList + airssys_wasm::abi::typed::Lift,
{
    if let Ok(get) = instance.get_typed_func::<(), R, _>(store, "get") {
        let _ = get.call(store, ());
    }
}

fuzz_target!(|case: Case| {
    let typed = match &case.guest {
        Guest::List { elem, .. } => Some(*elem),
        _ => None,
    };
    let owned;
    let bytes: &[u8] = match (&case.guest, text(&case.guest)) {
        (Guest::Raw(bytes), _) => bytes,
        (_, Some(text)) => match wat::parse_str(&text) {
            Ok(bytes) => {
                owned = bytes;
                &owned
            }
            Err(_) => return,
        },
        (_, None) => return,
    };
    let budget = 1usize << (16 + u32::from(case.budget_log2 % 15));
    let limit = 1usize << (20 + u32::from(case.limit_log2 % 11));
    let refused = REFUSED.load(Ordering::Relaxed);
    LIMIT.store(limit, Ordering::Relaxed);
    run(bytes, budget, typed);
    LIMIT.store(usize::MAX, Ordering::Relaxed);
    let refused = REFUSED.load(Ordering::Relaxed) - refused;
    if refused > 0 && stats() {
        let guest = match &case.guest {
            Guest::Raw(bytes) => format!("Raw({} bytes)", bytes.len()),
            other => format!("{other:?}"),
        };
        eprintln!("oom: {refused} allocations over {limit} bytes refused; budget {budget}; {guest}");
    }
});
