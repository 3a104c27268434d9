//! Instances: component instances (instantiations and bundles of
//! exports) and core instances.

use super::{Decoder, Result, check_index, get};
use crate::error::ErrorKind;
use crate::name_index::NameIndex;
use crate::plan::{Initializer, ItemRef};
use crate::prelude::*;
use crate::resource_map::ResourceMap;
use crate::subst::Renumber;
use crate::types::{ExternType, InstanceType, TypeDef};
use wasmparser::ComponentExternalKind;

impl Decoder {
    pub(super) fn component_instance(&mut self, instance: wasmparser::ComponentInstance<'_>) -> Result<()> {
        match instance {
            wasmparser::ComponentInstance::Instantiate { component_index, args } => {
                let ty = get(&self.current()?.components, component_index, "component", self.offset)?.clone();
                let mut run_args = Vec::new();
                let mut supplied = Vec::new();
                let imports = NameIndex::of(&ty.imports);
                for arg in args.iter() {
                    let actual = self.item_type(arg.kind, arg.index)?;
                    if let Some((_, expected)) = imports.get(&ty.imports, arg.name) {
                        crate::subst::unify(expected, &actual, &mut supplied);
                    }
                    if let Some(item) = self.item_ref(arg.kind, arg.index, &actual)? {
                        run_args.push((arg.name.to_string(), item));
                    }
                }
                let mut map = ResourceMap::from_pairs(supplied);
                // Resource types the child defines get fresh numbers here.
                let mut renumber = Renumber { map: &mut map, next: self.next_resource, fresh: Vec::new() };
                let instance_ty = renumber.instance_of(&ty.exports).map_err(|e| self.err(ErrorKind::Type(e)))?;
                self.next_resource = renumber.next;
                let instance_ty = Arc::new(instance_ty);
                self.scope()?.instances.push(instance_ty.clone());
                self.push_init(Initializer::Instantiate { component: component_index, args: run_args, ty: instance_ty })
            }
            wasmparser::ComponentInstance::FromExports(exports) => {
                let mut items = Vec::new();
                let mut ty = Vec::with_capacity(exports.len());
                for export in exports.iter() {
                    let et = self.item_type(export.kind, export.index)?;
                    if let Some(item) = self.item_ref(export.kind, export.index, &et)? {
                        items.push((export.name.full_name().to_string(), item));
                    }
                    ty.push((export.name.full_name().to_string(), et));
                }
                self.scope()?.instances.push(Arc::new(InstanceType::new(ty)));
                self.push_init(Initializer::InstanceFromExports(items))
            }
        }
    }

    /// How an argument or instance export is found at run time: an index
    /// space entry, a resource type, or nothing (other types).
    pub(super) fn item_ref(&self, kind: ComponentExternalKind, index: u32, ty: &ExternType) -> Result<Option<ItemRef>> {
        Ok(match (self.sort_of(kind)?, ty) {
            (Some(sort), _) => Some(ItemRef::Item(sort, index)),
            (None, ExternType::Type(TypeDef::Resource(id))) => Some(ItemRef::Resource(*id)),
            (None, _) => None,
        })
    }

    pub(super) fn core_instance(&mut self, instance: wasmparser::Instance<'_>) -> Result<()> {
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
}
