use super::*;
use crate::normalise::NormaliseError as E;

fn norm(p: &str) -> Result<(bool, Vec<&str>), E> {
    normalise(p).map(|n| (n.absolute, n.segments))
}

#[test]
fn normalisation_resolves_dots_and_slashes() {
    assert_eq!(norm("/data/./x"), Ok((true, vec!["data", "x"])));
    assert_eq!(norm("//data///x/"), Ok((true, vec!["data", "x"])));
    assert_eq!(norm("/data/../etc/passwd"), Ok((true, vec!["etc", "passwd"])));
    assert_eq!(norm("a/b/../c"), Ok((false, vec!["a", "c"])));
    assert_eq!(norm("/"), Ok((true, vec![])));
    assert_eq!(norm(""), Ok((false, vec![])));
    assert_eq!(norm("/%2e%2e/x"), Ok((true, vec!["%2e%2e", "x"])));
    assert_eq!(norm("/Data/X"), Ok((true, vec!["Data", "X"])));
}

#[test]
fn normalisation_refuses_climbing_nul_and_backslash() {
    assert_eq!(norm("/data/x/../../../etc"), Err(E::ClimbsAboveStart));
    assert_eq!(norm("/.."), Err(E::ClimbsAboveStart));
    assert_eq!(norm("../x"), Err(E::ClimbsAboveStart));
    assert_eq!(norm("/data/x\0/../../etc"), Err(E::Nul));
    assert_eq!(norm("/data\\..\\etc"), Err(E::Backslash));
}

fn prefix(p: &str, v: &str) -> bool {
    PathPattern::prefix(p).unwrap().is_prefix_of(&normalise(v).unwrap())
}

#[test]
fn prefix_is_per_segment() {
    assert!(prefix("/data", "/data"));
    assert!(prefix("/data/", "/data"));
    assert!(prefix("/data", "/data/x/y"));
    assert!(!prefix("/data", "/database"));
    assert!(!prefix("/data", "/data2/x"));
    assert!(!prefix("/data", "data/x"));
    assert!(!prefix("data", "/data/x"));
    assert!(prefix("/", "/anything"));
    assert!(!prefix("/data", "/data/x/../../etc"));
    assert!(prefix("/data", "/data/x/../y"));
    assert!(!prefix("/data/x", "/data/X"));
}

#[test]
fn prefix_patterns_normalise() {
    assert_eq!(PathPattern::prefix("/data/./x//").unwrap().text(), "/data/x");
    assert_eq!(PathPattern::prefix("/data/x/..").unwrap().text(), "/data");
    assert_eq!(PathPattern::prefix("/").unwrap().text(), "/");
    assert_eq!(PathPattern::prefix(".").unwrap().text(), ".");
    assert_eq!(PathPattern::prefix(""), Err(E::Empty));
    assert_eq!(PathPattern::prefix("/.."), Err(E::ClimbsAboveStart));
}

fn glob(p: &str, v: &str) -> bool {
    PathPattern::glob(p).unwrap().glob_matches(&normalise(v).unwrap())
}

#[test]
fn globs_match_segments() {
    assert!(glob("/data/*.txt", "/data/a.txt"));
    assert!(glob("/data/*.txt", "/data/.txt"));
    assert!(!glob("/data/*.txt", "/data/a/b.txt"));
    assert!(glob("/data/**/*.txt", "/data/a.txt"));
    assert!(glob("/data/**/*.txt", "/data/a/b/c.txt"));
    assert!(!glob("/data/**/*.txt", "/data/a/b/c.txt2"));
    assert!(glob("/data/**", "/data"));
    assert!(glob("/data/**", "/data/x/y"));
    assert!(!glob("/data/**", "/database"));
    assert!(!glob("/data/*", "/data/x/../../etc"));
    assert!(glob("/**/x", "/a/b/x"));
    assert!(glob("/a*b*c", "/abc"));
    assert!(glob("/a*b*c", "/aXbYbZc"));
    assert!(!glob("/a*b*c", "/aXbYcZ"));
}

#[test]
fn glob_patterns_are_checked() {
    assert_eq!(PathPattern::glob("/data/**x"), Err(E::MisplacedWildcard));
    assert_eq!(PathPattern::glob("/data/../x"), Err(E::DotDotInGlob));
    assert_eq!(PathPattern::glob("/data/./*/").unwrap().text(), "/data/*");
}
