//! Randomness backends: any [`rand_core::RngCore`]. Seeded ChaCha20
//! ([`seeded`]) gives the same bytes on every run and needs no OS; with
//! `std`, [`os`] draws from the operating system (`getrandom`).

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// A source of random bytes for `wasi:random`.
pub type RandomSource = Box<dyn RngCore + Send>;

/// ChaCha20 seeded with `seed`: the same bytes on every run.
pub fn seeded(seed: u64) -> RandomSource {
    Box::new(ChaCha20Rng::seed_from_u64(seed))
}

/// The operating system's randomness.
#[cfg(feature = "std")]
pub fn os() -> RandomSource {
    Box::new(rand_core::UnwrapErr(rand_core::OsRng))
}

/// The largest draw one call may ask for; larger requests trap rather
/// than letting a guest make the host allocate without bound.
pub const MAX_DRAW: u64 = 64 * 1024 * 1024;

/// `len` bytes from `source`, or why not.
pub(crate) fn draw(source: &mut RandomSource, len: u64) -> Result<Vec<u8>, airssys_wasm::Error> {
    if len > MAX_DRAW {
        return Err(airssys_wasm::Error::host(alloc::format!(
            "wasi:random: a draw of {len} bytes is over the limit of {MAX_DRAW}; ask for fewer bytes per call"
        )));
    }
    let mut bytes = vec![0; len as usize];
    source.fill_bytes(&mut bytes);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sources_repeat_and_draws_differ() {
        let (mut a, mut b) = (seeded(7), seeded(7));
        let first = draw(&mut a, 32).unwrap();
        assert_eq!(first, draw(&mut b, 32).unwrap());
        assert_ne!(first, draw(&mut a, 32).unwrap());
        assert!(draw(&mut a, MAX_DRAW + 1).is_err());
    }
}
