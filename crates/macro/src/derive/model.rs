//! The derive input checked and reduced to what code generation needs.

use super::attr::{Kind, item_name, type_attr};
use super::names::kebab;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, Generics, Ident, Result, Type};

/// At most this many labels in a `flags` type (the Component Model's limit,
/// which `airssys_wasm_abi::FlagsType` enforces too).
const MAX_FLAGS: usize = 32;

/// A checked derive input.
pub(crate) struct Model {
    /// Record, variant, enum or flags.
    pub(crate) kind: Kind,
    /// The Rust type's name.
    pub(crate) ident: Ident,
    /// Its generics.
    pub(crate) generics: Generics,
    /// The path of the abi crate's root in generated code.
    pub(crate) krate: TokenStream,
    /// Fields (record, flags) or cases (variant, enum), in order.
    pub(crate) items: Vec<Item>,
}

/// A field or case.
pub(crate) struct Item {
    /// The Rust field or case name.
    pub(crate) ident: Ident,
    /// The field's type, or the case's payload type.
    pub(crate) ty: Option<Type>,
    /// The WIT name.
    pub(crate) wit: String,
}

impl Model {
    /// Checks `input` for a derive.
    pub(crate) fn parse(input: &DeriveInput) -> Result<Model> {
        let attr = type_attr(&input.attrs)?;
        let Some((kind, kind_span)) = attr.kind else {
            return Err(Error::new(
                input.ident.span(),
                "say which component type this is: add `#[component(record)]` or `#[component(flags)]` to a \
                 struct, or `#[component(variant)]` or `#[component(enum)]` to an enum",
            ));
        };
        let krate = match attr.krate {
            Some(path) => quote!(#path),
            None => quote!(::airssys_wasm::abi),
        };
        let items = match kind {
            Kind::Record | Kind::Flags => struct_fields(input, kind, kind_span)?,
            Kind::Variant | Kind::Enum => enum_cases(input, kind, kind_span)?,
        };
        check_unique(&items)?;
        Ok(Model { kind, ident: input.ident.clone(), generics: input.generics.clone(), krate, items })
    }

    /// The Rust type's name, for messages.
    pub(crate) fn rust_name(&self) -> String {
        self.ident.to_string()
    }
}

fn struct_fields(input: &DeriveInput, kind: Kind, kind_span: proc_macro2::Span) -> Result<Vec<Item>> {
    let word = kind.keyword();
    let fields = match &input.data {
        Data::Struct(s) => &s.fields,
        Data::Enum(_) if kind == Kind::Record => {
            return Err(Error::new(
                kind_span,
                "`#[component(record)]` needs a struct with named fields; for an enum use `#[component(variant)]` \
                 or `#[component(enum)]`",
            ));
        }
        Data::Enum(_) => {
            return Err(Error::new(
                kind_span,
                "`#[component(flags)]` needs a struct with one `bool` field per flag; an enum of unit cases is \
                 `#[component(enum)]`",
            ));
        }
        Data::Union(_) => {
            return Err(Error::new(
                kind_span,
                format!("`#[component({word})]` needs a struct with named fields, not a union"),
            ));
        }
    };
    let named = match fields {
        Fields::Named(named) => named,
        Fields::Unnamed(f) => {
            return Err(Error::new(
                f.span(),
                format!(
                    "a {word} needs named fields: WIT matches {word} fields by name. A tuple struct has none; \
                     name the fields, or use a Rust tuple `(A, B, ...)` for a WIT tuple"
                ),
            ));
        }
        Fields::Unit => return Err(Error::new(input.ident.span(), empty(kind))),
    };
    if named.named.is_empty() {
        return Err(Error::new(named.span(), empty(kind)));
    }
    let mut items = Vec::with_capacity(named.named.len());
    for (i, field) in named.named.iter().enumerate() {
        let Some(ident) = field.ident.clone() else {
            return Err(Error::new(field.span(), "a field without a name"));
        };
        if kind == Kind::Flags {
            if i == MAX_FLAGS {
                return Err(Error::new(
                    ident.span(),
                    format!(
                        "flags can have at most {MAX_FLAGS} labels (the Component Model's limit); this is label {}",
                        i + 1
                    ),
                ));
            }
            if !is_bool(&field.ty) {
                return Err(Error::new(
                    field.ty.span(),
                    "each field of `#[component(flags)]` is one flag and must have type `bool`",
                ));
            }
        }
        let wit = match item_name(&field.attrs)? {
            Some(lit) => lit.value(),
            None => kebab(&ident.to_string()),
        };
        items.push(Item { ident, ty: Some(field.ty.clone()), wit });
    }
    Ok(items)
}

fn enum_cases(input: &DeriveInput, kind: Kind, kind_span: proc_macro2::Span) -> Result<Vec<Item>> {
    let word = kind.keyword();
    let Data::Enum(data) = &input.data else {
        let hint = if kind == Kind::Variant {
            "`#[component(record)]`"
        } else {
            "`#[component(record)]` or `#[component(flags)]`"
        };
        return Err(Error::new(kind_span, format!("`#[component({word})]` needs an enum; for a struct use {hint}")));
    };
    if data.variants.is_empty() {
        return Err(Error::new(
            input.ident.span(),
            format!(
                "a{} {word} needs at least one case: WIT does not allow an empty {word}",
                if kind == Kind::Enum { "n" } else { "" }
            ),
        ));
    }
    let mut items = Vec::with_capacity(data.variants.len());
    for case in &data.variants {
        if let Some((_, expr)) = &case.discriminant {
            return Err(Error::new(
                expr.span(),
                "explicit discriminants are not used: cases are numbered in declaration order, as in WIT; remove `= ...`",
            ));
        }
        let ty = match (&case.fields, kind) {
            (Fields::Unit, _) => None,
            (Fields::Unnamed(f), Kind::Variant) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| f.ty.clone()),
            (Fields::Unnamed(f), Kind::Variant) => {
                return Err(Error::new(
                    f.span(),
                    format!(
                        "a variant case carries at most one payload, but this case has {} fields; wrap them in \
                         one tuple, as in `{}(({}))`, or in a record",
                        f.unnamed.len(),
                        case.ident,
                        f.unnamed.iter().map(|f| f.ty.to_token_stream().to_string()).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            (Fields::Named(f), Kind::Variant) => {
                return Err(Error::new(
                    f.span(),
                    "a variant case carries at most one unnamed payload, as in `Case(T)`; put named fields in a \
                     `#[component(record)]` struct and use it as the payload",
                ));
            }
            (fields, _) => {
                return Err(Error::new(
                    fields.span(),
                    "an enum case has no payload; use `#[component(variant)]` for cases with payloads",
                ));
            }
        };
        let wit = match item_name(&case.attrs)? {
            Some(lit) => lit.value(),
            None => kebab(&case.ident.to_string()),
        };
        items.push(Item { ident: case.ident.clone(), ty, wit });
    }
    Ok(items)
}

/// The error for a record or flags without fields.
fn empty(kind: Kind) -> String {
    match kind {
        Kind::Flags => "flags need at least one `bool` field (one per flag): WIT does not allow empty flags".into(),
        _ => "a record needs at least one field: WIT does not allow an empty record".into(),
    }
}

fn is_bool(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("bool"))
}

fn check_unique(items: &[Item]) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].iter().any(|other| other.wit == item.wit) {
            return Err(Error::new(
                item.ident.span(),
                format!("the WIT name `{}` is used twice; rename one with `#[component(name = \"...\")]`", item.wit),
            ));
        }
    }
    Ok(())
}
