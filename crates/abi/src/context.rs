//! The state one lift or one lower carries: memory, options and the caps
//! (CanonicalABI.md, "Lifting and Lowering Context").

use crate::memory::Memory;
use crate::options::{Limits, Options, StringEncoding};
use crate::prelude::*;
use crate::string::StringHint;
use crate::trap::{Access, Trap};
use core::any::Any;

fn out_of_bounds(ptr: u64, len: u64, memory_size: usize) -> Trap {
    Trap::OutOfBounds { ptr, len, memory_size: memory_size as u64, access: Access::Value }
}

/// Checks that `ptr .. ptr + len` lies inside a memory of `size` bytes and
/// returns the range as `usize`s.
#[inline]
pub(crate) fn checked_range(ptr: u32, len: u64, size: usize) -> Result<core::ops::Range<usize>, Trap> {
    let end = u64::from(ptr) + len;
    if end > size as u64 {
        return Err(out_of_bounds(u64::from(ptr), len, size));
    }
    // `end <= size`, so both fit in usize.
    Ok(ptr as usize..end as usize)
}

/// Traps unless `ptr` is a multiple of `align`.
#[inline]
pub(crate) fn check_aligned(ptr: u32, align: u32) -> Result<(), Trap> {
    if ptr & (align - 1) != 0 {
        return Err(Trap::Misaligned { ptr, align, access: Access::Value });
    }
    Ok(())
}

/// Lifting state: the source memory (read-only), the options, and how much
/// of the lift budget is left.
#[derive(Debug)]
pub struct LiftContext<'a> {
    memory: &'a [u8],
    encoding: StringEncoding,
    limits: Limits,
    budget_left: u64,
    /// The hints of the strings lifted so far, when recording.
    hints: Option<Vec<StringHint>>,
    /// The embedder's state for handle types (see [`LiftContext::with_handle_env`]).
    handle_env: Option<&'a dyn Any>,
}

impl<'a> LiftContext<'a> {
    /// A context lifting out of `memory` under `options`.
    #[inline]
    pub fn new(memory: &'a [u8], options: &Options) -> Self {
        let limits = options.limits.clamped();
        LiftContext {
            memory,
            encoding: options.encoding,
            limits,
            budget_left: limits.max_lift_bytes,
            hints: None,
            handle_env: None,
        }
    }

    /// Lends `env`, state of the embedder, to the typed handle types that
    /// this lift reads ([`typed::Lift`](crate::typed::Lift) implementations
    /// reach it through [`LiftContext::handle_env`] and downcast it): a
    /// handle in the flat values is only a table index, and the embedder
    /// knows what the index stands for. Without it such types trap.
    ///
    /// ```
    /// use airssys_wasm_abi::{LiftContext, Options};
    ///
    /// struct Names(Vec<&'static str>);
    /// let names = Names(vec!["a", "b"]);
    /// let cx = LiftContext::new(&[], &Options::default()).with_handle_env(&names);
    /// let env = cx.handle_env().and_then(|e| e.downcast_ref::<Names>());
    /// assert_eq!(env.map(|n| n.0[1]), Some("b"));
    /// ```
    pub fn with_handle_env(mut self, env: &'a dyn Any) -> Self {
        self.handle_env = Some(env);
        self
    }

