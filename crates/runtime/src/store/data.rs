//! What a store holds: [`StoreData`], the functions it owns ([`FuncKind`]:
//! lifted exports and host functions) and the interface through which the
//! import gate calls a host function ([`HostCall`]). These refer to each
//! other (a host function is called with the store that holds it), so they
//! live in one file, below every module that calls them.

use crate::core_call::CoreCall;
use crate::error::{Error, ErrorKind};
use crate::guest_memory::GuestMemory;
use crate::prelude::*;
use crate::resources::{HoldsResources, Resources, Side};
use crate::store::instance::InstanceData;
use crate::store::task::{AsyncLift, TaskState};
use crate::store_id::StoreId;
use airssys_wasm_abi::Limits;
use airssys_wasm_abi::typed::HandleCheck;
use airssys_wasm_abi::{
    FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, Memory, Options, StringEncoding,
    TypeError, Val,
};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// What a store holds besides the host's data. Host functions reach it
/// through wasmi's `Caller`.
pub struct StoreData<T> {
    /// Which store this is; checked against every object handed in.
    pub(crate) id: StoreId,
    pub(crate) data: T,
    pub(crate) funcs: Vec<Arc<FuncKind<T>>>,
    pub(crate) instances: Vec<Arc<InstanceData>>,
    pub(crate) resources: Resources,
    pub(crate) abi_limits: Limits,
    /// The running task (`context.get`, `task.return`).
    pub(crate) task: TaskState,
    /// Capability tables, one per instance the linker created.
    pub(crate) capabilities: Vec<airssys_wasm_caps::CapabilityTable>,
    /// Whether imports are checked (`Config::capability_checks`).
    pub(crate) check_capabilities: bool,
    /// The capability table of the instance whose import call is running.
    pub(crate) calling: Option<usize>,
    /// Updated at every import call when set ([`crate::Store::set_fuel_gauge`]).
    pub(crate) fuel_gauge: Option<super::FuelGauge>,
}

impl<T> HoldsResources for StoreData<T> {
    fn resources_mut(&mut self) -> &mut Resources {
        &mut self.resources
    }
}

/// A core function lifted by `canon lift`, with its canonical options resolved.
pub(crate) struct LiftedFunc {
    pub(crate) core: wasmi::Func,
    /// The core signature, checked at `canon lift` and cached so that calls
    /// need not ask wasmi for it.
    pub(crate) core_params: Box<[wasmi::ValType]>,
    pub(crate) core_results: Box<[wasmi::ValType]>,
    pub(crate) core_call: CoreCall,
    pub(crate) ty: Arc<FuncType>,
    pub(crate) memory: Option<wasmi::Memory>,
    pub(crate) realloc: Option<wasmi::Func>,
    pub(crate) post_return: Option<wasmi::Func>,
    pub(crate) encoding: StringEncoding,
    /// The callee's handle table and resource numbering.
    pub(crate) side: Side,
    /// Whether parameters or results hold resource handles.
    pub(crate) has_handles: bool,
    /// Set for an `async` lift: the result comes through `task.return`.
    pub(crate) async_lift: Option<AsyncLift>,
    /// Whether a call needs a task of its own (`func::task::in_task`).
    pub(crate) runs_task: bool,
}

/// A host function from the linker, bound to the import's type.
pub(crate) struct HostFunc<T> {
    pub(crate) ty: Arc<FuncType>,
    pub(crate) call: Arc<dyn HostCall<T>>,
    /// The import it was linked as: interface (or bare name) and function,
    /// the names its capability checks use.
    pub(crate) origin: (Arc<str>, Arc<str>),
}

/// What a component function index stands for in a store.
pub(crate) enum FuncKind<T> {
    Lifted(Arc<LiftedFunc>),
    Host(HostFunc<T>),
}

impl<T> FuncKind<T> {
    pub(crate) fn ty(&self) -> &Arc<FuncType> {
        match self {
            FuncKind::Lifted(l) => &l.ty,
            FuncKind::Host(h) => &h.ty,
        }
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
    fn bound_store(&self) -> Option<StoreId> {
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

/// Lowers a host function's results into the caller (its memory, `realloc` and options).
#[inline]
pub(crate) fn lower_into_caller<T: 'static>(
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
