//! `bindgen!`: parses `{ world: "...", path: "..." | ["...", ...], inline: "...", with: { "wit/path": rust::Path, ... } }`,
//! resolves paths against `CARGO_MANIFEST_DIR`, generates with
//! `airssys_wasm_bindgen` and makes the crate depend on the WIT files read.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use std::path::PathBuf;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, braced, bracketed};

/// The macro's input.
struct Input {
    opts: airssys_wasm_bindgen::Opts,
    /// Where the first path was written, for errors about the WIT.
    path_span: Span,
    /// `CARGO_MANIFEST_DIR`, which relative paths start from.
    root: PathBuf,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let body;
        braced!(body in input);
        let mut opts = airssys_wasm_bindgen::Opts::default();
        let mut path_span = Span::call_site();
        let root = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
        while !body.is_empty() {
            let key: Ident = body.parse()?;
            body.parse::<Token![:]>()?;
            match key.to_string().as_str() {
                "world" => {
                    let world: LitStr = body.parse()?;
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
        Ok(Input { opts, path_span, root })
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
            return syn::Error::new(input.path_span, message).to_compile_error();
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
