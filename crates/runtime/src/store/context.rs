//! [`StoreContextMut`]: the store as a host function sees it.

use crate::error::Error;
use crate::resources::HOST_TABLE;
use crate::store::data::StoreData;

/// The store as a host function sees it: the host data, mutably.
pub struct StoreContextMut<'a, T>(pub(crate) wasmi::StoreContextMut<'a, StoreData<T>>);

impl<T> StoreContextMut<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.0.data().data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.0.data_mut().data
    }

    /// The capability table of the instance whose import call is running
    /// this host function: grant, narrow or revoke from inside a call; the
    /// change takes effect at the instance's next import call. `None` when
    /// no guest import call is running (or checks are off).
    pub fn caller_capabilities_mut(&mut self) -> Option<&mut airssys_wasm_caps::CapabilityTable> {
        let caps = self.0.data().calling?;
        self.0.data_mut().capabilities.get_mut(caps)
    }

    /// The representation behind handle `index` of the host's table: an
    /// owning handle of a component-defined resource that a guest passed to
    /// the host as [`Val::Own`](crate::Val::Own).
    pub fn resource_rep(&mut self, index: u32) -> Result<u32, Error> {
        Ok(self.0.data_mut().resources.table(HOST_TABLE)?.get(index)?.rep)
    }

    /// Drops handle `index` of the host's table (a component-defined
    /// resource); an owning handle runs the component's destructor.
    pub fn resource_drop(&mut self, index: u32) -> Result<(), Error> {
        drop_host_handle(&mut self.0, index)
    }
}

/// Drops handle `index` of the host's table: an owning handle runs the
/// component's destructor, a borrow ends.
pub(crate) fn drop_host_handle<T>(ctx: &mut wasmi::StoreContextMut<'_, StoreData<T>>, index: u32) -> Result<(), Error> {
    let resources = &mut ctx.data_mut().resources;
    // Checked before anything changes: a drop that fails leaves the
    // handle in place, so its owner can still drop it later.
    let h = *resources.table(HOST_TABLE)?.get(index)?;
    if h.lends != 0 {
        return Err(Error::from(crate::error::ErrorKind::Trap(wasmi::Error::new(
            "cannot remove owned resource while borrowed",
        ))));
    }
    resources.table(HOST_TABLE)?.remove(index)?;
    if !h.own {
        resources.end_borrow(h.scope);
    }
    let dtor = if h.own { resources.types.get(h.rt).and_then(|t| t.dtor) } else { None };
    if let Some(dtor) = dtor {
        dtor.call(&mut *ctx, &[wasmi::Val::I32(h.rep as i32)], &mut []).map_err(crate::error::from_wasmi)?;
    }
    Ok(())
}
