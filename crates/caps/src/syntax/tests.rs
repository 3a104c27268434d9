use super::*;
use crate::normalise::NormaliseError;

fn err(text: &str) -> (usize, GrantErrorKind) {
    let e = text.parse::<Grant>().unwrap_err();
    (e.column(), e.kind().clone())
}

fn expected(expected: &'static str, found: &str) -> GrantErrorKind {
    GrantErrorKind::Expected { expected, found: found.into() }
}

#[test]
fn plain_interfaces_and_functions() {
    let g: Grant = "wasi:cli/stdout".parse().unwrap();
    assert_eq!(g, Grant::new("wasi:cli/stdout"));
    let g: Grant = " wasi:cli/stdout@0.2.0 # get-stdout ".parse().unwrap();
    assert_eq!(g, Grant::new("wasi:cli/stdout@0.2.0").for_function("get-stdout"));
    let g: Grant = "my:pkg/fs#[method]file.read()".parse().unwrap();
    assert_eq!(g, Grant::new("my:pkg/fs").for_function("[method]file.read"));
}

#[test]
fn constraints_budgets_and_actions() {
    let g: Grant =
        r#"my:net/http#get(host: glob host "*.Example.com", port: 80..=443, budget 10, on-deny error refused,)"#
            .parse()
            .unwrap();
    let want = Grant::new("my:net/http")
        .for_function("get")
        .with_constraint(Constraint::new(
            ParamRef::name("host").unwrap(),
            Rule::glob(PatternKind::Host, "*.example.com").unwrap(),
        ))
        .with_constraint(Constraint::new(ParamRef::name("port").unwrap(), Rule::IntRange { min: 80, max: 443 }))
        .with_budget(10)
        .with_on_deny(DenyAction::ReturnError { case: Some("refused".into()) });
    assert_eq!(g, want);
    let g: Grant = "my:pkg/log#write(level: case info | warn, opts.0: -5, on-deny trap)".parse().unwrap();
    assert_eq!(g.constraints[0].rule, Rule::Cases(vec!["info".into(), "warn".into()]));
    assert_eq!(g.constraints[1].param, ParamRef::name("opts").unwrap().element(0));
    assert_eq!(g.constraints[1].rule, Rule::IntRange { min: -5, max: -5 });
    assert_eq!(g.on_deny, DenyAction::Trap);
    let g: Grant = r#"a:b/c#f(p: prefix "/data/")"#.parse().unwrap();
    assert_eq!(g.constraints[0].rule, Rule::prefix(PatternKind::Path, "/data").unwrap());
    let g: Grant = "a:b/c#f(budget: 0..=1)".parse().unwrap();
    assert_eq!((g.budget, g.constraints[0].param.to_string()), (None, "budget".into()));
}

