//! What is out of the runtime's scope, and why: the async part of the
//! Component Model, and core wasm features that wasmi does not implement
//! (exceptions, GC, threads). Such directives are scored n/a, never dropped.

use crate::scan;

/// Why every directive of the file at `rel` (relative to the suite's root) is n/a.
pub fn file_out_of_scope(rel: &str) -> Option<&'static str> {
    if rel.starts_with("async/") {
        return Some("Component Model async (streams, futures, subtasks): outside the synchronous scope");
    }
    if rel == "linking/tags.wast" {
        return Some("needs core exceptions (tags), which wasmi does not implement");
    }
    None
}

const EXCEPTIONS: &str = "needs core exceptions, which wasmi does not implement";
const GC: &str = "needs core GC types, which wasmi does not implement";
const THREADS: &str = "needs core threads (shared memory, atomics), which wasmi does not implement";

/// The core feature wasmi lacks that a word of the text format belongs to.
fn missing_feature(word: &str) -> Option<&'static str> {
    match word {
        "try_table" | "throw" | "throw_ref" | "tag" | "exnref" | "try" | "catch" | "catch_all" | "delegate"
        | "rethrow" => Some(EXCEPTIONS),
        // Not `sub`: component text writes resource bounds as `(sub resource)`.
        "struct" | "array" | "rec" | "anyref" | "eqref" | "i31ref" | "structref" | "arrayref" | "nullref"
        | "ref.i31" | "ref.test" | "ref.cast" | "br_on_cast" | "br_on_cast_fail" | "any.convert_extern"
        | "extern.convert_any" => Some(GC),
        "shared" | "atomic.fence" => Some(THREADS),
        w if w.starts_with("struct.") || w.starts_with("array.") || w.starts_with("i31.") => Some(GC),
        w if w.contains(".atomic.") => Some(THREADS),
        _ => None,
    }
}

/// Why the directive whose text is `source` is n/a: it uses a core feature
/// that wasmi does not implement. Strings and comments are not looked at.
pub fn directive_out_of_scope(source: &str) -> Option<&'static str> {
    scan::words(source).into_iter().find_map(missing_feature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn async_and_tags_are_out_of_scope() {
        assert!(file_out_of_scope("async/zero-length.wast").is_some());
        assert!(file_out_of_scope("linking/tags.wast").is_some());
        assert_eq!(file_out_of_scope("linking/unit.wast"), None);
        assert_eq!(file_out_of_scope("values/async-like.wast"), None);
    }

    #[test]
    fn core_features_are_found_by_word() {
        assert_eq!(directive_out_of_scope("(component (core module (memory 1 2 shared)))"), Some(THREADS));
        assert_eq!(directive_out_of_scope("(core module (func (i32.atomic.rmw.add)))"), Some(THREADS));
        assert_eq!(directive_out_of_scope("(core module (type (struct)))"), Some(GC));
        assert_eq!(directive_out_of_scope("(core module (tag $t))"), Some(EXCEPTIONS));
        assert_eq!(directive_out_of_scope("(component (export \"shared\" (func $tag))) ;; throw"), None);
        assert_eq!(directive_out_of_scope("(component (canon thread.index (core func)))"), None);
        assert_eq!(directive_out_of_scope("(component (import \"r\" (type (sub resource))))"), None);
    }
}
