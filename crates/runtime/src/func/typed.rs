//! [`TypedFunc`]: a component function called with typed Rust values,
//! type-checked once when it is made ([`Func::typed`]).

use crate::error::Error;
use crate::func::Func;
use crate::func::call::{call_func, handle_checker, kind, lower_error, options, run_core};
use crate::func::host::{typed_to_vals, vals_to_typed};
use crate::func::task::in_task;
use crate::guest_memory::GuestMemory;
use crate::prelude::*;
use crate::store::{FuncKind, LiftedFunc, Store, StoreData, check_store};
use airssys_wasm_abi::typed::{self, ComponentList, Lift, Lower};
use airssys_wasm_abi::{FlatWriter, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, Memory};
use core::marker::PhantomData;
use wasmi::AsContextMut;

/// The typed view of a [`Func`].
impl Func {
    /// A typed view of the function: `P` and `R` are tuples of the parameter
    /// and result types (`()` when empty), checked once here.
    pub fn typed<P, R, T: 'static>(&self, store: &Store<T>) -> Result<TypedFunc<P, R>, Error>
    where
        P: Lower + ComponentList,
        R: Lift + ComponentList,
    {
        store.check(self.store, "function")?;
        let kind = kind(store.inner.data(), self.index)?;
        let ty = kind.ty();
        P::typecheck_list(ty.params().types())?;
        R::typecheck_list(ty.results().types())?;
        check_typed_handles::<P, R, T>(store.inner.data(), &kind)?;
        let lifted = match &*kind {
            // Async lifts deliver results through `task.return`, as values.
            FuncKind::Lifted(l) if l.async_lift.is_none() => Some(l.clone()),
            FuncKind::Lifted(_) | FuncKind::Host(_) => None,
        };
        Ok(TypedFunc { func: *self, lifted, _marker: PhantomData })
    }
}

/// Holds every [`Resource<R>`](crate::Resource) and
/// [`ResourceAny`](crate::ResourceAny) in `P` and `R` to the
/// resource type at its place in the function's type (see [`handle_checker`]).
fn check_typed_handles<P: ComponentList, R: ComponentList, T>(
    data: &StoreData<T>,
    kind: &FuncKind<T>,
) -> Result<(), Error> {
    let side = match kind {
        FuncKind::Lifted(l) => Some(&l.side),
        FuncKind::Host(_) => None,
    };
    P::check_handles_list(kind.ty().params().types(), &mut handle_checker(data, side, true))?;
    R::check_handles_list(kind.ty().results().types(), &mut handle_checker(data, side, false))?;
    Ok(())
}

/// A component function with static Rust types for its parameters `P` and
/// results `R` (tuples). Created by [`Func::typed`] or
/// [`Instance::get_typed_func`](crate::Instance::get_typed_func).
pub struct TypedFunc<P, R> {
    func: Func,
    /// The lifted function itself, so that calls skip the store lookup.
    lifted: Option<Arc<LiftedFunc>>,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P, R> core::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .field("params", &core::any::type_name::<P>())
            .field("results", &core::any::type_name::<R>())
            .finish()
    }
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        TypedFunc { func: self.func, lifted: self.lifted.clone(), _marker: PhantomData }
    }
}

impl<P, R> TypedFunc<P, R>
where
    P: Lower + ComponentList,
    R: Lift + ComponentList,
{
    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }

    /// Calls the function. Post-return runs automatically after the results
    /// are lifted. Fails with [`ErrorKind::WrongStore`](crate::ErrorKind::WrongStore), before anything
    /// runs, when `store` is not the function's.
    #[inline]
    pub fn call<T: 'static>(&self, store: &mut Store<T>, params: P) -> Result<R, Error> {
        self.call_lowering(store, params)
    }

    /// Calls the function with parameters `Q` that stand for the same
    /// component types as `P`: the borrowed forms `bindgen!` passes (`&str`
    /// for a `String`, `&[T]` for a `Vec<T>`, `&Resource<R>` for a borrowed
    /// `Resource<R>`), for which no `TypedFunc` can be kept because of their
    /// lifetimes. Only the layout is checked here, not the type: a `Q` that
    /// lowers differently from `P` sends the callee wrong values (never out
    /// of bounds). For generated code; hosts call [`TypedFunc::call`].
    #[doc(hidden)]
    #[inline]
    pub fn __call_as<Q, T: 'static>(&self, store: &mut Store<T>, params: Q) -> Result<R, Error>
    where
        Q: Lower + ComponentList,
    {
        debug_assert!(
            Q::FLAT_COUNT == P::FLAT_COUNT && Q::SIZE32 == P::SIZE32 && Q::ALIGN32 == P::ALIGN32,
            "`{}` does not lower as `{}`",
            core::any::type_name::<Q>(),
            core::any::type_name::<P>()
        );
        self.call_lowering(store, params)
    }

    /// The call itself, for any parameter tuple that lowers as `P` does.
    #[inline]
    fn call_lowering<Q, T: 'static>(&self, store: &mut Store<T>, params: Q) -> Result<R, Error>
    where
        Q: Lower + ComponentList,
    {
        check_store(store.inner.data().id, self.func.store, "typed function")?;
        let mut ctx = store.inner.as_context_mut();
        let l = match &self.lifted {
            Some(l) if !l.has_handles => l,
            // A function whose values hold resource handles moves them
            // through the same transfer as a dynamic call; so does a host
            // function re-exported by a component, and an async lift.
            _ => {
                let ty = kind(ctx.data(), self.func.index)?.ty().clone();
                let vals = typed_to_vals(ctx.data(), ty.params(), &params)?;
                let out = call_func(ctx.as_context_mut(), self.func.index, &vals)?;
                return vals_to_typed(ctx.data(), ty.results(), &out);
            }
        };
        let run = |ctx: &mut wasmi::StoreContextMut<'_, StoreData<T>>| {
            let opts = options(ctx, l.encoding);
            let mut slots = [0u64; MAX_FLAT_PARAMS];
            let mut flat = FlatWriter::new(&mut slots);
            let mut mem = GuestMemory::new(ctx.as_context_mut(), l.memory, l.realloc).of_instance(l.side.table);
            if let Err(t) = typed::lower_values(
                &mut LowerContext::new(&mut mem as &mut dyn Memory, &opts),
                &params,
                MAX_FLAT_PARAMS,
                None,
                &mut flat,
            ) {
                return Err(lower_error(&mut mem, t));
            }
            let n = flat.len();
            run_core(ctx.as_context_mut(), l, &slots[..n], false, |cx, raw| {
                typed::lift_values::<R>(cx, raw, MAX_FLAT_RESULTS)
            })
            .map(|(r, _)| r)
        };
        // Without a task of its own the call skips the task bookkeeping
        // altogether (no task state to build and drop on the hot path).
        if l.runs_task { in_task(&mut ctx, true, None, run).0 } else { run(&mut ctx) }
    }
}
