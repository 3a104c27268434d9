use super::*;

#[test]
fn covers_interfaces_functions_and_versions() {
    let g = Grant::new("wasi:cli/stdout");
    assert!(g.covers("wasi:cli/stdout", "get-stdout"));
    assert!(g.covers("wasi:cli/stdout@0.2.0", "get-stdout"));
    assert!(!g.covers("wasi:cli/stdout2", "get-stdout"));
    assert!(!g.covers("wasi:cli/stderr", "get-stderr"));
    let v = Grant::new("wasi:cli/stdout@0.2.0");
    assert!(v.covers("wasi:cli/stdout@0.2.0", "x"));
    assert!(!v.covers("wasi:cli/stdout@0.2.1", "x"));
    assert!(!v.covers("wasi:cli/stdout", "x"));
    let f = Grant::new("my:pkg/fs").for_function("open");
    assert!(f.covers("my:pkg/fs", "open"));
    assert!(!f.covers("my:pkg/fs", "open2"));
}

#[test]
fn specificity_orders_function_then_version() {
    let iface = "a:b/c@1.0.0";
    assert_eq!(Grant::new("a:b/c").specificity(iface), 0);
    assert_eq!(Grant::new("a:b/c@1.0.0").specificity(iface), 1);
    assert_eq!(Grant::new("a:b/c").for_function("f").specificity(iface), 2);
    assert_eq!(Grant::new("a:b/c@1.0.0").for_function("f").specificity(iface), 3);
}

#[test]
fn display_of_builders() {
    let g = Grant::new("a:b/c")
        .for_function("f")
        .with_budget(3)
        .with_on_deny(DenyAction::ReturnError { case: Some("denied".into()) });
    assert_eq!(g.to_string(), "a:b/c#f(budget 3, on-deny error denied)");
    assert_eq!(Grant::new("a:b/c").to_string(), "a:b/c");
    let e = Grant::new("x").with_on_deny(DenyAction::ReturnError { case: None });
    assert_eq!(e.to_string(), "x(on-deny error)");
}
