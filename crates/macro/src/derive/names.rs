//! WIT names of Rust fields and cases.

/// The WIT name of a Rust identifier: `r#` dropped, `snake_case` and
/// `UpperCamelCase` both turned into `kebab-case`.
pub(crate) fn kebab(ident: &str) -> String {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::with_capacity(ident.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 && !out.is_empty() && !out.ends_with('-') {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // A word starts at a capital after a lowercase letter or digit
            // (`DarkBlue`), or at the last capital of an acronym (`HTTPError`).
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn snake_case_fields_become_kebab_case() {
        assert_eq!(kebab("a"), "a");
        assert_eq!(kebab("b_c"), "b-c");
        assert_eq!(kebab("write_all"), "write-all");
        assert_eq!(kebab("r#type"), "type");
        assert_eq!(kebab("ipv4_addr"), "ipv4-addr");
    }

    #[test]
    fn camel_case_cases_become_kebab_case() {
        assert_eq!(kebab("Red"), "red");
        assert_eq!(kebab("DarkBlue"), "dark-blue");
        assert_eq!(kebab("NotFound"), "not-found");
        assert_eq!(kebab("HTTPError"), "http-error");
        assert_eq!(kebab("Ipv4Addr"), "ipv4-addr");
    }
}
