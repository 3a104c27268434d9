//! The linker: host definitions of what components import, by name.

mod instantiate;
mod linked_export;
mod namespace;

use crate::component::Component;
use crate::error::{Error, ErrorKind};
use crate::func::dispatch::{Dispatched, HostDispatch};
use crate::func::host::{DynamicHost, TypedHost};
use crate::instance::Instance;
use crate::prelude::*;
use crate::resources::Resource;
use crate::store::{HostCall, Store, StoreContextMut};
use airssys_wasm_abi::typed::{ComponentList, Lift, Lower};
use airssys_wasm_abi::{Val, ValType};
use airssys_wasm_caps::{CapabilityTable, DenyAction, Grant};
use airssys_wasm_component::{ExternType, FuncType};
use core::marker::PhantomData;
use linked_export::LinkedExport;
use namespace::{Definition, HostDtor, HostResource, Namespace};

/// A resource type defined by the host in a [`Linker`]. The host holds its
/// resources as their representation (a `u32` of its choosing, such as a
/// [`ResourceTable`](crate::ResourceTable) slot): functions return
/// `Val::Own(rep)` or a [`Resource`](crate::Resource) to hand one to a guest,
/// and receive the representation of the ones guests pass in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HostResourceType {
    pub(crate) key: usize,
}

/// Host resource types are told apart by a process-wide counter.
static NEXT_RESOURCE_KEY: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(1);

/// Host definitions of imports, reading like the WIT they implement:
/// `linker.instance("ns:pkg/iface")?.func_wrap("name", ...)`.
///
/// Defining an import does not let guests call it: every instance the
/// linker creates starts with a capability table holding the linker's
/// [grants](Linker::grant), and an import call that no grant covers is
/// denied (ARCHITECTURE.md, "Deny by default").
///
/// An imported interface with a version (`wasi:cli/stdout@0.2.4`) that has
/// no exact definition links to the definition of the same interface at
/// the highest semver-compatible version (`@0.2.12`: the same major
/// version, and for 0.x the same minor version; release versions only), as
/// in wasmtime. Capability checks still name the version the component
/// imports.
pub struct Linker<T> {
    pub(crate) root: Namespace<T>,
    grants: Vec<Grant>,
    audit_allowed: bool,
    /// What ungranted calls of an interface get: (interface, case).
    ungranted_errors: Vec<(String, String)>,
}

