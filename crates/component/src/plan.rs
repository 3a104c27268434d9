//! The instantiation plan: what a component does, in order, to build an
//! instance. Each step appends to one index space; indices in later steps
//! refer to those spaces, exactly as in the binary.

use crate::builtin::TaskBuiltin;
use crate::prelude::*;
use crate::types::{ComponentType, ExternType, FuncType, InstanceType};
use airssys_wasm_abi::StringEncoding;
use core::ops::Range;

/// A core sort: the kinds of items core instances export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreSort {
    /// A core function.
    Func,
    /// A table.
    Table,
    /// A linear memory.
    Memory,
    /// A global.
    Global,
}

/// A component sort: the kinds of items components import and export.
/// Types are resolved while decoding and have no run-time index space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sort {
    /// A core module.
    Module,
    /// A component function.
    Func,
    /// A component instance.
    Instance,
    /// A component.
    Component,
}

impl Sort {
    /// The sort's name in component text.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Module => "core module",
            Sort::Func => "func",
            Sort::Instance => "instance",
            Sort::Component => "component",
        }
    }
}

/// An item named by an instantiation argument or an instance export: an
/// entry of a run-time index space, or a resource type (by its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// Entry `index` of the space of `sort`.
    Item(Sort, u32),
    /// A resource type.
    Resource(u32),
}

/// Which resource built-in a `canon resource.*` defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceBuiltin {
    /// `resource.new`: `(func (param i32) (result i32))`.
    New,
    /// `resource.drop`: `(func (param i32))`.
    Drop,
    /// `resource.rep`: `(func (param i32) (result i32))`.
    Rep,
}

/// The canonical options of a `canon lift` or `canon lower`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CanonOptions {
    /// `string-encoding=…`.
    pub encoding: StringEncoding,
    /// `(memory N)`: a core memory index.
    pub memory: Option<u32>,
    /// `(realloc N)`: a core function index.
    pub realloc: Option<u32>,
    /// `(post-return N)`: a core function index.
    pub post_return: Option<u32>,
    /// `async`: the function is lifted or lowered asynchronously.
    pub async_: bool,
    /// `(callback N)`: the core function an async lift's event loop calls.
    pub callback: Option<u32>,
}

/// One step of the instantiation plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Initializer {
    /// An import; appends to the space of its sort. Imports of types other
    /// than resource types have no run-time step.
    Import {
        /// The import name.
        name: String,
        /// Its type.
        ty: ExternType,
    },
    /// Defines core module `index` of [`ComponentDef::modules`]; appends a core module.
    CoreModule(usize),
    /// Instantiates a core module with named core instances as its imports;
    /// appends a core instance.
    CoreInstantiate {
        /// The core module index.
        module: u32,
        /// Import module name → core instance index.
        args: Vec<(String, u32)>,
    },
    /// A core instance made of existing items; appends a core instance.
    CoreInstanceFromExports(Vec<(String, CoreSort, u32)>),
    /// A core instance's export; appends to the core space of `sort`.
    AliasCoreExport {
        /// The core instance index.
        instance: u32,
        /// The export's sort.
        sort: CoreSort,
        /// The export's name.
        name: String,
    },
    /// A component instance's export; appends to the space of `sort`.
    AliasExport {
        /// The instance index.
        instance: u32,
        /// The export's sort.
        sort: Sort,
        /// The export's name.
        name: String,
    },
    /// An item of an enclosing component (`count` levels out); appends to
    /// the space of `sort` (a module or a component).
    AliasOuter {
        /// The sort.
        sort: Sort,
        /// How many levels out.
        count: u32,
        /// The index in that component's space.
        index: u32,
    },
    /// Defines nested component `index` of [`ComponentDef::components`];
    /// appends a component.
    Component(usize),
    /// Instantiates a component with named arguments; appends an instance.
    Instantiate {
        /// The component index.
        component: u32,
        /// Argument name → item.
        args: Vec<(String, ItemRef)>,
        /// The new instance's type as this component sees it: the resource
        /// types it exports are renumbered for this instantiation.
        ty: Arc<InstanceType>,
    },
    /// An instance made of existing items; appends an instance.
    InstanceFromExports(Vec<(String, ItemRef)>),
    /// Defines resource type `id` with an optional destructor (a core
    /// function index); each instance gets a fresh run-time type.
    DefineResource {
        /// The resource type's number.
        id: u32,
        /// The destructor.
        dtor: Option<u32>,
    },
    /// `canon resource.new`, `.drop` or `.rep` of resource type `id`;
    /// appends a core function.
    ResourceBuiltin {
        /// Which built-in.
        builtin: ResourceBuiltin,
        /// The resource type's number.
        id: u32,
    },
    /// A concurrency built-in (`context.get`, `task.return`, `stream.read`,
    /// …); appends a core function.
    TaskBuiltin(TaskBuiltin),
    /// Exports resource type `id` as `name`.
    ExportResource {
        /// The export name.
        name: String,
        /// The resource type's number.
        id: u32,
    },
    /// `canon lift`: a core function lifted to a component function of type
    /// `ty`; appends a function.
    CanonLift {
        /// The core function index.
        core_func: u32,
        /// The component function type.
        ty: Arc<FuncType>,
        /// The canonical options.
        options: CanonOptions,
    },
    /// `canon lower`: a component function lowered to a core function;
    /// appends a core function.
    CanonLower {
        /// The component function index.
        func: u32,
        /// Its type.
        ty: Arc<FuncType>,
        /// The canonical options.
        options: CanonOptions,
    },
    /// An export; appends to the space of `sort` (exports define new indices).
    Export {
        /// The export name.
        name: String,
        /// The sort.
        sort: Sort,
        /// The exported item's index.
        index: u32,
    },
}

/// A decoded component: its type, its instantiation plan, and the nested
/// core modules and components the plan refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentDef {
    /// What the component imports and exports.
    pub ty: Arc<ComponentType>,
    /// The plan, in order.
    pub initializers: Vec<Initializer>,
    /// Byte ranges (in the outermost binary) of the core modules defined here.
    pub modules: Vec<Range<usize>>,
    /// The components defined here.
    pub components: Vec<Arc<ComponentDef>>,
}
