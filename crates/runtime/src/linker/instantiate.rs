//! Carrying out a component's instantiation plan on wasmi.

use crate::component::{Component, ComponentValue, Item, OuterRef, OuterSort};
use crate::core_call::CoreCall;
use crate::error::{Error, ErrorKind, GateError, from_wasmi};
use crate::func::call::handle_checker;
use crate::func::core_func::{BuiltinSite, CoreFunc, define, task_builtin};
use crate::func::gate::{CapSlot, Lowered};
use crate::func::task::defines_task_builtins;
use crate::guest_memory::core_type;
use crate::instance::Instance;
use crate::linker::namespace::{Definition, HostDtor, HostResource, Namespace};
use crate::prelude::*;
use crate::resources::{BindingLevels, HOST_TABLE, Handle, HandleTable, ResourceTypeData, Side};
use crate::store::check_store;
use crate::store::task::AsyncLift;
use crate::store::{CallerSide, FuncKind, HostFunc, InstanceData, LiftedFunc, Store, StoreContextMut, StoreData};
use airssys_wasm_abi::{MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, Options};
use airssys_wasm_caps::CapabilityTable;
use airssys_wasm_component::{
    CanonOptions, CoreSort, ExternType, FuncType, Initializer, InstanceType, ItemRef, NameIndex, ResourceBuiltin, Sort,
    TaskBuiltin, TypeDef,
};
use wasmi::AsContextMut;

/// Where a component's imports come from.
enum Imports<'a, T> {
    /// The outermost component: the linker.
    Linker(&'a Namespace<T>),
    /// A nested component: its parent's arguments, and their positions
    /// sorted by name.
    Args(Vec<(String, Item)>, NameIndex),
}

/// A core instance: a wasmi instance or a bundle of existing items.
enum CoreInstance {
    Wasm(wasmi::Instance),
    /// The items, and their positions sorted by name.
    Exports(Vec<(String, wasmi::Extern)>, NameIndex),
}

/// The index spaces of one component instance being built.
#[derive(Default)]
struct Frame {
    modules: Vec<wasmi::Module>,
    core_instances: Vec<CoreInstance>,
    core_funcs: Vec<wasmi::Func>,
    core_tables: Vec<wasmi::Table>,
    core_memories: Vec<wasmi::Memory>,
    core_globals: Vec<wasmi::Global>,
    funcs: Vec<usize>,
    instances: Vec<usize>,
    components: Vec<Arc<ComponentValue>>,
    exports: Vec<(String, Item)>,
    /// This instance's handle table.
    table: usize,
    /// The capability table its import calls are checked against.
    caps: usize,
    /// Whether the component defines task built-ins (`context.get`, …).
    uses_tasks: bool,
    /// Resource type numbers of the component → run-time resource types,
    /// in the form shared with the functions lifted and lowered.
    resources: BindingLevels,
}

impl Frame {
    fn side(&mut self) -> Side {
        Side { table: self.table, resources: self.resources.snapshot() }
    }

    fn bind(&mut self, id: u32, rt: usize) -> Result<(), Error> {
        let rt = u32::try_from(rt)
            .map_err(|_| Error::from(ErrorKind::Instantiation("more than 2^32 resource types in one store".into())))?;
        self.resources.bind(id, rt);
        Ok(())
    }

    fn resource(&mut self, id: u32) -> Result<usize, Error> {
        self.resources.snapshot().get(id).map(|rt| rt as usize).ok_or_else(|| {
            Error::from(ErrorKind::Instantiation(format!("resource type {id} is used before it is bound")))
        })
    }
}

fn bad(space: &str, index: u32) -> Error {
    Error::from(ErrorKind::Instantiation(format!("{space} index {index} is out of range")))
}

fn at<X: Clone>(items: &[X], index: u32, space: &str) -> Result<X, Error> {
    items.get(index as usize).cloned().ok_or_else(|| bad(space, index))
}

