//! The WASI demo: runs the stock `wasm32-wasip2` command
//! `crates/guests/device-demo` (built from source by `crates/guests/build.sh`,
//! embedded by build.rs) on `airssys-wasm-wasi` without `std`: virtual
//! clocks, seeded ChaCha randomness, stdout and stderr as callbacks that
//! write to semihosting's stdout, an in-memory directory preopened as
//! `/data`. Then checks every line the guest printed, and the file it wrote
//! as the host sees it.

use airssys_wasm::{Component, Engine, Linker, Store};
use airssys_wasm_wasi::clocks::WallTime;
use airssys_wasm_wasi::filesystem::{MemoryDir, Perms};
use airssys_wasm_wasi::stdio::Callback;
use airssys_wasm_wasi::{WasiCtx, grants};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use critical_section::Mutex;

/// The guest component (`device-demo.wasm`).
pub static GUEST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/device-demo.wasm"));

/// The arguments the guest gets (the first is its name).
const ARGS: &[&str] = &["device-demo", "one", "two words"];
/// Where the virtual wall clock starts: 2026-01-01T00:00:00Z.
const WALL_START: WallTime = WallTime { seconds: 1_767_225_600, nanoseconds: 0 };
/// How far both virtual clocks advance per read: 1 ms.
const STEP_NANOS: u64 = 1_000_000;
/// The seed of the ChaCha randomness.
const SEED: u64 = 13;

/// The guest path of the in-memory directory, and the file the guest
/// writes there.
const PREOPEN: &str = "/data";
const FILE: &str = "hello.txt";

/// What the guest wrote to stdout during the check.
static STDOUT: Mutex<RefCell<Vec<u8>>> = Mutex::new(RefCell::new(Vec::new()));

/// Runs the guest and checks its output; the note is the number of bytes it
/// printed.
pub fn check() -> Result<String, String> {
    let dir = MemoryDir::new();
    let outcome = run_guest(&dir);
    // Taken whatever happened, so the heap is returned.
    let stdout = critical_section::with(|cs| core::mem::take(&mut *STDOUT.borrow_ref_mut(cs)));
    outcome?;
    let text = String::from_utf8(stdout).map_err(|_| "the guest's stdout is not UTF-8".to_string())?;
    let expected_file = verify(&text)?;
    let on_host = dir.read_file(FILE).map_err(|e| format!("the host reads {PREOPEN}/{FILE}: {e:?}"))?;
    expect("the file as the host reads it", &String::from_utf8_lossy(&on_host), &expected_file)?;
    Ok(format!("{} bytes of stdout and a {}-byte file checked", text.len(), on_host.len()))
}

/// Instantiates the guest with WASI defined without sockets (the device
/// has no network; `add_to_linker_without_sockets` keeps their code out of
/// the firmware), every interface granted and `dir` preopened as
/// [`PREOPEN`], and runs its `wasi:cli/run`.
fn run_guest(dir: &MemoryDir) -> Result<(), String> {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).map_err(|e| format!("load: {e}"))?;
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker_without_sockets(&mut linker, |ctx: &mut WasiCtx| ctx)
        .map_err(|e| format!("define: {e}"))?;
    grants::grant_all(&mut linker);
    let ctx = WasiCtx::builder()
        .args(ARGS.iter().copied())
        .stdout(Callback(|bytes: &[u8]| {
            print_bytes(bytes);
            critical_section::with(|cs| STDOUT.borrow_ref_mut(cs).extend_from_slice(bytes));
        }))
        .stderr(Callback(print_bytes))
        .virtual_clocks(WALL_START, STEP_NANOS)
        .random_seed(SEED)
        .preopen(dir.clone(), PREOPEN, Perms::READ_WRITE)
        .build()
        .map_err(|e| format!("context: {e}"))?;
    let mut store = Store::new(&engine, ctx);
    airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx).map_err(|e| format!("run: {e}"))
}

/// Writes the guest's bytes to semihosting's stdout as they come.
fn print_bytes(bytes: &[u8]) {
    crate::board::print_str(&String::from_utf8_lossy(bytes));
}

/// Checks the guest's stdout line by line (see the guest's documentation
/// for the lines); returns what the guest's file must hold.
fn verify(stdout: &str) -> Result<String, String> {
    let mut lines = stdout.lines();
    let mut next = |key: &str| -> Result<&str, String> {
        let line = lines.next().ok_or_else(|| format!("the guest printed no `{key}` line"))?;
        line.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(": "))
            .ok_or_else(|| format!("expected a `{key}: ` line, got {line:?}"))
    };

    let args = next("args")?;
    expect("args", args, &ARGS.join("|"))?;

    // One read of the virtual wall clock: its start, or a few steps later.
    let wall = next("wall")?;
    let (seconds, nanos) = wall.split_once('.').ok_or_else(|| format!("wall: not SECONDS.NANOS: {wall:?}"))?;
    let read = WallTime {
        seconds: number("wall seconds", seconds)?,
        nanoseconds: u32::try_from(number("wall nanos", nanos)?)
            .map_err(|_| format!("wall: nanoseconds out of range: {wall:?}"))?,
    };
    // In 64-bit steps from the start (the guest reads the clock a few times first).
    let on_a_step = (0..1_000_000_000 / STEP_NANOS).any(|n| WALL_START.saturating_add_nanos(n * STEP_NANOS) == read);
    if !on_a_step {
        return Err(format!("wall: {wall} is not a step of the virtual clock within 1 s of {}", WALL_START.seconds));
    }

    // Two reads in a row of the virtual monotonic clock: one step apart.
    let monotonic = next("monotonic")?;
    let (first, second) =
        monotonic.split_once(' ').ok_or_else(|| format!("monotonic: not two readings: {monotonic:?}"))?;
    let (first, second) = (number("monotonic", first)?, number("monotonic", second)?);
    if second.checked_sub(first) != Some(STEP_NANOS) {
        return Err(format!("monotonic: {first} then {second}, expected one step of {STEP_NANOS} ns"));
    }

    expect("random", next("random")?, "16 16 differ")?;

    // The guest writes its name and the second monotonic reading, then
    // reads the file back.
    let file = format!("written on {} at {second} ns", ARGS[0]);
    expect("file", next("file")?, &file)?;
    match lines.next() {
        None => Ok(file),
        Some(extra) => Err(format!("an unexpected line: {extra:?}")),
    }
}

fn expect(what: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected { Ok(()) } else { Err(format!("{what}: expected {expected:?}, got {actual:?}")) }
}

fn number(what: &str, text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| format!("{what}: not a number: {text:?}"))
}
