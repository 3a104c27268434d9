//! The runtime's error type.

use crate::prelude::*;
use core::fmt;

/// Why loading, linking, instantiating or calling failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The component binary could not be decoded or is invalid.
    Decode(airssys_wasm_component::Error),
    /// The bytes given to [`Component::new`](crate::Component::new) are
    /// component text (they do not start with `\0asm`) that could not be
    /// used: with the `wat` feature, a syntax error with its line, column
    /// and source line; without it, a hint to enable the feature.
    Text(String),
    /// [`Component::from_file`](crate::Component::from_file) could not read
    /// the file.
    #[cfg(feature = "std")]
    Io {
        /// The file, as given.
        path: String,
        /// Why reading it failed.
        error: std::io::Error,
    },
    /// A core module inside the component was rejected by wasmi.
    Module(wasmi::Error),
    /// An import has no definition in the linker.
    UnresolvedImport(String),
    /// An import is defined in the linker with another type.
    ImportType {
        /// The import's name.
        name: String,
        /// The type the component expects.
        expected: String,
        /// What the linker provides.
        found: String,
    },
    /// The component has no export of that name, or it is of another kind.
    NoSuchExport(String),
    /// A typed function or call does not match the function's type.
    Type(airssys_wasm_abi::TypeError),
    /// Lifting or lowering a value trapped.
    Abi(airssys_wasm_abi::Trap),
    /// Core wasm trapped (including running out of fuel).
    Trap(wasmi::Error),
    /// A host function returned an error.
    Host(String),
    /// The component is valid but uses something the runtime cannot do yet.
    Unsupported(String),
    /// A structural problem while instantiating (a bad index, a missing export).
    Instantiation(String),
    /// An import call was denied by the calling instance's capability table.
    Denied(airssys_wasm_caps::Denial),
    /// An object of one store (an [`Instance`](crate::Instance), a
    /// [`Func`](crate::Func), a [`TypedFunc`](crate::TypedFunc), a linker
    /// definition bound to a store) was handed to another store. Nothing was
    /// done in either store.
    WrongStore {
        /// What was handed over: `"instance"`, `"function"`, ...
        object: &'static str,
        /// The store the object belongs to.
        owner: crate::StoreId,
        /// The store it was used with.
        store: crate::StoreId,
    },
    /// A component compiled by one [`Engine`](crate::Engine) was
    /// instantiated in a store of another engine.
    WrongEngine,
    /// A store limit ([`StoreLimits`](crate::StoreLimits)) refused an
    /// instance, a memory or a table while instantiating, or a resource
    /// handle a guest created during a call (which then ends as a trap would).
    Limit(crate::LimitError),
}

/// The runtime's error: an [`ErrorKind`] behind one pointer, so that
/// `Result<T, Error>` stays small on the call paths.
pub struct Error {
    kind: Box<ErrorKind>,
}

impl Error {
    /// An error of the given kind.
    pub fn new(kind: ErrorKind) -> Self {
        Error { kind: Box::new(kind) }
    }

    /// A host function's failure with a message; it reaches the guest's
    /// caller as a trap.
    pub fn host(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Host(message.into()))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Whether this is a trap raised while running guest code.
    pub fn is_trap(&self) -> bool {
        matches!(*self.kind, ErrorKind::Trap(_) | ErrorKind::Abi(_) | ErrorKind::Denied(_))
    }

    /// Whether an import call was denied by a capability check.
    pub fn is_denied(&self) -> bool {
        matches!(*self.kind, ErrorKind::Denied(_))
    }

    /// Whether a store limit ([`StoreLimits`](crate::StoreLimits)) refused
    /// something.
    pub fn is_limit(&self) -> bool {
        matches!(*self.kind, ErrorKind::Limit(_))
    }

    /// For generated bindings: a type error from making the typed function
    /// of an export says which export and which Rust type it was made with,
    /// as `in Rust type `{rust_type}`, {part}: …`. Other errors are
    /// returned as they are. Not a public API.
    #[doc(hidden)]
    pub fn __in_export(self, rust_type: &'static str, part: &'static str) -> Error {
        match *self.kind {
            ErrorKind::Type(error) => Error::new(ErrorKind::Type(airssys_wasm_abi::TypeError::InType {
                rust_type,
                part: part.into(),
                error: Box::new(error),
            })),
            kind => Error::new(kind),
        }
    }

