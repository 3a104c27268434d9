//! `#[component(record)]`: a struct with named fields, laid out in order.

use super::common::{shape, split};
use super::model::Model;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

/// The scalars whose memory form [`Plain`] writes without a context.
///
/// [`Plain`]: https://docs.rs/airssys-wasm-abi (typed::Plain)
const PLAIN: &[&str] = &["bool", "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "char"];

fn field_types(model: &Model) -> Vec<&Type> {
    model.items.iter().filter_map(|i| i.ty.as_ref()).collect()
}

/// True when every field is written as a scalar type and the struct has no
/// generics: lists of it get one bounds check and a per-field encoding.
fn is_plain(model: &Model) -> bool {
    model.generics.params.is_empty()
        && model.items.iter().all(|i| {
            matches!(&i.ty, Some(Type::Path(p)) if p.qself.is_none()
                && PLAIN.iter().any(|s| p.path.is_ident(s)))
        })
}

/// `impl ComponentType`.
pub(crate) fn component_type(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let (impl_g, ty_g, where_c) = split(model, &ct);
    let ident = &model.ident;
    let tys = field_types(model);
    let shape = shape(model);
    quote! {
        impl #impl_g #ct for #ident #ty_g #where_c {
            const SIZE32: u32 = {
                let mut end = 0u32;
                #( end = #k::field_end(end, <#tys as #ct>::SIZE32, <#tys as #ct>::ALIGN32); )*
                #k::align_to(end, <Self as #ct>::ALIGN32)
            };
            const ALIGN32: u32 = {
                let mut align = 1u32;
                #( align = #k::max_u32(align, <#tys as #ct>::ALIGN32); )*
                align
            };
            const FLAT_COUNT: usize = 0 #( + <#tys as #ct>::FLAT_COUNT )*;

            #shape
        }
    }
}

/// `impl Lower`.
pub(crate) fn lower(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let lo = quote!(#k::typed::Lower);
    let (impl_g, ty_g, where_c) = split(model, &lo);
    let ident = &model.ident;
    let tys = field_types(model);
    let names: Vec<_> = model.items.iter().map(|i| &i.ident).collect();
    let bulk = is_plain(model).then(|| {
        quote! {
            fn store_list<M: #k::Memory + ?Sized>(
                items: &[Self],
                cx: &mut #k::LowerContext<'_, M>,
                ptr: u32,
            ) -> ::core::result::Result<(), #k::Trap> {
                let size = <Self as #ct>::SIZE32;
                let dst = cx.slice_mut(ptr, items.len() as u64 * u64::from(size))?;
                for (chunk, item) in dst.chunks_exact_mut(size as usize).zip(items) {
                    let mut offset = 0u32;
                    #(
                        offset = #k::align_to(offset, <#tys as #ct>::ALIGN32);
                        <#tys as #k::typed::Plain>::put(item.#names, &mut chunk[offset as usize..]);
                        offset += <#tys as #ct>::SIZE32;
                    )*
                    let _ = offset;
                }
                ::core::result::Result::Ok(())
            }
        }
    });
    quote! {
        impl #impl_g #lo for #ident #ty_g #where_c {
            #[inline]
            fn lower_flat<M: #k::Memory + ?Sized>(
                &self,
                cx: &mut #k::LowerContext<'_, M>,
                dst: &mut #k::FlatWriter<'_>,
            ) -> ::core::result::Result<(), #k::Trap> {
                #( <#tys as #lo>::lower_flat(&self.#names, cx, dst)?; )*
                ::core::result::Result::Ok(())
            }

            #[inline]
            fn store<M: #k::Memory + ?Sized>(
                &self,
                cx: &mut #k::LowerContext<'_, M>,
                ptr: u32,
            ) -> ::core::result::Result<(), #k::Trap> {
                let mut offset = 0u32;
                #(
                    offset = #k::align_to(offset, <#tys as #ct>::ALIGN32);
                    <#tys as #lo>::store(&self.#names, cx, ptr + offset)?;
                    offset += <#tys as #ct>::SIZE32;
                )*
                let _ = offset;
                ::core::result::Result::Ok(())
            }

            #bulk
        }
    }
}

/// `impl Lift`.
pub(crate) fn lift(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let li = quote!(#k::typed::Lift);
    let (impl_g, ty_g, where_c) = split(model, &li);
    let ident = &model.ident;
    let tys = field_types(model);
    let names: Vec<_> = model.items.iter().map(|i| &i.ident).collect();
    // Locals of their own, so that a field named like a parameter (`cx`,
    // `ptr`) cannot shadow it.
    let locals: Vec<_> = (0..names.len()).map(|i| quote::format_ident!("__field_{}", i)).collect();
    let bulk = is_plain(model).then(|| {
        quote! {
            fn load_list(
                cx: &mut #k::LiftContext<'_>,
                ptr: u32,
                len: u32,
            ) -> ::core::result::Result<#k::__private::Vec<Self>, #k::Trap> {
                let size = <Self as #ct>::SIZE32;
                let bytes = cx.slice(ptr, u64::from(len) * u64::from(size))?;
                let mut items = #k::__private::vec_for(len as usize)?;
                for chunk in bytes.chunks_exact(size as usize) {
                    let mut offset = 0u32;
                    #(
                        offset = #k::align_to(offset, <#tys as #ct>::ALIGN32);
                        let #locals = <#tys as #k::typed::Plain>::get(&chunk[offset as usize..])?;
                        offset += <#tys as #ct>::SIZE32;
                    )*
                    let _ = offset;
                    items.push(Self { #( #names: #locals ),* });
                }
                ::core::result::Result::Ok(items)
            }
        }
    });
    quote! {
        impl #impl_g #li for #ident #ty_g #where_c {
            #[inline]
            fn lift_flat(
                cx: &mut #k::LiftContext<'_>,
                src: &mut #k::FlatReader<'_>,
            ) -> ::core::result::Result<Self, #k::Trap> {
                ::core::result::Result::Ok(Self { #( #names: <#tys as #li>::lift_flat(cx, src)?, )* })
            }

            #[inline]
            fn load(cx: &mut #k::LiftContext<'_>, ptr: u32) -> ::core::result::Result<Self, #k::Trap> {
                let mut offset = 0u32;
                #(
                    offset = #k::align_to(offset, <#tys as #ct>::ALIGN32);
                    let #locals = <#tys as #li>::load(cx, ptr + offset)?;
                    offset += <#tys as #ct>::SIZE32;
                )*
                let _ = offset;
                ::core::result::Result::Ok(Self { #( #names: #locals ),* })
            }

            #bulk
        }
    }
}