/// Instantiates `component` in `store`, resolving its imports in `root` (a
/// linker's definitions); `capability_table` makes the new instance's table.
pub(crate) fn instantiate<T: 'static>(
    store: &mut Store<T>,
    root: &Namespace<T>,
    capability_table: impl FnOnce(u32) -> CapabilityTable,
    component: &Component,
) -> Result<Instance, Error> {
    if !wasmi::Engine::same(store.inner.engine(), &component.engine().inner) {
        return Err(Error::from(ErrorKind::WrongEngine));
    }
    let data = store.inner.data_mut();
    let caps = data.capabilities.len();
    data.capabilities.push(capability_table(caps as u32));
    let index = run(&mut store.inner, &component.root, Imports::Linker(root), caps)?;
    Ok(Instance { store: store.id(), index })
}

fn push_func<T>(store: &mut wasmi::Store<StoreData<T>>, kind: FuncKind<T>) -> usize {
    let funcs = &mut store.data_mut().funcs;
    funcs.push(Arc::new(kind));
    funcs.len() - 1
}

fn push_instance<T>(store: &mut wasmi::Store<StoreData<T>>, data: InstanceData) -> usize {
    let instances = &mut store.data_mut().instances;
    instances.push(Arc::new(data));
    instances.len() - 1
}

