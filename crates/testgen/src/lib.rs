//! Large, valid WebAssembly components for load tests and benchmarks.
//!
//! [`component`] builds a component with `n` items in one index space and
//! as few items as possible in the others, so that the time it takes to
//! decode and instantiate shows how the loader scales in that space. Every
//! component passes wasmparser's validator, and every one but
//! [`IndexSpace::Imports`] and [`IndexSpace::InstanceTypeDeclarations`]
//! instantiates with an empty linker; those two import functions (and
//! resource types) that a test defines from the component's own type, as
//! [`IndexSpace::needs_imports`] says.
//!
//! Validity has one limit: wasmparser's validator caps some spaces below
//! what the specification allows (1,000 core modules and components in a
//! whole binary, 4,096 core and component instances in one component).
//! Above [`IndexSpace::validator_limit`] the component is well-formed and
//! correct by the specification, but the validator rejects it; load it
//! without validation to measure the loader itself there.
//!
//! Names are zero-padded so that they sort in the order they are declared:
//! a linker that keeps definitions sorted then appends each one.
//!
//! # Example
//! ```
//! use airssys_wasm_testgen::{IndexSpace, component};
//!
//! for space in IndexSpace::ALL {
//!     let bytes = component(space, 100);
//!     assert_eq!(&bytes[..4], b"\0asm", "{}", space.name());
//! }
//! ```

#![deny(missing_docs)]

#[cfg(feature = "componentize")]
pub mod componentize;
#[cfg(feature = "parity")]
pub mod parity;

use wasm_encoder::{
    Alias, CodeSection, ComponentBuilder, ComponentExportKind, ComponentTypeRef, ComponentValType, ExportKind,
    ExportSection, Function, FunctionSection, ImportSection, InstanceType, Instruction, Module, ModuleArg,
    PrimitiveValType, TypeBounds, TypeSection, ValType,
};

/// An index space of a component, as listed in the Component Model's
/// Explainer.md ("Index spaces"), plus the two kinds of lists inside
/// definitions that grow with a component: aliases and the declarations
/// inside an instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexSpace {
    /// `n` type definitions: `tuple<u32, u32>` and `func(p: tuple<u32, u32>)`
    /// in turn. The last function type is lifted and exported as `f`.
    Types,
    /// `n` resource types (`rep i32`, no destructor), each exported as
    /// `r0000000`, `r0000001`, ….
    ResourceTypes,
    /// `n` function imports `f0000000`, `f0000001`, … of type `func()`,
    /// each lowered to a core function (so each binds a capability slot).
    Imports,
    /// `n` exports `e0000000`, `e0000001`, … of one lifted `func()`.
    Exports,
    /// `n` aliases: half of them of the exports `a0000000`, … of a component
    /// instance (exported as `i`), the other half of the exports `c0000000`,
    /// … of a core instance; the last core alias is lifted and exported as `g`.
    Aliases,
    /// `n` canonical definitions: the first half lift one core function
    /// (`func(x: u32) -> u32`, the identity), the rest lower those lifted
    /// functions. The last lifted function is exported as `f`.
    CanonDefinitions,
    /// `n` empty core modules; the last is exported as `m`.
    CoreModules,
    /// `n` core instances: one of a module exporting `f`, then `n - 1` of a
    /// module that imports `f` from the previous instance and exports it.
    /// The last instance's `f` is lifted (`func()`) and exported as `f`.
    CoreInstances,
    /// `n` component instances exporting `g` (a lifted `func()`): in turn an
    /// instantiation of a nested component that imports `f` and exports it
    /// as `g`, and an instance made of exports. The last is exported as `i`.
    ComponentInstances,
    /// `n` empty nested components; the last is exported as `c` and
    /// instantiated, that instance exported as `i`.
    NestedComponents,
    /// One imported instance `test:gen/iface` whose type holds `n`
    /// declarations: in groups of four, an exported resource type `rK`, the
    /// type `own<rK>`, the type `func(x: own<rK>)`, and an exported function
    /// `fK` of that type (`K` zero-padded). Every resource type is aliased
    /// out of the imported instance (as bindings generators do for each
    /// resource they use); the last function is aliased and lowered.
    InstanceTypeDeclarations,
}

