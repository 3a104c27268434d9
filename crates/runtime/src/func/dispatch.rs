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
use airssys_wasm_abi::typed::{ComponentList, HandleCheck, Lift, Lower, Shape};
use airssys_wasm_abi::{TypeError, Val};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;
#[cfg(feature = "fast-calls")]
use {
    crate::func::host::call_typed_flat,
    crate::store::CallerSide,
    crate::store::data::lower_into_caller,
    airssys_wasm_abi::{FlatWriter, MAX_FLAT_RESULTS},
};

/// One function of a [`HostDispatch`]: its name and its typed signature,
/// parameters `P` and results `R` (tuples, as
/// [`func_wrap`](crate::LinkerInstance::func_wrap)'s), against which the
/// import's type is checked at instantiation exactly as for `func_wrap`.
/// Made in constant context, so a dispatcher's table is a `const`.
#[derive(Clone, Copy)]
pub struct DispatchedFunc {
    name: &'static str,
    /// The parameter tuple's shape: the signature is checked as data, so a
    /// dispatcher adds no type-checking code per signature.
    params: &'static Shape,
    /// The result tuple's shape.
    results: &'static Shape,
    /// The Rust parameter tuple's type name, for link errors (with `std`
    /// only, as for `func_wrap`).
    #[cfg(feature = "std")]
    params_name: fn() -> &'static str,
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
            params: P::SHAPE,
            results: R::SHAPE,
            #[cfg(feature = "std")]
            params_name: core::any::type_name::<P>,
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

/// Typed host functions that one value runs, chosen by index: the
/// functions of one imported interface, as `bindgen!` generates them.
/// Define them with
/// [`LinkerInstance::func_dispatch`](crate::LinkerInstance::func_dispatch).
///
/// Calls take the shared path through dynamic values; with the `fast-calls`
/// feature, a guest's call of a function without resource handles lifts
/// the arguments and lowers the results straight from and into the guest,
/// as for `func_wrap` functions ([`DispatchCall::run`] does either).
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
    /// [`DispatchCall::unknown`]. Returns what `run` returns (the results
    /// as values, or none when `run` lowered them into the calling guest),
    /// or values of the import's result types that it made itself.
    fn call(&self, index: usize, call: DispatchCall<'_, T>) -> Result<Vec<Val>, Error>;
}

/// One call of a [`HostDispatch`] function: the store, the import's type
/// and the arguments (dynamic values, or with `fast-calls` a guest's flat
/// values).
pub struct DispatchCall<'a, T> {
    ctx: wasmi::StoreContextMut<'a, StoreData<T>>,
    ty: &'a FuncType,
    args: Args<'a>,
}

/// The arguments of a [`DispatchCall`].
enum Args<'a> {
    /// As dynamic values (from the host, or from another component).
    Vals(&'a [Val]),
    /// Flat, from a guest (`fast-calls`).
    #[cfg(feature = "fast-calls")]
    Flat(FlatCall<'a>),
}

/// A guest's call: its side of the call, the flat arguments, where spilled
/// results go, and the flat results once [`DispatchCall::run`] has lowered
/// them (`lowered`: how many; `None` until then).
#[cfg(feature = "fast-calls")]
struct FlatCall<'a> {
    caller: &'a CallerSide,
    flat: &'a [u64],
    out_param: Option<u32>,
    results: &'a mut [u64; MAX_FLAT_RESULTS],
    lowered: &'a mut Option<usize>,
}

impl<T: 'static> DispatchCall<'_, T> {
    /// Runs `f` with the arguments as the Rust tuple `P` (the signature's
    /// parameters) and returns its results `R` as values of the import's
    /// result types, as a [`func_wrap`](crate::LinkerInstance::func_wrap)
    /// function would. With `fast-calls`, a guest's call lifts `P` from
    /// and lowers `R` into the guest directly, and returns no values.
    #[inline]
    pub fn run<P, R, F>(self, f: F) -> Result<Vec<Val>, Error>
    where
        P: Lift,
        R: Lower,
        F: FnOnce(StoreContextMut<'_, T>, P) -> Result<R, Error>,
    {
        let mut ctx = self.ctx;
        match self.args {
            Args::Vals(args) => {
                let params: P = vals_to_typed(ctx.data(), self.ty.params(), args)?;
                let results = f(StoreContextMut(ctx.as_context_mut()), params)?;
                typed_to_vals(ctx.data(), self.ty.results(), &results)
            }
            #[cfg(feature = "fast-calls")]
            Args::Flat(call) => {
                let mut out = FlatWriter::new(call.results);
                call_typed_flat(ctx, call.caller, call.flat, call.out_param, &mut out, f)?;
                *call.lowered = Some(out.len());
                Ok(Vec::new())
            }
        }
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
        self.func.params.check_list(ty.params().types())?;
        self.func.results.check_list(ty.results().types())
    }

    /// As a `func_wrap` function's: with `std`, names the Rust parameter
    /// tuple; without it only says that the function is typed.
    fn describe(&self) -> String {
        #[cfg(feature = "std")]
        return format!("a typed host function taking {}", (self.func.params_name)());
        #[cfg(not(feature = "std"))]
        return "a typed host function".into();
    }

    fn check_handles(&self, ty: &FuncType, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        self.func.params.check_handles_list(ty.params().types(), check)?;
        self.func.results.check_handles_list(ty.results().types(), check)
    }

    /// With `fast-calls`: [`DispatchCall::run`] lifts the flat arguments
    /// and lowers the results into the caller itself; values a dispatcher
    /// returned some other way are lowered as the default path does.
    #[cfg(feature = "fast-calls")]
    fn call_flat(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        caller: &CallerSide,
        flat: &[u64],
        out_param: Option<u32>,
        out: &mut FlatWriter<'_>,
    ) -> Result<(), Error> {
        let mut results = [0u64; MAX_FLAT_RESULTS];
        let mut lowered = None;
        let args = Args::Flat(FlatCall { caller, flat, out_param, results: &mut results, lowered: &mut lowered });
        let vals = self.dispatch.call(self.index, DispatchCall { ctx: ctx.as_context_mut(), ty, args })?;
        let abi = |t| Error::from(crate::error::ErrorKind::Abi(t));
        match lowered {
            Some(n) => results.iter().take(n).try_for_each(|raw| out.push(*raw)).map_err(abi),
            None => {
                lower_into_caller(ctx, caller, |cx| ty.results().lower(cx, &vals, MAX_FLAT_RESULTS, out_param, out))
            }
        }
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        self.dispatch.call(self.index, DispatchCall { ctx, ty, args: Args::Vals(args) })
    }
}
