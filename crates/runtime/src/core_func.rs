//! The core functions the runtime defines with `Func::new`: lowered imports
//! and the concurrency built-ins.

use crate::gate::{Lowered, call_import};
use crate::prelude::*;
use crate::store::StoreData;
use crate::task::{Builtin, run_builtin};

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