    /// Whether the guest ran out of fuel.
    pub fn is_out_of_fuel(&self) -> bool {
        matches!(&*self.kind, ErrorKind::Trap(e) if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind as Error;
        match self {
            Error::Decode(e) => write!(f, "{e}"),
            Error::Text(m) => f.write_str(m),
            #[cfg(feature = "std")]
            Error::Io { path, error } => write!(f, "cannot read `{path}`: {error}"),
            Error::Module(e) => write!(f, "invalid core module in the component: {e}"),
            Error::UnresolvedImport(name) => {
                write!(f, "unresolved import `{name}`: define it in the linker before instantiating")
            }
            Error::ImportType { name, expected, found } => {
                write!(
                    f,
                    "import `{name}` has the wrong type: the component expects `{expected}`, the linker has `{found}`"
                )
            }
            Error::NoSuchExport(name) => write!(f, "the instance has no export `{name}` of that kind"),
            Error::Type(e) => write!(f, "{e}"),
            Error::Abi(t) => write!(f, "trap: {t}"),
            Error::Trap(e) if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel) => {
                f.write_str("trap: out of fuel; raise the fuel limit if the work is legitimate")
            }
            Error::Trap(e) if e.as_trap_code() == Some(wasmi::TrapCode::GrowthOperationLimited) => f.write_str(
                "trap: growth operation limited: a memory.grow or table.grow exceeded the store's limits (StoreLimitsBuilder::trap_on_grow_failure is set)",
            ),
            Error::Trap(e) => write!(f, "trap: {e}"),
            Error::Host(m) => write!(f, "host function failed: {m}"),
            Error::Unsupported(m) => write!(f, "unsupported: {m}"),
            Error::Instantiation(m) => write!(f, "instantiation failed: {m}"),
            Error::Denied(d) => write!(f, "trap: {d}"),
            Error::WrongStore { object, owner, store } => write!(
                f,
                "this {object} belongs to {owner} and cannot be used with {store}: \
                 use every instance, function and handle only with the store that created it"
            ),
            Error::WrongEngine => f.write_str(
                "the component was compiled by another engine: create the store with the engine \
                 passed to `Component::new`",
            ),
            Error::Limit(e) => write!(f, "store limit reached: {e}"),
        }
    }
}

impl core::error::Error for Error {}

impl From<airssys_wasm_component::Error> for Error {
    fn from(e: airssys_wasm_component::Error) -> Self {
        Error::new(ErrorKind::Decode(e))
    }
}

impl From<airssys_wasm_abi::Trap> for Error {
    fn from(t: airssys_wasm_abi::Trap) -> Self {
        Error::new(ErrorKind::Abi(t))
    }
}

impl From<airssys_wasm_abi::TypeError> for Error {
    fn from(e: airssys_wasm_abi::TypeError) -> Self {
        Error::new(ErrorKind::Type(e))
    }
}

/// Carries an [`Error`] through wasmi as a host error, so that a trap raised
/// in the import gate comes back out of the outermost call unchanged.
pub(crate) struct GateError(pub(crate) Error);

/// The message, as `Display` writes it. (wasmi's host errors must be
/// `Debug`; deriving it would link the derived `Debug` of every error kind
/// into every program, even those that never format an error with `{:?}`.)
impl fmt::Debug for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GateError({})", self.0)
    }
}

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl wasmi::errors::HostError for GateError {}

/// Turns an error from wasmi back into ours, unwrapping gate errors.
pub(crate) fn from_wasmi(e: wasmi::Error) -> Error {
    if e.downcast_ref::<GateError>().is_none() {
        return Error::new(ErrorKind::Trap(e));
    }
    match e.downcast::<GateError>() {
        Some(GateError(inner)) => inner,
        None => Error::new(ErrorKind::Instantiation("a gate error vanished while unwinding".into())),
    }
}

/// Fails unless `owner`, the store an object belongs to, is `store`.
#[inline]
pub(crate) fn check_store(
    store: crate::store_id::StoreId,
    owner: crate::store_id::StoreId,
    object: &'static str,
) -> Result<(), Error> {
    if store == owner { Ok(()) } else { Err(wrong_store(store, owner, object)) }
}

#[cold]
fn wrong_store(store: crate::store_id::StoreId, owner: crate::store_id::StoreId, object: &'static str) -> Error {
    Error::from(ErrorKind::WrongStore { object, owner, store })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_stay_one_word() {
        assert_eq!(core::mem::size_of::<Error>(), core::mem::size_of::<usize>());
        assert_eq!(core::mem::size_of::<Result<(), Error>>(), core::mem::size_of::<usize>());
    }
}
