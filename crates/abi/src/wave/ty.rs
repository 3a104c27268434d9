//! [`WasmType`] for [`ValType`]: what WAVE's parser asks of a type.

use crate::prelude::*;
use crate::types::ValType;
use alloc::borrow::Cow;
use wasm_wave::wasm::{WasmType, WasmTypeKind};

impl WasmType for ValType {
    /// The kind WAVE reads a value of this type as. A fixed-length list is
    /// read as a list (its length is checked when the value is made);
    /// handles have no WAVE syntax, so they are `Unsupported`.
    fn kind(&self) -> WasmTypeKind {
        match self {
            ValType::Bool => WasmTypeKind::Bool,
            ValType::S8 => WasmTypeKind::S8,
            ValType::U8 => WasmTypeKind::U8,
            ValType::S16 => WasmTypeKind::S16,
            ValType::U16 => WasmTypeKind::U16,
            ValType::S32 => WasmTypeKind::S32,
            ValType::U32 => WasmTypeKind::U32,
            ValType::S64 => WasmTypeKind::S64,
            ValType::U64 => WasmTypeKind::U64,
            ValType::F32 => WasmTypeKind::F32,
            ValType::F64 => WasmTypeKind::F64,
            ValType::Char => WasmTypeKind::Char,
            ValType::String => WasmTypeKind::String,
            ValType::List(_) | ValType::FixedList(_) => WasmTypeKind::List,
            ValType::Record(_) => WasmTypeKind::Record,
            ValType::Tuple(_) => WasmTypeKind::Tuple,
            ValType::Variant(_) => WasmTypeKind::Variant,
            ValType::Enum(_) => WasmTypeKind::Enum,
            ValType::Option(_) => WasmTypeKind::Option,
            ValType::Result(_) => WasmTypeKind::Result,
            ValType::Flags(_) => WasmTypeKind::Flags,
            ValType::Own(_) | ValType::Borrow(_) => WasmTypeKind::Unsupported,
        }
    }

    fn list_element_type(&self) -> Option<Self> {
        match self {
            ValType::List(t) => Some(t.element().clone()),
            ValType::FixedList(t) => Some(t.element().clone()),
            _ => None,
        }
    }

    fn record_fields(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Self)> + '_> {
        match self {
            ValType::Record(t) => Box::new(t.fields().iter().map(|f| (Cow::Borrowed(f.name.as_str()), f.ty.clone()))),
            _ => Box::new(core::iter::empty()),
        }
    }

    fn tuple_element_types(&self) -> Box<dyn Iterator<Item = Self> + '_> {
        match self {
            ValType::Tuple(t) => Box::new(t.types().iter().cloned()),
            _ => Box::new(core::iter::empty()),
        }
    }

    fn variant_cases(&self) -> Box<dyn Iterator<Item = (Cow<'_, str>, Option<Self>)> + '_> {
        match self {
            ValType::Variant(t) => Box::new(t.cases().iter().map(|c| (Cow::Borrowed(c.name.as_str()), c.ty.clone()))),
            _ => Box::new(core::iter::empty()),
        }
    }

    fn enum_cases(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            ValType::Enum(t) => Box::new(t.labels().iter().map(|l| Cow::Borrowed(l.as_str()))),
            _ => Box::new(core::iter::empty()),
        }
    }

    fn option_some_type(&self) -> Option<Self> {
        match self {
            ValType::Option(t) => Some(t.some().clone()),
            _ => None,
        }
    }

    fn result_types(&self) -> Option<(Option<Self>, Option<Self>)> {
        match self {
            ValType::Result(t) => Some((t.ok().cloned(), t.err().cloned())),
            _ => None,
        }
    }

    fn flags_names(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            ValType::Flags(t) => Box::new(t.labels().iter().map(|l| Cow::Borrowed(l.as_str()))),
            _ => Box::new(core::iter::empty()),
        }
    }

    /// The component model has no `map` type yet, so no [`ValType`] is one.
    fn map_key_value_types(&self) -> Option<(Self, Self)> {
        None
    }
}
