//! Host resources in Rust types: [`Resource<T>`], a typed handle to a
//! resource the host defines, and [`ResourceTable`], where the host keeps
//! the state behind them.

use crate::error::{Error, ErrorKind};
use crate::prelude::*;
use airssys_wasm_abi::typed::{ComponentType, HandleClaim, Lift, Lower, Shape};
use airssys_wasm_abi::{FlatReader, FlatWriter, LiftContext, LowerContext, Memory, Trap};
use core::any::Any;
use core::fmt;
use core::marker::PhantomData;

/// A resource the host defines, kept on the host as a value of Rust type
/// `T`, named by its **representation**: a `u32` of the host's choosing,
/// for resources kept in a [`ResourceTable`] the table slot. (A guest never
/// sees the representation: it holds **handle indices** into its own handle
/// table, and the runtime moves handles between tables on every call.)
///
/// - As a parameter of a typed call into a guest
///   ([`TypedFunc`](crate::TypedFunc)), `Resource<T>` passed by value stands
///   for `own<R>`: the guest takes ownership, so the host's value is moved
///   and cannot be used again. `&Resource<T>` stands for `borrow<R>`: the
///   guest borrows it for the call and the host keeps it.
/// - As a result it stands for `own<R>`: the guest gave the resource back.
/// - As a parameter of a host function ([`LinkerInstance::func_wrap`]) it
///   stands for `own<R>` or `borrow<R>`, as the WIT signature says.
///
/// `R` must be the resource type the linker defined for `T` with
/// [`LinkerInstance::resource`]: typed functions check that once, when they
/// are created, and refuse a `Resource<T>` for any other resource type.
///
/// `Resource<T>` is for resources the **host** defines. A handle to a
/// resource a **component** defines is a [`ResourceAny`](crate::ResourceAny)
/// instead: the host cannot see inside such a resource, only hold, lend,
/// give and drop its handle. Typed functions refuse each where the other is
/// expected, when they are created.
///
/// A typed function that takes `&Resource<T>` borrows the resource for as
/// long as the function value lives; make it in the scope of the calls.
/// `Resource<T>` is not `Copy`: once given away it cannot be used again.
///
/// ```
/// # use airssys_wasm::{Instance, Resource, Store};
/// # struct Kv;
/// fn lend_then_give(instance: &Instance, store: &mut Store<()>, kv: Resource<Kv>) -> Result<u32, airssys_wasm::Error> {
///     let read = instance.get_typed_func::<(&Resource<Kv>,), (u32,), _>(store, "read")?;
///     let consume = instance.get_typed_func::<(Resource<Kv>,), (), _>(store, "consume")?;
///     let (n,) = read.call(store, (&kv,))?; // lent: the host keeps `kv`
///     consume.call(store, (kv,))?;          // moved: the guest owns it now
///     Ok(n)
/// }
/// ```
///
/// ```compile_fail
/// # use airssys_wasm::{Resource, Store, TypedFunc};
/// # struct Kv;
/// fn give_twice(consume: &TypedFunc<(Resource<Kv>,), ()>, store: &mut Store<()>, kv: Resource<Kv>) {
///     let _ = consume.call(store, (kv,));
///     let _ = consume.call(store, (kv,)); // error: `kv` was moved into the guest
/// }
/// ```
///
/// [`LinkerInstance::func_wrap`]: crate::LinkerInstance::func_wrap
/// [`LinkerInstance::resource`]: crate::LinkerInstance::resource
pub struct Resource<T> {
    rep: u32,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Resource<T> {
    /// The resource with representation `rep`. A destructor receives its
    /// resource this way; elsewhere prefer the `Resource` that
    /// [`ResourceTable::push`] returned, which is not `Copy`, so that a
    /// resource given away to a guest cannot be used again.
    pub fn new(rep: u32) -> Self {
        Resource { rep, _marker: PhantomData }
    }

    /// The representation.
    pub fn rep(&self) -> u32 {
        self.rep
    }
}

impl<T> PartialEq for Resource<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rep == other.rep
    }
}

impl<T> Eq for Resource<T> {}

impl<T> fmt::Debug for Resource<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Resource<{}>({})", core::any::type_name::<T>(), self.rep)
    }
}

impl<T: 'static> ComponentType for Resource<T> {
    const SIZE32: u32 = 4;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 1;

    const SHAPE: &'static Shape = &Shape::Handle(claim::<T>);
}

/// What `Resource<T>` claims a handle is.
pub(crate) fn claim<T: 'static>() -> HandleClaim {
    HandleClaim { type_id: core::any::TypeId::of::<T>(), type_name: core::any::type_name::<T>() }
}

impl<T: 'static> Lower for Resource<T> {
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        _: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        dst.push_i32(self.rep)
    }

    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        cx.write(ptr, &self.rep.to_le_bytes())
    }
}

