//! Host allocations whose size the guest decides: the elements of a lifted
//! list, the text of a lifted string. Lengths are checked against memory
//! bounds and the caps of [`Limits`](crate::Limits) first, yet a list of
//! 2^28 one-byte elements still lifts into gigabytes of [`Val`](crate::Val)s.
//! So these allocations use `try_reserve`: a host that runs out of memory
//! traps the call ([`Trap::OutOfHostMemory`]) instead of aborting.

use crate::prelude::*;
use crate::trap::Trap;

/// The trap for `len` elements of `T` that could not be allocated.
fn out_of_memory<T>(len: usize) -> Trap {
    let bytes = (len as u64).saturating_mul(core::mem::size_of::<T>() as u64);
    Trap::OutOfHostMemory { bytes }
}

/// An empty vector with room for exactly `len` elements.
pub fn vec_for<T>(len: usize) -> Result<Vec<T>, Trap> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| out_of_memory::<T>(len))?;
    Ok(v)
}

/// An empty string with room for exactly `bytes` bytes.
pub(crate) fn string_for(bytes: usize) -> Result<String, Trap> {
    let mut s = String::new();
    s.try_reserve_exact(bytes).map_err(|_| out_of_memory::<u8>(bytes))?;
    Ok(s)
}

/// Makes room for `additional` more bytes in `s`, amortized like `push`.
#[inline]
pub(crate) fn reserve(s: &mut String, additional: usize) -> Result<(), Trap> {
    s.try_reserve(additional).map_err(|_| out_of_memory::<u8>(s.len().saturating_add(additional)))
}

/// A copy of `bytes` on the heap.
pub(crate) fn copy(bytes: &[u8]) -> Result<Vec<u8>, Trap> {
    let mut v = vec_for(bytes.len())?;
    v.extend_from_slice(bytes);
    Ok(v)
}

#[cfg(test)]
mod tests;
