//! Canonical definitions: `canon lift`, `canon lower`, the resource
//! built-ins and the concurrency built-ins, with their options.

use super::{Decoder, Result, get};
use crate::builtin::TaskBuiltin;
use crate::error::ErrorKind;
use crate::plan::{CanonOptions, CoreSort, Initializer, ResourceBuiltin};
use crate::types::TypeDef;
use airssys_wasm_abi::StringEncoding;
use wasmparser::{CanonicalFunction, CanonicalOption};

impl Decoder {
    pub(super) fn canon_options(&self, options: &[CanonicalOption]) -> Result<CanonOptions> {
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

    pub(super) fn canon(&mut self, canon: CanonicalFunction) -> Result<()> {
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

    pub(super) fn context_slot(&self, ty: wasmparser::ValType, slot: u32) -> Result<()> {
        // CanonicalABI.md: `$t` must be `i32` and `$i` less than 2.
        if ty != wasmparser::ValType::I32 || slot >= 2 {
            return Err(self.err(ErrorKind::Invalid("context.get/set takes i32 and a slot below 2".into())));
        }
        Ok(())
    }

    pub(super) fn task_builtin(&mut self, builtin: TaskBuiltin) -> Result<()> {
        self.scope()?.core_funcs += 1;
        self.push_init(Initializer::TaskBuiltin(builtin))
    }

    pub(super) fn resource_builtin(&mut self, builtin: ResourceBuiltin, resource: u32) -> Result<()> {
        let id = self.resource_at(resource)?;
        self.scope()?.core_funcs += 1;
        self.push_init(Initializer::ResourceBuiltin { builtin, id })
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