/// Runs the plan of `cv`; returns the index of the new instance's exports.
fn run<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    cv: &Arc<ComponentValue>,
    imports: Imports<'_, T>,
    caps: usize,
) -> Result<usize, Error> {
    let mut f = Frame { caps, uses_tasks: defines_task_builtins(&cv.def.initializers), ..Frame::default() };
    store.data_mut().resources.limiter.add_instance().map_err(|e| Error::from(ErrorKind::Limit(e)))?;
    let tables = &mut store.data_mut().resources.tables;
    tables.push(HandleTable::default());
    f.table = tables.len() - 1;
    for init in &cv.def.initializers {
        match init {
            Initializer::Import { name, ty } => {
                let item = match &imports {
                    Imports::Linker(ns) => link(store, ns, None, name, ty)?,
                    Imports::Args(args, by_name) => by_name
                        .get(args, name)
                        .map(|(_, i)| i.clone())
                        .ok_or_else(|| Error::from(ErrorKind::UnresolvedImport(name.clone())))?,
                };
                bind_resources(store, &mut f, &item, ty)?;
                push_item(&mut f, item);
            }
            Initializer::CoreModule(i) => {
                let m = cv.compiled.modules.get(*i).cloned().ok_or_else(|| bad("core module", *i as u32))?;
                f.modules.push(m);
            }
            Initializer::CoreInstantiate { module, args } => {
                let m = at(&f.modules, *module, "core module")?;
                let mut externs = Vec::new();
                for import in m.imports() {
                    let (_, inst) = args.iter().find(|(n, _)| n == import.module()).ok_or_else(|| {
                        Error::from(ErrorKind::Instantiation(format!(
                            "core module import `{}` has no instance argument",
                            import.module()
                        )))
                    })?;
                    let inst = f.core_instances.get(*inst as usize).ok_or_else(|| bad("core instance", *inst))?;
                    let ext = core_export(store, inst, import.name()).ok_or_else(|| {
                        Error::from(ErrorKind::Instantiation(format!(
                            "core import `{}::{}` is not exported",
                            import.module(),
                            import.name()
                        )))
                    })?;
                    externs.push(ext);
                }
                store.data_mut().resources.limiter.add_instance().map_err(|e| Error::from(ErrorKind::Limit(e)))?;
                // A trap in a start function is a trap; a store limit is a
                // limit error; anything else (mismatched imports) is a
                // failure to instantiate.
                let instance = wasmi::Instance::new(&mut *store, &m, &externs).map_err(|e| {
                    if e.as_trap_code().is_some() || e.downcast_ref::<crate::error::GateError>().is_some() {
                        return from_wasmi(e);
                    }
                    match limit_refusal(&e, store) {
                        Some(limit) => Error::from(ErrorKind::Limit(limit)),
                        None => Error::from(ErrorKind::Instantiation(e.to_string())),
                    }
                })?;
                f.core_instances.push(CoreInstance::Wasm(instance));
            }
            Initializer::CoreInstanceFromExports(items) => {
                let mut exports = Vec::new();
                for (name, sort, index) in items {
                    let ext = match sort {
                        CoreSort::Func => wasmi::Extern::Func(at(&f.core_funcs, *index, "core func")?),
                        CoreSort::Table => wasmi::Extern::Table(at(&f.core_tables, *index, "core table")?),
                        CoreSort::Memory => wasmi::Extern::Memory(at(&f.core_memories, *index, "core memory")?),
                        CoreSort::Global => wasmi::Extern::Global(at(&f.core_globals, *index, "core global")?),
                    };
                    exports.push((name.clone(), ext));
                }
                let by_name = NameIndex::of(&exports);
                f.core_instances.push(CoreInstance::Exports(exports, by_name));
            }
            Initializer::AliasCoreExport { instance, sort, name } => {
                let inst = f.core_instances.get(*instance as usize).ok_or_else(|| bad("core instance", *instance))?;
                let ext = core_export(store, inst, name).ok_or_else(|| {
                    Error::from(ErrorKind::Instantiation(format!("core instance has no export `{name}`")))
                })?;
                let wrong =
                    || Error::from(ErrorKind::Instantiation(format!("core export `{name}` is of another kind")));
                match sort {
                    CoreSort::Func => f.core_funcs.push(ext.into_func().ok_or_else(wrong)?),
                    CoreSort::Table => f.core_tables.push(ext.into_table().ok_or_else(wrong)?),
                    CoreSort::Memory => f.core_memories.push(ext.into_memory().ok_or_else(wrong)?),
                    CoreSort::Global => f.core_globals.push(ext.into_global().ok_or_else(wrong)?),
                }
            }
            Initializer::AliasExport { instance, sort, name } => {
                let inst = at(&f.instances, *instance, "instance")?;
                let data = store.data().instances.get(inst).cloned().ok_or_else(|| bad("instance", *instance))?;
                let item = data.get(name).cloned().ok_or_else(|| Error::from(ErrorKind::NoSuchExport(name.clone())))?;
                check_sort(&item, *sort, name)?;
                push_item(&mut f, item);
            }
            Initializer::AliasOuter { sort, count, index } => {
                // Count 0 names this component's own index spaces.
                let item = match (count, sort) {
                    (0, Sort::Module) => Item::Module(at(&f.modules, *index, "core module")?),
                    (0, Sort::Component) => Item::Component(at(&f.components, *index, "component")?),
                    (_, Sort::Module) => outer_item(cv, (*count, OuterSort::MODULE, *index))?,
                    (_, Sort::Component) => outer_item(cv, (*count, OuterSort::COMPONENT, *index))?,
                    _ => return Err(Error::from(ErrorKind::Instantiation("outer alias of a func or instance".into()))),
                };
                push_item(&mut f, item);
            }
            Initializer::Component(i) => {
                let def = cv.def.components.get(*i).cloned().ok_or_else(|| bad("component", *i as u32))?;
                let compiled = cv.compiled.components.get(*i).cloned().ok_or_else(|| bad("component", *i as u32))?;
                let mut outer = Vec::with_capacity(compiled.outer_refs.len());
                for r in &compiled.outer_refs {
                    let item = match r {
                        (1, OuterSort::MODULE, index) => Item::Module(at(&f.modules, *index, "core module")?),
                        (1, OuterSort::COMPONENT, index) => Item::Component(at(&f.components, *index, "component")?),
                        (count, sort, index) => outer_item(cv, (count - 1, *sort, *index))?,
                    };
                    outer.push((*r, item));
                }
                f.components.push(Arc::new(ComponentValue { def, compiled, outer }));
            }
            Initializer::Instantiate { component, args, ty } => {
                let child = at(&f.components, *component, "component")?;
                let args = item_refs(&mut f, args)?;
                // Nested instances share the capability table: the enclosing
                // component's composition is what grants them each other.
                let by_name = NameIndex::of(&args);
                let index = run(store, &child, Imports::Args(args, by_name), caps)?;
                bind_resources(store, &mut f, &Item::Instance(index), &ExternType::Instance(ty.clone()))?;
                f.instances.push(index);
            }
            Initializer::InstanceFromExports(items) => {
                let exports = item_refs(&mut f, items)?;
                let index = push_instance(store, InstanceData::new(exports, Some(caps), None));
                f.instances.push(index);
            }
            Initializer::DefineResource { id, dtor } => {
                let dtor = dtor.map(|d| at(&f.core_funcs, d, "core func")).transpose()?;
                let types = &mut store.data_mut().resources.types;
                types.push(ResourceTypeData { dtor, owner: f.table, host: None, name: None });
                let rt = types.len() - 1;
                f.bind(*id, rt)?;
            }
            Initializer::ResourceBuiltin { builtin, id } => {
                let rt = f.resource(*id)?;
                let func = resource_builtin(store, *builtin, rt, f.table);
                f.core_funcs.push(func);
            }
            Initializer::TaskBuiltin(builtin) => {
                let memory = match builtin {
                    TaskBuiltin::TaskReturn { options, .. } => option_memory(&f, options)?.0,
                    _ => None,
                };
                let func = task_builtin(store, builtin, BuiltinSite { table: f.table, memory });
                f.core_funcs.push(func);
            }
            Initializer::ExportResource { name, id } => {
                let rt = f.resource(*id)?;
                // The first export names the type in handle errors.
                if let Some(t) = store.data_mut().resources.types.get_mut(rt)
                    && t.name.is_none()
                {
                    t.name = Some(Arc::from(name.as_str()));
                }
                f.exports.push((name.clone(), Item::ResourceType(rt)));
            }
            Initializer::CanonLift { core_func, ty, options } => {
                let mut lifted = lift(store, &f, *core_func, ty, options)?;
                lifted.side = f.side();
                let index = push_func(store, FuncKind::Lifted(Arc::new(lifted)));
                f.funcs.push(index);
            }
            Initializer::CanonLower { func, ty, options } => {
                let core = lower(store, &mut f, *func, ty, options)?;
                f.core_funcs.push(core);
            }
            Initializer::Export { name, sort, index } => {
                let item = item_at(&f, *sort, *index)?;
                f.exports.push((name.clone(), item.clone()));
                push_item(&mut f, item);
            }
        }
    }
    Ok(push_instance(store, InstanceData::new(f.exports, Some(caps), Some(f.table))))
}

