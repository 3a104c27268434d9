//! Handles the host holds to resources that components define:
//! [`ResourceAny`], and the run-time [`ResourceType`] it is of.

use crate::error::{Error, ErrorKind, check_store};
use crate::prelude::*;
use crate::resources::{HOST_TABLE, Handle, Resources, trap};
use crate::store_id::StoreId;
use airssys_wasm_abi::typed::{ComponentType, HandleClaim, Lift, Lower, Shape};
use airssys_wasm_abi::{FlatReader, FlatWriter, LiftContext, LowerContext, Memory, Trap, TypeError, Val};
use core::fmt;

/// A run-time resource type of a store: each instance of a component that
/// defines a resource type creates one, so two instances of one component
/// have different resource types. Compare it with [`ResourceAny::ty`] to
/// tell what a handle is, for instance against the type an instance exports
/// ([`Instance::get_resource`](crate::Instance::get_resource)).
///
/// ```
/// # use airssys_wasm::{Instance, ResourceAny, Store};
/// fn is_a_file(instance: &Instance, store: &Store<()>, handle: &ResourceAny) -> bool {
///     instance.get_resource(store, "file").is_ok_and(|file| handle.ty() == file)
/// }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType {
    store: StoreId,
    index: u32,
}

impl ResourceType {
    /// Resource type `index` of store `store`.
    pub(crate) fn new(store: StoreId, index: usize) -> Self {
        // The store numbers its resource types as it creates them; four
        // billion would not fit in its memory.
        ResourceType { store, index: index as u32 }
    }

    /// The store the type belongs to.
    pub fn store(&self) -> StoreId {
        self.store
    }

    /// The type's number among the store's resource types.
    pub(crate) fn index(&self) -> usize {
        self.index as usize
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceType({} of {})", self.index, self.store)
    }
}

/// A handle the host holds to a resource a component defines: an index
/// into the host's handle table, tagged with its store, its
/// [`ResourceType`] and whether it owns the resource (`own`) or borrows it
/// (`borrow`, lent to a host function for one call).
///
/// - As a result of a [`TypedFunc`](crate::TypedFunc) it stands for an
///   `own<R>` the guest returned (a constructor's result, say).
/// - As a parameter of a typed call, `ResourceAny` by value stands for
///   `own<R>`: the guest takes ownership and the value is moved.
///   `&ResourceAny` stands for `borrow<R>`: the guest borrows it for the
///   call and the host keeps it.
/// - As a parameter of a host function ([`LinkerInstance::func_wrap`]) it
///   is what the guest passed: an `own<R>` the host now owns, or a
///   `borrow<R>` that ends with the call. As a result it is an `own<R>`
///   given to the guest.
/// - Nested in `Option`, `Result`, `Vec` and tuples, likewise.
///
/// A typed function accepts `ResourceAny` for a handle of any resource type
/// a component defines; the exact type is checked for each handle when it
/// is passed, and a handle of another type fails the call. Using a
/// `ResourceAny` with a store other than its own fails with
/// [`ErrorKind::WrongStore`]; using one that no longer names a live handle
/// (dropped, given away, or a borrow whose call ended) fails too. The
/// dynamic path converts with [`ResourceAny::try_from_val`] and
/// [`ResourceAny::into_val`].
///
/// A typed function that takes `&ResourceAny` borrows the handle for as
/// long as the function value lives (as with `&Resource<T>`); make it in
/// the scope of the calls, as below.
///
/// `ResourceAny` is not `Copy`: it is dropped with
/// [`ResourceAny::resource_drop`], which runs the component's destructor
/// for an owning handle. Letting it go out of scope instead leaks the
/// handle in the store until the store is dropped; so does giving it by
/// value to a call that fails before the guest takes it (the handle stays
/// listed in [`Store::host_handles`](crate::Store::host_handles); lend it with `&` when a failure must
/// leave it in your hands).
///
/// ```
/// # use airssys_wasm::{Instance, ResourceAny, Store};
/// fn count_lines(instance: &Instance, store: &mut Store<()>) -> Result<u32, airssys_wasm::Error> {
///     let open = instance.get_typed_func::<(&str,), (ResourceAny,), _>(store, "[constructor]file")?;
///     let lines = instance.get_typed_func::<(&ResourceAny,), (u32,), _>(store, "[method]file.lines")?;
///     let (file,) = open.call(store, ("notes.txt",))?;
///     assert!(file.owned());
///     let (n,) = lines.call(store, (&file,))?; // lent: the host keeps `file`
///     file.resource_drop(store)?; // the component's destructor runs
///     Ok(n)
/// }
/// ```
///
/// [`LinkerInstance::func_wrap`]: crate::LinkerInstance::func_wrap
pub struct ResourceAny {
    ty: ResourceType,
    index: u32,
    serial: u32,
    own: bool,
}