    /// The state lent by [`LiftContext::with_handle_env`], if any.
    #[inline]
    pub fn handle_env(&self) -> Option<&'a dyn Any> {
        self.handle_env
    }

    /// Records the [`StringHint`] of every string the dynamic lift reads, in
    /// order, so that lowering the same values elsewhere can repeat the
    /// reference's `realloc` sequence for their source encoding (see
    /// [`LowerContext::with_string_hints`]).
    pub fn record_string_hints(mut self) -> Self {
        self.hints = Some(Vec::new());
        self
    }

    /// The hints recorded so far (empty when not recording).
    pub fn take_string_hints(&mut self) -> Vec<StringHint> {
        self.hints.as_mut().map(core::mem::take).unwrap_or_default()
    }

    /// Records `hint` when recording. A guest decides how many strings one
    /// lift reads, so the record grows fallibly.
    #[inline]
    pub(crate) fn note_hint(&mut self, hint: StringHint) -> Result<(), Trap> {
        if let Some(h) = &mut self.hints {
            if h.try_reserve(1).is_err() {
                let bytes = (h.len() as u64 + 1).saturating_mul(core::mem::size_of::<StringHint>() as u64);
                return Err(Trap::OutOfHostMemory { bytes });
            }
            h.push(hint);
        }
        Ok(())
    }

    /// The string encoding of the source.
    #[inline]
    pub fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    /// The caps in force.
    #[inline]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The source memory.
    #[inline]
    pub fn memory(&self) -> &'a [u8] {
        self.memory
    }

    /// Charges `bytes` to the lift budget, trapping when it runs out. Called
    /// before the host allocates anything for a string or list.
    #[inline]
    pub(crate) fn charge(&mut self, bytes: u64) -> Result<(), Trap> {
        match self.budget_left.checked_sub(bytes) {
            Some(left) => {
                self.budget_left = left;
                Ok(())
            }
            None => Err(Trap::LiftBudgetExceeded { budget: self.limits.max_lift_bytes }),
        }
    }

    /// The `len` bytes at `ptr`, bounds-checked.
    #[inline]
    pub fn slice(&self, ptr: u32, len: u64) -> Result<&'a [u8], Trap> {
        let range = checked_range(ptr, len, self.memory.len())?;
        Ok(&self.memory[range])
    }

    /// The `N` bytes at `ptr`, bounds-checked.
    #[inline]
    pub fn array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Trap> {
        let s = self.slice(ptr, N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    /// The little-endian `u8` at `ptr`.
    #[inline]
    pub fn read_u8(&self, ptr: u32) -> Result<u8, Trap> {
        Ok(u8::from_le_bytes(self.array(ptr)?))
    }
    /// The little-endian `u16` at `ptr`.
    #[inline]
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Trap> {
        Ok(u16::from_le_bytes(self.array(ptr)?))
    }
    /// The little-endian `u32` at `ptr`.
    #[inline]
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Trap> {
        Ok(u32::from_le_bytes(self.array(ptr)?))
    }
    /// The little-endian `u64` at `ptr`.
    #[inline]
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Trap> {
        Ok(u64::from_le_bytes(self.array(ptr)?))
    }

    /// Reads an unsigned integer of `size` (1, 2 or 4) bytes: discriminants and flags.
    #[inline]
    pub fn read_uint(&self, ptr: u32, size: u32) -> Result<u32, Trap> {
        match size {
            1 => self.read_u8(ptr).map(u32::from),
            2 => self.read_u16(ptr).map(u32::from),
            _ => self.read_u32(ptr),
        }
    }

    /// Checks a list's byte length against the cap and the memory, charges
    /// it to the budget, and returns its bytes (`load_list_from_range`'s checks).
    pub(crate) fn list_bytes(&mut self, ptr: u32, len: u32, elem_size: u32, elem_align: u32) -> Result<&'a [u8], Trap> {
        let bytes = u64::from(len) * u64::from(elem_size);
        if bytes > u64::from(self.limits.max_list_bytes) {
            return Err(Trap::ListTooLong { bytes, cap: self.limits.max_list_bytes });
        }
        check_aligned(ptr, elem_align).map_err(|t| t.at(Access::List))?;
        let s = self.slice(ptr, bytes).map_err(|t| t.at(Access::List))?;
        self.charge(bytes)?;
        Ok(s)
    }
}

/// Lowering state: the destination memory with its `realloc`, and the options.
#[derive(Debug)]
pub struct LowerContext<'a, M: Memory + ?Sized> {
    memory: &'a mut M,
    encoding: StringEncoding,
    limits: Limits,
    /// Hints for the strings to lower, in order, and how many were used.
    hints: Vec<StringHint>,
    next_hint: usize,
    /// The embedder's state for handle types (see [`LowerContext::with_handle_env`]).
    handle_env: Option<&'a mut dyn Any>,
}