/// An item of a component enclosing `cv` that an outer alias names.
fn outer_item(cv: &ComponentValue, r: OuterRef) -> Result<Item, Error> {
    cv.outer_item(r)
        .cloned()
        .ok_or_else(|| Error::from(ErrorKind::Instantiation("outer alias reaches past the outermost component".into())))
}

/// The store limit behind a failed core instantiation, if one refused it:
/// too many memories or tables, or a memory or table the limiter refused.
fn limit_refusal<T>(e: &wasmi::Error, store: &mut wasmi::Store<StoreData<T>>) -> Option<crate::LimitError> {
    use wasmi::errors::{ErrorKind as Kind, InstantiationError as Inst, MemoryError, TableError};
    let limiter = &mut store.data_mut().resources.limiter;
    let refusal = limiter.take_refusal();
    match e.kind() {
        Kind::Instantiation(Inst::TooManyMemories) => {
            Some(crate::LimitError::Memories { limit: limiter.limits().memories() })
        }
        Kind::Instantiation(Inst::TooManyTables) => {
            Some(crate::LimitError::Tables { limit: limiter.limits().tables() })
        }
        Kind::Instantiation(Inst::TooManyInstances) => {
            Some(crate::LimitError::Instances { limit: limiter.limits().instances() })
        }
        Kind::Instantiation(Inst::FailedToInstantiateMemory(MemoryError::ResourceLimiterDeniedAllocation))
        | Kind::Instantiation(Inst::FailedToInstantiateTable(TableError::ResourceLimiterDeniedAllocation))
        | Kind::Memory(MemoryError::ResourceLimiterDeniedAllocation)
        | Kind::Table(TableError::ResourceLimiterDeniedAllocation) => refusal,
        _ => None,
    }
}

fn core_export<T>(store: &wasmi::Store<StoreData<T>>, inst: &CoreInstance, name: &str) -> Option<wasmi::Extern> {
    match inst {
        CoreInstance::Wasm(i) => i.get_export(store, name),
        CoreInstance::Exports(items, by_name) => by_name.get(items, name).map(|(_, e)| *e),
    }
}

