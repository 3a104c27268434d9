//! `#[component(variant)]` and `#[component(enum)]`: an enum whose cases are
//! numbered in declaration order; variant cases carry at most one payload.

use super::common::{shape, split};
use super::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// `(size, align, payload_offset)` of the type, as a constant expression.
fn layout(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let n = model.items.len() as u32;
    let payloads: Vec<_> = model.items.iter().filter_map(|i| i.ty.as_ref()).collect();
    quote! {{
        let mut size = 0u32;
        let mut align = 1u32;
        #(
            size = #k::max_u32(size, <#payloads as #ct>::SIZE32);
            align = #k::max_u32(align, <#payloads as #ct>::ALIGN32);
        )*
        #k::variant_layout(#n, size, align)
    }}
}

/// `impl ComponentType`.
pub(crate) fn component_type(model: &Model) -> TokenStream {
    let k = &model.krate;
    let ct = quote!(#k::typed::ComponentType);
    let (impl_g, ty_g, where_c) = split(model, &ct);
    let ident = &model.ident;
    let layout = layout(model);
    let payloads: Vec<_> = model.items.iter().filter_map(|i| i.ty.as_ref()).collect();
    let shape = shape(model);
    quote! {
        impl #impl_g #ct for #ident #ty_g #where_c {
            const SIZE32: u32 = (#layout).0;
            const ALIGN32: u32 = (#layout).1;
            const FLAT_COUNT: usize = {
                let mut flat = 0usize;
                #( flat = #k::max_usize(flat, <#payloads as #ct>::FLAT_COUNT); )*
                1 + flat
            };

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
    let layout = layout(model);
    let n = model.items.len() as u32;
    let flat_arms = model.items.iter().enumerate().map(|(i, item)| {
        let (case, i) = (&item.ident, i as u32);
        match &item.ty {
            Some(_) => quote!(Self::#case(v) => #k::typed::lower_case(cx, dst, #i, v, <Self as #ct>::FLAT_COUNT),),
            None => quote!(Self::#case => #k::typed::lower_case(cx, dst, #i, &(), <Self as #ct>::FLAT_COUNT),),
        }
    });
    let store_arms = model.items.iter().enumerate().map(|(i, item)| {
        let (case, i) = (&item.ident, i as u32);
        match &item.ty {
            Some(ty) => quote!(Self::#case(v) => {
                cx.write_uint(ptr, disc, #i)?;
                <#ty as #lo>::store(v, cx, ptr + (#layout).2)
            }),
            None => quote!(Self::#case => cx.write_uint(ptr, disc, #i),),
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
                match self { #( #flat_arms )* }
            }

            #[inline]
            fn store<M: #k::Memory + ?Sized>(
                &self,
                cx: &mut #k::LowerContext<'_, M>,
                ptr: u32,
            ) -> ::core::result::Result<(), #k::Trap> {
                let disc = #k::discriminant_size(#n);
                match self { #( #store_arms )* }
            }
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
    let layout = layout(model);
    let n = model.items.len() as u32;
    let flat_arms = model.items.iter().enumerate().map(|(i, item)| {
        let (case, i) = (&item.ident, i as u32);
        match &item.ty {
            Some(ty) => quote!(#i => #k::typed::lift_case::<#ty>(cx, src, <Self as #ct>::FLAT_COUNT).map(Self::#case),),
            None => quote!(#i => #k::typed::lift_case::<()>(cx, src, <Self as #ct>::FLAT_COUNT).map(|()| Self::#case),),
        }
    });
    let load_arms = model.items.iter().enumerate().map(|(i, item)| {
        let (case, i) = (&item.ident, i as u32);
        match &item.ty {
            Some(ty) => quote!(#i => <#ty as #li>::load(cx, ptr + (#layout).2).map(Self::#case),),
            None => quote!(#i => ::core::result::Result::Ok(Self::#case),),
        }
    });
    quote! {
        impl #impl_g #li for #ident #ty_g #where_c {
            #[inline]
            fn lift_flat(
                cx: &mut #k::LiftContext<'_>,
                src: &mut #k::FlatReader<'_>,
            ) -> ::core::result::Result<Self, #k::Trap> {
                match src.next_i32()? {
                    #( #flat_arms )*
                    value => ::core::result::Result::Err(#k::Trap::InvalidDiscriminant { value, cases: #n }),
                }
            }

            #[inline]
            fn load(cx: &mut #k::LiftContext<'_>, ptr: u32) -> ::core::result::Result<Self, #k::Trap> {
                match cx.read_uint(ptr, #k::discriminant_size(#n))? {
                    #( #load_arms )*
                    value => ::core::result::Result::Err(#k::Trap::InvalidDiscriminant { value, cases: #n }),
                }
            }
        }
    }
}
