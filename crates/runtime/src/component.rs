//! Loaded components: decoded, with every core module compiled by wasmi.

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::prelude::*;
use airssys_wasm_component::{ComponentDef, ComponentType, Initializer, Sort};

/// The compiled core modules of one component definition and its nested ones.
pub(crate) struct Compiled {
    pub(crate) modules: Vec<wasmi::Module>,
    pub(crate) components: Vec<Arc<Compiled>>,
    /// The items of enclosing components that this component and the ones
    /// nested in it name by outer aliases, relative to this one; sorted.
    pub(crate) outer_refs: Vec<OuterRef>,
}

/// The spaces an outer alias can name (as numbers, so that sorting
/// [`OuterRef`]s shares its code with the other sorts of `u32` triples).
pub(crate) struct OuterSort;

impl OuterSort {
    pub(crate) const MODULE: u32 = 0;
    pub(crate) const COMPONENT: u32 = 1;
}

/// An item of an enclosing component: how many levels out (at least 1),
/// its space ([`OuterSort`]), and its index there.
pub(crate) type OuterRef = (u32, u32, u32);

/// A component definition as a value: what `Instantiate` needs, including the
/// items of its enclosing components that outer aliases in it (or in the
/// components nested in it) name, sorted by [`OuterRef`]. Only those are
/// kept: copying the enclosing index spaces whole for every nested
/// component would make defining `n` of them O(n²).
pub(crate) struct ComponentValue {
    pub(crate) def: Arc<ComponentDef>,
    pub(crate) compiled: Arc<Compiled>,
    pub(crate) outer: Vec<(OuterRef, Item)>,
}

impl ComponentValue {
    /// The enclosing item `r` names.
    pub(crate) fn outer_item(&self, r: OuterRef) -> Option<&Item> {
        let i = self.outer.binary_search_by(|(k, _)| k.cmp(&r)).ok()?;
        self.outer.get(i).map(|(_, item)| item)
    }
}

/// The outer references of `def` (compiled into `components`), relative to it.
fn outer_refs(def: &ComponentDef, components: &[Arc<Compiled>]) -> Vec<OuterRef> {
    let mut refs = Vec::new();
    for init in &def.initializers {
        if let Initializer::AliasOuter { sort, count, index } = init {
            let sort = match sort {
                Sort::Module => OuterSort::MODULE,
                Sort::Component => OuterSort::COMPONENT,
                _ => continue,
            };
            if *count >= 1 {
                refs.push((*count, sort, *index));
            }
        }
    }
    // What a nested component reaches two or more levels out lies one level
    // out of this one (one level out of it is this component itself).
    for child in components {
        refs.extend(child.outer_refs.iter().filter(|(c, _, _)| *c >= 2).map(|(c, s, i)| (c - 1, *s, *i)));
    }
    refs.sort_unstable();
    refs.dedup();
    refs
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
    let outer_refs = outer_refs(def, &components);
    Ok(Compiled { modules, components, outer_refs })
}

/// The component binary in `bytes`: the bytes themselves when they start
/// with the wasm magic number, else their text compiled by `wat`.
#[cfg(feature = "wat")]
fn binary(bytes: &[u8]) -> Result<alloc::borrow::Cow<'_, [u8]>, Error> {
    wat::parse_bytes(bytes).map_err(text_error)
}

/// A `wat` error as an [`ErrorKind::Text`]: message, location and source line.
#[cfg(feature = "wat")]
fn text_error(e: wat::Error) -> Error {
    Error::from(ErrorKind::Text(format!("invalid component text: {e}")))
}

/// The component binary in `bytes`, which must be one: without the `wat`
/// feature, what looks like component text (its first byte other than
/// white space opens a list or a comment) is refused with a hint, and
/// anything else goes to the decoder, which says what is wrong with it.
#[cfg(not(feature = "wat"))]
fn binary(bytes: &[u8]) -> Result<alloc::borrow::Cow<'_, [u8]>, Error> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if !bytes.starts_with(b"\0asm") && matches!(first, Some(b'(' | b';')) {
        return Err(Error::from(ErrorKind::Text(
            "this looks like component text, not a component binary (it does not start with `\\0asm`): \
             enable the `wat` feature or pass a binary"
                .into(),
        )));
    }
    Ok(alloc::borrow::Cow::Borrowed(bytes))
}

impl Component {
    /// Decodes, validates (with the `validate` feature, unless switched off
    /// with [`Config::validate`](crate::Config)) and compiles a component
    /// binary, or, with the `wat` feature, component text: bytes that do not
    /// start with the wasm magic number `\0asm` are parsed as WAT first.
    ///
    /// Text that does not parse is an [`ErrorKind::Text`] that gives the
    /// line and column; without the `wat` feature, text is refused with an
    /// [`ErrorKind::Text`] that says to enable it.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Self, Error> {
        let bytes = binary(bytes.as_ref())?;
        Self::from_binary(engine, &bytes)
    }

    /// [`Component::new`] for the contents of the file at `path`, a binary
    /// or (with the `wat` feature) component text, whose syntax errors then
    /// name the file. The component is named after the file's stem (see
    /// [`Component::with_name`]); a file that cannot be read is an
    /// [`ErrorKind::Io`].
    #[cfg(feature = "std")]
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|error| Error::from(ErrorKind::Io { path: path.display().to_string(), error }))?;
        #[cfg(feature = "wat")]
        let bytes = wat::Parser::new().parse_bytes(Some(path), &bytes).map_err(text_error)?;
        let name = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
        Ok(Self::new(engine, bytes)?.with_name(&name))
    }

    /// [`Component::new`] once the bytes are a binary.
    fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Self, Error> {
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

/// Something an instance exports (or a component is given as an argument).
#[derive(Clone)]
pub(crate) enum Item {
    Func(usize),
    Instance(usize),
    Module(wasmi::Module),
    Component(Arc<ComponentValue>),
    /// A run-time resource type.
    ResourceType(usize),
}

impl Item {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Item::Func(_) => "func",
            Item::Instance(_) => "instance",
            Item::Module(_) => "core module",
            Item::Component(_) => "component",
            Item::ResourceType(_) => "resource type",
        }
    }
}