fn push_item(f: &mut Frame, item: Item) {
    match item {
        Item::Func(i) => f.funcs.push(i),
        Item::Instance(i) => f.instances.push(i),
        Item::Module(m) => f.modules.push(m),
        Item::Component(c) => f.components.push(c),
        // Resource types have no run-time index space; `bind_resources` records them.
        Item::ResourceType(_) => {}
    }
}

/// Resolves the named items of an `instantiate` or an instance built from
/// exports.
fn item_refs(f: &mut Frame, named: &[(String, ItemRef)]) -> Result<Vec<(String, Item)>, Error> {
    let mut out = Vec::with_capacity(named.len());
    for (name, r) in named {
        out.push((name.clone(), item_ref(f, *r)?));
    }
    Ok(out)
}

fn item_ref(f: &mut Frame, r: ItemRef) -> Result<Item, Error> {
    match r {
        ItemRef::Item(sort, index) => item_at(f, sort, index),
        ItemRef::Resource(id) => Ok(Item::ResourceType(f.resource(id)?)),
    }
}

/// Binds the resource type numbers in `ty` (the static type of `item`) to
/// the run-time resource types `item` carries.
fn bind_resources<T>(
    store: &wasmi::Store<StoreData<T>>,
    f: &mut Frame,
    item: &Item,
    ty: &ExternType,
) -> Result<(), Error> {
    match (ty, item) {
        (ExternType::Type(TypeDef::Resource(id)), Item::ResourceType(rt)) => {
            f.bind(*id, *rt)?;
        }
        (ExternType::Type(TypeDef::Resource(_)), other) => {
            return Err(Error::from(ErrorKind::Instantiation(format!(
                "expected a resource type, got a {}",
                other.kind()
            ))));
        }
        (ExternType::Instance(ity), Item::Instance(i)) => {
            let data = store.data().instances.get(*i).cloned().ok_or_else(|| bad("instance", *i as u32))?;
            for (name, ety) in ity.exports() {
                if let Some(inner) = data.get(name) {
                    bind_resources(store, f, inner, ety)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `canon resource.new`, `resource.rep` and `resource.drop` as core functions.
fn resource_builtin<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    builtin: ResourceBuiltin,
    rt: usize,
    table: usize,
) -> wasmi::Func {
    let host = |e: Error| wasmi::Error::host(GateError(e));
    match builtin {
        // `resource.new` and `resource.rep` share a signature, `(i32) -> i32`,
        // and so one typed host function (one wasmi trampoline less).
        ResourceBuiltin::New | ResourceBuiltin::Rep => {
            let new = builtin == ResourceBuiltin::New;
            wasmi::Func::wrap(&mut *store, move |mut c: wasmi::Caller<'_, StoreData<T>>, arg: i32| {
                if new {
                    // CanonicalABI.md `canon_resource_new`: `trap_if(not inst.may_leave)`.
                    c.data().resources.check_may_leave(table).map_err(host)?;
                    let h = Handle { rt, rep: arg as u32, own: true, lends: 0, scope: None, serial: 0 };
                    return c.data_mut().resources.add(table, h).map(|i| i as i32).map_err(host);
                }
                let r = &c.data().resources;
                let h = r
                    .tables
                    .get(table)
                    .ok_or_else(|| bad("handle table", table as u32))
                    .and_then(|t| t.get(arg as u32).copied());
                let h = h.map_err(host)?;
                if h.rt != rt {
                    return Err(host(wrong_type(arg as u32)));
                }
                Ok(h.rep as i32)
            })
        }
        ResourceBuiltin::Drop => drop_func(store, DropFn::Resource { rt, table }),
    }
}

/// The core functions of type `(i32) -> ()` the runtime defines: a
/// component resource type's `resource.drop`, and a host resource type's
/// destructor. One typed host function serves both (one wasmi trampoline).
enum DropFn<T> {
    Resource { rt: usize, table: usize },
    HostDtor(Arc<HostDtor<T>>),
}

fn drop_func<T: 'static>(store: &mut wasmi::Store<StoreData<T>>, f: DropFn<T>) -> wasmi::Func {
    let host = |e: Error| wasmi::Error::host(GateError(e));
    wasmi::Func::wrap(&mut *store, move |mut c: wasmi::Caller<'_, StoreData<T>>, i: i32| {
        let (rt, table) = match &f {
            DropFn::Resource { rt, table } => (*rt, *table),
            DropFn::HostDtor(dtor) => return dtor(StoreContextMut(c.as_context_mut()), i as u32).map_err(host),
        };
        c.data().resources.check_may_leave(table).map_err(host)?;
        let resources = &mut c.data_mut().resources;
        let h = resources.table(table).and_then(|t| t.remove(i as u32)).map_err(host)?;
        if h.rt != rt {
            return Err(host(wrong_type(i as u32)));
        }
        if h.lends != 0 {
            return Err(host(Error::from(ErrorKind::Trap(wasmi::Error::new(
                "cannot remove owned resource while borrowed",
            )))));
        }
        if !h.own {
            resources.end_borrow(h.scope);
            return Ok(());
        }
        let dtor = resources.types.get(h.rt).and_then(|t| t.dtor);
        if let Some(dtor) = dtor {
            dtor.call(&mut c, &[wasmi::Val::I32(h.rep as i32)], &mut [])?;
        }
        Ok(())
    })
}

fn wrong_type(i: u32) -> Error {
    Error::from(ErrorKind::Trap(wasmi::Error::new(format!(
        "handle index {i} used with the wrong type, expected guest-defined resource but found a different guest-defined resource"
    ))))
}

fn item_at(f: &Frame, sort: Sort, index: u32) -> Result<Item, Error> {
    Ok(match sort {
        Sort::Func => Item::Func(at(&f.funcs, index, "func")?),
        Sort::Instance => Item::Instance(at(&f.instances, index, "instance")?),
        Sort::Module => Item::Module(at(&f.modules, index, "core module")?),
        Sort::Component => Item::Component(at(&f.components, index, "component")?),
    })
}

fn check_sort(item: &Item, sort: Sort, name: &str) -> Result<(), Error> {
    let ok = matches!(
        (item, sort),
        (Item::Func(_), Sort::Func)
            | (Item::Instance(_), Sort::Instance)
            | (Item::Module(_), Sort::Module)
            | (Item::Component(_), Sort::Component)
    );
    if !ok {
        return Err(Error::from(ErrorKind::Instantiation(format!(
            "`{name}` is a {}, not a {}",
            item.kind(),
            sort.name()
        ))));
    }
    Ok(())
}

/// Resolves an import of the outermost component in the linker.
/// `interface` is the imported instance `name` belongs to, if any.
fn link<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    ns: &Namespace<T>,
    interface: Option<&str>,
    name: &str,
    ty: &ExternType,
) -> Result<Item, Error> {
    // A versioned interface imported by the component itself may link to
    // a semver-compatible definition (`wasi:cli/stdout@0.2.4` to `@0.2.12`);
    // the capability check still names the version the component imports.
    let def = ns
        .get(name)
        .or_else(|| if interface.is_none() { ns.get_compatible(name) } else { None })
        .ok_or_else(|| Error::from(ErrorKind::UnresolvedImport(name.to_string())))?;
    match (ty, def) {
        (ExternType::Func(fty), Definition::Func(call)) => {
            if let Some(owner) = call.bound_store() {
                check_store(store.data().id, owner, "linked export")?;
            }
            call.typecheck(fty).map_err(|e| {
                Error::from(ErrorKind::ImportType {
                    name: name.to_string(),
                    expected: fty.to_string(),
                    found: format!("{} ({e})", call.describe()),
                })
            })?;
            // A function imported outside any interface is checked as `name#name`.
            let origin = (Arc::from(interface.unwrap_or(name)), Arc::from(name));
            Ok(Item::Func(push_func(store, FuncKind::Host(HostFunc { ty: fty.clone(), call: call.clone(), origin }))))
        }
        (ExternType::Instance(ity), Definition::Instance(inner)) => link_instance(store, inner, name, ity),
        (ExternType::Type(TypeDef::Resource(_)), Definition::Resource(r)) => {
            Ok(Item::ResourceType(host_type(store, r)))
        }
        (ExternType::Type(TypeDef::Resource(_)), Definition::ComponentResource(ty)) => {
            check_store(store.data().id, ty.store(), "resource type")?;
            Ok(Item::ResourceType(ty.index()))
        }
        (ExternType::Func(_) | ExternType::Instance(_) | ExternType::Type(TypeDef::Resource(_)), other) => {
            Err(Error::from(ErrorKind::ImportType {
                name: name.to_string(),
                expected: ty.kind().to_string(),
                found: match other {
                    Definition::Func(_) => "func".into(),
                    Definition::Instance(_) => "instance".into(),
                    Definition::Resource(_) | Definition::ComponentResource(_) => "resource type".into(),
                },
            }))
        }
        _ => Err(Error::from(ErrorKind::Unsupported(format!("importing a {} (`{name}`) from the host", ty.kind())))),
    }
}

