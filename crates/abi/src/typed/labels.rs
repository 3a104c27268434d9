//! [`check_labels`]: the label check of derived enums and flags, shared by
//! all of them so each derived type holds a table of its labels instead of
//! code per label.

use crate::prelude::*;
use crate::types::TypeError;

/// One label of a derived enum or flags type, as [`check_labels`] checks it.
#[doc(hidden)]
pub struct Label {
    /// The WIT name the label must have.
    pub wit: &'static str,
    /// What is expected, for the error: ``label 2 to be named `green` ``.
    pub expected: &'static str,
    /// Which part of the Rust type it is, for the error: ``label `Green` (WIT `green`)``.
    pub part: &'static str,
}

/// Checks `found`, the labels of an enum or flags type in order, against
/// `labels`, those of the Rust type `rust_type` (the caller has checked
/// that there are as many): the first label named differently is an
/// [`TypeError::InType`] error naming it. Used by `#[derive(ComponentType)]`.
#[doc(hidden)]
pub fn check_labels(rust_type: &'static str, labels: &[Label], found: &[String]) -> Result<(), TypeError> {
    for (label, name) in labels.iter().zip(found) {
        if name != label.wit {
            return Err(TypeError::InType {
                rust_type,
                part: label.part,
                error: Box::new(TypeError::Mismatch { expected: label.expected, found: format!("`{name}`") }),
            });
        }
    }
    Ok(())
}