impl<'a, M: Memory + ?Sized> LowerContext<'a, M> {
    /// A context lowering into `memory` under `options`.
    #[inline]
    pub fn new(memory: &'a mut M, options: &Options) -> Self {
        LowerContext {
            memory,
            encoding: options.encoding,
            limits: options.limits.clamped(),
            hints: Vec::new(),
            next_hint: 0,
            handle_env: None,
        }
    }

    /// Lends `env`, state of the embedder, to the typed handle types that
    /// this lower writes ([`typed::Lower`](crate::typed::Lower)
    /// implementations reach it through [`LowerContext::handle_env`] and
    /// downcast it), for instance to record which handles were given.
    ///
    /// ```
    /// use airssys_wasm_abi::{BumpMemory, LowerContext, Memory, Options};
    ///
    /// let mut memory = BumpMemory::new(16, 8);
    /// let mut given: Vec<u32> = Vec::new();
    /// let options = Options::default();
    /// let mut cx = LowerContext::new(&mut memory as &mut dyn Memory, &options).with_handle_env(&mut given);
    /// if let Some(log) = cx.handle_env().and_then(|e| e.downcast_mut::<Vec<u32>>()) {
    ///     log.push(7);
    /// }
    /// drop(cx);
    /// assert_eq!(given, [7]);
    /// ```
    pub fn with_handle_env(mut self, env: &'a mut dyn Any) -> Self {
        self.handle_env = Some(env);
        self
    }

    /// The state lent by [`LowerContext::with_handle_env`], if any.
    #[inline]
    pub fn handle_env(&mut self) -> Option<&mut dyn Any> {
        match &mut self.handle_env {
            Some(env) => Some(&mut **env),
            None => None,
        }
    }

    /// Lowers the strings of dynamic values with these hints, in order (as
    /// [`LiftContext::record_string_hints`] recorded them for the same
    /// values), instead of as UTF-8 host strings. A hint that does not fit
    /// its string is ignored.
    pub fn with_string_hints(mut self, hints: Vec<StringHint>) -> Self {
        self.hints = hints;
        self.next_hint = 0;
        self
    }

    /// The hint for the next string to lower, if one was given and fits `text`.
    #[inline]
    pub(crate) fn next_hint(&mut self, text: &str) -> Option<StringHint> {
        let hint = *self.hints.get(self.next_hint)?;
        self.next_hint += 1;
        hint.describes(text).then_some(hint)
    }

    /// The string encoding of the destination.
    #[inline]
    pub fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    /// The caps in force.
    #[inline]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The destination memory.
    #[inline]
    pub fn memory(&mut self) -> &mut M {
        self.memory
    }

    /// `realloc(old_ptr, old_size, align, new_size)` in the destination.
    #[inline]
    pub fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32, Trap> {
        self.memory.realloc(old_ptr, old_size, align, new_size)
    }

    /// `allocate(align, size)`: a fresh `realloc(0, 0, align, size)` whose
    /// result is checked for alignment and bounds, as the specification does
    /// after every allocation.
    #[inline]
    pub fn allocate(&mut self, align: u32, size: u32) -> Result<u32, Trap> {
        let ptr = self.realloc(0, 0, align, size)?;
        self.check_allocation(ptr, align, size)?;
        Ok(ptr)
    }

    /// Checks a pointer returned by `realloc`.
    #[inline]
    pub(crate) fn check_allocation(&self, ptr: u32, align: u32, size: u32) -> Result<(), Trap> {
        check_aligned(ptr, align).map_err(|t| t.at(Access::Realloc))?;
        checked_range(ptr, u64::from(size), self.memory.bytes().len()).map_err(|t| t.at(Access::Realloc))?;
        Ok(())
    }

    /// The `len` bytes at `ptr`, writable and bounds-checked.
    #[inline]
    pub fn slice_mut(&mut self, ptr: u32, len: u64) -> Result<&mut [u8], Trap> {
        let bytes = self.memory.bytes_mut();
        let range = checked_range(ptr, len, bytes.len())?;
        Ok(&mut bytes[range])
    }

