use super::*;
use crate::normalise::NormaliseError as E;

#[test]
fn exact_patterns_compare_bytes() {
    let p = Pattern::prefix(PatternKind::Exact, "user-").unwrap();
    assert_eq!(p.matches_prefix("user-1"), Ok(true));
    assert_eq!(p.matches_prefix("User-1"), Ok(false));
    assert_eq!(p.matches_prefix("user-\0"), Err(E::Nul));
    let g = Pattern::glob(PatternKind::Exact, "a*z").unwrap();
    assert_eq!(g.matches_glob("a/../z"), Ok(true));
    assert_eq!(g.matches_glob("a/../y"), Ok(false));
    assert_eq!(Pattern::prefix(PatternKind::Exact, ""), Err(E::Empty));
}

#[test]
fn malformed_values_are_errors_not_mismatches() {
    let p = Pattern::prefix(PatternKind::Path, "/data").unwrap();
    assert_eq!(p.matches_prefix("/data/../../x"), Err(E::ClimbsAboveStart));
    let h = Pattern::glob(PatternKind::Host, "*.example.com").unwrap();
    assert_eq!(h.matches_glob("a.example.com:80"), Err(E::HostCharacter(':')));
}

#[test]
fn kind_and_text() {
    let p = Pattern::glob(PatternKind::Host, "*.Example.com").unwrap();
    assert_eq!((p.kind(), p.as_str()), (PatternKind::Host, "*.example.com"));
    assert_eq!(PatternKind::from_keyword("exact"), Some(PatternKind::Exact));
    assert_eq!(PatternKind::from_keyword("Path"), None);
}
