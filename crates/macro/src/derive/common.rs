//! Pieces every generated impl shares: generics with bounds, messages.

use super::attr::Kind;
use super::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// The `impl<...>`, type and `where` parts of an impl of `bound` (a trait
/// path) for the model's type: every type parameter gets `T: bound`.
pub(crate) fn split(model: &Model, bound: &TokenStream) -> (TokenStream, TokenStream, TokenStream) {
    let mut generics = model.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#bound));
    }
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    (quote!(#impl_g), quote!(#ty_g), quote!(#where_c))
}

/// The `SHAPE` constant of the model's type: a `Derived` table of its
/// parts (Rust and WIT names, and the shape of each field or payload), which
/// the runtime's one shared check walks; no check code per derived type.
pub(crate) fn shape(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let kind = match model.kind {
        Kind::Record => quote!(Record),
        Kind::Variant => quote!(Variant),
        Kind::Enum => quote!(Enum),
        Kind::Flags => quote!(Flags),
    };
    let rust = model.rust_name();
    let parts = model.items.iter().map(|item| {
        let (ident, wit) = (item.ident.to_string(), &item.wit);
        let shape = match (&item.ty, model.kind) {
            (Some(ty), Kind::Record | Kind::Variant) => quote!(::core::option::Option::Some(<#ty as #ct>::SHAPE)),
            _ => quote!(::core::option::Option::None),
        };
        quote!(#k::typed::Part { rust: #ident, wit: #wit, shape: #shape })
    });
    quote! {
        const SHAPE: &'static #k::typed::Shape = &#k::typed::Shape::Derived(&#k::typed::Derived::new(
            #k::typed::DerivedKind::#kind,
            #rust,
            &[#( #parts ),*],
        ));
    }
}
