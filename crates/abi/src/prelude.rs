//! The `alloc` types every module uses, so files need not repeat `alloc::` paths.

pub(crate) use alloc::{
    borrow::ToOwned,
    boxed::Box,
    string::{String, ToString},
    sync::Arc,
    vec::Vec,
};
