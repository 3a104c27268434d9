//! Sections: one method that dispatches each section of a component
//! to the decoder of what it holds.

use super::{Decoder, Result};
use crate::error::ErrorKind;
use crate::plan::Initializer;
use crate::prelude::*;
use crate::types::{ExternType, TypeDef};
use wasmparser::Payload;

impl Decoder {
    pub(super) fn section(&mut self, payload: Payload<'_>) -> Result<()> {
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
}
