use super::*;

fn err(text: &str) -> (usize, usize, PolicyErrorKind) {
    let e = Policy::parse(text).unwrap_err();
    (e.line, e.column, e.kind)
}

#[test]
fn a_full_policy() {
    let p = Policy::parse(
        r#"
audit-allowed = true
allow = ["wasi:cli/stdout", "my:pkg/log#write(level: case info|warn)"]

[[grant]]
interface = "my:pkg/fs"
function = "open"
budget = 100
on-deny = { error = "access" }

[[grant.constraint]]
param = "path"
prefix = "/data/"

[[grant.constraint]]
param = "opts.host"
glob = "*.example.com"
kind = "host"

[[grant]]
interface = "my:net/http"
on-deny = "error"
[[grant.constraint]]
param = 1
range = [80, 443]
[[grant.constraint]]
param = "method"
cases = ["get", "head"]
"#,
    )
    .unwrap();
    assert!(p.audit_allowed());
    let texts: Vec<String> = p.grants().iter().map(|g| g.to_string()).collect();
    assert_eq!(
        texts,
        [
            "wasi:cli/stdout",
            "my:pkg/log#write(level: case info|warn)",
            "my:pkg/fs#open(path: prefix path \"/data\", opts.host: glob host \"*.example.com\", budget 100, on-deny error access)",
            "my:net/http(1: 80..=443, method: case get|head, on-deny error)",
        ]
    );
    let mut table = CapabilityTable::new();
    p.apply(&mut table);
    assert_eq!(table.grants().count(), 4);
}

#[test]
fn an_empty_policy_grants_nothing() {
    assert_eq!(Policy::parse("# nothing\n").unwrap(), Policy::default());
}

#[test]
fn errors_have_line_and_column() {
    let (l, c, k) = err("[[grant]]\ninterface = \"a:b/c\"\nfunktion = \"f\"\n");
    assert_eq!((l, c), (3, 1));
    assert!(matches!(k, PolicyErrorKind::UnknownKey { ref key, .. } if key == "funktion"));
    assert_eq!(err("[[grant]]\nfunction = \"f\"\n"), (1, 1, PolicyErrorKind::MissingKey("interface")));
    assert_eq!(
        err("[[grant]]\ninterface = \"a:b/c\"\nbudget = -1\n"),
        (3, 10, PolicyErrorKind::WrongType { key: "budget", expected: "a non-negative integer" })
    );
    assert_eq!(
        err("[[grant]]\ninterface = 5\n"),
        (2, 13, PolicyErrorKind::WrongType { key: "interface", expected: "a string" })
    );
    assert_eq!(
        err("[[grant]]\ninterface = \"a\"\n[[grant.constraint]]\nparam = \"p\"\nprefix = \"/x\"\nglob = \"/y\"\n"),
        (3, 1, PolicyErrorKind::RuleCount)
    );
    let (l, c, k) = err("[[grant]]\ninterface = \"a\"\n[[grant.constraint]]\nparam = \"p\"\n  prefix = \"/x/../..\"\n");
    assert_eq!((l, c), (5, 12));
    assert_eq!(k.to_string(), "bad pattern: a `..` segment climbs above the start of the path");
    assert_eq!(
        err("[[grant]]\ninterface = \"a\"\n[[grant.constraint]]\nparam = \"p\"\nrange = [5, 1]\n"),
        (5, 9, PolicyErrorKind::Grant(GrantError::from(crate::GrantErrorKind::EmptyRange { min: 5, max: 1 })))
    );
    assert_eq!(
        err("[[grant]]\ninterface = \"a\"\non-deny = \"explode\"\n"),
        (
            3,
            11,
            PolicyErrorKind::WrongType { key: "on-deny", expected: "\"trap\", \"error\" or { error = \"case-name\" }" }
        )
    );
    let (l, c, _) = err("allow = [\n  \"a:b/c\",\n  \"x:y/z#f(p: prefx \\\"/d\\\")\",\n]\n");
    assert_eq!((l, c), (3, 15));
    let (l, c, k) = err("[[grant]\ninterface = \"a\"\n");
    assert_eq!((l, c), (1, 9));
    assert!(matches!(k, PolicyErrorKind::Toml(_)));
}

#[test]
fn error_display_says_where_and_what() {
    let e = Policy::parse("\n\nbogus = 1\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad policy at line 3, column 1: unknown key `bogus`; the keys here are `audit-allowed`, `allow` and \
         `[[grant]]` (the format is in POLICY.md)"
    );
}
