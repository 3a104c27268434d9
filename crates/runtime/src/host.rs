//! Host functions: how the import gate lifts arguments for them and lowers
//! their results, dynamically (`func_new`) or typed (`func_wrap`).

use crate::error::{Error, ErrorKind};
use crate::guest_memory::GuestMemory;
use crate::prelude::*;
use crate::resources::HOST_TABLE;
use crate::store::StoreData;
use airssys_wasm_abi::typed::{self, ComponentList, HandleCheck, Lift, Lower};
use airssys_wasm_abi::{
    BumpMemory, FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, Memory, Options, TypeError,
    Val, ValueList,
};
use airssys_wasm_component::FuncType;
use core::marker::PhantomData;
use wasmi::AsContextMut;

/// The store as a host function sees it: the host data, mutably.
pub struct StoreContextMut<'a, T>(pub(crate) wasmi::StoreContextMut<'a, StoreData<T>>);

impl<T> StoreContextMut<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.0.data().data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.0.data_mut().data
    }

    /// The capability table of the instance whose import call is running
    /// this host function: grant, narrow or revoke from inside a call; the
    /// change takes effect at the instance's next import call. `None` when
    /// no guest import call is running (or checks are off).
    pub fn caller_capabilities_mut(&mut self) -> Option<&mut airssys_wasm_caps::CapabilityTable> {
        let caps = self.0.data().calling?;
        self.0.data_mut().capabilities.get_mut(caps)
    }

    /// The representation behind handle `index` of the host's table: an
    /// owning handle of a component-defined resource that a guest passed to
    /// the host as [`Val::Own`].
    pub fn resource_rep(&mut self, index: u32) -> Result<u32, Error> {
        Ok(self.0.data_mut().resources.table(HOST_TABLE)?.get(index)?.rep)
    }

    /// Drops handle `index` of the host's table (a component-defined
    /// resource); an owning handle runs the component's destructor.
    pub fn resource_drop(&mut self, index: u32) -> Result<(), Error> {
        let resources = &mut self.0.data_mut().resources;
        // Checked before anything changes: a drop that fails leaves the
        // handle in place, so its owner can still drop it later.
        let h = *resources.table(HOST_TABLE)?.get(index)?;
        if h.lends != 0 {
            return Err(Error::from(crate::error::ErrorKind::Trap(wasmi::Error::new(
                "cannot remove owned resource while borrowed",
            ))));
        }
        resources.table(HOST_TABLE)?.remove(index)?;
        let dtor = if h.own { resources.types.get(h.rt).and_then(|t| t.dtor) } else { None };
        if let Some(dtor) = dtor {
            dtor.call(&mut self.0, &[wasmi::Val::I32(h.rep as i32)], &mut []).map_err(crate::error::from_wasmi)?;
        }
        Ok(())
    }
}

/// The caller's side of an import call: its memory, `realloc` and options.
pub(crate) struct CallerSide {
    /// The caller's handle table (its instance).
    pub(crate) table: usize,
    pub(crate) memory: Option<wasmi::Memory>,
    pub(crate) realloc: Option<wasmi::Func>,
    pub(crate) options: Options,
}

/// A host function as the import gate calls it.
pub(crate) trait HostCall<T>: Send + Sync {
    /// Checks the function against the type the component imports it as.
    fn typecheck(&self, ty: &FuncType) -> Result<(), TypeError>;

    /// A description of the function's type, for link errors.
    fn describe(&self) -> String;

    /// Holds the typed resource handles of the function's Rust signature
    /// to `ty` (see `ComponentType::check_handles`); dynamic functions have
    /// none to check.
    fn check_handles(&self, ty: &FuncType, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        let _ = (ty, check);
        Ok(())
    }

    /// The store the definition belongs to, if it is bound to one (an
    /// export of another instance); linking it into any other store fails.
    fn bound_store(&self) -> Option<crate::store::StoreId> {
        None
    }

    /// Called from a guest: lift the flat arguments from the caller, run,
    /// lower the results into the caller (at `out_param` if they spill).
    /// By default through values: lifts the arguments, runs
    /// [`HostCall::call_vals`], lowers the results back.
    fn call_flat(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        caller: &CallerSide,
        flat: &[u64],
        out_param: Option<u32>,
        out: &mut FlatWriter<'_>,
    ) -> Result<(), Error>
    where
        T: 'static,
    {
        let params = {
            let bytes = caller.memory.map_or(&[][..], |m| m.data(&ctx));
            ty.params().lift(&mut LiftContext::new(bytes, &caller.options), flat, MAX_FLAT_PARAMS)?
        };
        let results = self.call_vals(ctx.as_context_mut(), ty, &params)?;
        lower_into_caller(ctx, caller, |cx| ty.results().lower(cx, &results, MAX_FLAT_RESULTS, out_param, out))
    }

