//! The `#[component(...)]` attribute on the type and on its fields or cases.

use syn::spanned::Spanned;
use syn::{Attribute, Error, LitStr, Path, Result};

/// Which component type a Rust type stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `#[component(record)]` on a struct with named fields.
    Record,
    /// `#[component(variant)]` on an enum of unit or one-field cases.
    Variant,
    /// `#[component(enum)]` on an enum of unit cases.
    Enum,
    /// `#[component(flags)]` on a struct of `bool` fields.
    Flags,
}

impl Kind {
    /// The WIT keyword.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Kind::Record => "record",
            Kind::Variant => "variant",
            Kind::Enum => "enum",
            Kind::Flags => "flags",
        }
    }
}

/// The attribute on the type: its kind and the path of the abi crate.
pub(crate) struct TypeAttr {
    /// The kind; `None` when no attribute named one.
    pub(crate) kind: Option<(Kind, proc_macro2::Span)>,
    /// `crate = path`, the abi crate's root; `None` for the default.
    pub(crate) krate: Option<Path>,
}

/// Reads every `#[component(...)]` on the type.
pub(crate) fn type_attr(attrs: &[Attribute]) -> Result<TypeAttr> {
    let mut out = TypeAttr { kind: None, krate: None };
    for attr in attrs.iter().filter(|a| a.path().is_ident("component")) {
        attr.parse_nested_meta(|meta| {
            let kind = if meta.path.is_ident("record") {
                Some(Kind::Record)
            } else if meta.path.is_ident("variant") {
                Some(Kind::Variant)
            } else if meta.path.is_ident("enum") {
                Some(Kind::Enum)
            } else if meta.path.is_ident("flags") {
                Some(Kind::Flags)
            } else {
                None
            };
            if let Some(kind) = kind {
                if let Some((old, _)) = out.kind {
                    return Err(meta.error(format!(
                        "the type is already marked `{}`; a type is exactly one of record, variant, enum or flags",
                        old.keyword()
                    )));
                }
                out.kind = Some((kind, meta.path.span()));
                return Ok(());
            }
            if meta.path.is_ident("crate") {
                if out.krate.is_some() {
                    return Err(meta.error("`crate` is given twice"));
                }
                out.krate = Some(meta.value()?.parse()?);
                return Ok(());
            }
            if meta.path.is_ident("name") {
                return Err(meta.error(
                    "`name` renames a field or case, not the type: the type's WIT name is the one the component \
                     declares, so put `#[component(name = \"...\")]` on a field or case",
                ));
            }
            Err(meta.error(format!(
                "unknown key `{}` in `#[component(...)]` on a type; expected one of `record`, `variant`, `enum`, \
                 `flags`, `crate = path`",
                path_text(&meta.path)
            )))
        })?;
    }
    Ok(out)
}

/// Reads `#[component(name = "...")]` on a field or case.
pub(crate) fn item_name(attrs: &[Attribute]) -> Result<Option<LitStr>> {
    let mut name: Option<LitStr> = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("component")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                if name.is_some() {
                    return Err(meta.error("`name` is given twice"));
                }
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(Error::new(lit.span(), "a WIT name cannot be empty"));
                }
                name = Some(lit);
                return Ok(());
            }
            Err(meta.error(format!(
                "unknown key `{}` in `#[component(...)]` on a field or case; the only key here is `name = \"...\"`",
                path_text(&meta.path)
            )))
        })?;
    }
    Ok(name)
}

fn path_text(path: &Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}
