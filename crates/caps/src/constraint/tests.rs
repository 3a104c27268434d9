// One-element arrays of clones read better in these tables of cases than `slice::from_ref`.
#![allow(clippy::cloned_ref_to_slice_refs)]

use super::*;
use crate::denial::Problem;
use crate::normalise::NormaliseError;
use crate::pattern::PatternKind;
use airssys_wasm_abi::{Val, ValType};

fn check(c: &str, names: &[&str], types: &[ValType], vals: &[Val]) -> Result<(), ConstraintDenial> {
    let grant: crate::Grant = format!("a:b/c#f({c})").parse().unwrap();
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    grant.constraints[0].check(&Args::new(&names, types, vals))
}

fn problem(r: Result<(), ConstraintDenial>) -> (Problem, String) {
    let d = r.unwrap_err();
    (d.problem, d.value)
}

#[test]
fn integer_ranges_hold_at_their_bounds_for_every_kind() {
    let t = [ValType::U16];
    assert_eq!(check("port: 80..=443", &["port"], &t, &[Val::U16(80)]), Ok(()));
    assert_eq!(check("port: 80..=443", &["port"], &t, &[Val::U16(443)]), Ok(()));
    assert_eq!(problem(check("port: 80..=443", &["port"], &t, &[Val::U16(79)])), (Problem::NoMatch, "79".into()));
    assert_eq!(problem(check("port: 80..=443", &["port"], &t, &[Val::U16(444)])), (Problem::NoMatch, "444".into()));
    let big = Val::U64(u64::MAX);
    assert_eq!(check("n: 0..=18446744073709551615", &["n"], &[ValType::U64], &[big.clone()]), Ok(()));
    assert_eq!(problem(check("n: 0..=9223372036854775807", &["n"], &[ValType::U64], &[big])).0, Problem::NoMatch);
    assert_eq!(check("n: -128..=-128", &["n"], &[ValType::S8], &[Val::S8(i8::MIN)]), Ok(()));
    assert_eq!(check("n: 7", &["n"], &[ValType::S64], &[Val::S64(7)]), Ok(()));
    assert_eq!(problem(check("n: 7", &["n"], &[ValType::S64], &[Val::S64(8)])).0, Problem::NoMatch);
}

