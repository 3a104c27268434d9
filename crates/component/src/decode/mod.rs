//! Decoding a component binary into a [`ComponentDef`]: types resolved into
//! [`TypeDef`]s and value types into the canonical ABI's [`ValType`](airssys_wasm_abi::ValType), and
//! every other section turned into a step of the instantiation plan.
//!
//! This file holds the scopes, the entry point and the index-space
//! bookkeeping; each kind of definition is decoded in a file of its own:
//! [`types`], [`aliases`], [`canon`] (canonical definitions), [`instances`],
//! and [`sections`] (which dispatches sections to them).

mod aliases;
mod canon;
mod instances;
mod sections;
mod types;

use crate::error::{Error, ErrorKind};
use crate::plan::{ComponentDef, CoreSort, Initializer, Sort};
use crate::prelude::*;
use crate::types::{ComponentType, ExternType, FuncType, InstanceType, TypeDef};
use wasmparser::{ComponentExternalKind, Encoding, ExternalKind, Parser, Payload};

type Result<T> = core::result::Result<T, Error>;

/// What one component (or one component or instance type declaration)
/// has defined so far: its index spaces, statically typed.
#[derive(Default)]
struct Scope {
    types: Vec<TypeDef>,
    core_types: u32,
    core_modules: u32,
    core_instances: u32,
    core_funcs: u32,
    core_tables: u32,
    core_memories: u32,
    core_globals: u32,
    funcs: Vec<Arc<FuncType>>,
    instances: Vec<Arc<InstanceType>>,
    components: Vec<Arc<ComponentType>>,
    imports: Vec<(String, ExternType)>,
    exports: Vec<(String, ExternType)>,
    initializers: Vec<Initializer>,
    modules: Vec<core::ops::Range<usize>>,
    nested: Vec<Arc<ComponentDef>>,
}

/// The decoder: a stack of scopes, innermost last, and the current offset.
struct Decoder {
    scopes: Vec<Scope>,
    offset: u64,
    /// The next resource type number.
    next_resource: u32,
    /// How deep in the scope stack each resource number was created,
    /// indexed by the number (numbers are handed out in order); 0 for the
    /// numbers given to a nested instance's resources, which no scope
    /// declares (every scope is at least 1 deep).
    resource_depth: Vec<usize>,
}

fn get<'a, T>(items: &'a [T], index: u32, space: &'static str, offset: u64) -> Result<&'a T> {
    items.get(index as usize).ok_or(Error::new(ErrorKind::BadIndex { space, index }, offset))
}

fn check_index(count: u32, index: u32, space: &'static str, offset: u64) -> Result<()> {
    if index >= count {
        return Err(Error::new(ErrorKind::BadIndex { space, index }, offset));
    }
    Ok(())
}

/// Decodes (and, with the `validate` feature, validates) a component binary.
pub fn decode(bytes: &[u8]) -> Result<ComponentDef> {
    check_header(bytes)?;
    #[cfg(feature = "validate")]
    validate(bytes)?;
    decode_unvalidated(bytes)
}

fn check_header(bytes: &[u8]) -> Result<()> {
    if !Parser::is_component(bytes) {
        if Parser::is_core_wasm(bytes) {
            return Err(Error::new(ErrorKind::NotAComponent, 0));
        }
        return Err(Error::new(ErrorKind::Invalid("not a WebAssembly component (bad magic or version)".into()), 0));
    }
    Ok(())
}

