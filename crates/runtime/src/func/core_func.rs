//! The core functions the runtime defines: lowered imports (with
//! `Func::new`, or `Func::wrap` for the shapes of the `fast-calls` feature)
//! and the concurrency built-ins.

#[cfg(feature = "fast-calls")]
use crate::fast_calls::i32_shape;
#[cfg(feature = "fast-calls")]
use crate::func::gate::call_import_raw;
use crate::func::gate::{Lowered, call_import};
use crate::func::task::{Builtin, builtin, run_builtin};
use crate::prelude::*;
use crate::store::StoreData;
use airssys_wasm_component::TaskBuiltin;
#[cfg(feature = "fast-calls")]
use wasmi::ValType;

/// What a core function defined by the runtime with a dynamic signature
/// does. Every one is the same host closure, which dispatches on this:
/// wasmi makes a trampoline for every distinct closure type, several
/// hundred bytes of code on a microcontroller, and the dispatch costs a
/// branch.
pub(crate) enum CoreFunc<T> {
    /// A lowered import: the import gate.
    Import(Arc<Lowered<T>>),
    /// A concurrency built-in of the instance whose handle table is `table`.
    Builtin { builtin: Builtin, table: usize },
}

/// Defines `f` as a core function of type `ty`.
pub(crate) fn define<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    ty: wasmi::FuncType,
    f: CoreFunc<T>,
) -> wasmi::Func {
    wasmi::Func::new(&mut *store, ty, move |caller, args, rets| match &f {
        CoreFunc::Import(lowered) => call_import(caller, lowered, args, rets),
        CoreFunc::Builtin { builtin, table } => run_builtin(caller, builtin, *table, args, rets),
    })
}

/// What a concurrency built-in needs from the instance defining it.
pub(crate) struct BuiltinSite {
    /// The instance's handle table (its `may_leave` flag lives there).
    pub(crate) table: usize,
    /// The memory of `task.return`'s options.
    pub(crate) memory: Option<wasmi::Memory>,
}

/// A concurrency built-in as a core function of the instance at `site`.
///
/// Every built-in is the same host function body (`run_builtin`), defined
/// with its own core signature through `Func::new` (see [`define`]); none
/// of them is on a hot path.
pub(crate) fn task_builtin<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    task_builtin: &TaskBuiltin,
    site: BuiltinSite,
) -> wasmi::Func {
    let (builtin, ty) = builtin(task_builtin, site.memory);
    define(store, ty, CoreFunc::Builtin { builtin, table: site.table })
}

/// A lowered import of an `i32` shape as a typed host function
/// (`Func::wrap`); `None` for other signatures.
#[cfg(feature = "fast-calls")]
pub(crate) fn wrap_import<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    params: &[ValType],
    results: &[ValType],
    lowered: &Arc<Lowered<T>>,
) -> Option<wasmi::Func> {
    let lowered = lowered.clone();
    macro_rules! wrap {
        ($($a:ident),* => ()) => {
            wasmi::Func::wrap(&mut *store, move |c: wasmi::Caller<'_, StoreData<T>>, $($a: i32),*| -> Result<(), wasmi::Error> {
                call_import_raw(c, &lowered, &[$(u64::from($a as u32)),*]).map(|_| ())
            })
        };
        ($($a:ident),* => i32) => {
            wasmi::Func::wrap(&mut *store, move |c: wasmi::Caller<'_, StoreData<T>>, $($a: i32),*| -> Result<i32, wasmi::Error> {
                call_import_raw(c, &lowered, &[$(u64::from($a as u32)),*]).map(|r| r as u32 as i32)
            })
        };
    }
    Some(match i32_shape(params, results)? {
        (0, false) => wrap!(=> ()),
        (0, true) => wrap!(=> i32),
        (1, false) => wrap!(a => ()),
        (1, true) => wrap!(a => i32),
        (2, false) => wrap!(a, b => ()),
        (2, true) => wrap!(a, b => i32),
        (3, false) => wrap!(a, b, c => ()),
        (3, true) => wrap!(a, b, c => i32),
        (4, false) => wrap!(a, b, c, d => ()),
        (4, true) => wrap!(a, b, c, d => i32),
        _ => return None,
    })
}