    /// Writes `bytes` at `ptr`.
    #[inline]
    pub fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), Trap> {
        self.slice_mut(ptr, bytes.len() as u64)?.copy_from_slice(bytes);
        Ok(())
    }

    /// Writes an unsigned integer of `size` (1, 2 or 4) bytes: discriminants and flags.
    #[inline]
    pub fn write_uint(&mut self, ptr: u32, size: u32, v: u32) -> Result<(), Trap> {
        match size {
            1 => self.write(ptr, &(v as u8).to_le_bytes()),
            2 => self.write(ptr, &(v as u16).to_le_bytes()),
            _ => self.write(ptr, &v.to_le_bytes()),
        }
    }

    /// Allocates room for a list of `len` elements, checking the cap first
    /// (`store_list_into_range`'s allocation).
    pub(crate) fn allocate_list(&mut self, len: usize, elem_size: u32, elem_align: u32) -> Result<u32, Trap> {
        let bytes = (len as u64).saturating_mul(u64::from(elem_size));
        if bytes > u64::from(self.limits.max_list_bytes) {
            return Err(Trap::ListTooLong { bytes, cap: self.limits.max_list_bytes });
        }
        // bytes <= 2^28 - 1, so it fits in u32.
        self.allocate(elem_align, bytes as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::BumpMemory;

    #[test]
    fn reads_are_bounds_checked() {
        let mem = [1u8, 2, 3, 4, 5];
        let cx = LiftContext::new(&mem, &Options::default());
        assert_eq!(cx.read_u32(1), Ok(0x0504_0302));
        assert_eq!(cx.read_u32(2), Err(Trap::OutOfBounds { ptr: 2, len: 4, memory_size: 5, access: Access::Value }));
        assert_eq!(
            cx.slice(u32::MAX, 2).map(|s| s.len()),
            Err(Trap::OutOfBounds { ptr: u64::from(u32::MAX), len: 2, memory_size: 5, access: Access::Value })
        );
    }

    #[test]
    fn budget_is_charged_and_exhausted() {
        let mem = [0u8; 64];
        let options = Options { limits: Limits { max_lift_bytes: 10, ..Limits::default() }, ..Options::default() };
        let mut cx = LiftContext::new(&mem, &options);
        assert!(cx.list_bytes(0, 8, 1, 1).is_ok());
        assert_eq!(cx.list_bytes(0, 8, 1, 1).map(|s| s.len()), Err(Trap::LiftBudgetExceeded { budget: 10 }));
    }

    #[test]
    fn list_checks_run_in_specification_order() {
        let mem = [0u8; 64];
        let options = Options { limits: Limits::uniform(16), ..Options::default() };
        let mut cx = LiftContext::new(&mem, &options);
        assert_eq!(cx.list_bytes(1, 5, 4, 4).map(|s| s.len()), Err(Trap::ListTooLong { bytes: 20, cap: 16 }));
        assert_eq!(
            cx.list_bytes(2, 2, 4, 4).map(|s| s.len()),
            Err(Trap::Misaligned { ptr: 2, align: 4, access: Access::List })
        );
        assert_eq!(
            cx.list_bytes(60, 2, 4, 4).map(|s| s.len()),
            Err(Trap::OutOfBounds { ptr: 60, len: 8, memory_size: 64, access: Access::List })
        );
    }

    #[test]
    fn allocations_are_checked_for_alignment_and_bounds() {
        let mut mem = BumpMemory::new(16, 1);
        let mut cx = LowerContext::new(&mut mem, &Options::default());
        assert_eq!(cx.allocate(4, 4), Ok(4));
        assert_eq!(
            cx.allocate(1, 16),
            Err(Trap::OutOfBounds { ptr: 8, len: 16, memory_size: 16, access: Access::Realloc })
        );
        assert_eq!(cx.allocate_list(1 << 28, 1, 1), Err(Trap::ListTooLong { bytes: 1 << 28, cap: (1 << 28) - 1 }));
    }
}