/// Decodes a component binary without running wasmparser's validator, even
/// with the `validate` feature: for binaries validated before, and for those
/// beyond the validator's implementation limits (such as 1,000 core modules
/// and components per binary). Invalid input is still an error, never a
/// panic; the message is only less precise.
pub fn decode_unvalidated(bytes: &[u8]) -> Result<ComponentDef> {
    check_header(bytes)?;
    let mut decoder = Decoder { scopes: Vec::new(), offset: 0, next_resource: 0, resource_depth: Vec::new() };
    // Depth of core modules being skipped (their payloads come inline).
    let mut module_depth = 0u32;
    let mut root = None;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        if module_depth > 0 {
            match payload {
                Payload::Version { encoding: Encoding::Module, .. } => module_depth += 1,
                Payload::End(_) => module_depth -= 1,
                _ => {}
            }
            continue;
        }
        match payload {
            Payload::Version { encoding: Encoding::Module, .. } => module_depth = 1,
            Payload::Version { encoding: Encoding::Component, .. } => decoder.scopes.push(Scope::default()),
            Payload::End(offset) => {
                decoder.offset = offset;
                root = decoder.end_component()?.or(root);
            }
            other => decoder.section(other)?,
        }
    }
    root.ok_or(Error::new(ErrorKind::Invalid("unexpected end of the component".into()), bytes.len() as u64))
}

#[cfg(feature = "validate")]
fn validate(bytes: &[u8]) -> Result<()> {
    use wasmparser::{Validator, WasmFeatures};
    // The feature set the Component Model's own test suite is run with, so
    // that what this runtime does not implement yet is reported as
    // unsupported rather than as invalid.
    let mut features = WasmFeatures::default();
    features.insert(
        WasmFeatures::CM_FIXED_LENGTH_LISTS
            | WasmFeatures::CM_MAP
            | WasmFeatures::CM_THREADING
            | WasmFeatures::CM_ASYNC_STACKFUL
            | WasmFeatures::CM_MORE_ASYNC_BUILTINS
            | WasmFeatures::CM_ERROR_CONTEXT,
    );
    Validator::new_with_features(features).validate_all(bytes)?;
    Ok(())
}