fn link_instance<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    ns: &Namespace<T>,
    name: &str,
    ty: &InstanceType,
) -> Result<Item, Error> {
    let mut exports = Vec::new();
    for (export, ety) in ty.exports() {
        if matches!(ety, ExternType::Type(t) if !matches!(t, TypeDef::Resource(_))) {
            continue;
        }
        let path = format!("{name}#{export}");
        let item = match ns.get(export) {
            None => return Err(Error::from(ErrorKind::UnresolvedImport(path))),
            // Name the function inside the instance in link errors.
            Some(_) => link(store, ns, Some(name), export, ety).map_err(|e| match e.kind() {
                ErrorKind::ImportType { expected, found, .. } => Error::from(ErrorKind::ImportType {
                    name: path.clone(),
                    expected: expected.clone(),
                    found: found.clone(),
                }),
                ErrorKind::UnresolvedImport(inner) => {
                    Error::from(ErrorKind::UnresolvedImport(format!("{name}#{inner}")))
                }
                _ => e,
            })?,
        };
        exports.push((export.clone(), item));
    }
    Ok(Item::Instance(push_instance(store, InstanceData::new(exports, None, None))))
}

/// The run-time type of a host resource type in this store, created (with a
/// core function that runs its destructor) the first time it is linked.
fn host_type<T: 'static>(store: &mut wasmi::Store<StoreData<T>>, r: &Arc<HostResource<T>>) -> usize {
    let host_types = &store.data().resources.host_types;
    let slot = match host_types.binary_search_by_key(&r.key, |(key, _)| *key) {
        Ok(i) => match host_types.get(i) {
            Some((_, rt)) => return *rt,
            None => i,
        },
        Err(slot) => slot,
    };
    let func = drop_func(store, DropFn::HostDtor(r.dtor.clone()));
    let resources = &mut store.data_mut().resources;
    resources.types.push(ResourceTypeData { dtor: Some(func), owner: HOST_TABLE, host: Some(r.claim), name: None });
    let rt = resources.types.len() - 1;
    // Keys come from a counter, so a linker's types usually arrive in order
    // and this inserts at the end.
    resources.host_types.insert(slot, (r.key, rt));
    rt
}

