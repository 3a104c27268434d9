//! Scalars whose memory form needs no context to write or read: the building
//! block of bulk list copies for derived records whose fields are all scalars.

use super::{Lift, Lower};
use crate::trap::Trap;

/// A scalar (`bool`, integers, floats, `char`) whose canonical ABI memory
/// form is exactly its `SIZE32` bytes, written and read without a
/// [`LowerContext`](crate::LowerContext) or [`LiftContext`](crate::LiftContext).
///
/// `#[derive(Lower, Lift)]` on a record whose fields are all such scalars
/// overrides [`Lower::store_list`] and [`Lift::load_list`] with one bounds
/// check for the whole list and these per-field encodings, giving the same
/// bytes as storing element by element.
pub trait Plain: Lower + Lift + Copy {
    /// Writes the memory form into the first `SIZE32` bytes of `out`; the
    /// caller passes at least that many.
    fn put(self, out: &mut [u8]);

    /// Reads a value from the first `SIZE32` bytes of `bytes` (at least that
    /// many), checking it as `load` does (a `char` must be a scalar value).
    fn get(bytes: &[u8]) -> Result<Self, Trap>;
}
