//! `#[component(flags)]`: a struct of `bool` fields, field `i` being bit `i`.

use super::common::{shape, split};
use super::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType`.
pub(crate) fn component_type(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let (impl_g, ty_g, where_c) = split(model, &ct);
    let ident = &model.ident;
    let n = model.items.len() as u32;
    let shape = shape(model);
    quote! {
        impl #impl_g #ct for #ident #ty_g #where_c {
            const SIZE32: u32 = #k::flags_size(#n);
            const ALIGN32: u32 = #k::flags_size(#n);
            const FLAT_COUNT: usize = #k::flags_flat_count(#n);

            #shape
        }
    }
}

/// `impl Lower`.
pub(crate) fn lower(model: &Model) -> TokenStream {
    let k = &model.krate;
    let lo = quote!(#k::typed::Lower);
    let (impl_g, ty_g, where_c) = split(model, &lo);
    let ident = &model.ident;
    let n = model.items.len() as u32;
    let names: Vec<_> = model.items.iter().map(|i| &i.ident).collect();
    let bits: Vec<u32> = (0..n).collect();
    quote! {
        impl #impl_g #lo for #ident #ty_g #where_c {
            #[inline]
            fn lower_flat<M: #k::Memory + ?Sized>(
                &self,
                _cx: &mut #k::LowerContext<'_, M>,
                dst: &mut #k::FlatWriter<'_>,
            ) -> ::core::result::Result<(), #k::Trap> {
                dst.push_i32(0u32 #( | (u32::from(self.#names) << #bits) )*)
            }

            #[inline]
            fn store<M: #k::Memory + ?Sized>(
                &self,
                cx: &mut #k::LowerContext<'_, M>,
                ptr: u32,
            ) -> ::core::result::Result<(), #k::Trap> {
                cx.write_uint(ptr, #k::flags_size(#n), 0u32 #( | (u32::from(self.#names) << #bits) )*)
            }
        }
    }
}

/// `impl Lift`: bits beyond the last label are ignored, as the dynamic path
/// masks them off.
pub(crate) fn lift(model: &Model) -> TokenStream {
    let k = &model.krate;
    let li = quote!(#k::typed::Lift);
    let (impl_g, ty_g, where_c) = split(model, &li);
    let ident = &model.ident;
    let n = model.items.len() as u32;
    let names: Vec<_> = model.items.iter().map(|i| &i.ident).collect();
    let bits: Vec<u32> = (0..n).collect();
    quote! {
        impl #impl_g #li for #ident #ty_g #where_c {
            #[inline]
            fn lift_flat(
                _cx: &mut #k::LiftContext<'_>,
                src: &mut #k::FlatReader<'_>,
            ) -> ::core::result::Result<Self, #k::Trap> {
                let bits = src.next_i32()?;
                ::core::result::Result::Ok(Self { #( #names: bits & (1u32 << #bits) != 0, )* })
            }

            #[inline]
            fn load(cx: &mut #k::LiftContext<'_>, ptr: u32) -> ::core::result::Result<Self, #k::Trap> {
                let bits = cx.read_uint(ptr, #k::flags_size(#n))?;
                ::core::result::Result::Ok(Self { #( #names: bits & (1u32 << #bits) != 0, )* })
            }
        }
    }
}