impl fmt::Debug for ResourceAny {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.own { "own" } else { "borrow" };
        write!(f, "ResourceAny({kind} handle {} of {:?})", self.index, self.ty)
    }
}

impl ResourceAny {
    /// The handle at `index` of the host's table of store `store`, as it is now.
    fn of(store: StoreId, index: u32, h: &Handle) -> Self {
        ResourceAny { ty: ResourceType::new(store, h.rt), index, serial: h.serial, own: h.own }
    }

    /// The resource type of the handle.
    ///
    /// ```
    /// # use airssys_wasm::ResourceAny;
    /// fn same_type(a: &ResourceAny, b: &ResourceAny) -> bool {
    ///     a.ty() == b.ty()
    /// }
    /// ```
    pub fn ty(&self) -> ResourceType {
        self.ty
    }

    /// Whether the handle owns the resource (`own`); false for a `borrow`
    /// lent to a host function.
    ///
    /// ```
    /// # use airssys_wasm::ResourceAny;
    /// fn describe(handle: &ResourceAny) -> &'static str {
    ///     if handle.owned() { "own" } else { "borrow" }
    /// }
    /// ```
    pub fn owned(&self) -> bool {
        self.own
    }

    /// Fails unless this is a handle of store `store` and still the handle
    /// at its index of the store's host table, `resources`.
    pub(crate) fn check_live(&self, store: StoreId, resources: &Resources) -> Result<(), Error> {
        check_live(store, resources, self.ty.store, self.index, self.serial)
    }

    /// The handle as a dynamic value of the host's table (once checked live).
    pub(crate) fn to_val(&self) -> Val {
        if self.own { Val::Own(self.index) } else { Val::Borrow(self.index) }
    }

    /// Its index in the host's table.
    pub(crate) fn index(&self) -> u32 {
        self.index
    }

    /// The handle that `val` names in the host's table of store `store`,
    /// `resources` (see `ResourceAny::try_from_val`).
    pub(crate) fn from_val(val: Val, store: StoreId, resources: &Resources) -> Result<Self, Error> {
        let (index, own) = match val {
            Val::Own(i) => (i, true),
            Val::Borrow(i) => (i, false),
            other => {
                let found = format!("{other:?}");
                return Err(Error::from(ErrorKind::Type(TypeError::Mismatch {
                    expected: "Val::Own or Val::Borrow".into(),
                    found,
                })));
            }
        };
        let h = host_handle(resources, index)
            .ok_or_else(|| trap(format!("unknown handle index {index} in the host's handle table")))?;
        if h.own != own {
            let (said, is) = if own { ("Val::Own", "a borrow") } else { ("Val::Borrow", "an owning handle") };
            return Err(trap(format!("{said}({index}) names {is} in the host's handle table")));
        }
        Ok(ResourceAny::of(store, index, h))
    }
}

fn check_live(store: StoreId, resources: &Resources, owner: StoreId, index: u32, serial: u32) -> Result<(), Error> {
    check_store(store, owner, "resource handle")?;
    match host_handle(resources, index) {
        Some(h) if h.serial == serial => Ok(()),
        _ => Err(trap(format!(
            "ResourceAny (handle index {index}) is no longer live: it was dropped, given to a guest, \
             or was a borrow whose call ended"
        ))),
    }
}

fn host_handle(resources: &Resources, index: u32) -> Option<&Handle> {
    resources.tables.get(HOST_TABLE).and_then(|t| t.get(index).ok())
}

/// What a typed lower of `ResourceAny`s records
/// ([`LowerContext::with_handle_env`]): each handle given, checked against
/// the store by [`GivenHandles::check`] before any moves.
#[derive(Default)]
pub(crate) struct GivenHandles {
    given: Vec<(StoreId, u32, u32)>,
}