impl IndexSpace {
    /// Every index space, in the order of the enum.
    pub const ALL: [IndexSpace; 11] = [
        IndexSpace::Types,
        IndexSpace::ResourceTypes,
        IndexSpace::Imports,
        IndexSpace::Exports,
        IndexSpace::Aliases,
        IndexSpace::CanonDefinitions,
        IndexSpace::CoreModules,
        IndexSpace::CoreInstances,
        IndexSpace::ComponentInstances,
        IndexSpace::NestedComponents,
        IndexSpace::InstanceTypeDeclarations,
    ];

    /// A short kebab-case name, for benchmark and test labels.
    pub fn name(self) -> &'static str {
        match self {
            IndexSpace::Types => "types",
            IndexSpace::ResourceTypes => "resource-types",
            IndexSpace::Imports => "imports",
            IndexSpace::Exports => "exports",
            IndexSpace::Aliases => "aliases",
            IndexSpace::CanonDefinitions => "canon-definitions",
            IndexSpace::CoreModules => "core-modules",
            IndexSpace::CoreInstances => "core-instances",
            IndexSpace::ComponentInstances => "component-instances",
            IndexSpace::NestedComponents => "nested-components",
            IndexSpace::InstanceTypeDeclarations => "instance-type-declarations",
        }
    }

    /// The largest `n` for which wasmparser 0.263's validator accepts the
    /// component (`None`: at least 500,000). Above it the component breaks
    /// only the validator's implementation limits (`limits.rs`).
    pub fn validator_limit(self) -> Option<usize> {
        match self {
            // MAX_WASM_MODULES_AND_COMPONENTS (1,000) counts the outermost component too.
            IndexSpace::CoreModules | IndexSpace::NestedComponents => Some(999),
            // MAX_WASM_INSTANCES (4,096) counts core and component instances together.
            IndexSpace::CoreInstances => Some(4096),
            IndexSpace::ComponentInstances => Some(4094),
            // MAX_WASM_INSTANTIATION_EXPORTS (100,000) per instance made of exports.
            IndexSpace::Aliases => Some(200_000),
            _ => None,
        }
    }

    /// Whether the component imports something: every imported function
    /// must then be defined (a trap will do; none is called), and every
    /// resource type an imported instance exports defined as a host resource.
    pub fn needs_imports(self) -> bool {
        matches!(self, IndexSpace::Imports | IndexSpace::InstanceTypeDeclarations)
    }
}

/// A zero-padded name: `prefix` followed by `i` in seven digits (more for
/// ten million items or more), a valid kebab-case label.
pub fn name(prefix: &str, i: usize) -> String {
    format!("{prefix}{i:07}")
}

/// A component with `n` items in index space `space` (see [`IndexSpace`]
/// for what each holds). `n` of 0 gives a component with nothing in that
/// space, and whatever is exported from the last item is left out.
pub fn component(space: IndexSpace, n: usize) -> Vec<u8> {
    match space {
        IndexSpace::Types => types(n),
        IndexSpace::ResourceTypes => resource_types(n),
        IndexSpace::Imports => imports(n),
        IndexSpace::Exports => exports(n),
        IndexSpace::Aliases => aliases(n),
        IndexSpace::CanonDefinitions => canon_definitions(n),
        IndexSpace::CoreModules => core_modules(n),
        IndexSpace::CoreInstances => core_instances(n),
        IndexSpace::ComponentInstances => component_instances(n),
        IndexSpace::NestedComponents => nested_components(n),
        IndexSpace::InstanceTypeDeclarations => instance_type_declarations(n),
    }
}

