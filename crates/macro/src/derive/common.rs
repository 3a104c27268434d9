//! Pieces every generated impl shares: generics with bounds, messages.

use super::model::{Item, Model};
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

/// The message part naming an item: ``field `b_c` (WIT `b-c`)``.
pub(crate) fn part(what: &str, item: &Item) -> String {
    format!("{what} `{}` (WIT `{}`)", item.ident, item.wit)
}

/// An expression of type `TypeError` wrapping `error` (an expression of type
/// `TypeError`) with the Rust type and the item it concerns.
pub(crate) fn in_type(model: &Model, part: &str, error: TokenStream) -> TokenStream {
    let k = &model.krate;
    let rust = model.rust_name();
    quote! {
        #k::TypeError::InType { rust_type: #rust, part: #part, error: #k::__private::Box::new(#error) }
    }
}

/// The statement that checks the `name` expression (a `&str`) of item
/// number `index` against its WIT name, returning a clear error on a
/// difference.
pub(crate) fn check_name(model: &Model, what: &str, index: usize, item: &Item, name: TokenStream) -> TokenStream {
    let k = &model.krate;
    let wit = &item.wit;
    let expected = format!("{what} {index} to be named `{wit}`");
    let error = in_type(
        model,
        &part(what, item),
        quote!(#k::TypeError::Mismatch { expected: #expected, found: #k::__private::format!("`{}`", #name) }),
    );
    quote! {
        if #name != #wit {
            return ::core::result::Result::Err(#error);
        }
    }
}

/// The statement that checks a count of fields, cases or labels.
pub(crate) fn check_count(model: &Model, what: &str, count: TokenStream) -> TokenStream {
    let k = &model.krate;
    let n = model.items.len();
    let names = model.items.iter().map(|i| i.wit.as_str()).collect::<Vec<_>>().join(", ");
    let plural = format!("{what}s");
    let noun = if n == 1 { what } else { plural.as_str() };
    let expected = format!("{} `{}` with {n} {noun} ({names})", model.kind.keyword(), model.rust_name());
    quote! {
        if #count != #n {
            return ::core::result::Result::Err(#k::TypeError::Mismatch {
                expected: #expected,
                found: #k::__private::format!(
                    "{} {} in {}",
                    #count,
                    if #count == 1 { #what } else { #plural },
                    ty
                ),
            });
        }
    }
}

/// The error for a component type of the wrong kind, as an expression.
pub(crate) fn wrong_kind(model: &Model) -> TokenStream {
    let k = &model.krate;
    let expected = format!("{} (Rust type `{}`)", model.kind.keyword(), model.rust_name());
    quote!(::core::result::Result::Err(#k::TypeError::mismatch(#expected, ty)))
}

/// The statement that checks the labels of an enum or flags type (the
/// `labels` expression, a `&[String]`) by name and in order, through the
/// shared `check_labels` and a table of the labels: the same errors as
/// [`check_name`] per label, with no code per label.
pub(crate) fn check_labels(model: &Model, labels: TokenStream) -> TokenStream {
    let k = &model.krate;
    let rust = model.rust_name();
    let rows = model.items.iter().enumerate().map(|(i, item)| {
        let wit = &item.wit;
        let expected = format!("label {i} to be named `{wit}`");
        let part = part("label", item);
        quote!(#k::typed::Label { wit: #wit, expected: #expected, part: #part })
    });
    quote! {
        #k::typed::check_labels(#rust, &[#( #rows ),*], #labels)?;
    }
}