/// The flat core signature of `ty` lifted or lowered with `options`
/// (CanonicalABI.md, `flatten_functype`).
fn core_signature(ty: &FuncType, lowering: bool, options: &CanonOptions) -> (Vec<wasmi::ValType>, Vec<wasmi::ValType>) {
    let flat = |list: &airssys_wasm_abi::ValueList, max: usize| -> Vec<wasmi::ValType> {
        list.flat_types(max).into_iter().map(core_type).collect()
    };
    match (options.async_, lowering) {
        (false, _) => {
            let mut params = flat(ty.params(), MAX_FLAT_PARAMS);
            let mut results = flat(ty.results(), MAX_FLAT_RESULTS);
            if lowering && ty.results().spills(MAX_FLAT_RESULTS) {
                params.push(wasmi::ValType::I32);
                results.clear();
            }
            (params, results)
        }
        (true, false) => {
            let results = if options.callback.is_some() { vec![wasmi::ValType::I32] } else { Vec::new() };
            (flat(ty.params(), MAX_FLAT_PARAMS), results)
        }
        (true, true) => {
            let mut params = flat(ty.params(), MAX_FLAT_ASYNC_PARAMS);
            if !ty.results().types().is_empty() {
                params.push(wasmi::ValType::I32);
            }
            (params, vec![wasmi::ValType::I32])
        }
    }
}

