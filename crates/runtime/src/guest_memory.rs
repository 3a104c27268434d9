//! The canonical ABI's view of a guest: a wasmi memory and `realloc`.

use crate::resources::HoldsResources;
use airssys_wasm_abi::{Memory, Trap};
use wasmi::{AsContextMut, Val};

/// A guest's memory and `realloc` reached through a wasmi store context.
/// Either may be absent (canonical options without `memory` or `realloc`):
/// then memory reads as empty, so any pointer traps as out of bounds, and
/// `realloc` traps.
pub(crate) struct GuestMemory<C> {
    pub(crate) ctx: C,
    /// The handle table of the instance whose memory this is: its
    /// `may_leave` is cleared while its `realloc` runs.
    pub(crate) instance: Option<usize>,
    pub(crate) memory: Option<wasmi::Memory>,
    pub(crate) realloc: Option<wasmi::Func>,
    /// The error of a `realloc` call that trapped, to report instead of the
    /// generic [`Trap::ReallocFailed`].
    pub(crate) realloc_error: Option<wasmi::Error>,
}

impl<C: AsContextMut> GuestMemory<C> {
    pub(crate) fn new(ctx: C, memory: Option<wasmi::Memory>, realloc: Option<wasmi::Func>) -> Self {
        GuestMemory { ctx, instance: None, memory, realloc, realloc_error: None }
    }

    /// This memory belongs to the instance with handle table `table`.
    pub(crate) fn of_instance(mut self, table: usize) -> Self {
        self.instance = Some(table);
        self
    }
}

impl<C> Memory for GuestMemory<C>
where
    C: AsContextMut,
    C::Data: HoldsResources,
{
    fn bytes(&self) -> &[u8] {
        match self.memory {
            Some(m) => m.data(self.ctx.as_context()),
            None => &[],
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        match self.memory {
            Some(m) => m.data_mut(self.ctx.as_context_mut()),
            None => &mut [],
        }
    }

    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32, Trap> {
        let Some(f) = self.realloc else { return Err(Trap::NoRealloc) };
        let args = [old_ptr, old_size, align, new_size].map(|v| Val::I32(v as i32));
        let mut out = [Val::I32(0)];
        // The guest's realloc may not call out of its instance.
        if let Some(i) = self.instance {
            self.ctx.as_context_mut().data_mut().resources_mut().set_may_leave(i, false);
        }
        let called = f.call(self.ctx.as_context_mut(), &args, &mut out);
        if let Some(i) = self.instance {
            self.ctx.as_context_mut().data_mut().resources_mut().set_may_leave(i, true);
        }
        match called {
            Ok(()) => match out[0] {
                Val::I32(p) => Ok(p as u32),
                _ => Err(Trap::ReallocFailed),
            },
            Err(e) => {
                self.realloc_error = Some(e);
                Err(Trap::ReallocFailed)
            }
        }
    }
}

/// Raw bits of a core value, as the canonical ABI's flat values hold them.
pub(crate) fn to_raw(v: &Val) -> u64 {
    match v {
        Val::I32(x) => u64::from(*x as u32),
        Val::I64(x) => *x as u64,
        Val::F32(f) => u64::from(f.to_bits()),
        Val::F64(f) => f.to_bits(),
        _ => 0,
    }
}

/// A core value of type `ty` from raw bits.
pub(crate) fn from_raw(raw: u64, ty: wasmi::ValType) -> Val {
    match ty {
        wasmi::ValType::I64 => Val::I64(raw as i64),
        wasmi::ValType::F32 => Val::F32(wasmi::F32::from_bits(raw as u32)),
        wasmi::ValType::F64 => Val::F64(wasmi::F64::from_bits(raw)),
        _ => Val::I32(raw as u32 as i32),
    }
}

/// The wasmi type of a flat type.
pub(crate) fn core_type(t: airssys_wasm_abi::FlatType) -> wasmi::ValType {
    match t {
        airssys_wasm_abi::FlatType::I32 => wasmi::ValType::I32,
        airssys_wasm_abi::FlatType::I64 => wasmi::ValType::I64,
        airssys_wasm_abi::FlatType::F32 => wasmi::ValType::F32,
        airssys_wasm_abi::FlatType::F64 => wasmi::ValType::F64,
    }
}
