//! Rust names for WIT names: snake_case for values and modules,
//! UpperCamelCase for types and cases, keywords escaped with a trailing `_`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords, strict and reserved (2024 edition), and `self`-likes.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern", "false",
    "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override",
    "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "abstract", "become", "box",
];

/// `name` with a trailing `_` when it is a keyword.
fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A function, field, parameter or module name: `get-all` → `get_all`.
pub(crate) fn snake(name: &str) -> String {
    escape(name.to_snake_case())
}

/// A type or case name: `dark-blue` → `DarkBlue`.
pub(crate) fn camel(name: &str) -> String {
    escape(name.to_upper_camel_case())
}

/// The Rust name of a WIT type: as [`camel`], but `Guest` and `Host`, the
/// names of the generated struct of an exported interface and trait of an
/// imported one, get a `_` as keywords do (`record host` is `Host_`).
pub(crate) fn type_name(name: &str) -> String {
    let name = camel(name);
    if name == "Guest" || name == "Host" { format!("{name}_") } else { name }
}

/// A Rust string literal holding `text`.
pub(crate) fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// `#[doc = "…"]` lines for WIT docs, or for `fallback` when there are none.
pub(crate) fn docs(wit: Option<&str>, fallback: &str) -> String {
    let text = match wit {
        Some(d) if !d.trim().is_empty() => d,
        _ => fallback,
    };
    text.lines().map(|l| format!("#[doc = {}]\n", lit(&format!(" {}", l.trim_end())))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wit_names_become_rust_names() {
        assert_eq!(snake("get-all"), "get_all");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("dark-blue"), "DarkBlue");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(camel("http-v2"), "HttpV2");
        assert_eq!(type_name("guest"), "Guest_");
        assert_eq!(type_name("host"), "Host_");
        assert_eq!(type_name("host-name"), "HostName");
    }

    #[test]
    fn docs_come_from_wit_or_the_fallback() {
        assert_eq!(docs(Some("Says hi.\nTwice"), "x"), "#[doc = \" Says hi.\"]\n#[doc = \" Twice\"]\n");
        assert_eq!(docs(None, "The `x` function."), "#[doc = \" The `x` function.\"]\n");
    }
}