impl<T: 'static> Default for Linker<T> {
    fn default() -> Self {
        Linker { root: Namespace::default(), grants: Vec::new(), audit_allowed: false, ungranted_errors: Vec::new() }
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new() -> Self {
        Linker::default()
    }

    /// Definitions at the top level (imports that are plain functions).
    pub fn root(&mut self) -> LinkerInstance<'_, T> {
        LinkerInstance { ns: &mut self.root }
    }

    /// The definitions of the imported instance `name` (e.g. `ns:pkg/iface`),
    /// created if absent.
    pub fn instance(&mut self, name: &str) -> Result<LinkerInstance<'_, T>, Error> {
        self.root().into_instance(name)
    }

    /// Defines every function the component imports that this linker does
    /// not define yet as one that traps with a message naming it. Useful to
    /// instantiate a component whose imports are never called.
    pub fn define_unknown_imports_as_traps(&mut self, component: &Component) -> Result<(), Error> {
        self.define_unknown(component, |name, _| {
            Arc::new(DynamicHost(move |_: StoreContextMut<'_, T>, _: &[Val], _: &mut [Val]| {
                Err(Error::host(format!("the import `{name}` was called, but it is defined only as a trap")))
            }))
        })
    }

    /// Defines every function the component imports that this linker does
    /// not define yet as one that returns the simplest value of its result
    /// type ([`Val::default_of`]). Used by the fuzzer to reach deep code.
    pub fn define_unknown_imports_as_default_values(&mut self, component: &Component) -> Result<(), Error> {
        self.define_unknown(component, |_, ty| {
            let results: Vec<ValType> = ty.results().types().to_vec();
            Arc::new(DynamicHost(move |_: StoreContextMut<'_, T>, _: &[Val], out: &mut [Val]| {
                for (slot, ty) in out.iter_mut().zip(&results) {
                    *slot = Val::default_of(ty);
                }
                Ok(())
            }))
        })
    }

    fn define_unknown(
        &mut self,
        component: &Component,
        make: impl Fn(String, &FuncType) -> Arc<dyn HostCall<T>>,
    ) -> Result<(), Error> {
        for (name, ty) in &component.ty().imports {
            match ty {
                ExternType::Func(f) => {
                    self.root.insert_new(name, || Definition::Func(make(name.clone(), f)));
                }
                ExternType::Instance(i) => {
                    let inst = self.instance(name)?;
                    for (export, ety) in i.exports() {
                        if let ExternType::Func(f) = ety {
                            inst.ns.insert_new(export, || Definition::Func(make(format!("{name}#{export}"), f)));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Adds a grant to the capability table of every instance created from
    /// now on (a grant for the same interface and function replaces the
    /// earlier one). Tables of existing instances change through
    /// [`Store::capabilities_mut`].
    pub fn grant(&mut self, grant: Grant) -> &mut Self {
        self.grants.retain(|g| g.interface != grant.interface || g.function != grant.function);
        self.grants.push(grant);
        self
    }

    /// The grants new instances start with.
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }

    /// Makes calls of functions of `interface` that no grant covers (or
    /// whose grant was revoked) return `err(case)` of the function's own
    /// result type instead of trapping, in every instance created from now
    /// on: a host defining an interface with an error type (WASI's
    /// filesystem, `error-code::access`) lets a guest without the grant see
    /// an ordinary permission error.
    ///
    /// This grants nothing: the call is denied and audited as before and
    /// the host function never runs. A function whose result is not a
    /// `result` with such a case (an enum or variant case named `case`, a
    /// `string`, or no error type) still traps. `interface` is matched as a
    /// grant's: without `@version` it covers every version. See
    /// [`CapabilityTable::reply_to_ungranted`](airssys_wasm_caps::CapabilityTable::reply_to_ungranted)
    /// for existing instances.
    pub fn deny_with_error(&mut self, interface: &str, case: &str) -> &mut Self {
        self.ungranted_errors.retain(|(i, _)| i != interface);
        self.ungranted_errors.push((interface.into(), case.into()));
        self
    }

    /// Whether new instances audit allowed calls too, not only denials.
    pub fn audit_allowed_calls(&mut self, on: bool) -> &mut Self {
        self.audit_allowed = on;
        self
    }

    /// A capability table holding the linker's grants, for instance
    /// `instance` of the component named `component`.
    pub(crate) fn capability_table(&self, component: &str, instance: u32) -> CapabilityTable {
        let mut table = CapabilityTable::new().with_identity(component, instance);
        for grant in &self.grants {
            table.grant(grant.clone());
        }
        table.set_audit_allowed(self.audit_allowed);
        for (interface, case) in &self.ungranted_errors {
            table.reply_to_ungranted(interface, None, DenyAction::ReturnError { case: Some(case.clone()) });
        }
        table
    }

    /// The function imports of `component` that the linker's grants leave
    /// ungranted, as `interface#function` (a bare function import as
    /// `name#name`): each of them would be denied when called.
    pub fn ungranted(&self, component: &Component) -> Vec<String> {
        let table = self.capability_table(component.name(), 0);
        let mut imports: Vec<(&str, &str)> = Vec::new();
        for (name, ty) in &component.ty().imports {
            match ty {
                ExternType::Func(_) => imports.push((name, name)),
                ExternType::Instance(i) => {
                    for (export, ety) in i.exports() {
                        if matches!(ety, ExternType::Func(_)) {
                            imports.push((name, export));
                        }
                    }
                }
                _ => {}
            }
        }
        table.ungranted(imports).into_iter().map(|(i, f)| format!("{i}#{f}")).collect()
    }

    /// Defines resource type `name` of instance `to` as the host resource
    /// type `from_name` already defined in instance `from`: the same type,
    /// under a second name. A WIT interface that `use`s a resource of
    /// another (`wasi:io/streams` uses `error` from `wasi:io/error`) is
    /// imported as an instance that exports the type again, so the linker
    /// must resolve it there too.
    ///
    /// ```
    /// # use airssys_wasm::{Linker, Resource};
    /// struct Pollable;
    /// let mut linker = Linker::<()>::new();
    /// linker.instance("wasi:io/poll")?.resource("pollable", |_, _: Resource<Pollable>| Ok(()))?;
    /// linker.alias_resource("wasi:io/poll", "pollable", "wasi:clocks/monotonic-clock", "pollable")?;
    /// # Ok::<(), airssys_wasm::Error>(())
    /// ```
    pub fn alias_resource(&mut self, from: &str, from_name: &str, to: &str, to_name: &str) -> Result<(), Error> {
        let missing = || {
            Error::from(ErrorKind::Instantiation(format!(
                "`{from}#{from_name}` is not a host resource type of the linker: define it before aliasing it"
            )))
        };
        let resource = match self.root.get(from) {
            Some(Definition::Instance(ns)) => match ns.get(from_name) {
                Some(Definition::Resource(r)) => r.clone(),
                _ => return Err(missing()),
            },
            _ => return Err(missing()),
        };
        let inst = self.instance(to)?;
        if !inst.ns.insert_new(to_name, || Definition::Resource(resource)) {
            return Err(Error::from(ErrorKind::Instantiation(format!(
                "`{to}#{to_name}` is defined twice in the linker"
            ))));
        }
        Ok(())
    }

    /// Instantiates `component` in `store`, resolving every import here.
    pub fn instantiate(&self, store: &mut Store<T>, component: &Component) -> Result<Instance, Error> {
        instantiate::instantiate(store, &self.root, |caps| self.capability_table(component.name(), caps), component)
    }
}

/// The definitions of one instance in a [`Linker`].
pub struct LinkerInstance<'a, T> {
    ns: &'a mut Namespace<T>,
}

impl<'a, T: 'static> LinkerInstance<'a, T> {
    fn into_instance(self, name: &str) -> Result<LinkerInstance<'a, T>, Error> {
        let entry = self.ns.get_or_insert_with(name, || Definition::Instance(Namespace::default()));
        match entry {
            Definition::Instance(ns) => Ok(LinkerInstance { ns }),
            _ => Err(Error::from(ErrorKind::Instantiation(format!("`{name}` is already defined as something else")))),
        }
    }

    /// A nested instance `name`, created if absent.
    pub fn instance(&mut self, name: &str) -> Result<LinkerInstance<'_, T>, Error> {
        LinkerInstance { ns: &mut *self.ns }.into_instance(name)
    }

    fn define(&mut self, name: &str, f: Arc<dyn HostCall<T>>) -> Result<(), Error> {
        if !self.ns.insert_new(name, || Definition::Func(f)) {
            return Err(Error::from(ErrorKind::Instantiation(format!("`{name}` is defined twice in the linker"))));
        }
        Ok(())
    }

    /// Defines resource type `name`, implemented by the host, whose
    /// resources the host keeps as values of Rust type `R` and names as
    /// [`Resource<R>`](crate::Resource). Typed functions accept a
    /// `Resource<R>` exactly where this resource type is expected. `dtor`
    /// runs with the resource when a guest drops its owning handle.
    ///
    /// ```
    /// # use airssys_wasm::{Linker, Resource, ResourceTable};
    /// struct Counter(u32);
    /// let mut linker = Linker::<ResourceTable>::new();
    /// linker.instance("host:count/api")?.resource("counter", |mut cx, res: Resource<Counter>| {
    ///     cx.data_mut().delete(res)?;
    ///     Ok(())
    /// })?;
    /// # Ok::<(), airssys_wasm::Error>(())
    /// ```
    pub fn resource<R, F>(&mut self, name: &str, dtor: F) -> Result<HostResourceType, Error>
    where
        R: 'static,
        F: Fn(StoreContextMut<'_, T>, Resource<R>) -> Result<(), Error> + Send + Sync + 'static,
    {
        let dtor: Arc<HostDtor<T>> = Arc::new(move |cx, rep| dtor(cx, Resource::new(rep)));
        self.define_resource(name, crate::resources::claim::<R>(), dtor)
    }

    /// [`Self::resource`] past the Rust types: compiled once per store data
    /// type rather than once per resource type.
    fn define_resource(
        &mut self,
        name: &str,
        claim: airssys_wasm_abi::typed::HandleClaim,
        dtor: Arc<HostDtor<T>>,
    ) -> Result<HostResourceType, Error> {
        if self.ns.contains(name) {
            return Err(Error::from(ErrorKind::Instantiation(format!("`{name}` is defined twice in the linker"))));
        }
        let key = NEXT_RESOURCE_KEY.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        self.ns.insert_new(name, || Definition::Resource(Arc::new(HostResource { key, claim, dtor })));
        Ok(HostResourceType { key })
    }

    /// Defines resource type `name` as `ty`, a resource type that a
    /// component instance defines (from
    /// [`Instance::get_resource`](crate::Instance::get_resource)), so that
    /// another component can import it and the host functions defined here
    /// can take and return its handles as
    /// [`ResourceAny`](crate::ResourceAny). The definition is bound to
    /// `ty`'s store: instantiating with this linker in any other store fails
    /// with [`ErrorKind::WrongStore`].
    ///
    /// ```
    /// # use airssys_wasm::{Instance, Linker, ResourceAny, Store};
    /// fn share_files(linker: &mut Linker<()>, store: &Store<()>, provider: &Instance) -> Result<(), airssys_wasm::Error> {
    ///     let mut api = linker.instance("test:files/api")?;
    ///     api.resource_type("file", provider.get_resource(store, "file")?)?;
    ///     api.func_wrap("close", |mut cx, (file,): (ResourceAny,)| file.resource_drop_in(&mut cx))?;
    ///     Ok(())
    /// }
    /// ```
    pub fn resource_type(&mut self, name: &str, ty: crate::resources::ResourceType) -> Result<(), Error> {
        if !self.ns.insert_new(name, || Definition::ComponentResource(ty)) {
            return Err(Error::from(ErrorKind::Instantiation(format!("`{name}` is defined twice in the linker"))));
        }
        Ok(())
    }

    /// Defines function `name` with dynamic values; it accepts whatever
    /// type the component imports it as. `results` arrives sized for the
    /// import's results and must be filled with values of those types.
    pub fn func_new<F>(&mut self, name: &str, f: F) -> Result<(), Error>
    where
        F: Fn(StoreContextMut<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    {
        self.define(name, Arc::new(DynamicHost(f)))
    }

    /// Defines function `name` as export `export` of `instance`, another
    /// component instance in `store`: the importing component then calls
    /// that component through its import gate, and the call is checked
    /// against the caller's capability table exactly like a call to the host
    /// (the grant names this import's interface and function). The
    /// definition is bound to `store`: instantiate with this linker only
    /// there. Functions whose types hold resource handles cannot be linked
    /// this way yet.
    pub fn func_from_export(
        &mut self,
        name: &str,
        store: &Store<T>,
        instance: &Instance,
        export: &str,
    ) -> Result<(), Error> {
        let func = instance.get_func(store, export)?;
        let ty = func.ty(store)?;
        if ty.has_handles() {
            return Err(Error::from(ErrorKind::Unsupported(format!(
                "linking `{export}` into another component: its type holds resource handles"
            ))));
        }
        let call = LinkedExport { store: func.store, index: func.index, ty };
        self.define(name, Arc::new(call))
    }

    /// Defines function `name` with typed parameters `P` and results `R`
    /// (tuples), checked against the import's type at instantiation.
    pub fn func_wrap<P, R, F>(&mut self, name: &str, f: F) -> Result<(), Error>
    where
        P: Lift + ComponentList + 'static,
        R: Lower + ComponentList + 'static,
        F: Fn(StoreContextMut<'_, T>, P) -> Result<R, Error> + Send + Sync + 'static,
    {
        self.define(name, Arc::new(TypedHost { func: f, _marker: PhantomData }))
    }

    /// Defines every function of `dispatch` ([`HostDispatch::functions`])
    /// under its own name, each run by `dispatch` with its index: typed host
    /// functions as [`func_wrap`](Self::func_wrap) defines them (each is
    /// type-checked against its import, its typed handles held to their
    /// resource types, its calls checked by the capability gate under its
    /// own name), with one copy of the call code for all of them. This is
    /// how `bindgen!` defines an imported interface. With `fast-calls`,
    /// a guest's calls of functions without resource handles skip the
    /// dynamic values, as for `func_wrap` functions.
    ///
    /// Fails, defining none of them, if two of the functions have one name
    /// or one of them is defined in this instance already.
    pub fn func_dispatch<D: HostDispatch<T>>(&mut self, dispatch: D) -> Result<(), Error> {
        self.define_dispatch(Arc::new(dispatch))
    }

    /// [`Self::func_dispatch`], compiled once per store data type.
    fn define_dispatch(&mut self, dispatch: Arc<dyn HostDispatch<T>>) -> Result<(), Error> {
        let funcs = dispatch.functions();
        for (i, func) in funcs.iter().enumerate() {
            let name = func.name();
            if self.ns.contains(name) || funcs[..i].iter().any(|f| f.name() == name) {
                return Err(Error::from(ErrorKind::Instantiation(format!("`{name}` is defined twice in the linker"))));
            }
        }
        for (index, func) in funcs.iter().enumerate() {
            self.define(func.name(), Arc::new(Dispatched { dispatch: dispatch.clone(), index, func }))?;
        }
        Ok(())
    }
}