impl<T: 'static> Lift for Resource<T> {
    fn lift_flat(_: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        Ok(Resource::new(src.next_i32()?))
    }

    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        Ok(Resource::new(cx.read_u32(ptr)?))
    }
}

/// Host state behind [`Resource`]s: a slab of values of any type, indexed
/// by representation, that checks the type on every access.
#[derive(Default)]
pub struct ResourceTable {
    slots: Vec<Option<Box<dyn Any + Send>>>,
    free: Vec<u32>,
}

impl fmt::Debug for ResourceTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceTable({} live)", self.slots.iter().filter(|s| s.is_some()).count())
    }
}

fn missing(rep: u32) -> Error {
    Error::from(ErrorKind::Host(format!("no resource {rep} in the resource table")))
}

fn wrong(rep: u32, type_name: &'static str) -> Error {
    Error::from(ErrorKind::Host(format!("resource {rep} in the resource table is not a {type_name}")))
}

impl ResourceTable {
    /// An empty table.
    pub fn new() -> Self {
        ResourceTable::default()
    }

    /// Stores `value`; the handle's representation is its slot.
    pub fn push<T: Send + 'static>(&mut self, value: T) -> Result<Resource<T>, Error> {
        self.push_any(Box::new(value)).map(Resource::new)
    }

    /// [`ResourceTable::push`] for any type: compiled once, not once per
    /// resource type (the generic methods only box and downcast).
    fn push_any(&mut self, boxed: Box<dyn Any + Send>) -> Result<u32, Error> {
        if let Some(rep) = self.free.pop() {
            self.slots[rep as usize] = Some(boxed);
            return Ok(rep);
        }
        let rep = u32::try_from(self.slots.len())
            .map_err(|_| Error::from(ErrorKind::Host("the resource table is full".into())))?;
        // A guest that calls a host constructor in a loop decides how far
        // this grows: running out of host memory is an error, not an abort.
        if self.slots.try_reserve(1).is_err() || self.free.try_reserve(self.slots.len() + 1 - self.free.len()).is_err()
        {
            return Err(Error::from(ErrorKind::Host("out of host memory for the resource table".into())));
        }
        self.slots.push(Some(boxed));
        Ok(rep)
    }

    /// The occupied slot `rep`.
    fn slot(&self, rep: u32) -> Result<&(dyn Any + Send), Error> {
        self.slots.get(rep as usize).and_then(Option::as_deref).ok_or_else(|| missing(rep))
    }

    /// The occupied slot `rep`, mutably.
    fn slot_mut(&mut self, rep: u32) -> Result<&mut (dyn Any + Send), Error> {
        self.slots.get_mut(rep as usize).and_then(Option::as_deref_mut).ok_or_else(|| missing(rep))
    }

    /// The value behind `resource`.
    pub fn get<T: 'static>(&self, resource: &Resource<T>) -> Result<&T, Error> {
        let rep = resource.rep;
        self.slot(rep)?.downcast_ref().ok_or_else(|| wrong(rep, core::any::type_name::<T>()))
    }

    /// The value behind `resource`, mutably.
    pub fn get_mut<T: 'static>(&mut self, resource: &Resource<T>) -> Result<&mut T, Error> {
        let rep = resource.rep;
        self.slot_mut(rep)?.downcast_mut().ok_or_else(|| wrong(rep, core::any::type_name::<T>()))
    }

    /// Removes the value behind `resource` and returns it.
    pub fn delete<T: 'static>(&mut self, resource: Resource<T>) -> Result<T, Error> {
        self.get::<T>(&resource)?;
        let slot =
            self.slots.get_mut(resource.rep as usize).and_then(Option::take).ok_or_else(|| missing(resource.rep))?;
        self.free.push(resource.rep);
        slot.downcast().map(|b| *b).map_err(|_| wrong(resource.rep, core::any::type_name::<T>()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_checks_types_and_reuses_slots() {
        let mut table = ResourceTable::new();
        let a = table.push(String::from("a")).expect("push");
        let b = table.push(7u64).expect("push");
        assert_eq!((a.rep(), b.rep()), (0, 1));
        table.get_mut(&a).expect("get").push('!');
        assert_eq!(table.get(&a).expect("get"), "a!");
        let as_u64: Resource<u64> = Resource::new(a.rep());
        assert!(table.get(&as_u64).expect_err("wrong type").to_string().contains("is not a u64"));
        let stale = Resource::<u64>::new(b.rep());
        assert_eq!(table.delete(b).expect("delete"), 7);
        assert!(table.get(&stale).is_err());
        let c = table.push(1u8).expect("push");
        assert_eq!(c.rep(), 1, "the freed slot is reused");
    }
}
