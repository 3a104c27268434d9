//! Component-level types: functions, instances, components and the
//! externally visible types of imports and exports.

use crate::name_index::NameIndex;
use crate::prelude::*;
use airssys_wasm_abi::{TypeError, ValType, ValueList};
use core::fmt;

/// A component function type, with the canonical ABI layout of its
/// parameters and result computed once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    names: Box<[String]>,
    params: ValueList,
    results: ValueList,
    is_async: bool,
}

impl FuncType {
    /// A function taking the named parameters and returning `result`, if any.
    pub fn new(
        params: impl IntoIterator<Item = (String, ValType)>,
        result: Option<ValType>,
    ) -> Result<Self, TypeError> {
        let (names, types): (Vec<String>, Vec<ValType>) = params.into_iter().unzip();
        Ok(FuncType {
            names: names.into_boxed_slice(),
            params: ValueList::new(types)?,
            results: ValueList::new(result)?,
            is_async: false,
        })
    }

    /// The same function type marked `async` (`func async` in component
    /// text): callers may expect it to block. The flag is part of the type.
    pub fn into_async(mut self) -> Self {
        self.is_async = true;
        self
    }

    /// Whether the type is `async`.
    pub fn is_async(&self) -> bool {
        self.is_async
    }

    /// The parameter names, in order.
    pub fn param_names(&self) -> &[String] {
        &self.names
    }

    /// The parameter types with their layout.
    pub fn params(&self) -> &ValueList {
        &self.params
    }

    /// The result types (zero or one) with their layout.
    pub fn results(&self) -> &ValueList {
        &self.results
    }

    /// The result type, if the function returns one.
    pub fn result(&self) -> Option<&ValType> {
        self.results.types().first()
    }

    /// Whether a parameter or the result holds an `own` or `borrow` handle.
    pub fn has_handles(&self) -> bool {
        self.params.types().iter().chain(self.results.types()).any(crate::subst::has_handles)
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_async {
            f.write_str("async ")?;
        }
        f.write_str("func(")?;
        for (i, (name, ty)) in self.names.iter().zip(self.params.types()).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}: {ty}")?;
        }
        f.write_str(")")?;
        if let Some(r) = self.result() {
            write!(f, " -> {r}")?;
        }
        Ok(())
    }
}

/// The type of an instance: its exports by name, in order.
///
/// Looking an export up by name takes a binary search (an instance type can
/// have thousands of exports, and aliases name them one by one): the type
/// keeps the export positions sorted by name beside the exports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InstanceType {
    exports: Vec<(String, ExternType)>,
    by_name: NameIndex,
}

impl InstanceType {
    /// An instance type with these exports, in declaration order.
    pub fn new(exports: Vec<(String, ExternType)>) -> Self {
        let by_name = NameIndex::of(&exports);
        InstanceType { exports, by_name }
    }

    /// The exports, in declaration order.
    pub fn exports(&self) -> &[(String, ExternType)] {
        &self.exports
    }

    /// The type of export `name` (the first one, should a binary that was
    /// not validated declare it twice).
    pub fn export(&self, name: &str) -> Option<&ExternType> {
        self.by_name.get(&self.exports, name).map(|(_, t)| t)
    }
}

/// The type of a component: what it imports and what it exports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ComponentType {
    /// The imports, in declaration order.
    pub imports: Vec<(String, ExternType)>,
    /// The exports, in declaration order.
    pub exports: Vec<(String, ExternType)>,
}

/// An entry of a component's type index space.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeDef {
    /// A defined value type.
    Value(ValType),
    /// A function type.
    Func(Arc<FuncType>),
    /// An instance type.
    Instance(Arc<InstanceType>),
    /// A component type.
    Component(Arc<ComponentType>),
    /// A resource type. The number identifies it within one component
    /// binary; each instance binds it to a resource type of its own at run
    /// time (resource types are generative).
    Resource(u32),
    /// `stream<T>` (or `stream` without elements). Only the built-ins that
    /// name it are accepted; values of the type are not supported yet.
    Stream(Option<ValType>),
    /// `future<T>` (or `future` without a value). As for [`TypeDef::Stream`].
    Future(Option<ValType>),
}

impl TypeDef {
    /// A short name of the kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            TypeDef::Value(_) => "value type",
            TypeDef::Func(_) => "function type",
            TypeDef::Instance(_) => "instance type",
            TypeDef::Component(_) => "component type",
            TypeDef::Resource(_) => "resource type",
            TypeDef::Stream(_) => "stream type",
            TypeDef::Future(_) => "future type",
        }
    }
}

/// The type of something imported or exported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExternType {
    /// A core module.
    Module,
    /// A component function.
    Func(Arc<FuncType>),
    /// A component value.
    Value(ValType),
    /// A type.
    Type(TypeDef),
    /// A component instance.
    Instance(Arc<InstanceType>),
    /// A component.
    Component(Arc<ComponentType>),
}

impl ExternType {
    /// A short name of the kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ExternType::Module => "core module",
            ExternType::Func(_) => "func",
            ExternType::Value(_) => "value",
            ExternType::Type(_) => "type",
            ExternType::Instance(_) => "instance",
            ExternType::Component(_) => "component",
        }
    }
}

/// Prints the type in WIT-like syntax.
impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Module => f.write_str("core module"),
            ExternType::Func(t) => write!(f, "{t}"),
            ExternType::Value(t) => write!(f, "value {t}"),
            ExternType::Type(TypeDef::Value(t)) => write!(f, "type {t}"),
            ExternType::Type(TypeDef::Resource(r)) => write!(f, "resource resource-{r}"),
            ExternType::Type(t) => write!(f, "type ({})", t.kind()),
            ExternType::Instance(t) => {
                f.write_str("interface {")?;
                for (name, ty) in t.exports() {
                    write!(f, " {name}: {ty};")?;
                }
                f.write_str(" }")
            }
            ExternType::Component(t) => {
                write!(f, "component ({} imports, {} exports)", t.imports.len(), t.exports.len())
            }
        }
    }
}
