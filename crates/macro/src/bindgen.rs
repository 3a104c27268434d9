//! `bindgen!`: parses `{ world: "...", path: "..." | ["...", ...], inline: "...", with: { "wit/path": rust::Path, ... } }`,
//! resolves paths against `CARGO_MANIFEST_DIR`, generates with
//! `airssys_wasm_bindgen` and makes the crate depend on the WIT files read.

use airssys_wasm_bindgen::Subject;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use std::path::PathBuf;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, braced, bracketed};

/// The macro's input.
struct Input {
    opts: airssys_wasm_bindgen::Opts,
    /// Where the first path (or the inline WIT) was written, for errors about the WIT.
    path_span: Span,
    /// Where the world was named.
    world_span: Span,
    /// Where each `with` key was written.
    with_spans: Vec<(String, Span)>,
    /// `CARGO_MANIFEST_DIR`, which relative paths start from.
    root: PathBuf,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let body;
        braced!(body in input);
        let mut opts = airssys_wasm_bindgen::Opts::default();
        let mut path_span = Span::call_site();
        let mut world_span = Span::call_site();
        let mut with_spans = Vec::new();
        let root = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
        while !body.is_empty() {
            let key: Ident = body.parse()?;
            body.parse::<Token![:]>()?;
            match key.to_string().as_str() {
                "world" => {
                    let world: LitStr = body.parse()?;
                    world_span = world.span();
                    opts.world = Some(world.value());
                }
                "path" => {
                    let paths: Vec<LitStr> = if body.peek(syn::token::Bracket) {
                        let list;
                        bracketed!(list in body);
                        list.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?.into_iter().collect()
                    } else {
                        vec![body.parse()?]
                    };
                    if let Some(first) = paths.first() {
                        path_span = first.span();
                    }
                    opts.paths.extend(paths.iter().map(|p| root.join(p.value())));
                }
                "inline" => {
                    let wit: LitStr = body.parse()?;
                    if opts.paths.is_empty() {
                        path_span = wit.span();
                    }
                    opts.inline = Some(wit.value());
                }
                "with" => {
                    let map;
                    braced!(map in body);
                    while !map.is_empty() {
                        let wit: LitStr = map.parse()?;
                        map.parse::<Token![:]>()?;
                        let rust: syn::Path = map.parse()?;
                        with_spans.push((wit.value(), wit.span()));
                        opts.with.insert(wit.value(), rust.to_token_stream().to_string().replace(' ', ""));
                        if map.is_empty() {
                            break;
                        }
                        map.parse::<Token![,]>()?;
                    }
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown `bindgen!` option `{other}`: expected `world`, `path`, `inline` or `with`"),
                    ));
                }
            }
            if body.is_empty() {
                break;
            }
            body.parse::<Token![,]>()?;
        }
        if opts.paths.is_empty() && opts.inline.is_none() {
            return Err(syn::Error::new(Span::call_site(), "`bindgen!` needs `path: \"wit/…\"` or `inline: \"…\"`"));
        }
        Ok(Input { opts, path_span, world_span, with_spans, root })
    }
}

impl Input {
    /// Where to point an error: at the option it is about.
    fn span_of(&self, e: &airssys_wasm_bindgen::Error) -> Span {
        match e.subject() {
            Subject::World => self.world_span,
            Subject::With => self
                .with_spans
                .iter()
                .find(|(key, _)| e.message().contains(&format!("`{key}`")))
                .map_or(self.path_span, |(_, span)| *span),
            _ => self.path_span,
        }
    }
}

/// Expands `bindgen!`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = match syn::parse2::<Input>(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let bindings = match airssys_wasm_bindgen::generate_bindings(&input.opts) {
        Ok(b) => b,
        Err(e) => {
            // Paths as the user wrote them, not as resolved.
            let root = format!("{}{}", input.root.display(), std::path::MAIN_SEPARATOR);
            let message = e.to_string().replace(&root, "");
            return syn::Error::new(input.span_of(&e), message).to_compile_error();
        }
    };
    let code: TokenStream = match bindings.code.parse() {
        Ok(code) => code,
        Err(e) => {
            return syn::Error::new(Span::call_site(), format!("airssys-wasm-bindgen produced invalid Rust: {e}"))
                .to_compile_error();
        }
    };
    // Reading each file makes the crate rebuild when it changes.
    let files = bindings.files.iter().filter_map(|p| p.to_str()).map(|p| {
        quote!(
            const _: &str = include_str!(#p);
        )
    });
    quote! {
        #(#files)*
        #code
    }
}
