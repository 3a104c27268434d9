//! The canonical ABI of the WebAssembly Component Model, hand-written and
//! exact to the byte against the specification's reference
//! (`CanonicalABI.md` and its `definitions.py`).
//!
//! This crate is the bottom layer of airssys-wasm. It knows nothing of any
//! wasm engine: it lifts component values out of a linear memory given as a
//! byte slice, and lowers them into a [`Memory`], a trait that pairs a linear
//! memory with the guest's `realloc`.
//!
//! # Layers, top down
//! - [`ValueList`] lifts and lowers whole parameter and result lists,
//!   flattening them into at most [`MAX_FLAT_PARAMS`] / [`MAX_FLAT_RESULTS`]
//!   core values or spilling them to memory.
//! - [`lift_flat`], [`load`], [`lower_flat`] and [`store`] handle one dynamic
//!   value ([`Val`]) of a [`ValType`]; [`typed`] does the same for Rust types
//!   ([`typed::Lift`], [`typed::Lower`]) with no type dispatch at run time and
//!   with bulk copies for lists of scalars.
//! - [`string`] stores and loads strings in `utf8`, `utf16` and
//!   `latin1+utf16` with the reference's exact `realloc` sequence, and
//!   transcodes between them.
//! - [`ValType`] carries every type's [`Layout`] (size, alignment, flat count),
//!   computed once when the type is built.
//!
//! Every check of the reference is made (bounds, alignment, discriminants,
//! chars, UTF-8 and UTF-16, length caps from [`Limits`] before any
//! allocation); a failed check is a [`Trap`] with a precise reason, never a
//! panic. Flat core values are passed as raw `u64` bit patterns (see [`flat`]).
//!
//! # Example
//! ```
//! use airssys_wasm_abi::{BumpMemory, Memory, FlatWriter, LiftContext, LowerContext, Options, StringEncoding,
//!     Val, ValType, ValueList, MAX_FLAT_PARAMS};
//!
//! // fn(name: string, tags: list<u8>)
//! let params = ValueList::new([ValType::String, ValType::list(ValType::U8)])?;
//! let options = Options::new(StringEncoding::Utf16);
//! let mut memory = BumpMemory::new(1024, 8);
//!
//! let vals = [Val::String("héllo".into()), Val::List(vec![Val::U8(1), Val::U8(2)])];
//! let mut slots = [0u64; MAX_FLAT_PARAMS];
//! let mut flat = FlatWriter::new(&mut slots);
//! params.lower(&mut LowerContext::new(&mut memory, &options), &vals, MAX_FLAT_PARAMS, None, &mut flat)?;
//! // "héllo" is 6 bytes of UTF-8: 12 bytes of UTF-16 are allocated at 8, then shrunk
//! // to 10 (a bump allocator moves it to 20); the list follows at 30.
//! assert_eq!(flat.written(), &[20, 5, 30, 2]);
//! assert_eq!(memory.calls().len(), 3);
//!
//! let lifted = params.lift(&mut LiftContext::new(memory.bytes(), &options), flat.written(), MAX_FLAT_PARAMS)?;
//! assert_eq!(lifted, vals);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crate features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | nothing beyond `alloc` today; kept so that dependants can forward it |
//! | `arbitrary` | no | [`arbitrary`](mod@arbitrary) generators of types and matching values, for fuzzing |
//! | `wave` | no | [`wave`]: values as WAVE text (`Val::from_wave`, `Val::to_wave`), through `wasm-wave`; no_std |

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
// Lets `#[component(crate = airssys_wasm_abi)]` name this crate from inside
// it (the derived types of the typed oracle).
#[cfg(feature = "arbitrary")]
extern crate self as airssys_wasm_abi;
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
mod context;
pub mod flat;
mod host_alloc;
mod layout;
mod lift;
mod lower;
mod memory;
mod options;
mod prelude;
pub mod string;
mod trap;
pub mod typed;
mod types;
mod val;
mod values;
#[cfg(feature = "wave")]
pub mod wave;

pub use context::{LiftContext, LowerContext};
pub use flat::{FlatReader, FlatType, FlatWriter};
pub use layout::{
    MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, MAX_LIST_BYTE_LENGTH, MAX_STRING_BYTE_LENGTH, UTF16_TAG,
    align_to, discriminant_size, field_end, flags_flat_count, flags_size, max_u32, max_usize, variant_layout,
};
pub use lift::{lift_flat, load, load_list};
pub use lower::{lower_flat, store, store_list};
pub use memory::{BumpMemory, Memory, ReallocCall};
pub use options::{Limits, Options, StringEncoding};
pub use trap::{Access, Trap};
pub use types::{
    Case, EnumType, Field, FixedListType, FlagsType, Layout, ListType, OptionType, RecordType, ResultType, TupleType,
    TypeError, ValType, VariantType,
};
pub use val::Val;
pub use values::ValueList;

/// Paths the code of `#[derive(ComponentType, Lift, Lower)]` names, so that
/// it compiles in `no_std` crates without `extern crate alloc`. Not a stable
/// API.
#[doc(hidden)]
pub mod __private {
    pub use crate::host_alloc::vec_for;
    pub use alloc::{boxed::Box, format, string::String, vec::Vec};
    pub use core::{concat, result::Result, stringify};
}
