//! What a linker holds: host definitions by name, which instantiation
//! resolves a component's imports against.

use crate::error::Error;
use crate::prelude::*;
use crate::store::{HostCall, StoreContextMut};

/// A host definition.
pub(crate) enum Definition<T> {
    Func(Arc<dyn HostCall<T>>),
    Instance(Namespace<T>),
    Resource(Arc<HostResource<T>>),
    /// A resource type a component instance defines, bound to its store.
    ComponentResource(crate::resources::ResourceType),
}

/// The destructor of a host resource type.
pub(crate) type HostDtor<T> = dyn Fn(StoreContextMut<'_, T>, u32) -> Result<(), Error> + Send + Sync;

/// A resource type defined by the host.
pub(crate) struct HostResource<T> {
    pub(crate) key: usize,
    /// The Rust type the host keeps the resources as (`Resource<R>`'s `R`).
    pub(crate) claim: airssys_wasm_abi::typed::HandleClaim,
    pub(crate) dtor: Arc<HostDtor<T>>,
}

/// Definitions by name, kept sorted by name (a vector with binary search:
/// the embedder defines them once, instantiation looks them up).
pub(crate) struct Namespace<T> {
    items: Vec<(String, Definition<T>)>,
}

impl<T> Default for Namespace<T> {
    fn default() -> Self {
        Namespace { items: Vec::new() }
    }
}

impl<T> Namespace<T> {
    pub(crate) fn position(&self, name: &str) -> Result<usize, usize> {
        self.items.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// The definition named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Definition<T>> {
        self.position(name).ok().and_then(|i| self.items.get(i)).map(|(_, d)| d)
    }

    /// The definition for an import `name` of the form
    /// `ns:pkg/iface@x.y.z` that has no exact definition: the one of the
    /// same interface at the highest semver-compatible version (the same
    /// major version, and for 0.x the same minor version; release
    /// versions only), as wasmtime's linker matches them.
    pub(crate) fn get_compatible(&self, name: &str) -> Option<&Definition<T>> {
        let (base, version) = name.rsplit_once('@')?;
        let wanted = parse_version(version)?;
        let prefix_len = base.len() + 1;
        let start = self.items.partition_point(|(n, _)| n.as_str() < base);
        self.items[start..]
            .iter()
            .take_while(|(n, _)| n.starts_with(base))
            .filter(|(n, _)| n.len() > prefix_len && n.as_bytes().get(base.len()) == Some(&b'@'))
            .filter_map(|(n, d)| parse_version(&n[prefix_len..]).map(|v| (v, d)))
            .filter(|(v, _)| v.0 == wanted.0 && (wanted.0 > 0 || v.1 == wanted.1))
            .max_by_key(|(v, _)| *v)
            .map(|(_, d)| d)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Defines `name` unless it is defined already; returns whether it was.
    pub(crate) fn insert_new(&mut self, name: &str, def: impl FnOnce() -> Definition<T>) -> bool {
        match self.position(name) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, (name.to_string(), def()));
                true
            }
        }
    }

    /// The definition named `name`, created by `def` if absent.
    pub(crate) fn get_or_insert_with(&mut self, name: &str, def: impl FnOnce() -> Definition<T>) -> &mut Definition<T> {
        let i = match self.position(name) {
            Ok(i) => i,
            Err(i) => {
                self.items.insert(i, (name.to_string(), def()));
                i
            }
        };
        &mut self.items[i].1
    }
}

/// `x.y.z` with numbers only (no pre-release or build metadata).
fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let mut parts = v.split('.');
    let mut next = || parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok();
    let version = (next()?, next()?, next()?);
    parts.next().is_none().then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(names: &[&str]) -> Namespace<()> {
        let mut ns = Namespace::default();
        for n in names {
            ns.insert_new(n, || {
                let mut inner = Namespace::default();
                inner.insert_new(n, || Definition::Instance(Namespace::default()));
                Definition::Instance(inner)
            });
        }
        ns
    }

    /// The name of the definition `get_compatible` finds (each holds its own name).
    fn found(ns: &Namespace<()>, name: &str) -> Option<String> {
        match ns.get_compatible(name)? {
            Definition::Instance(inner) => inner.items.first().map(|(n, _)| n.clone()),
            _ => None,
        }
    }

    #[test]
    fn a_compatible_version_is_the_highest_of_the_same_major_and_0_x_minor() {
        let ns = ns(&["a:b/c@0.2.1", "a:b/c@0.2.12", "a:b/c@0.3.0", "a:b/c@1.1.0", "a:b/c@1.4.2", "a:b/cd@0.2.20"]);
        assert_eq!(found(&ns, "a:b/c@0.2.4").as_deref(), Some("a:b/c@0.2.12"));
        assert_eq!(found(&ns, "a:b/c@0.2.99").as_deref(), Some("a:b/c@0.2.12"));
        assert_eq!(found(&ns, "a:b/c@0.3.5").as_deref(), Some("a:b/c@0.3.0"));
        assert_eq!(found(&ns, "a:b/c@1.0.0").as_deref(), Some("a:b/c@1.4.2"));
        assert_eq!(found(&ns, "a:b/c@0.1.0"), None);
        assert_eq!(found(&ns, "a:b/c@2.0.0"), None);
        assert_eq!(found(&ns, "a:b/c@0.2.4-rc1"), None);
        assert_eq!(found(&ns, "a:b/c"), None);
        assert_eq!(found(&ns, "a:b/x@0.2.0"), None);
    }
}
