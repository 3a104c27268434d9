//! Typed host functions defined together, through one dispatcher
//! ([`LinkerInstance::func_dispatch`](crate::LinkerInstance::func_dispatch)):
//! what `bindgen!` generates for each imported interface.
//!
//! Each function defined with [`func_wrap`](crate::LinkerInstance::func_wrap)
//! is compiled on its own: its own call, type check, handle check and
//! vtable, and its own registration code. A [`HostDispatch`] instead names
//! its functions in one static table ([`DispatchedFunc`]: a WIT name and a
//! typed signature, checked per signature rather than per function) and
//! runs them from one `match` on the function's index; the linker defines
//! each of them as its own import all the same (its own name, type check,
//! handle check and capability checks). On a microcontroller serving an
//! interface as large as WASI's this saves several KiB of flash.

use crate::error::Error;
use crate::func::host::{typed_to_vals, vals_to_typed};
use crate::prelude::*;
use crate::store::{HostCall, StoreContextMut, StoreData};
use airssys_wasm_abi::typed::{ComponentList, HandleCheck, Lift, Lower};
use airssys_wasm_abi::{TypeError, Val};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// One function of a [`HostDispatch`]: its name and its typed signature,
/// parameters `P` and results `R` (tuples, as
/// [`func_wrap`](crate::LinkerInstance::func_wrap)'s), against which the
/// import's type is checked at instantiation exactly as for `func_wrap`.
/// Made in constant context, so a dispatcher's table is a `const`.
#[derive(Clone, Copy)]
pub struct DispatchedFunc {
    name: &'static str,
    typecheck: fn(&FuncType) -> Result<(), TypeError>,
    check_handles: fn(&FuncType, &mut HandleCheck<'_>) -> Result<(), TypeError>,
    /// The Rust parameter tuple's type name, for link errors (with `std`
    /// only, as for `func_wrap`).
    #[cfg(feature = "std")]
    params: fn() -> &'static str,
}

impl DispatchedFunc {
    /// Function `name` (the import's name within its instance, such as
    /// `[method]descriptor.read`) taking `P` and returning `R`.
    pub const fn new<P, R>(name: &'static str) -> Self
    where
        P: Lift + ComponentList,
        R: Lower + ComponentList,
    {
        DispatchedFunc {
            name,
            typecheck: typecheck::<P, R>,
            check_handles: check_handles::<P, R>,
            #[cfg(feature = "std")]
            params: core::any::type_name::<P>,
        }
    }

    /// The function's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl core::fmt::Debug for DispatchedFunc {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DispatchedFunc").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Checks a typed signature against an import's type (compiled once per
/// signature, shared by every function that has it).
fn typecheck<P: ComponentList, R: ComponentList>(ty: &FuncType) -> Result<(), TypeError> {
    P::typecheck_list(ty.params().types())?;
    R::typecheck_list(ty.results().types())
}

/// Holds a typed signature's resource handles to an import's resource types.
fn check_handles<P: ComponentList, R: ComponentList>(
    ty: &FuncType,
    check: &mut HandleCheck<'_>,
) -> Result<(), TypeError> {
    P::check_handles_list(ty.params().types(), check)?;
    R::check_handles_list(ty.results().types(), check)
}

/// Typed host functions that one value runs, chosen by index: the
/// functions of one imported interface, as `bindgen!` generates them.
/// Define them with
/// [`LinkerInstance::func_dispatch`](crate::LinkerInstance::func_dispatch).
///
/// Calls always take the shared path through dynamic values, even with the
/// `fast-calls` feature (where a `func_wrap` function lifts and lowers its
/// own flat values): a dispatcher trades that speed for one copy of the
/// call code.
///
/// ```
/// use airssys_wasm::{DispatchCall, DispatchedFunc, Error, HostDispatch, Linker, Val};
///
/// /// `add` and `negate` of `example:math/ops`, on a running total in the store.
/// struct Ops;
///
/// impl HostDispatch<i64> for Ops {
///     fn functions(&self) -> &'static [DispatchedFunc] {
///         const FUNCS: &[DispatchedFunc] =
///             &[DispatchedFunc::new::<(i64,), (i64,)>("add"), DispatchedFunc::new::<(i64,), (i64,)>("negate")];
///         FUNCS
///     }
///
///     fn call(&self, index: usize, call: DispatchCall<'_, i64>) -> Result<Vec<Val>, Error> {
///         match index {
///             0 => call.run(|mut cx, (x,): (i64,)| {
///                 *cx.data_mut() += x;
///                 Ok((*cx.data(),))
///             }),
///             1 => call.run(|_, (x,): (i64,)| Ok((-x,))),
///             _ => Err(call.unknown(index)),
///         }
///     }
/// }
///
/// let mut linker = Linker::<i64>::new();
/// linker.instance("example:math/ops")?.func_dispatch(Ops)?;
/// # Ok::<(), Error>(())
/// ```
pub trait HostDispatch<T>: Send + Sync + 'static {
    /// The functions, in index order: [`HostDispatch::call`] gets index
    /// `i` for the `i`-th. Their names must differ.
    fn functions(&self) -> &'static [DispatchedFunc];

    /// Runs function `index` (of [`HostDispatch::functions`]), typically
    /// with [`DispatchCall::run`], whose `P` and `R` must be the ones the
    /// table gives that function: the import was checked against those (a
    /// different `P` fails the call, or reads the arguments as another type
    /// of the same shape). An index it does not know is answered with
    /// [`DispatchCall::unknown`].
    fn call(&self, index: usize, call: DispatchCall<'_, T>) -> Result<Vec<Val>, Error>;
}

/// One call of a [`HostDispatch`] function: the store, the import's type
/// and the arguments as dynamic values.
pub struct DispatchCall<'a, T> {
    ctx: wasmi::StoreContextMut<'a, StoreData<T>>,
    ty: &'a FuncType,
    args: &'a [Val],
}

impl<T: 'static> DispatchCall<'_, T> {
    /// Runs `f` with the arguments as the Rust tuple `P` (the signature's
    /// parameters) and returns its results `R` as values of the import's
    /// result types, as a [`func_wrap`](crate::LinkerInstance::func_wrap)
    /// function would.
    #[inline]
    pub fn run<P, R, F>(self, f: F) -> Result<Vec<Val>, Error>
    where
        P: Lift,
        R: Lower,
        F: FnOnce(StoreContextMut<'_, T>, P) -> Result<R, Error>,
    {
        let mut ctx = self.ctx;
        let params: P = vals_to_typed(ctx.data(), self.ty.params(), self.args)?;
        let results = f(StoreContextMut(ctx.as_context_mut()), params)?;
        typed_to_vals(ctx.data(), self.ty.results(), &results)
    }

    /// The error for a function index the dispatcher does not know (its
    /// table and its `call` disagree).
    #[inline(never)]
    pub fn unknown(self, index: usize) -> Error {
        Error::host(format!("the host dispatcher has no function {index}: its table and its `call` disagree"))
    }
}

/// A function of a [`HostDispatch`] as the import gate calls it: one
/// implementation of [`HostCall`] for every dispatcher of a store type.
pub(crate) struct Dispatched<T> {
    pub(crate) dispatch: Arc<dyn HostDispatch<T>>,
    pub(crate) index: usize,
    pub(crate) func: &'static DispatchedFunc,
}

impl<T: 'static> HostCall<T> for Dispatched<T> {
    fn typecheck(&self, ty: &FuncType) -> Result<(), TypeError> {
        (self.func.typecheck)(ty)
    }

    /// As a `func_wrap` function's: with `std`, names the Rust parameter
    /// tuple; without it only says that the function is typed.
    fn describe(&self) -> String {
        #[cfg(feature = "std")]
        return format!("a typed host function taking {}", (self.func.params)());
        #[cfg(not(feature = "std"))]
        return "a typed host function".into();
    }

    fn check_handles(&self, ty: &FuncType, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        (self.func.check_handles)(ty, check)
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        self.dispatch.call(self.index, DispatchCall { ctx, ty, args })
    }
}