impl Decoder {
    pub(super) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset)
    }

    pub(super) fn unsupported(&self, what: &'static str) -> Error {
        self.err(ErrorKind::Unsupported(what))
    }

    pub(super) fn scope(&mut self) -> Result<&mut Scope> {
        let offset = self.offset;
        self.scopes.last_mut().ok_or(Error::new(ErrorKind::Invalid("section outside a component".into()), offset))
    }

    pub(super) fn current(&self) -> Result<&Scope> {
        self.scopes.last().ok_or(self.err(ErrorKind::Invalid("section outside a component".into())))
    }

    /// The scope `count` levels out from the current one.
    pub(super) fn outer(&self, count: u32) -> Result<&Scope> {
        let depth = self.scopes.len().checked_sub(1 + count as usize);
        depth.and_then(|d| self.scopes.get(d)).ok_or(self.err(ErrorKind::Invalid("outer alias count too large".into())))
    }

    pub(super) fn fresh_resource(&mut self) -> u32 {
        let id = self.next_resource;
        self.next_resource = self.next_resource.wrapping_add(1);
        self.record_depth(id, self.scopes.len());
        id
    }

    /// Records that resource number `id` was created `depth` scopes deep.
    pub(super) fn record_depth(&mut self, id: u32, depth: usize) {
        let index = id as usize;
        if index >= self.resource_depth.len() {
            self.resource_depth.resize(index.saturating_add(1), 0);
        }
        if let Some(slot) = self.resource_depth.get_mut(index) {
            *slot = depth;
        }
    }

    /// The static type of item `index` of `kind` in the current component.
    pub(super) fn item_type(&self, kind: ComponentExternalKind, index: u32) -> Result<ExternType> {
        let s = self.current()?;
        let o = self.offset;
        Ok(match kind {
            ComponentExternalKind::Module => {
                check_index(s.core_modules, index, "core module", o)?;
                ExternType::Module
            }
            ComponentExternalKind::Func => ExternType::Func(get(&s.funcs, index, "func", o)?.clone()),
            ComponentExternalKind::Instance => ExternType::Instance(get(&s.instances, index, "instance", o)?.clone()),
            ComponentExternalKind::Component => {
                ExternType::Component(get(&s.components, index, "component", o)?.clone())
            }
            ComponentExternalKind::Type => ExternType::Type(get(&s.types, index, "type", o)?.clone()),
            ComponentExternalKind::Value => return Err(self.unsupported("component values")),
        })
    }

    /// Appends an item of the given type to its index space; returns its
    /// run-time sort (`None` for types, which exist only while decoding).
    pub(super) fn push_item(&mut self, et: &ExternType) -> Result<Option<Sort>> {
        let scope = self.scope()?;
        Ok(match et {
            ExternType::Module => {
                scope.core_modules += 1;
                Some(Sort::Module)
            }
            ExternType::Func(t) => {
                scope.funcs.push(t.clone());
                Some(Sort::Func)
            }
            ExternType::Instance(t) => {
                scope.instances.push(t.clone());
                Some(Sort::Instance)
            }
            ExternType::Component(t) => {
                scope.components.push(t.clone());
                Some(Sort::Component)
            }
            ExternType::Type(t) => {
                scope.types.push(t.clone());
                None
            }
            ExternType::Value(_) => return Err(self.unsupported("component values")),
        })
    }

    pub(super) fn push_init(&mut self, init: Initializer) -> Result<()> {
        self.scope()?.initializers.push(init);
        Ok(())
    }

    pub(super) fn sort_of(&self, kind: ComponentExternalKind) -> Result<Option<Sort>> {
        Ok(match kind {
            ComponentExternalKind::Module => Some(Sort::Module),
            ComponentExternalKind::Func => Some(Sort::Func),
            ComponentExternalKind::Instance => Some(Sort::Instance),
            ComponentExternalKind::Component => Some(Sort::Component),
            ComponentExternalKind::Type => None,
            ComponentExternalKind::Value => return Err(self.unsupported("component values")),
        })
    }

    pub(super) fn core_sort(&self, kind: ExternalKind) -> Result<CoreSort> {
        Ok(match kind {
            ExternalKind::Func | ExternalKind::FuncExact => CoreSort::Func,
            ExternalKind::Table => CoreSort::Table,
            ExternalKind::Memory => CoreSort::Memory,
            ExternalKind::Global => CoreSort::Global,
            ExternalKind::Tag => return Err(self.unsupported("core exception tags")),
        })
    }

    pub(super) fn push_core(&mut self, sort: CoreSort) -> Result<()> {
        let scope = self.scope()?;
        match sort {
            CoreSort::Func => scope.core_funcs += 1,
            CoreSort::Table => scope.core_tables += 1,
            CoreSort::Memory => scope.core_memories += 1,
            CoreSort::Global => scope.core_globals += 1,
        }
        Ok(())
    }

    pub(super) fn check_core(&self, sort: CoreSort, index: u32) -> Result<()> {
        let s = self.current()?;
        let (count, space) = match sort {
            CoreSort::Func => (s.core_funcs, "core func"),
            CoreSort::Table => (s.core_tables, "core table"),
            CoreSort::Memory => (s.core_memories, "core memory"),
            CoreSort::Global => (s.core_globals, "core global"),
        };
        check_index(count, index, space, self.offset)
    }

    /// Closes the innermost component; returns it when it is the outermost.
    pub(super) fn end_component(&mut self) -> Result<Option<ComponentDef>> {
        let scope = self.scopes.pop().ok_or(self.err(ErrorKind::Invalid("unbalanced end".into())))?;
        let ty = Arc::new(ComponentType { imports: scope.imports, exports: scope.exports });
        let def = ComponentDef {
            ty: ty.clone(),
            initializers: scope.initializers,
            modules: scope.modules,
            components: scope.nested,
        };
        match self.scopes.last_mut() {
            None => Ok(Some(def)),
            Some(parent) => {
                parent.components.push(ty);
                parent.nested.push(Arc::new(def));
                let index = parent.nested.len() - 1;
                parent.initializers.push(Initializer::Component(index));
                Ok(None)
            }
        }
    }
}
