//! `#[derive(ComponentType, Lift, Lower)]`: Rust structs and enums as
//! component model records, variants, enums and flags.

mod attr;
mod common;
mod flags;
mod model;
mod names;
mod record;
mod variant;

use attr::Kind;
use model::Model;
use proc_macro2::TokenStream;

/// Which trait a derive implements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trait {
    /// `ComponentType`: layout constants, `typecheck`, `check_handles`.
    ComponentType,
    /// `Lift`: `lift_flat`, `load` (and `load_list` for records of scalars).
    Lift,
    /// `Lower`: `lower_flat`, `store` (and `store_list` for records of scalars).
    Lower,
}

/// Expands one derive of `which` for `input`; invalid input becomes a
/// `compile_error!` at the offending span.
pub(crate) fn expand(input: TokenStream, which: Trait) -> TokenStream {
    let input = match syn::parse2::<syn::DeriveInput>(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let model = match Model::parse(&input) {
        Ok(model) => model,
        Err(e) => return e.to_compile_error(),
    };
    match (model.kind, which) {
        (Kind::Record, Trait::ComponentType) => record::component_type(&model),
        (Kind::Record, Trait::Lower) => record::lower(&model),
        (Kind::Record, Trait::Lift) => record::lift(&model),
        (Kind::Variant | Kind::Enum, Trait::ComponentType) => variant::component_type(&model),
        (Kind::Variant | Kind::Enum, Trait::Lower) => variant::lower(&model),
        (Kind::Variant | Kind::Enum, Trait::Lift) => variant::lift(&model),
        (Kind::Flags, Trait::ComponentType) => flags::component_type(&model),
        (Kind::Flags, Trait::Lower) => flags::lower(&model),
        (Kind::Flags, Trait::Lift) => flags::lift(&model),
    }
}
