//! Decoding a component binary into a [`ComponentDef`]: types resolved into
//! [`TypeDef`]s and value types into the canonical ABI's [`ValType`], and
//! every other section turned into a step of the instantiation plan.

use crate::builtin::TaskBuiltin;
use crate::error::{Error, ErrorKind};
use crate::plan::{CanonOptions, ComponentDef, CoreSort, Initializer, ItemRef, ResourceBuiltin, Sort};
use crate::prelude::*;
use crate::resource_map::ResourceMap;
use crate::subst::Renumber;
use crate::types::{ComponentType, ExternType, FuncType, InstanceType, TypeDef};
use airssys_wasm_abi::{StringEncoding, ValType};
use wasmparser::{
    CanonicalFunction, CanonicalOption, ComponentAlias, ComponentDefinedType, ComponentExternalKind,
    ComponentOuterAliasKind, ComponentTypeDeclaration, ComponentTypeRef, ComponentValType, Encoding, ExternalKind,
    InstanceTypeDeclaration, Parser, Payload, PrimitiveValType, TypeBounds,
};

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
    decode_checked_header(bytes)
}

/// Decodes a component binary without wasmparser's validator, as a build
/// without the `validate` feature always does. An invalid component is still
/// an error, never a panic, but it may be caught later (when instantiating)
/// and with a less precise message than the validator's.
pub fn decode_unvalidated(bytes: &[u8]) -> Result<ComponentDef> {
    check_header(bytes)?;
    decode_checked_header(bytes)
}

/// Rejects what is not a component before anything else reads it.
fn check_header(bytes: &[u8]) -> Result<()> {
    if Parser::is_component(bytes) {
        return Ok(());
    }
    if Parser::is_core_wasm(bytes) {
        return Err(Error::new(ErrorKind::NotAComponent, 0));
    }
    Err(Error::new(ErrorKind::Invalid("not a WebAssembly component (bad magic or version)".into()), 0))
}