impl GivenHandles {
    /// Fails unless every handle recorded belongs to store `store` and is
    /// live in its host table, `resources`.
    pub(crate) fn check(&self, store: StoreId, resources: &Resources) -> Result<(), Error> {
        self.given.iter().try_for_each(|&(owner, index, serial)| check_live(store, resources, owner, index, serial))
    }
}

/// What a typed lift of `ResourceAny`s reads ([`LiftContext::with_handle_env`]):
/// the store, and the host-table handles that the values name, by index.
pub(crate) struct HostHandles {
    store: StoreId,
    handles: Vec<(u32, Handle)>,
}

impl HostHandles {
    /// The handles of host table `resources` of store `store` that `vals` name.
    pub(crate) fn of(store: StoreId, resources: &Resources, vals: &[Val]) -> Self {
        let mut handles = Vec::new();
        for v in vals {
            collect(v, resources, &mut handles);
        }
        handles.sort_unstable_by_key(|(i, _)| *i);
        HostHandles { store, handles }
    }

    fn get(&self, index: u32) -> Option<&Handle> {
        let at = self.handles.binary_search_by_key(&index, |(i, _)| *i).ok()?;
        self.handles.get(at).map(|(_, h)| h)
    }
}

fn collect(v: &Val, resources: &Resources, out: &mut Vec<(u32, Handle)>) {
    match v {
        Val::Own(i) | Val::Borrow(i) => {
            if let Some(h) = host_handle(resources, *i) {
                out.push((*i, *h));
            }
        }
        Val::List(items) | Val::Record(items) | Val::Tuple(items) => {
            items.iter().for_each(|v| collect(v, resources, out));
        }
        Val::Variant(_, Some(p)) | Val::Option(Some(p)) | Val::Result(Ok(Some(p)) | Err(Some(p))) => {
            collect(p, resources, out);
        }
        _ => {}
    }
}

/// What `ResourceAny` claims a handle is: any resource a component defines.
pub(crate) fn claim() -> HandleClaim {
    HandleClaim { type_id: core::any::TypeId::of::<ResourceAny>(), type_name: "ResourceAny" }
}

fn no_env() -> Trap {
    Trap::ValueMismatch {
        expected: "a handle the runtime tracks",
        detail: "a ResourceAny is lifted and lowered only by airssys-wasm's calls",
    }
}

impl ComponentType for ResourceAny {
    const SIZE32: u32 = 4;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 1;

    const SHAPE: &'static Shape = &Shape::Handle(claim);
}

impl ResourceAny {
    /// Records the handle in the lower's [`GivenHandles`]; its index is what
    /// the dynamic path moves.
    fn give<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>) -> Result<u32, Trap> {
        let given = cx.handle_env().and_then(|e| e.downcast_mut::<GivenHandles>()).ok_or_else(no_env)?;
        if given.given.try_reserve(1).is_err() {
            return Err(Trap::OutOfHostMemory { bytes: core::mem::size_of::<(StoreId, u32, u32)>() as u64 });
        }
        given.given.push((self.ty.store, self.index, self.serial));
        Ok(self.index)
    }

    /// The handle at `index` of the lift's [`HostHandles`].
    fn take(cx: &LiftContext<'_>, index: u32) -> Result<Self, Trap> {
        let handles = cx.handle_env().and_then(|e| e.downcast_ref::<HostHandles>()).ok_or_else(no_env)?;
        let h = handles.get(index).ok_or(Trap::ValueMismatch {
            expected: "a handle of the host's table",
            detail: "the index names no handle the host holds",
        })?;
        Ok(ResourceAny::of(handles.store, index, h))
    }
}

impl Lower for ResourceAny {
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        let index = self.give(cx)?;
        dst.push_i32(index)
    }

    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let index = self.give(cx)?;
        cx.write(ptr, &index.to_le_bytes())
    }
}

impl Lift for ResourceAny {
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        let index = src.next_i32()?;
        ResourceAny::take(cx, index)
    }

    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        let index = cx.read_u32(ptr)?;
        ResourceAny::take(cx, index)
    }
}
