//! The layout constants of derived types equal what `ValType` computes for
//! the same WIT type, and the types pass `typecheck` against it.

// Tests stop at the first surprise.
#![allow(clippy::expect_used, clippy::panic)]

mod types;

use airssys_wasm_abi::ValType;
use airssys_wasm_abi::typed::ComponentType;
use types::many::{Flags32, Many, flags32_labels, many_labels};
use types::*;

/// Asserts that `T`'s constants match `ty`'s layout and that `T` accepts `ty`.
fn same<T: ComponentType + ?Sized>(ty: &ValType) {
    let name = std::any::type_name::<T>();
    assert_eq!(
        (T::SIZE32, T::ALIGN32, T::FLAT_COUNT),
        (ty.size(), ty.align(), ty.flat_count() as usize),
        "{name} against {ty}"
    );
    T::typecheck(ty).unwrap_or_else(|e| panic!("{name} against {ty}: {e}"));
}

#[test]
fn records_lay_out_as_the_canonical_abi_says() {
    same::<Point>(&point_ty());
    same::<Mixed>(&mixed_ty());
    same::<Person>(&person_ty());
    same::<Keyword>(&keyword_ty());
    same::<Borrowed<'_>>(&borrowed_ty());
    // Spot values: mixed is a:0 b:8 c:16 d:20 e:24 f:25 g:32 h:40, size 48.
    assert_eq!((Mixed::SIZE32, Mixed::ALIGN32, Mixed::FLAT_COUNT), (48, 8, 8));
}

#[test]
fn variants_enums_and_flags_lay_out_as_the_canonical_abi_says() {
    same::<Shape>(&shape_ty());
    same::<Color>(&color_ty());
    same::<Perms>(&perms_ty());
    let many = ok(ValType::enumeration(many_labels()));
    same::<Many>(&many);
    assert_eq!((Many::SIZE32, Many::ALIGN32), (2, 2), "300 cases need a two-byte discriminant");
    same::<Flags32>(&ok(ValType::flags(flags32_labels())));
    assert_eq!((Flags32::SIZE32, Flags32::FLAT_COUNT), (4, 1));
}

#[test]
fn derived_types_nest_in_options_results_lists_tuples_and_generics() {
    same::<Option<Shape>>(&ok(ValType::option(shape_ty())));
    same::<Result<Person, Color>>(&ok(ValType::result(Some(person_ty()), Some(color_ty()))));
    same::<Result<(), Perms>>(&ok(ValType::result(None, Some(perms_ty()))));
    same::<Vec<Shape>>(&ValType::list(shape_ty()));
    same::<(Mixed, Shape)>(&ok(ValType::tuple([mixed_ty(), shape_ty()])));
    same::<Pair<u8, Shape>>(&pair_ty(ValType::U8, shape_ty()));
    same::<Pair<Vec<Person>, Option<Point>>>(&pair_ty(ValType::list(person_ty()), ok(ValType::option(point_ty()))));
    same::<Either<Mixed, String>>(&either_ty(mixed_ty(), ValType::String));
    same::<Either<Pair<u16, f64>, Many>>(&either_ty(
        pair_ty(ValType::U16, ValType::F64),
        ok(ValType::enumeration(many_labels())),
    ));
    // Layouts in constants: usable at compile time.
    const SHAPE: (u32, u32, usize) = (Shape::SIZE32, Shape::ALIGN32, Shape::FLAT_COUNT);
    assert_eq!(SHAPE, (16, 8, 3));
}