#[test]
fn wrong_shapes_and_missing_params_deny() {
    let r = check(r#"path: prefix "/data""#, &["path"], &[ValType::S32], &[Val::S32(5)]);
    assert_eq!(problem(r), (Problem::WrongShape("a string"), "5".into()));
    let r = check(r#"path: prefix "/data""#, &["other"], &[ValType::String], &[Val::String("/data".into())]);
    assert_eq!(problem(r), (Problem::Missing, String::new()));
    let r = check("n: 0..=5", &["n"], &[ValType::F64], &[Val::F64(1.0)]);
    assert_eq!(problem(r), (Problem::WrongShape("an integer"), "a f64".into()));
    let r = check("3: 0..=5", &["n"], &[ValType::U8], &[Val::U8(1)]);
    assert_eq!(problem(r).0, Problem::Missing);
    // names and values of different lengths: the extra name is missing
    let r = check("m: 0..=5", &["n", "m"], &[ValType::U8], &[Val::U8(1)]);
    assert_eq!(problem(r).0, Problem::Missing);
}

#[test]
fn params_by_index_and_path_attacks() {
    let t = [ValType::String];
    assert_eq!(check(r#"0: prefix "/data""#, &["p"], &t, &[Val::String("/data/x".into())]), Ok(()));
    let r = check(r#"0: prefix "/data""#, &["p"], &t, &[Val::String("/data/../etc/passwd".into())]);
    assert_eq!(problem(r), (Problem::NoMatch, "\"/data/../etc/passwd\"".into()));
    let r = check(r#"0: prefix "/data""#, &["p"], &t, &[Val::String("/data/x/../../../etc".into())]);
    assert_eq!(problem(r).0, Problem::Malformed(NormaliseError::ClimbsAboveStart));
}

#[test]
fn record_fields_tuples_and_options_are_reached() {
    let rec = ValType::record([("key", ValType::String), ("size", ValType::U32)]).unwrap();
    let opt = ValType::option(rec.clone()).unwrap();
    let val = Val::Option(Some(Box::new(Val::Record(vec![Val::String("user-1".into()), Val::U32(10)]))));
    let c = r#"opts.key: glob exact "user-*""#;
    assert_eq!(check(c, &["opts"], &[opt.clone()], &[val.clone()]), Ok(()));
    assert_eq!(check("opts.1: 0..=10", &["opts"], &[opt.clone()], &[val.clone()]), Ok(()));
    assert_eq!(problem(check("opts.size: 0..=9", &["opts"], &[opt.clone()], &[val])).0, Problem::NoMatch);
    let r = check(c, &["opts"], &[opt.clone()], &[Val::Option(None)]);
    assert_eq!(problem(r), (Problem::WrongShape("a record, tuple or variant"), "none".into()));
    let r = check(
        "opts.nope: 0..=1",
        &["opts"],
        &[rec.clone()],
        &[Val::Record(vec![Val::String("x".into()), Val::U32(1)])],
    );
    assert_eq!(problem(r).0, Problem::Missing);
    let tup = ValType::tuple([ValType::U8, ValType::String]).unwrap();
    let tv = Val::Tuple(vec![Val::U8(1), Val::String("/data/a".into())]);
    assert_eq!(check(r#"t.1: prefix "/data""#, &["t"], &[tup.clone()], &[tv.clone()]), Ok(()));
    assert_eq!(problem(check("t.x: 0..=1", &["t"], &[tup], &[tv])).0, Problem::Missing);
    let r = check("n.x: 0..=1", &["n"], &[ValType::U8], &[Val::U8(1)]);
    assert_eq!(problem(r), (Problem::WrongShape("a record, tuple or variant"), "1".into()));
}

#[test]
fn cases_of_enums_variants_options_results_bools_flags() {
    let level = ValType::enumeration(["debug", "info", "warn"]).unwrap();
    assert_eq!(check("l: case info|warn", &["l"], &[level.clone()], &[Val::Enum(2)]), Ok(()));
    assert_eq!(
        problem(check("l: case info|warn", &["l"], &[level.clone()], &[Val::Enum(0)])),
        (Problem::NoMatch, "debug".into())
    );
    assert_eq!(problem(check("l: case info", &["l"], &[level], &[Val::Enum(9)])).0, Problem::NoMatch);
    let var = ValType::variant([("file", Some(ValType::String)), ("none", None)]).unwrap();
    let v = Val::Variant(0, Some(Box::new(Val::String("x".into()))));
    assert_eq!(check("v: case file", &["v"], &[var.clone()], &[v.clone()]), Ok(()));
    assert_eq!(problem(check("v: case none", &["v"], &[var], &[v])), (Problem::NoMatch, "file(\"x\")".into()));
    let opt = ValType::option(ValType::U8).unwrap();
    assert_eq!(check("o: case none", &["o"], &[opt.clone()], &[Val::Option(None)]), Ok(()));
    assert_eq!(
        problem(check("o: case none", &["o"], &[opt], &[Val::Option(Some(Box::new(Val::U8(1))))])).0,
        Problem::NoMatch
    );
    let res = ValType::result(None, None).unwrap();
    assert_eq!(check("r: case ok", &["r"], &[res], &[Val::Result(Ok(None))]), Ok(()));
    assert_eq!(check("b: case true", &["b"], &[ValType::Bool], &[Val::Bool(true)]), Ok(()));
    let flags = ValType::flags(["read", "write", "exec"]).unwrap();
    assert_eq!(check("f: case read|write", &["f"], &[flags.clone()], &[Val::Flags(0b011)]), Ok(()));
    assert_eq!(check("f: case read|write", &["f"], &[flags.clone()], &[Val::Flags(0)]), Ok(()));
    assert_eq!(problem(check("f: case read|write", &["f"], &[flags], &[Val::Flags(0b101)])).0, Problem::NoMatch);
    let r = check("s: case a", &["s"], &[ValType::String], &[Val::String("a".into())]);
    assert_eq!(problem(r).0, Problem::WrongShape("an enum, variant, option, result, bool or flags"));
    // An enum value with a type that is not an enum never passes.
    let r = check("e: case a", &["e"], &[ValType::U32], &[Val::Enum(0)]);
    assert_eq!(problem(r).0, Problem::WrongShape("an enum, variant, option, result, bool or flags"));
}

#[test]
fn lists_need_every_element_to_pass() {
    let t = [ValType::list(ValType::String)];
    let ok = Val::List(vec![Val::String("/data/a".into()), Val::String("/data/b".into())]);
    let bad = Val::List(vec![Val::String("/data/a".into()), Val::String("/etc/b".into())]);
    assert_eq!(check(r#"p: prefix "/data""#, &["p"], &t, &[ok]), Ok(()));
    assert_eq!(problem(check(r#"p: prefix "/data""#, &["p"], &t, &[bad])), (Problem::NoMatch, "\"/etc/b\"".into()));
    assert_eq!(check(r#"p: prefix "/data""#, &["p"], &t, &[Val::List(vec![])]), Ok(()));
}

#[test]
fn long_values_are_cut_in_denials() {
    let long = format!("/etc/{}", "x".repeat(200));
    let d = check(r#"p: prefix "/data""#, &["p"], &[ValType::String], &[Val::String(long)]).unwrap_err();
    assert_eq!(d.value, format!("\"/etc/{}\"…", "x".repeat(59)));
    assert_eq!(d.rule, "prefix path \"/data\"");
    assert_eq!(d.param, "p");
}

#[test]
fn host_constraint_denies_tricks() {
    let t = [ValType::String];
    let c = r#"host: glob host "*.example.com""#;
    let run = |h: &str| check(c, &["host"], &t, &[Val::String(h.into())]);
    assert_eq!(run("API.example.COM."), Ok(()));
    assert_eq!(problem(run("example.com")).0, Problem::NoMatch);
    assert_eq!(problem(run("evil-example.com")).0, Problem::NoMatch);
    assert_eq!(problem(run("example.com.evil.org")).0, Problem::NoMatch);
    assert_eq!(
        problem(run("ex\u{0430}mple.example.com")).0,
        Problem::Malformed(NormaliseError::HostCharacter('\u{0430}'))
    );
    let _ = PatternKind::Host;
}

#[test]
fn variant_payloads_are_reached_by_case_name_and_other_cases_deny() {
    let v4 =
        ValType::record([("port", ValType::U16), ("address", ValType::tuple([const { ValType::U8 }; 4]).unwrap())])
            .unwrap();
    let addr = ValType::variant([("ipv4", Some(v4)), ("ipv6", Some(ValType::U32)), ("none", None)]).unwrap();
    let octets = Val::Tuple(vec![Val::U8(127), Val::U8(0), Val::U8(0), Val::U8(1)]);
    let local = Val::Variant(0, Some(Box::new(Val::Record(vec![Val::U16(8080), octets]))));
    let t = [addr.clone()];
    assert_eq!(check("a.ipv4.port: 8080", &["a"], &t, &[local.clone()]), Ok(()));
    assert_eq!(check("a.ipv4.address.0: 127", &["a"], &t, &[local.clone()]), Ok(()));
    assert_eq!(problem(check("a.ipv4.address.3: 2", &["a"], &t, &[local.clone()])), (Problem::NoMatch, "1".into()));
    assert_eq!(problem(check("a.ipv4.port: 80", &["a"], &t, &[local])), (Problem::NoMatch, "8080".into()));
    let six = Val::Variant(1, Some(Box::new(Val::U32(7))));
    assert_eq!(problem(check("a.ipv4.port: 0..=65535", &["a"], &t, &[six.clone()])).0, Problem::NoMatch);
    assert_eq!(check("a.ipv6: 7", &["a"], &t, &[six]), Ok(()));
    assert_eq!(problem(check("a.none: 0..=1", &["a"], &t, &[Val::Variant(2, None)])).0, Problem::Missing);
}