    /// Called with dynamic values (from the host, or from another component).
    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error>;
}

fn lower_into_caller<T: 'static>(
    ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    caller: &CallerSide,
    lower: impl FnOnce(&mut LowerContext<'_, dyn Memory + '_>) -> Result<(), airssys_wasm_abi::Trap>,
) -> Result<(), Error> {
    let mut mem = GuestMemory::new(ctx, caller.memory, caller.realloc).of_instance(caller.table);
    let result = lower(&mut LowerContext::new(&mut mem as &mut dyn Memory, &caller.options));
    match (result, mem.realloc_error.take()) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(e)) => Err(crate::error::from_wasmi(e)),
        (Err(t), None) => Err(Error::from(ErrorKind::Abi(t))),
    }
}

/// `func_new`: the closure sees and returns dynamic values.
pub(crate) struct DynamicHost<F>(pub(crate) F);

impl<T: 'static, F> HostCall<T> for DynamicHost<F>
where
    F: Fn(StoreContextMut<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync,
{
    fn typecheck(&self, _ty: &FuncType) -> Result<(), TypeError> {
        Ok(())
    }

    fn describe(&self) -> String {
        "a dynamic host function".into()
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        let mut results = vec![Val::Bool(false); ty.results().types().len()];
        (self.0)(StoreContextMut(ctx), args, &mut results)?;
        Ok(results)
    }
}

/// `func_wrap`: the closure takes and returns Rust tuples.
pub(crate) struct TypedHost<F, P, R> {
    pub(crate) func: F,
    pub(crate) _marker: PhantomData<fn(P) -> R>,
}

impl<T: 'static, F, P, R> HostCall<T> for TypedHost<F, P, R>
where
    F: Fn(StoreContextMut<'_, T>, P) -> Result<R, Error> + Send + Sync,
    P: Lift + ComponentList,
    R: Lower + ComponentList,
{
    fn typecheck(&self, ty: &FuncType) -> Result<(), TypeError> {
        P::typecheck_list(ty.params().types())?;
        R::typecheck_list(ty.results().types())
    }

    fn describe(&self) -> String {
        format!("a typed host function taking {}", core::any::type_name::<P>())
    }

    fn check_handles(&self, ty: &FuncType, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        P::check_handles_list(ty.params().types(), check)?;
        R::check_handles_list(ty.results().types(), check)
    }

    fn call_flat(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        _ty: &FuncType,
        caller: &CallerSide,
        flat: &[u64],
        out_param: Option<u32>,
        out: &mut FlatWriter<'_>,
    ) -> Result<(), Error> {
        let params: P = {
            let bytes = caller.memory.map_or(&[][..], |m| m.data(&ctx));
            typed::lift_values(&mut LiftContext::new(bytes, &caller.options), flat, MAX_FLAT_PARAMS)?
        };
        let results = (self.func)(StoreContextMut(ctx.as_context_mut()), params)?;
        lower_into_caller(ctx, caller, |cx| typed::lower_values(cx, &results, MAX_FLAT_RESULTS, out_param, out))
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        let params: P = vals_to_typed(ty.params(), args)?;
        let results = (self.func)(StoreContextMut(ctx), params)?;
        typed_to_vals(ty.results(), &results)
    }
}

/// Converts dynamic values to a typed tuple by lowering them into a scratch
/// memory and lifting them back typed (used only off the hot path).
pub(crate) fn vals_to_typed<P: Lift>(list: &ValueList, vals: &[Val]) -> Result<P, Error> {
    let opts = Options::default();
    let mut scratch = BumpMemory::scratch(8);
    let mut slots = vec![0u64; list.layout().flat_count as usize + 1];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut scratch as &mut dyn Memory, &opts), vals, usize::MAX, None, &mut flat)?;
    let n = flat.len();
    Ok(typed::lift_values(&mut LiftContext::new(scratch.bytes(), &opts), &slots[..n], usize::MAX)?)
}

/// Converts a typed tuple to dynamic values, the inverse of [`vals_to_typed`].
pub(crate) fn typed_to_vals<R: Lower>(list: &ValueList, value: &R) -> Result<Vec<Val>, Error> {
    let opts = Options::default();
    let mut scratch = BumpMemory::scratch(8);
    let mut slots = vec![0u64; R::FLAT_COUNT + 1];
    let mut flat = FlatWriter::new(&mut slots);
    typed::lower_values(
        &mut LowerContext::new(&mut scratch as &mut dyn Memory, &opts),
        value,
        usize::MAX,
        None,
        &mut flat,
    )?;
    let n = flat.len();
    Ok(list.lift(&mut LiftContext::new(scratch.bytes(), &opts), &slots[..n], usize::MAX)?)
}
