//! Aliases: of instance exports, core instance exports and outer items,
//! in a component and inside type declarations.

use super::{Decoder, Result, check_index, get};
use crate::error::ErrorKind;
use crate::plan::{Initializer, Sort};
use crate::prelude::*;
use crate::types::ExternType;
use wasmparser::{ComponentAlias, ComponentExternalKind, ComponentOuterAliasKind};

impl Decoder {
    /// Aliases inside type declarations: types only.
    pub(super) fn decl_alias(&mut self, alias: &ComponentAlias<'_>) -> Result<()> {
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

    pub(super) fn alias(&mut self, alias: ComponentAlias<'_>) -> Result<()> {
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
}