#[test]
fn display_round_trips() {
    for text in [
        "wasi:cli/stdout",
        "my:pkg/fs#open(path: prefix path \"/data\")",
        "my:net/http#get(host: glob host \"*.example.com\", port: 80..=443, budget 10, on-deny error refused)",
        "my:pkg/kv#put(opts.key: glob exact \"a\\\"b\\\\c\\n\\u{1}\", 2.0: case x|y, on-deny error)",
        "x#y(p: prefix path \"/ä/ü\", budget 0)",
    ] {
        let g: Grant = text.parse().unwrap();
        assert_eq!(g.to_string(), text);
        assert_eq!(g.to_string().parse::<Grant>().unwrap(), g);
    }
    let g: Grant = r#"a#f(p: glob "/d/./*.txt", n: 3)"#.parse().unwrap();
    assert_eq!(g.to_string(), r#"a#f(p: glob path "/d/*.txt", n: 3..=3)"#);
}

#[test]
fn errors_point_at_the_column() {
    assert_eq!(
        err("my:pkg/fs#open(path: prefx \"/data\")"),
        (22, expected("a rule: `prefix`, `glob`, `case`, or an integer range `MIN..=MAX`", "`prefx`"))
    );
    assert_eq!(err(""), (1, expected("an interface name such as `my:pkg/iface`", "end of input")));
    assert_eq!(err("a:b/c#"), (7, expected("a function name after `#`", "end of input")));
    assert_eq!(err("a:b/c#f(x: 5..=3)"), (12, GrantErrorKind::EmptyRange { min: 5, max: 3 }));
    assert_eq!(err("a:b/c#f(x: 1..3)"), (13, expected("`..=` (ranges include their upper bound)", "'.'")));
    assert_eq!(err("a:b/c#f(budget 1, budget 2)"), (19, GrantErrorKind::Repeated("budget")));
    assert_eq!(err("a:b/c#f(on-deny trap, on-deny trap)"), (23, GrantErrorKind::Repeated("on-deny")));
    assert_eq!(err("a:b/c#f(p: prefix \"/a/../..\")"), (19, GrantErrorKind::Pattern(NormaliseError::ClimbsAboveStart)));
    assert_eq!(err("a:b/c#f(p: prefix \"/data\""), (26, expected("`,` or `)`", "end of input")));
    assert_eq!(err("a:b/c#f(p: prefix \"/da"), (23, expected("a closing `\"`", "end of input")));
    assert_eq!(err("a:b/c x"), (7, expected("`#`, `(` or end of input", "`x`")));
    assert_eq!(
        err("a:b/c#f(p: glob nope \"x\")"),
        (17, expected("`path`, `host`, `exact` or a quoted pattern", "`nope`"))
    );
    assert_eq!(err("a:b/c#f(p: case)"), (16, expected("a case name", "')'")));
    assert_eq!(err("a:b/c#f(n: 1..=99999999999999999999999999999999999999999)"), (16, GrantErrorKind::IntegerTooLarge));
    assert_eq!(err("a:b/c#f(p: prefix \"é\", q)"), (25, expected("`:` after the parameter name", "')'")));
    assert_eq!(err("a:b/c#f(p: prefix \"\\q\")"), (20, expected("an escape: \\\" \\\\ \\n \\t or \\u{hex}", "`\\`")));
    assert_eq!(
        err("a:b/c#f(p: prefix \"\\u{110000}\")"),
        (20, expected("an escape: \\\" \\\\ \\n \\t or \\u{hex}", "`\\`"))
    );
    assert_eq!(err("a:b/c#f(budget -1)"), (16, expected("a number of calls", "`-1`")));
    assert_eq!(err("a:b/c#f(budget 18446744073709551616)"), (16, GrantErrorKind::IntegerTooLarge));
    assert_eq!(err("a:b/c#f(on-deny maybe)"), (17, expected("`trap` or `error`", "`maybe`")));
    assert_eq!(err("a:b/c#f(.x: 1)"), (9, GrantErrorKind::BadName(String::new())));
    assert_eq!(err("a:b/c#f(99999999999: 1)"), (9, GrantErrorKind::IntegerTooLarge));
    assert_eq!(err("a:b/c#f(p: 1) x"), (15, expected("end of input", "`x`")));
}

#[test]
fn error_display_says_what_to_do() {
    let e = "a:b/c#f(p: prefx \"/d\")".parse::<Grant>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad grant at column 12: expected a rule: `prefix`, `glob`, `case`, or an integer range `MIN..=MAX`, found \
         `prefx` (the form is `interface[#function][(param: rule, budget N, on-deny error)]`)"
    );
}

/// Deterministic pseudo-random text from a grant alphabet: parsing never
/// panics, and whatever parses prints back to text that parses to the same grant.
#[test]
fn generated_text_never_panics_and_round_trips() {
    const PIECES: &[&str] = &[
        "a:b/c", "#", "f", "(", ")", ",", " ", ":", "p", ".", "0", "1", "-", "..=", "..", "prefix", "glob", "path",
        "host", "exact", "case", "|", "budget", "on-deny", "error", "trap", "\"", "/", "*", "**", "\\", "\\u{", "}",
        "é", "x", "\0",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut parsed = 0;
    for _ in 0..20_000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 16) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        if let Ok(g) = text.parse::<Grant>() {
            parsed += 1;
            assert_eq!(g.to_string().parse::<Grant>().as_ref(), Ok(&g), "{text}");
        }
    }
    assert!(parsed > 100, "{parsed}");
}
