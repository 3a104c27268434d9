//! Host resources in Rust types: [`Resource<T>`], a typed handle to a
//! resource the host defines, and [`ResourceTable`], where the host keeps
//! the state behind them.

use crate::error::{Error, ErrorKind};
use crate::prelude::*;
use airssys_wasm_abi::typed::{ComponentType, Lift, Lower};
use airssys_wasm_abi::{FlatReader, FlatWriter, LiftContext, LowerContext, Memory, Trap, TypeError, ValType};
use core::any::Any;
use core::fmt;
use core::marker::PhantomData;

/// A handle to a resource the host defines, of Rust type `T`: its
/// representation, which for resources kept in a [`ResourceTable`] is the
/// table slot. As a parameter of a host function it stands for `own<R>` or
/// `borrow<R>` (the WIT signature says which); as a result, for `own<R>`.
pub struct Resource<T> {
    rep: u32,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Resource<T> {
    /// A handle with representation `rep`.
    pub fn new(rep: u32) -> Self {
        Resource { rep, _marker: PhantomData }
    }

    /// The representation.
    pub fn rep(&self) -> u32 {
        self.rep
    }
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

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

impl<T> ComponentType for Resource<T> {
    const SIZE32: u32 = 4;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 1;

    fn typecheck(ty: &ValType) -> Result<(), TypeError> {
        match ty {
            ValType::Own(_) | ValType::Borrow(_) => Ok(()),
            other => Err(TypeError::mismatch("own or borrow handle", other)),
        }
    }
}

impl<T> Lower for Resource<T> {
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

impl<T> Lift for Resource<T> {
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

fn wrong<T>(rep: u32) -> Error {
    Error::from(ErrorKind::Host(format!(
        "resource {rep} in the resource table is not a {}",
        core::any::type_name::<T>()
    )))
}

impl ResourceTable {
    /// An empty table.
    pub fn new() -> Self {
        ResourceTable::default()
    }

    /// Stores `value`; the handle's representation is its slot.
    pub fn push<T: Send + 'static>(&mut self, value: T) -> Result<Resource<T>, Error> {
        let boxed: Box<dyn Any + Send> = Box::new(value);
        if let Some(rep) = self.free.pop() {
            self.slots[rep as usize] = Some(boxed);
            return Ok(Resource::new(rep));
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
        Ok(Resource::new(rep))
    }

    /// The value behind `resource`.
    pub fn get<T: 'static>(&self, resource: &Resource<T>) -> Result<&T, Error> {
        let slot =
            self.slots.get(resource.rep as usize).and_then(Option::as_ref).ok_or_else(|| missing(resource.rep))?;
        slot.downcast_ref().ok_or_else(|| wrong::<T>(resource.rep))
    }

    /// The value behind `resource`, mutably.
    pub fn get_mut<T: 'static>(&mut self, resource: &Resource<T>) -> Result<&mut T, Error> {
        let slot =
            self.slots.get_mut(resource.rep as usize).and_then(Option::as_mut).ok_or_else(|| missing(resource.rep))?;
        slot.downcast_mut().ok_or_else(|| wrong::<T>(resource.rep))
    }

    /// Removes the value behind `resource` and returns it.
    pub fn delete<T: 'static>(&mut self, resource: Resource<T>) -> Result<T, Error> {
        self.get::<T>(&resource)?;
        let slot =
            self.slots.get_mut(resource.rep as usize).and_then(Option::take).ok_or_else(|| missing(resource.rep))?;
        self.free.push(resource.rep);
        slot.downcast().map(|b| *b).map_err(|_| wrong::<T>(resource.rep))
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
        assert_eq!(table.delete(b).expect("delete"), 7);
        assert!(table.get(&b).is_err());
        let c = table.push(1u8).expect("push");
        assert_eq!(c.rep(), 1, "the freed slot is reused");
    }
}
