//! A stock `wasm32-wasip2` command for the device (`no_std-tests`, run under
//! QEMU on `airssys-wasm-wasi`'s virtual backends). It prints one line per
//! thing it does, which the firmware checks:
//! - `args: A|B|...`: its arguments, joined with `|`;
//! - `wall: SECONDS.NANOS`: the wall clock (std's `SystemTime`);
//! - `monotonic: A B`: two readings of the monotonic clock;
//! - `random: N M differ|same`: the lengths of two draws of 16 random bytes,
//!   and whether they differ;
//! - `file: CONTENTS`: what it read back from `/data/hello.txt` after
//!   writing it with `std::fs` (`/data` is a preopen: on the device, an
//!   in-memory directory).
//!
//! A failure is printed on stderr and ends the run with status 1.

use std::time::{SystemTime, UNIX_EPOCH};

/// The file it writes and reads back, below the preopen `/data`.
const FILE: &str = "/data/hello.txt";

fn main() {
    if let Err(e) = run() {
        eprintln!("device-demo: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    println!("args: {}", args.join("|"));

    let wall = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|_| "the wall clock is before 1970".to_string())?;
    println!("wall: {}.{:09}", wall.as_secs(), wall.subsec_nanos());

    let first = wasi::clocks::monotonic_clock::now();
    let second = wasi::clocks::monotonic_clock::now();
    println!("monotonic: {first} {second}");

    let a = wasi::random::random::get_random_bytes(16);
    let b = wasi::random::random::get_random_bytes(16);
    println!("random: {} {} {}", a.len(), b.len(), if a != b { "differ" } else { "same" });

    let contents = format!("written on {} at {second} ns", args.first().map_or("?", String::as_str));
    std::fs::write(FILE, &contents).map_err(|e| format!("write {FILE}: {e}"))?;
    let back = std::fs::read_to_string(FILE).map_err(|e| format!("read {FILE}: {e}"))?;
    println!("file: {back}");
    Ok(())
}
