//! Types: value, function, instance, component and resource types, the
//! declarations inside instance and component types, and import and export
//! types.

use super::{Decoder, Result, Scope, check_index, get};
use crate::error::{Error, ErrorKind};
use crate::plan::{CoreSort, Initializer};
use crate::prelude::*;
use crate::resource_map::ResourceMap;
use crate::subst::Renumber;
use crate::types::{ComponentType, ExternType, FuncType, InstanceType, TypeDef};
use airssys_wasm_abi::ValType;
use wasmparser::{
    ComponentDefinedType, ComponentTypeDeclaration, ComponentTypeRef, ComponentValType, InstanceTypeDeclaration,
    PrimitiveValType, TypeBounds,
};

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
    /// The type of an import as this import sees it: resource types declared
    /// abstractly inside the imported type's declaration are distinct for
    /// every import that uses it, so they get fresh numbers here; resource
    /// types of this component or enclosing ones keep theirs.
    pub(super) fn import_type(&mut self, et: ExternType) -> Result<ExternType> {
        let depth = self.scopes.len();
        let ids = crate::subst::resource_ids(&et);
        let declared_inside = |id: &u32| self.resource_depth.get(*id as usize).is_some_and(|d| *d > depth);
        if !ids.iter().any(declared_inside) {
            return Ok(et);
        }
        let outside = ids.iter().filter(|id| !declared_inside(id)).map(|id| (*id, *id)).collect();
        let mut map = ResourceMap::from_pairs(outside);
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
    pub(super) fn resource_at(&self, index: u32) -> Result<u32> {
        match self.type_at(index)? {
            TypeDef::Resource(id) => Ok(*id),
            other => Err(self.err(ErrorKind::WrongKind { expected: "resource type", found: other.kind() })),
        }
    }

    pub(super) fn type_at(&self, index: u32) -> Result<&TypeDef> {
        get(&self.current()?.types, index, "type", self.offset)
    }

    pub(super) fn val_type(&self, ty: &ComponentValType) -> Result<ValType> {
        match ty {
            ComponentValType::Primitive(p) => primitive(*p, self.offset),
            ComponentValType::Type(index) => match self.type_at(*index)? {
                TypeDef::Value(t) => Ok(t.clone()),
                TypeDef::Stream(_) | TypeDef::Future(_) => Err(self.unsupported("values of stream and future types")),
                other => Err(self.err(ErrorKind::WrongKind { expected: "value type", found: other.kind() })),
            },
        }
    }

    pub(super) fn opt_val_type(&self, ty: &Option<ComponentValType>) -> Result<Option<ValType>> {
        ty.as_ref().map(|t| self.val_type(t)).transpose()
    }

    pub(super) fn defined_type(&self, ty: &ComponentDefinedType<'_>) -> Result<ValType> {
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
    pub(super) fn named_types(&self, items: &[(&str, ComponentValType)]) -> Result<Vec<(String, ValType)>> {
        let mut out = Vec::with_capacity(items.len());
        for (name, ty) in items {
            out.push((name.to_string(), self.val_type(ty)?));
        }
        Ok(out)
    }

    pub(super) fn func_type(&self, ty: &wasmparser::ComponentFuncType<'_>) -> Result<Arc<FuncType>> {
        let params = self.named_types(&ty.params)?;
        let result = self.opt_val_type(&ty.result)?;
        let f = FuncType::new(params, result).map_err(|e| self.err(ErrorKind::Type(e)))?;
        Ok(Arc::new(if ty.async_ { f.into_async() } else { f }))
    }

    /// Resolves a component type definition (pushing scopes for the
    /// declarations of instance and component types).
    pub(super) fn component_type(&mut self, ty: &wasmparser::ComponentType<'_>) -> Result<TypeDef> {
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
                TypeDef::Instance(Arc::new(InstanceType::new(scope.map(|s| s.exports).unwrap_or_default())))
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

    pub(super) fn instance_decl(&mut self, decl: &InstanceTypeDeclaration<'_>) -> Result<()> {
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

    pub(super) fn component_decl(&mut self, decl: &ComponentTypeDeclaration<'_>) -> Result<()> {
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
    pub(super) fn declare_extern(&mut self, et: &ExternType) -> Result<()> {
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

    pub(super) fn extern_type(&mut self, ty: &ComponentTypeRef) -> Result<ExternType> {
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
}
