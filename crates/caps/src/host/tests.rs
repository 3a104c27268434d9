use super::*;
use crate::normalise::NormaliseError as E;

#[test]
fn normalisation_strips_one_dot_and_refuses_junk() {
    assert_eq!(normalise("EXAMPLE.com."), Ok("EXAMPLE.com"));
    assert_eq!(normalise("example.com.."), Err(E::EmptyLabel));
    assert_eq!(normalise(".example.com"), Err(E::EmptyLabel));
    assert_eq!(normalise("a..b"), Err(E::EmptyLabel));
    assert_eq!(normalise(""), Err(E::EmptyLabel));
    assert_eq!(normalise("example.com:443"), Err(E::HostCharacter(':')));
    assert_eq!(normalise("user@example.com"), Err(E::HostCharacter('@')));
    assert_eq!(normalise("example.com/x"), Err(E::HostCharacter('/')));
    assert_eq!(normalise("ex%61mple.com"), Err(E::HostCharacter('%')));
    assert_eq!(normalise("exämple.com"), Err(E::HostCharacter('ä')));
    assert_eq!(normalise("example.com\0.evil"), Err(E::Nul));
    assert_eq!(normalise(&"a".repeat(64)), Err(E::HostTooLong));
    assert_eq!(normalise(&["a"; 128].join(".")), Err(E::HostTooLong));
    assert_eq!(normalise("xn--exmple-cua.com"), Ok("xn--exmple-cua.com"));
}

fn glob(p: &str, v: &str) -> bool {
    HostPattern::glob(p).unwrap().glob_matches(normalise(v).unwrap())
}

fn prefix(p: &str, v: &str) -> bool {
    HostPattern::prefix(p).unwrap().is_prefix_of(normalise(v).unwrap())
}

#[test]
fn star_glob_needs_one_more_label() {
    assert!(glob("*.example.com", "api.example.com"));
    assert!(glob("*.example.com", "a.b.example.com"));
    assert!(glob("*.example.com", "API.Example.COM."));
    assert!(!glob("*.example.com", "example.com"));
    assert!(!glob("*.example.com", "evilexample.com"));
    assert!(!glob("*.example.com", "evil-example.com"));
    assert!(!glob("*.example.com", "example.com.evil.org"));
    assert!(glob("example.com", "EXAMPLE.com."));
    assert!(!glob("example.com", "api.example.com"));
    assert!(glob("*", "anything.at.all"));
}

#[test]
fn prefix_is_the_name_and_names_under_it() {
    assert!(prefix("example.com", "example.com"));
    assert!(prefix("Example.COM.", "api.example.com"));
    assert!(!prefix("example.com", "evilexample.com"));
    assert!(!prefix("example.com", "example.com.evil.org"));
}

#[test]
fn patterns_are_checked_and_lowercased() {
    assert_eq!(HostPattern::glob("*.EXAMPLE.com.").unwrap().text(), "*.example.com");
    assert_eq!(HostPattern::glob("api.*.com"), Err(E::MisplacedWildcard));
    assert_eq!(HostPattern::glob("*example.com"), Err(E::MisplacedWildcard));
    assert_eq!(HostPattern::glob("*."), Err(E::Empty));
    assert_eq!(HostPattern::prefix("*.example.com"), Err(E::MisplacedWildcard));
    assert_eq!(HostPattern::prefix(""), Err(E::Empty));
}
