//! Tests for component text in `Component::new`: parsed with the `wat`
//! feature, with its syntax errors located; refused with a hint without it.

use airssys_wasm::{Component, Engine, ErrorKind, Linker, Store};

/// A component whose export `seven` returns 7.
const SEVEN: &str = r#"
  (component
    (core module $m (func (export "seven") (result i32) i32.const 7))
    (core instance $i (instantiate $m))
    (func (export "seven") (result u32) (canon lift (core func $i "seven"))))
"#;

/// What `seven` returns in the component `Component::new` made of `input`.
fn call_seven(input: impl AsRef<[u8]>) -> u32 {
    let engine = Engine::default();
    let component = Component::new(&engine, input).expect("loads");
    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new().instantiate(&mut store, &component).expect("instantiates");
    let seven = instance.get_typed_func::<(), (u32,), _>(&store, "seven").expect("typed");
    seven.call(&mut store, ()).expect("runs").0
}

#[test]
fn binaries_load_as_slices_and_as_vectors() {
    let bytes = wat::parse_str(SEVEN).expect("test component");
    assert_eq!(call_seven(&bytes), 7);
    assert_eq!(call_seven(bytes), 7);
}

#[cfg(feature = "wat")]
#[test]
fn text_loads_as_str_string_and_bytes() {
    assert_eq!(call_seven(SEVEN), 7);
    let owned = String::from(SEVEN);
    assert_eq!(call_seven(owned), 7);
    assert_eq!(call_seven(SEVEN.as_bytes()), 7);
}

#[cfg(feature = "wat")]
#[test]
fn text_syntax_errors_give_line_and_column() {
    let text = "(component\n  (core module $m\n    (func (result i32) i32.const)))\n";
    let err = Component::new(&Engine::default(), text).err().expect("a syntax error");
    assert!(matches!(err.kind(), ErrorKind::Text(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid component text: expected a i32\n     --> <anon>:3:33\n      |\n    \
         3 |     (func (result i32) i32.const)))\n      |                                 ^"
    );
}

#[cfg(feature = "wat")]
#[test]
fn text_that_is_not_utf8_is_refused() {
    let err = Component::new(&Engine::default(), b"(component \xff)").err().expect("not text");
    assert!(matches!(err.kind(), ErrorKind::Text(_)), "{err:?}");
    assert_eq!(err.to_string(), "invalid component text: input bytes aren't valid utf-8");
}

#[cfg(not(feature = "wat"))]
#[test]
fn text_without_the_wat_feature_is_refused_with_a_hint() {
    for text in [SEVEN, ";; a comment\n(component)", "(component)"] {
        let err = Component::new(&Engine::default(), text).err().expect("text is refused");
        assert!(matches!(err.kind(), ErrorKind::Text(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            "this looks like component text, not a component binary (it does not start with `\\0asm`): \
             enable the `wat` feature or pass a binary"
        );
    }
    let path = temp_file("seven.wat", SEVEN.as_bytes());
    let err = Component::from_file(&Engine::default(), &path).err().expect("text is refused");
    assert!(matches!(err.kind(), ErrorKind::Text(_)), "{err:?}");
}

#[cfg(not(feature = "wat"))]
#[test]
fn other_non_binaries_without_the_wat_feature_go_to_the_decoder() {
    let err = Component::new(&Engine::default(), b"hello world").err().expect("not a component");
    assert!(matches!(err.kind(), ErrorKind::Decode(_)), "{err:?}");
}

/// A file in a fresh directory of the system's temporary one; the directory
/// is removed when this is dropped.
struct TempFile {
    dir: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl AsRef<std::path::Path> for TempFile {
    fn as_ref(&self) -> &std::path::Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A file named `name` in a fresh directory of the system's temporary one,
/// holding `contents`.
fn temp_file(name: &str, contents: &[u8]) -> TempFile {
    let dir = std::env::temp_dir().join(format!("airssys-wasm-text-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temporary file");
    TempFile { dir, path }
}

#[test]
fn files_load_named_after_their_stem() {
    let path = temp_file("seven.wasm", &wat::parse_str(SEVEN).expect("test component"));
    let component = Component::from_file(&Engine::default(), &path).expect("loads");
    assert_eq!(component.name(), "seven");
    assert_eq!(component.ty().exports.len(), 1);
}

#[cfg(feature = "wat")]
#[test]
fn text_files_load_and_their_syntax_errors_name_the_file() {
    let path = temp_file("seven.wat", SEVEN.as_bytes());
    let component = Component::from_file(&Engine::default(), &path).expect("loads");
    assert_eq!(component.name(), "seven");

    let path = temp_file("broken.wat", b"(component\n  (core module $m (func i32.const)))\n");
    let err = Component::from_file(&Engine::default(), &path).err().expect("a syntax error");
    assert!(matches!(err.kind(), ErrorKind::Text(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "invalid component text: expected a i32\n     --> {}:2:34\n      |\n    \
             2 |   (core module $m (func i32.const)))\n      |                                  ^",
            path.path.display()
        )
    );
}

#[test]
fn unreadable_files_are_io_errors_naming_the_file() {
    let path = std::env::temp_dir().join(format!("airssys-wasm-text-{}-missing.wasm", std::process::id()));
    let err = Component::from_file(&Engine::default(), &path).err().expect("no such file");
    let ErrorKind::Io { path: named, error } = err.kind() else { panic!("not an I/O error: {err:?}") };
    assert_eq!((named.as_str(), error.kind()), (path.display().to_string().as_str(), std::io::ErrorKind::NotFound));
    assert_eq!(err.to_string(), format!("cannot read `{}`: {error}", path.display()));
}