fn option_memory(f: &Frame, options: &CanonOptions) -> Result<(Option<wasmi::Memory>, Option<wasmi::Func>), Error> {
    let memory = options.memory.map(|i| at(&f.core_memories, i, "core memory")).transpose()?;
    let realloc = options.realloc.map(|i| at(&f.core_funcs, i, "core func")).transpose()?;
    Ok((memory, realloc))
}

fn lift<T>(
    store: &wasmi::Store<StoreData<T>>,
    f: &Frame,
    core_func: u32,
    ty: &Arc<FuncType>,
    options: &CanonOptions,
) -> Result<LiftedFunc, Error> {
    let core = at(&f.core_funcs, core_func, "core func")?;
    let (params, results) = core_signature(ty, false, options);
    let actual = core.ty(store);
    if actual.params() != params.as_slice() || actual.results() != results.as_slice() {
        return Err(Error::from(ErrorKind::Instantiation(format!(
            "canon lift of a core function of type {actual:?} as `{ty}`, which needs params {params:?} and results {results:?}"
        ))));
    }
    let (memory, realloc) = option_memory(f, options)?;
    let post_return = options.post_return.map(|i| at(&f.core_funcs, i, "core func")).transpose()?;
    let callback = options.callback.map(|i| at(&f.core_funcs, i, "core func")).transpose()?;
    Ok(LiftedFunc {
        async_lift: options.async_.then_some(AsyncLift { callback }),
        runs_task: f.uses_tasks || options.async_,
        side: Side::default(),
        has_handles: ty.has_handles(),
        core,
        core_call: CoreCall::new(store, core, &params, &results),
        core_params: params.into_boxed_slice(),
        core_results: results.into_boxed_slice(),
        ty: ty.clone(),
        memory,
        realloc,
        post_return,
        encoding: options.encoding,
    })
}

fn lower<T: 'static>(
    store: &mut wasmi::Store<StoreData<T>>,
    f: &mut Frame,
    func: u32,
    ty: &Arc<FuncType>,
    options: &CanonOptions,
) -> Result<wasmi::Func, Error> {
    let index = at(&f.funcs, func, "func")?;
    let target = store.data().funcs.get(index).cloned().ok_or_else(|| bad("func", func))?;
    let (memory, realloc) = option_memory(f, options)?;
    let (params, results) = core_signature(ty, true, options);
    let limits = store.data().abi_limits;
    let cap = match &*target {
        FuncKind::Host(h) if store.data().check_capabilities => {
            let table = store.data_mut().capabilities.get_mut(f.caps).ok_or_else(|| bad("capability table", 0))?;
            Some(CapSlot { table: f.caps, slot: table.bind(&h.origin.0, &h.origin.1) })
        }
        _ => None,
    };
    // Typed handles of a typed host function are held to the resource types
    // this component numbers them as, once, here.
    if let FuncKind::Host(h) = &*target
        && ty.has_handles()
    {
        let side = f.side();
        let mut check = handle_checker(store.data(), Some(&side), false);
        h.call.check_handles(ty, &mut check).map_err(|e| {
            Error::from(ErrorKind::ImportType {
                name: format!("{}#{}", h.origin.0, h.origin.1),
                expected: ty.to_string(),
                found: format!("{} ({e})", h.call.describe()),
            })
        })?;
    }
    let lowered = Arc::new(Lowered {
        cap,
        async_lower: options.async_,
        target,
        side: f.side(),
        has_handles: ty.has_handles(),
        ty: ty.clone(),
        caller: CallerSide { table: f.table, memory, realloc, options: Options { encoding: options.encoding, limits } },
        core_results: results.clone(),
    });
    // With `fast-calls`, typed host functions for the commonest shapes.
    #[cfg(feature = "fast-calls")]
    if let Some(func) = crate::func::core_func::wrap_import(store, &params, &results, &lowered) {
        return Ok(func);
    }
    let core_ty = wasmi::FuncType::new(params, results);
    Ok(define(store, core_ty, CoreFunc::Import(lowered)))
}