/// Index spaces are `u32` in the binary format.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A core module of one function `f` of type `params -> results` with the
/// given body (without the final `end`), optionally importing `a.f` of type
/// `() -> ()` first (the export then re-exports the import).
fn core_module(params: &[ValType], results: &[ValType], body: &[Instruction<'_>], forward: bool) -> Module {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function(params.iter().copied(), results.iter().copied());
    module.section(&types);
    if forward {
        let mut imports = ImportSection::new();
        imports.import("a", "f", wasm_encoder::EntityType::Function(0));
        module.section(&imports);
    } else {
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        module.section(&funcs);
    }
    let mut exports = ExportSection::new();
    exports.export("f", ExportKind::Func, 0);
    module.section(&exports);
    if !forward {
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        for i in body {
            f.instruction(i);
        }
        f.instruction(&Instruction::End);
        code.function(&f);
        module.section(&code);
    }
    module
}

/// Defines `func()` as a type and a lifted function of an empty core
/// function; returns (type index, core function index, function index).
fn unit_func(c: &mut ComponentBuilder) -> (u32, u32, u32) {
    let m = c.core_module(None, &core_module(&[], &[], &[], false));
    let inst = c.core_instantiate(None, m, core::iter::empty::<(&str, ModuleArg)>());
    let core = c.core_alias_export(None, inst, "f", ExportKind::Func);
    let (ty, mut enc) = c.type_function(None);
    enc.params(core::iter::empty::<(&str, ComponentValType)>()).result(None);
    let func = c.lift_func(None, core, ty, []);
    (ty, core, func)
}

fn types(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let mut last_func = None;
    for i in 0..n {
        if i % 2 == 0 {
            let (_, enc) = c.type_defined(None);
            enc.tuple([PrimitiveValType::U32, PrimitiveValType::U32]);
        } else {
            let (ty, mut enc) = c.type_function(None);
            enc.params([("p", ComponentValType::Type(index(i - 1)))]).result(None);
            last_func = Some(ty);
        }
    }
    if let Some(ty) = last_func {
        let m = c.core_module(None, &core_module(&[ValType::I32, ValType::I32], &[], &[], false));
        let inst = c.core_instantiate(None, m, core::iter::empty::<(&str, ModuleArg)>());
        let core = c.core_alias_export(None, inst, "f", ExportKind::Func);
        let func = c.lift_func(None, core, ty, []);
        c.export("f", ComponentExportKind::Func, func, None);
    }
    c.finish()
}

fn resource_types(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let ids: Vec<u32> = (0..n).map(|_| c.type_resource(None, ValType::I32, None)).collect();
    for (i, id) in ids.into_iter().enumerate() {
        c.export(name("r", i).as_str(), ComponentExportKind::Type, id, None);
    }
    c.finish()
}

fn imports(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let (ty, mut enc) = c.type_function(None);
    enc.params(core::iter::empty::<(&str, ComponentValType)>()).result(None);
    let funcs: Vec<u32> = (0..n).map(|i| c.import(name("f", i).as_str(), ComponentTypeRef::Func(ty))).collect();
    for f in funcs {
        c.lower_func(None, f, []);
    }
    c.finish()
}

fn exports(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let (_, _, func) = unit_func(&mut c);
    for i in 0..n {
        c.export(name("e", i).as_str(), ComponentExportKind::Func, func, None);
    }
    c.finish()
}

fn aliases(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let (ty, core, func) = unit_func(&mut c);
    let half = n / 2;
    let names: Vec<String> = (0..half).map(|i| name("a", i)).collect();
    let inst = c.instantiate_exports(None, names.iter().map(|n| (n.as_str(), ComponentExportKind::Func, func)));
    for name in &names {
        c.alias(None, Alias::InstanceExport { instance: inst, kind: ComponentExportKind::Func, name });
    }
    c.export("i", ComponentExportKind::Instance, inst, None);
    let core_names: Vec<String> = (0..n - half).map(|i| name("c", i)).collect();
    let core_inst = c.core_instantiate_exports(None, core_names.iter().map(|n| (n.as_str(), ExportKind::Func, core)));
    let mut last = None;
    for name in &core_names {
        last = Some(c.core_alias_export(None, core_inst, name, ExportKind::Func));
    }
    if let Some(core) = last {
        let g = c.lift_func(None, core, ty, []);
        c.export("g", ComponentExportKind::Func, g, None);
    }
    c.finish()
}

fn canon_definitions(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let m = c.core_module(None, &core_module(&[ValType::I32], &[ValType::I32], &[Instruction::LocalGet(0)], false));
    let inst = c.core_instantiate(None, m, core::iter::empty::<(&str, ModuleArg)>());
    let core = c.core_alias_export(None, inst, "f", ExportKind::Func);
    let (ty, mut enc) = c.type_function(None);
    enc.params([("x", PrimitiveValType::U32)]).result(Some(PrimitiveValType::U32.into()));
    let lifts = n.div_ceil(2);
    let funcs: Vec<u32> = (0..lifts).map(|_| c.lift_func(None, core, ty, [])).collect();
    for f in funcs.iter().take(n - lifts) {
        c.lower_func(None, *f, []);
    }
    if let Some(f) = funcs.last() {
        c.export("f", ComponentExportKind::Func, *f, None);
    }
    c.finish()
}

fn core_modules(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let empty = Module::new();
    let mut last = None;
    for _ in 0..n {
        last = Some(c.core_module(None, &empty));
    }
    if let Some(m) = last {
        c.export("m", ComponentExportKind::Module, m, None);
    }
    c.finish()
}

fn core_instances(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    if n == 0 {
        return c.finish();
    }
    let first = c.core_module(None, &core_module(&[], &[], &[], false));
    let forward = c.core_module(None, &core_module(&[], &[], &[], true));
    let mut inst = c.core_instantiate(None, first, core::iter::empty::<(&str, ModuleArg)>());
    for _ in 1..n {
        inst = c.core_instantiate(None, forward, [("a", ModuleArg::Instance(inst))]);
    }
    let core = c.core_alias_export(None, inst, "f", ExportKind::Func);
    let (ty, mut enc) = c.type_function(None);
    enc.params(core::iter::empty::<(&str, ComponentValType)>()).result(None);
    let func = c.lift_func(None, core, ty, []);
    c.export("f", ComponentExportKind::Func, func, None);
    c.finish()
}

fn component_instances(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let (_, _, func) = unit_func(&mut c);
    let mut nested = ComponentBuilder::default();
    let (ty, mut enc) = nested.type_function(None);
    enc.params(core::iter::empty::<(&str, ComponentValType)>()).result(None);
    let f = nested.import("f", ComponentTypeRef::Func(ty));
    nested.export("g", ComponentExportKind::Func, f, None);
    let child = c.component(None, nested);
    let mut last = None;
    for i in 0..n {
        last = Some(if i % 2 == 0 {
            c.instantiate(None, child, [("f", ComponentExportKind::Func, func)])
        } else {
            c.instantiate_exports(None, [("g", ComponentExportKind::Func, func)])
        });
    }
    if let Some(inst) = last {
        c.export("i", ComponentExportKind::Instance, inst, None);
    }
    c.finish()
}

fn nested_components(n: usize) -> Vec<u8> {
    let mut c = ComponentBuilder::default();
    let mut last = None;
    for _ in 0..n {
        last = Some(c.component(None, ComponentBuilder::default()));
    }
    if let Some(child) = last {
        c.export("c", ComponentExportKind::Component, child, None);
        let inst = c.instantiate(None, child, core::iter::empty::<(&str, ComponentExportKind, u32)>());
        c.export("i", ComponentExportKind::Instance, inst, None);
    }
    c.finish()
}

fn instance_type_declarations(n: usize) -> Vec<u8> {
    let mut ty = InstanceType::new();
    let mut last = None;
    let groups = n / 4;
    for k in 0..groups {
        let resource = ty.type_count();
        ty.export(name("r", k).as_str(), ComponentTypeRef::Type(TypeBounds::SubResource));
        let own = ty.type_count();
        ty.ty().defined_type().own(resource);
        let func = ty.type_count();
        ty.ty().function().params([("x", ComponentValType::Type(own))]).result(None);
        ty.export(name("f", k).as_str(), ComponentTypeRef::Func(func));
        last = Some(name("f", k));
    }
    // The remainder: `u32` types, so that there are exactly `n` declarations.
    for _ in 0..n % 4 {
        ty.ty().defined_type().primitive(PrimitiveValType::U32);
    }
    let mut c = ComponentBuilder::default();
    let t = c.type_instance(None, &ty);
    let inst = c.import("test:gen/iface", ComponentTypeRef::Instance(t));
    for k in 0..groups {
        c.alias_export(inst, &name("r", k), ComponentExportKind::Type);
    }
    if let Some(f) = last {
        let func = c.alias_export(inst, &f, ComponentExportKind::Func);
        c.lower_func(None, func, []);
    }
    c.finish()
}

#[cfg(test)]
mod tests;