fn decode_checked_header(bytes: &[u8]) -> Result<ComponentDef> {
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

fn primitive(p: PrimitiveValType, offset: u64) -> Result<ValType> {
    Ok(match p {
        PrimitiveValType::Bool => ValType::Bool,
        PrimitiveValType::S8 => ValType::S8,
        PrimitiveValType::U8 => ValType::U8,
        PrimitiveValType::S16 => ValType::S16,
        PrimitiveValType::U16 => ValType::U16,
        PrimitiveValType::S32 => ValType::S32,
        PrimitiveValType::U32 => ValType::U32,
        PrimitiveValType::S64 => ValType::S64,
        PrimitiveValType::U64 => ValType::U64,
        PrimitiveValType::F32 => ValType::F32,
        PrimitiveValType::F64 => ValType::F64,
        PrimitiveValType::Char => ValType::Char,
        PrimitiveValType::String => ValType::String,
        PrimitiveValType::ErrorContext => {
            return Err(Error::new(ErrorKind::Unsupported("error-context values"), offset));
        }
    })
}

impl Decoder {
    fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset)
    }

    fn unsupported(&self, what: &'static str) -> Error {
        self.err(ErrorKind::Unsupported(what))
    }

    fn scope(&mut self) -> Result<&mut Scope> {
        let offset = self.offset;
        self.scopes.last_mut().ok_or(Error::new(ErrorKind::Invalid("section outside a component".into()), offset))
    }

    fn current(&self) -> Result<&Scope> {
        self.scopes.last().ok_or(self.err(ErrorKind::Invalid("section outside a component".into())))
    }

    /// The scope `count` levels out from the current one.
    fn outer(&self, count: u32) -> Result<&Scope> {
        let depth = self.scopes.len().checked_sub(1 + count as usize);
        depth.and_then(|d| self.scopes.get(d)).ok_or(self.err(ErrorKind::Invalid("outer alias count too large".into())))
    }

    fn fresh_resource(&mut self) -> u32 {
        let id = self.next_resource;
        self.next_resource = self.next_resource.wrapping_add(1);
        self.record_depth(id, self.scopes.len());
        id
    }

    /// Records that resource number `id` was created `depth` scopes deep.
    fn record_depth(&mut self, id: u32, depth: usize) {
        let index = id as usize;
        if index >= self.resource_depth.len() {
            self.resource_depth.resize(index.saturating_add(1), 0);
        }
        if let Some(slot) = self.resource_depth.get_mut(index) {
            *slot = depth;
        }
    }

    /// The type of an import as this import sees it: resource types declared
    /// abstractly inside the imported type's declaration are distinct for
    /// every import that uses it, so they get fresh numbers here; resource
    /// types of this component or enclosing ones keep theirs.
    fn import_type(&mut self, et: ExternType) -> Result<ExternType> {
        let depth = self.scopes.len();
        let ids = crate::subst::resource_ids(&et);
        let declared_inside = |id: &u32| self.resource_depth.get(*id as usize).is_some_and(|d| *d > depth);
        if !ids.iter().any(declared_inside) {
            return Ok(et);
        }
        let mut map = ResourceMap::default();
        for id in ids.iter().filter(|id| !declared_inside(id)) {
            map.insert(*id, *id);
        }
        let mut renumber = Renumber { map: &mut map, next: self.next_resource, fresh: Vec::new() };
        let renumbered = renumber.extern_type(&et).map_err(|e| self.err(ErrorKind::Type(e)))?;
        let Renumber { next, fresh, .. } = renumber;
        self.next_resource = next;
        for id in fresh {
            self.record_depth(id, depth);
        }
        Ok(renumbered)
    }

    /// The number of the resource type at type index `index`.
    fn resource_at(&self, index: u32) -> Result<u32> {
        match self.type_at(index)? {
            TypeDef::Resource(id) => Ok(*id),
            other => Err(self.err(ErrorKind::WrongKind { expected: "resource type", found: other.kind() })),
        }
    }

    fn type_at(&self, index: u32) -> Result<&TypeDef> {
        get(&self.current()?.types, index, "type", self.offset)
    }

    fn val_type(&self, ty: &ComponentValType) -> Result<ValType> {
        match ty {
            ComponentValType::Primitive(p) => primitive(*p, self.offset),
            ComponentValType::Type(index) => match self.type_at(*index)? {
                TypeDef::Value(t) => Ok(t.clone()),
                TypeDef::Stream(_) | TypeDef::Future(_) => Err(self.unsupported("values of stream and future types")),
                other => Err(self.err(ErrorKind::WrongKind { expected: "value type", found: other.kind() })),
            },
        }
    }

    fn opt_val_type(&self, ty: &Option<ComponentValType>) -> Result<Option<ValType>> {
        ty.as_ref().map(|t| self.val_type(t)).transpose()
    }

    fn defined_type(&self, ty: &ComponentDefinedType<'_>) -> Result<ValType> {
        let abi = |r: core::result::Result<ValType, airssys_wasm_abi::TypeError>| {
            r.map_err(|e| Error::new(ErrorKind::Type(e), self.offset))
        };
        match ty {
            ComponentDefinedType::Primitive(p) => primitive(*p, self.offset),
            ComponentDefinedType::Record(fields) => abi(ValType::record(self.named_types(fields)?)),
            ComponentDefinedType::Variant(cases) => {
                let mut out = Vec::with_capacity(cases.len());
                for c in cases.iter() {
                    out.push((c.name.to_string(), self.opt_val_type(&c.ty)?));
                }
                abi(ValType::variant(out))
            }
            ComponentDefinedType::List(t) => Ok(ValType::list(self.val_type(t)?)),
            ComponentDefinedType::FixedLengthList(t, n) => abi(ValType::fixed_list(self.val_type(t)?, *n)),
            ComponentDefinedType::Tuple(ts) => {
                let mut out = Vec::with_capacity(ts.len());
                for t in ts.iter() {
                    out.push(self.val_type(t)?);
                }
                abi(ValType::tuple(out))
            }
            ComponentDefinedType::Flags(labels) => abi(ValType::flags(labels.iter().map(|l| l.to_string()))),
            ComponentDefinedType::Enum(labels) => abi(ValType::enumeration(labels.iter().map(|l| l.to_string()))),
            ComponentDefinedType::Option(t) => abi(ValType::option(self.val_type(t)?)),
            ComponentDefinedType::Result { ok, err } => {
                abi(ValType::result(self.opt_val_type(ok)?, self.opt_val_type(err)?))
            }
            ComponentDefinedType::Own(i) => Ok(ValType::Own(self.resource_at(*i)?)),
            ComponentDefinedType::Borrow(i) => Ok(ValType::Borrow(self.resource_at(*i)?)),
            // `map<K, V>` despecializes to `list<tuple<K, V>>` (CanonicalABI.md).
            ComponentDefinedType::Map(k, v) => {
                Ok(ValType::list(abi(ValType::tuple([self.val_type(k)?, self.val_type(v)?]))?))
            }
            ComponentDefinedType::Future(_) | ComponentDefinedType::Stream(_) => {
                Err(self.unsupported("values of stream and future types"))
            }
        }
    }

    /// Record fields and function parameters: names with their value types.
    fn named_types(&self, items: &[(&str, ComponentValType)]) -> Result<Vec<(String, ValType)>> {
        let mut out = Vec::with_capacity(items.len());
        for (name, ty) in items {
            out.push((name.to_string(), self.val_type(ty)?));
        }
        Ok(out)
    }

    fn func_type(&self, ty: &wasmparser::ComponentFuncType<'_>) -> Result<Arc<FuncType>> {
        let params = self.named_types(&ty.params)?;
        let result = self.opt_val_type(&ty.result)?;
        let f = FuncType::new(params, result).map_err(|e| self.err(ErrorKind::Type(e)))?;
        Ok(Arc::new(if ty.async_ { f.into_async() } else { f }))
    }

    /// Resolves a component type definition (pushing scopes for the
    /// declarations of instance and component types).
    fn component_type(&mut self, ty: &wasmparser::ComponentType<'_>) -> Result<TypeDef> {
        Ok(match ty {
            wasmparser::ComponentType::Defined(ComponentDefinedType::Stream(t)) => {
                TypeDef::Stream(self.opt_val_type(t)?)
            }
            wasmparser::ComponentType::Defined(ComponentDefinedType::Future(t)) => {
                TypeDef::Future(self.opt_val_type(t)?)
            }
            wasmparser::ComponentType::Defined(d) => TypeDef::Value(self.defined_type(d)?),
            wasmparser::ComponentType::Func(f) => TypeDef::Func(self.func_type(f)?),
            wasmparser::ComponentType::Instance(decls) => {
                self.scopes.push(Scope::default());
                let result = decls.iter().try_for_each(|d| self.instance_decl(d));
                let scope = self.scopes.pop();
                result?;
                TypeDef::Instance(Arc::new(InstanceType { exports: scope.map(|s| s.exports).unwrap_or_default() }))
            }
            wasmparser::ComponentType::Component(decls) => {
                self.scopes.push(Scope::default());
                let result = decls.iter().try_for_each(|d| self.component_decl(d));
                let scope = self.scopes.pop().unwrap_or_default();
                result?;
                TypeDef::Component(Arc::new(ComponentType { imports: scope.imports, exports: scope.exports }))
            }
            wasmparser::ComponentType::Resource { rep, dtor } => {
                if *rep != wasmparser::ValType::I32 {
                    return Err(self.unsupported("resource representations other than i32"));
                }
                if let Some(d) = dtor {
                    self.check_core(CoreSort::Func, *d)?;
                }
                let id = self.fresh_resource();
                self.push_init(Initializer::DefineResource { id, dtor: *dtor })?;
                TypeDef::Resource(id)
            }
        })
    }

    fn instance_decl(&mut self, decl: &InstanceTypeDeclaration<'_>) -> Result<()> {
        match decl {
            InstanceTypeDeclaration::CoreType(_) => self.scope()?.core_types += 1,
            InstanceTypeDeclaration::Type(t) => {
                let def = self.component_type(t)?;
                self.scope()?.types.push(def);
            }
            InstanceTypeDeclaration::Alias(a) => self.decl_alias(a)?,
            InstanceTypeDeclaration::Export { name, ty } => {
                let et = self.extern_type(ty)?;
                self.declare_extern(&et)?;
                self.scope()?.exports.push((name.full_name().to_string(), et));
            }
        }
        Ok(())
    }

    fn component_decl(&mut self, decl: &ComponentTypeDeclaration<'_>) -> Result<()> {
        match decl {
            ComponentTypeDeclaration::CoreType(_) => self.scope()?.core_types += 1,
            ComponentTypeDeclaration::Type(t) => {
                let def = self.component_type(t)?;
                self.scope()?.types.push(def);
            }
            ComponentTypeDeclaration::Alias(a) => self.decl_alias(a)?,
            ComponentTypeDeclaration::Export { name, ty } => {
                let et = self.extern_type(ty)?;
                self.declare_extern(&et)?;
                self.scope()?.exports.push((name.full_name().to_string(), et));
            }
            ComponentTypeDeclaration::Import(import) => {
                let et = self.extern_type(&import.ty)?;
                self.declare_extern(&et)?;
                self.scope()?.imports.push((import.name.full_name().to_string(), et));
            }
        }
        Ok(())
    }

    /// Adds a declared import or export to the static index spaces of a type
    /// declaration scope, so that later aliases can name it.
    fn declare_extern(&mut self, et: &ExternType) -> Result<()> {
        let scope = self.scope()?;
        match et {
            ExternType::Type(t) => scope.types.push(t.clone()),
            ExternType::Instance(t) => scope.instances.push(t.clone()),
            ExternType::Func(t) => scope.funcs.push(t.clone()),
            ExternType::Component(t) => scope.components.push(t.clone()),
            ExternType::Module => scope.core_modules += 1,
            ExternType::Value(_) => {}
        }
        Ok(())
    }

    /// Aliases inside type declarations: types only.
    fn decl_alias(&mut self, alias: &ComponentAlias<'_>) -> Result<()> {
        match alias {
            ComponentAlias::Outer { kind: ComponentOuterAliasKind::Type, count, index } => {
                let def = get(&self.outer(*count)?.types, *index, "type", self.offset)?.clone();
                self.scope()?.types.push(def);
            }
            ComponentAlias::Outer { kind: ComponentOuterAliasKind::CoreType, .. } => self.scope()?.core_types += 1,
            ComponentAlias::InstanceExport { kind, instance_index, name } => {
                let inst = get(&self.current()?.instances, *instance_index, "instance", self.offset)?.clone();
                let et = inst.export(name).ok_or(self.err(ErrorKind::NoSuchExport(name.to_string())))?.clone();
                let matches = matches!(
                    (kind, &et),
                    (ComponentExternalKind::Type, ExternType::Type(_))
                        | (ComponentExternalKind::Instance, ExternType::Instance(_))
                        | (ComponentExternalKind::Func, ExternType::Func(_))
                        | (ComponentExternalKind::Component, ExternType::Component(_))
                        | (ComponentExternalKind::Module, ExternType::Module)
                );
                if !matches {
                    return Err(self.err(ErrorKind::WrongKind { expected: "the aliased sort", found: et.kind() }));
                }
                self.declare_extern(&et)?;
            }
            _ => return Err(self.unsupported("this alias inside a type declaration")),
        }
        Ok(())
    }

    fn extern_type(&mut self, ty: &ComponentTypeRef) -> Result<ExternType> {
        let expect =
            |found: &TypeDef, expected: &'static str| self.err(ErrorKind::WrongKind { expected, found: found.kind() });
        Ok(match ty {
            ComponentTypeRef::Module(index) => {
                check_index(self.current()?.core_types, *index, "core type", self.offset)?;
                ExternType::Module
            }
            ComponentTypeRef::Func(index) => match self.type_at(*index)? {
                TypeDef::Func(f) => ExternType::Func(f.clone()),
                other => return Err(expect(other, "function type")),
            },
            ComponentTypeRef::Value(v) => ExternType::Value(self.val_type(v)?),
            ComponentTypeRef::Type(TypeBounds::Eq(index)) => ExternType::Type(self.type_at(*index)?.clone()),
            ComponentTypeRef::Type(TypeBounds::SubResource) => {
                ExternType::Type(TypeDef::Resource(self.fresh_resource()))
            }
            ComponentTypeRef::Instance(index) => match self.type_at(*index)? {
                TypeDef::Instance(t) => ExternType::Instance(t.clone()),
                other => return Err(expect(other, "instance type")),
            },
            ComponentTypeRef::Component(index) => match self.type_at(*index)? {
                TypeDef::Component(t) => ExternType::Component(t.clone()),
                other => return Err(expect(other, "component type")),
            },
        })
    }

    /// The static type of item `index` of `kind` in the current component.
    fn item_type(&self, kind: ComponentExternalKind, index: u32) -> Result<ExternType> {
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
    fn push_item(&mut self, et: &ExternType) -> Result<Option<Sort>> {
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

    fn push_init(&mut self, init: Initializer) -> Result<()> {
        self.scope()?.initializers.push(init);
        Ok(())
    }

    fn sort_of(&self, kind: ComponentExternalKind) -> Result<Option<Sort>> {
        Ok(match kind {
            ComponentExternalKind::Module => Some(Sort::Module),
            ComponentExternalKind::Func => Some(Sort::Func),
            ComponentExternalKind::Instance => Some(Sort::Instance),
            ComponentExternalKind::Component => Some(Sort::Component),
            ComponentExternalKind::Type => None,
            ComponentExternalKind::Value => return Err(self.unsupported("component values")),
        })
    }

    fn core_sort(&self, kind: ExternalKind) -> Result<CoreSort> {
        Ok(match kind {
            ExternalKind::Func | ExternalKind::FuncExact => CoreSort::Func,
            ExternalKind::Table => CoreSort::Table,
            ExternalKind::Memory => CoreSort::Memory,
            ExternalKind::Global => CoreSort::Global,
            ExternalKind::Tag => return Err(self.unsupported("core exception tags")),
        })
    }

    fn push_core(&mut self, sort: CoreSort) -> Result<()> {
        let scope = self.scope()?;
        match sort {
            CoreSort::Func => scope.core_funcs += 1,
            CoreSort::Table => scope.core_tables += 1,
            CoreSort::Memory => scope.core_memories += 1,
            CoreSort::Global => scope.core_globals += 1,
        }
        Ok(())
    }

    fn check_core(&self, sort: CoreSort, index: u32) -> Result<()> {
        let s = self.current()?;
        let (count, space) = match sort {
            CoreSort::Func => (s.core_funcs, "core func"),
            CoreSort::Table => (s.core_tables, "core table"),
            CoreSort::Memory => (s.core_memories, "core memory"),
            CoreSort::Global => (s.core_globals, "core global"),
        };
        check_index(count, index, space, self.offset)
    }

    fn canon_options(&self, options: &[CanonicalOption]) -> Result<CanonOptions> {
        let mut out = CanonOptions::default();
        for option in options {
            match option {
                CanonicalOption::UTF8 => out.encoding = StringEncoding::Utf8,
                CanonicalOption::UTF16 => out.encoding = StringEncoding::Utf16,
                CanonicalOption::CompactUTF16 => out.encoding = StringEncoding::Latin1Utf16,
                CanonicalOption::Memory(i) => {
                    self.check_core(CoreSort::Memory, *i)?;
                    out.memory = Some(*i);
                }
                CanonicalOption::Realloc(i) => {
                    self.check_core(CoreSort::Func, *i)?;
                    out.realloc = Some(*i);
                }
                CanonicalOption::PostReturn(i) => {
                    self.check_core(CoreSort::Func, *i)?;
                    out.post_return = Some(*i);
                }
                CanonicalOption::Async => out.async_ = true,
                CanonicalOption::Callback(i) => {
                    self.check_core(CoreSort::Func, *i)?;
                    out.callback = Some(*i);
                }
                _ => return Err(self.unsupported("GC canonical options")),
            }
        }
        Ok(out)
    }

    fn section(&mut self, payload: Payload<'_>) -> Result<()> {
        match payload {
            Payload::ComponentTypeSection(reader) => {
                self.offset = reader.range().start;
                for ty in reader {
                    let def = self.component_type(&ty?)?;
                    self.scope()?.types.push(def);
                }
            }
            Payload::CoreTypeSection(reader) => {
                self.offset = reader.range().start;
                let n = reader.count();
                self.scope()?.core_types += n;
            }
            Payload::ComponentImportSection(reader) => {
                self.offset = reader.range().start;
                for import in reader {
                    let import = import?;
                    let name = import.name.full_name().to_string();
                    let et = self.extern_type(&import.ty)?;
                    let et = self.import_type(et)?;
                    let is_resource = matches!(et, ExternType::Type(TypeDef::Resource(_)));
                    if self.push_item(&et)?.is_some() || is_resource {
                        self.push_init(Initializer::Import { name: name.clone(), ty: et.clone() })?;
                    }
                    self.scope()?.imports.push((name, et));
                }
            }
            Payload::ComponentExportSection(reader) => {
                self.offset = reader.range().start;
                for export in reader {
                    let export = export?;
                    let name = export.name.full_name().to_string();
                    let et = match &export.ty {
                        Some(ascribed) => self.extern_type(ascribed)?,
                        None => self.item_type(export.kind, export.index)?,
                    };
                    // Check the exported index exists even when a type is ascribed.
                    self.item_type(export.kind, export.index)?;
                    if let Some(sort) = self.push_item(&et)? {
                        self.push_init(Initializer::Export { name: name.clone(), sort, index: export.index })?;
                    } else if let ExternType::Type(TypeDef::Resource(id)) = et {
                        self.push_init(Initializer::ExportResource { name: name.clone(), id })?;
                    }
                    self.scope()?.exports.push((name, et));
                }
            }
            Payload::ComponentInstanceSection(reader) => {
                self.offset = reader.range().start;
                for instance in reader {
                    self.component_instance(instance?)?;
                }
            }
            Payload::InstanceSection(reader) => {
                self.offset = reader.range().start;
                for instance in reader {
                    self.core_instance(instance?)?;
                }
            }
            Payload::ComponentAliasSection(reader) => {
                self.offset = reader.range().start;
                for alias in reader {
                    self.alias(alias?)?;
                }
            }
            Payload::ComponentCanonicalSection(reader) => {
                self.offset = reader.range().start;
                for canon in reader {
                    self.canon(canon?)?;
                }
            }
            Payload::ModuleSection { unchecked_range, .. } => {
                self.offset = unchecked_range.start;
                let range = usize::try_from(unchecked_range.start).unwrap_or(usize::MAX)
                    ..usize::try_from(unchecked_range.end).unwrap_or(usize::MAX);
                let scope = self.scope()?;
                scope.modules.push(range);
                scope.core_modules += 1;
                let index = scope.modules.len() - 1;
                self.push_init(Initializer::CoreModule(index))?;
            }
            Payload::ComponentSection { unchecked_range, .. } => self.offset = unchecked_range.start,
            Payload::ComponentStartSection { range, .. } => {
                self.offset = range.start;
                return Err(self.unsupported("component start functions"));
            }
            Payload::CustomSection(_) => {}
            Payload::Version { .. } | Payload::End(_) => {}
            _ => return Err(self.err(ErrorKind::Invalid("a core section outside a core module".into()))),
        }
        Ok(())
    }

    fn component_instance(&mut self, instance: wasmparser::ComponentInstance<'_>) -> Result<()> {
        match instance {
            wasmparser::ComponentInstance::Instantiate { component_index, args } => {
                let ty = get(&self.current()?.components, component_index, "component", self.offset)?.clone();
                let mut run_args = Vec::new();
                let mut map = ResourceMap::default();
                for arg in args.iter() {
                    let actual = self.item_type(arg.kind, arg.index)?;
                    if let Some(expected) = ty.imports.iter().find(|(n, _)| n == arg.name).map(|(_, t)| t) {
                        crate::subst::unify(expected, &actual, &mut map);
                    }
                    if let Some(item) = self.item_ref(arg.kind, arg.index, &actual)? {
                        run_args.push((arg.name.to_string(), item));
                    }
                }
                // Resource types the child defines get fresh numbers here.
                let mut renumber = Renumber { map: &mut map, next: self.next_resource, fresh: Vec::new() };
                let instance_ty = renumber
                    .instance(&InstanceType { exports: ty.exports.clone() })
                    .map_err(|e| self.err(ErrorKind::Type(e)))?;
                self.next_resource = renumber.next;
                let instance_ty = Arc::new(instance_ty);
                self.scope()?.instances.push(instance_ty.clone());
                self.push_init(Initializer::Instantiate { component: component_index, args: run_args, ty: instance_ty })
            }
            wasmparser::ComponentInstance::FromExports(exports) => {
                let mut items = Vec::new();
                let mut ty = InstanceType::default();
                for export in exports.iter() {
                    let et = self.item_type(export.kind, export.index)?;
                    if let Some(item) = self.item_ref(export.kind, export.index, &et)? {
                        items.push((export.name.full_name().to_string(), item));
                    }
                    ty.exports.push((export.name.full_name().to_string(), et));
                }
                self.scope()?.instances.push(Arc::new(ty));
                self.push_init(Initializer::InstanceFromExports(items))
            }
        }
    }

    /// How an argument or instance export is found at run time: an index
    /// space entry, a resource type, or nothing (other types).
    fn item_ref(&self, kind: ComponentExternalKind, index: u32, ty: &ExternType) -> Result<Option<ItemRef>> {
        Ok(match (self.sort_of(kind)?, ty) {
            (Some(sort), _) => Some(ItemRef::Item(sort, index)),
            (None, ExternType::Type(TypeDef::Resource(id))) => Some(ItemRef::Resource(*id)),
            (None, _) => None,
        })
    }

    fn core_instance(&mut self, instance: wasmparser::Instance<'_>) -> Result<()> {
        let init = match instance {
            wasmparser::Instance::Instantiate { module_index, args } => {
                check_index(self.current()?.core_modules, module_index, "core module", self.offset)?;
                let instances = self.current()?.core_instances;
                let mut named = Vec::new();
                for arg in args.iter() {
                    check_index(instances, arg.index, "core instance", self.offset)?;
                    named.push((arg.name.to_string(), arg.index));
                }
                Initializer::CoreInstantiate { module: module_index, args: named }
            }
            wasmparser::Instance::FromExports(exports) => {
                let mut items = Vec::new();
                for export in exports.iter() {
                    let sort = self.core_sort(export.kind)?;
                    self.check_core(sort, export.index)?;
                    items.push((export.name.to_string(), sort, export.index));
                }
                Initializer::CoreInstanceFromExports(items)
            }
        };
        self.scope()?.core_instances += 1;
        self.push_init(init)
    }

    fn alias(&mut self, alias: ComponentAlias<'_>) -> Result<()> {
        match alias {
            ComponentAlias::InstanceExport { kind, instance_index, name } => {
                let inst = get(&self.current()?.instances, instance_index, "instance", self.offset)?.clone();
                let et = inst.export(name).ok_or(self.err(ErrorKind::NoSuchExport(name.to_string())))?.clone();
                let expected = self.sort_of(kind)?;
                if let Some(sort) = self.push_item(&et)? {
                    if Some(sort) != expected {
                        return Err(self.err(ErrorKind::WrongKind { expected: "the aliased sort", found: et.kind() }));
                    }
                    self.push_init(Initializer::AliasExport {
                        instance: instance_index,
                        sort,
                        name: name.to_string(),
                    })?;
                }
            }
            ComponentAlias::CoreInstanceExport { kind, instance_index, name } => {
                check_index(self.current()?.core_instances, instance_index, "core instance", self.offset)?;
                let sort = self.core_sort(kind)?;
                self.push_core(sort)?;
                self.push_init(Initializer::AliasCoreExport {
                    instance: instance_index,
                    sort,
                    name: name.to_string(),
                })?;
            }
            ComponentAlias::Outer { kind, count, index } => {
                let o = self.offset;
                match kind {
                    ComponentOuterAliasKind::Type => {
                        let def = get(&self.outer(count)?.types, index, "type", o)?.clone();
                        self.scope()?.types.push(def);
                    }
                    ComponentOuterAliasKind::CoreType => self.scope()?.core_types += 1,
                    ComponentOuterAliasKind::CoreModule => {
                        check_index(self.outer(count)?.core_modules, index, "core module", o)?;
                        self.scope()?.core_modules += 1;
                        self.push_init(Initializer::AliasOuter { sort: Sort::Module, count, index })?;
                    }
                    ComponentOuterAliasKind::Component => {
                        let ty = get(&self.outer(count)?.components, index, "component", o)?.clone();
                        self.scope()?.components.push(ty);
                        self.push_init(Initializer::AliasOuter { sort: Sort::Component, count, index })?;
                    }
                }
            }
        }
        Ok(())
    }

    fn canon(&mut self, canon: CanonicalFunction) -> Result<()> {
        match canon {
            CanonicalFunction::Lift { core_func_index, type_index, options } => {
                self.check_core(CoreSort::Func, core_func_index)?;
                let ty = match self.type_at(type_index)? {
                    TypeDef::Func(f) => f.clone(),
                    other => {
                        return Err(self.err(ErrorKind::WrongKind { expected: "function type", found: other.kind() }));
                    }
                };
                let options = self.canon_options(&options)?;
                self.scope()?.funcs.push(ty.clone());
                self.push_init(Initializer::CanonLift { core_func: core_func_index, ty, options })
            }
            CanonicalFunction::Lower { func_index, options } => {
                let ty = get(&self.current()?.funcs, func_index, "func", self.offset)?.clone();
                let options = self.canon_options(&options)?;
                self.scope()?.core_funcs += 1;
                self.push_init(Initializer::CanonLower { func: func_index, ty, options })
            }
            CanonicalFunction::ResourceNew { resource } => self.resource_builtin(ResourceBuiltin::New, resource),
            CanonicalFunction::ResourceDrop { resource } => self.resource_builtin(ResourceBuiltin::Drop, resource),
            CanonicalFunction::ResourceRep { resource } => self.resource_builtin(ResourceBuiltin::Rep, resource),
            CanonicalFunction::ContextGet { ty, slot } => {
                self.context_slot(ty, slot)?;
                self.task_builtin(TaskBuiltin::ContextGet(slot))
            }
            CanonicalFunction::ContextSet { ty, slot } => {
                self.context_slot(ty, slot)?;
                self.task_builtin(TaskBuiltin::ContextSet(slot))
            }
            CanonicalFunction::BackpressureInc => self.task_builtin(TaskBuiltin::BackpressureInc),
            CanonicalFunction::BackpressureDec => self.task_builtin(TaskBuiltin::BackpressureDec),
            CanonicalFunction::TaskReturn { result, options } => {
                let result = self.opt_val_type(&result)?;
                let options = self.canon_options(&options)?;
                self.task_builtin(TaskBuiltin::TaskReturn { result, options })
            }
            CanonicalFunction::TaskCancel => self.task_builtin(TaskBuiltin::TaskCancel),
            CanonicalFunction::ThreadYield => self.task_builtin(TaskBuiltin::ThreadYield),
            other => {
                let Some(builtin) = crate::builtin::unimplemented(&other) else {
                    return Err(self.unsupported("shared-everything thread built-ins and stream/future forwarding"));
                };
                if let Some(ty) = stream_or_future_type(&other) {
                    match self.type_at(ty)? {
                        TypeDef::Stream(_) | TypeDef::Future(_) => {}
                        t => {
                            return Err(
                                self.err(ErrorKind::WrongKind { expected: "stream or future type", found: t.kind() })
                            );
                        }
                    }
                }
                self.task_builtin(builtin)
            }
        }
    }

    fn context_slot(&self, ty: wasmparser::ValType, slot: u32) -> Result<()> {
        // CanonicalABI.md: `$t` must be `i32` and `$i` less than 2.
        if ty != wasmparser::ValType::I32 || slot >= 2 {
            return Err(self.err(ErrorKind::Invalid("context.get/set takes i32 and a slot below 2".into())));
        }
        Ok(())
    }

    fn task_builtin(&mut self, builtin: TaskBuiltin) -> Result<()> {
        self.scope()?.core_funcs += 1;
        self.push_init(Initializer::TaskBuiltin(builtin))
    }

    fn resource_builtin(&mut self, builtin: ResourceBuiltin, resource: u32) -> Result<()> {
        let id = self.resource_at(resource)?;
        self.scope()?.core_funcs += 1;
        self.push_init(Initializer::ResourceBuiltin { builtin, id })
    }

    /// Closes the innermost component; returns it when it is the outermost.
    fn end_component(&mut self) -> Result<Option<ComponentDef>> {
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

/// The type index a stream or future built-in names.
fn stream_or_future_type(f: &CanonicalFunction) -> Option<u32> {
    use CanonicalFunction as C;
    match f {
        C::StreamNew { ty }
        | C::StreamRead { ty, .. }
        | C::StreamWrite { ty, .. }
        | C::StreamCancelRead { ty, .. }
        | C::StreamCancelWrite { ty, .. }
        | C::StreamDropReadable { ty }
        | C::StreamDropWritable { ty }
        | C::FutureNew { ty }
        | C::FutureRead { ty, .. }
        | C::FutureWrite { ty, .. }
        | C::FutureCancelRead { ty, .. }
        | C::FutureCancelWrite { ty, .. }
        | C::FutureDropReadable { ty }
        | C::FutureDropWritable { ty } => Some(*ty),
        _ => None,
    }
}
