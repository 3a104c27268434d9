//! Loaded components: decoded, with every core module compiled by wasmi.

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::prelude::*;
use airssys_wasm_component::{ComponentDef, ComponentType};

/// The compiled core modules of one component definition and its nested ones.
pub(crate) struct Compiled {
    pub(crate) modules: Vec<wasmi::Module>,
    pub(crate) components: Vec<Arc<Compiled>>,
}

/// A component definition as a value: what `Instantiate` needs, including the
/// module and component spaces of its enclosing components for outer aliases
/// (innermost first).
pub(crate) struct ComponentValue {
    pub(crate) def: Arc<ComponentDef>,
    pub(crate) compiled: Arc<Compiled>,
    pub(crate) outer: Vec<Arc<OuterSpaces>>,
}

/// The module and component index spaces of an enclosing component.
pub(crate) struct OuterSpaces {
    pub(crate) modules: Vec<wasmi::Module>,
    pub(crate) components: Vec<Arc<ComponentValue>>,
}

/// A decoded, validated and compiled component, ready to instantiate in
/// any store of its engine.
#[derive(Clone)]
pub struct Component {
    pub(crate) root: Arc<ComponentValue>,
    pub(crate) engine: Engine,
    pub(crate) name: Arc<str>,
}

fn compile(engine: &Engine, bytes: &[u8], def: &ComponentDef) -> Result<Compiled, Error> {
    let mut modules = Vec::with_capacity(def.modules.len());
    for range in &def.modules {
        let code = bytes
            .get(range.clone())
            .ok_or(Error::from(ErrorKind::Instantiation("a core module lies outside the component binary".into())))?;
        modules.push(wasmi::Module::new(&engine.inner, code).map_err(|e| Error::from(ErrorKind::Module(e)))?);
    }
    let mut components = Vec::with_capacity(def.components.len());
    for c in &def.components {
        components.push(Arc::new(compile(engine, bytes, c)?));
    }
    Ok(Compiled { modules, components })
}

impl Component {
    /// Decodes, validates (with the `validate` feature, unless
    /// [`Config::validation`](crate::Config::validation) is off) and compiles
    /// a component binary.
    pub fn new(engine: &Engine, bytes: &[u8]) -> Result<Self, Error> {
        let def = if engine.config.validates() {
            airssys_wasm_component::decode(bytes)?
        } else {
            airssys_wasm_component::decode_unvalidated(bytes)?
        };
        let def = Arc::new(def);
        let compiled = Arc::new(compile(engine, bytes, &def)?);
        Ok(Component {
            root: Arc::new(ComponentValue { def, compiled, outer: Vec::new() }),
            engine: engine.clone(),
            name: Arc::from(""),
        })
    }

    /// Names the component (for example after its file): capability denials
    /// and audit events of its instances say which component called.
    pub fn with_name(mut self, name: &str) -> Self {
        self.name = Arc::from(name);
        self
    }

    /// The component's name, empty unless set with [`Component::with_name`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the component imports and exports.
    pub fn ty(&self) -> &ComponentType {
        &self.root.def.ty
    }

    /// The engine the component was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}
