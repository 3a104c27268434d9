use super::*;
use crate::denial::Problem;
use crate::{AuditRing, CallbackSink, Outcome};
use airssys_wasm_abi::{Val, ValType};

fn table(grants: &[&str]) -> CapabilityTable {
    let mut t = CapabilityTable::new().with_identity("app", 7);
    for g in grants {
        t.grant(g.parse().unwrap());
    }
    t
}

fn call(t: &mut CapabilityTable, slot: ImportSlot, path: &str) -> Result<(), Denial> {
    let names = ["path".to_string()];
    let types = [ValType::String];
    let vals = [Val::String(path.into())];
    let permit = t.check_call(slot)?;
    t.check_args(&permit, &Args::new(&names, &types, &vals))
}

fn reason(r: Result<(), Denial>) -> DenialReason {
    r.unwrap_err().reason
}

#[test]
fn deny_by_default_with_a_clear_reason() {
    let mut t = table(&[]);
    let s = t.bind("my:pkg/fs", "open");
    let d = t.check_call(s).unwrap_err();
    assert_eq!(d.reason, DenialReason::NoGrant);
    assert_eq!(d.action, DenyAction::Trap);
    assert_eq!(
        d.to_string(),
        "denied: component `app` calling `my:pkg/fs#open` — no grant covers it (grant it with \
         Linker::grant(\"my:pkg/fs#open\".parse()?) before instantiating, or \
         Store::capabilities_mut(&instance)?.grant(..) at run time)"
    );
}

#[test]
fn front_ends_replace_the_grant_hint_with_their_own() {
    let mut t = table(&[]);
    let s = t.bind("my:pkg/fs", "open");
    let d = t.check_call(s).unwrap_err();
    assert_eq!(d.grant_text(), "my:pkg/fs#open");
    let hint = format!("grant it with --allow '{}'", d.grant_text());
    assert_eq!(
        d.with_grant_hint(&hint).to_string(),
        "denied: component `app` calling `my:pkg/fs#open` — no grant covers it (grant it with --allow 'my:pkg/fs#open')"
    );
    // Only a missing or revoked grant takes the hint; a spent budget keeps its advice.
    let budget = Denial { reason: DenialReason::BudgetExhausted { budget: 2 }, ..d };
    assert_eq!(
        budget.with_grant_hint(&hint).to_string(),
        "denied: component `app` calling `my:pkg/fs#open` — budget exhausted: all 2 allowed calls are used \
         (raise the grant's budget)"
    );
}

#[test]
fn open_grants_take_the_fast_path() {
    let mut t = table(&["wasi:cli/stdout"]);
    let s = t.bind("wasi:cli/stdout@0.2.0", "get-stdout");
    assert_eq!(t.slots[0].decision, Decision::Open);
    let p = t.check_call(s).unwrap();
    assert!(!p.needs_args());
    assert_eq!(t.bind("wasi:cli/stdout@0.2.0", "get-stdout"), s);
    assert_eq!(t.audit_sink::<AuditRing<DEFAULT_AUDIT_CAPACITY>>().unwrap().len(), 0);
}

#[test]
fn constraints_are_checked_after_lifting() {
    let mut t = table(&[r#"my:pkg/fs#open(path: prefix "/data")"#]);
    let s = t.bind("my:pkg/fs", "open");
    assert!(t.check_call(s).unwrap().needs_args());
    assert_eq!(call(&mut t, s, "/data/x"), Ok(()));
    assert_eq!(call(&mut t, s, "/data/./y//z"), Ok(()));
    for bad in ["/data/../etc/passwd", "/database", "//etc", "/data/x/../../etc", "data/x", "/DATA/x"] {
        let DenialReason::Constraint(c) = reason(call(&mut t, s, bad)) else { panic!("{bad}") };
        assert_eq!(c.problem, Problem::NoMatch, "{bad}");
    }
    for bad in ["/data/../../etc", "/data/x\0", "/data\\..\\etc"] {
        let DenialReason::Constraint(c) = reason(call(&mut t, s, bad)) else { panic!("{bad}") };
        assert!(matches!(c.problem, Problem::Malformed(_)), "{bad}");
    }
}

#[test]
fn budgets_run_out() {
    let mut t = table(&["a:b/c#f(budget 2)", r#"a:b/c#g(path: prefix "/d", budget 1)"#]);
    let f = t.bind("a:b/c", "f");
    let g = t.bind("a:b/c", "g");
    assert!(t.check_call(f).is_ok());
    assert!(t.check_call(f).is_ok());
    assert_eq!(t.check_call(f).unwrap_err().reason, DenialReason::BudgetExhausted { budget: 2 });
    assert_eq!(t.grant_for("a:b/c", "f").unwrap().remaining, Some(0));
    // A call refused by a constraint costs nothing.
    assert!(matches!(reason(call(&mut t, g, "/e")), DenialReason::Constraint(_)));
    assert_eq!(call(&mut t, g, "/d/x"), Ok(()));
    assert_eq!(reason(call(&mut t, g, "/d/x")), DenialReason::BudgetExhausted { budget: 1 });
    let d = t.check_call(f).unwrap_err();
    assert_eq!(
        d.to_string(),
        "denied: component `app` calling `a:b/c#f` — budget exhausted: all 2 allowed calls are used (raise the grant's budget)"
    );
}

#[test]
fn an_interface_budget_is_shared() {
    let mut t = table(&["a:b/c(budget 2)"]);
    let (f, g) = (t.bind("a:b/c", "f"), t.bind("a:b/c", "g"));
    assert!(t.check_call(f).is_ok());
    assert!(t.check_call(g).is_ok());
    assert!(t.check_call(f).is_err());
    assert!(t.check_call(g).is_err());
}

#[test]
fn the_most_specific_grant_wins() {
    let mut t = table(&[r#"my:pkg/fs(path: prefix "/data")"#, "my:pkg/fs#stat"]);
    let open = t.bind("my:pkg/fs", "open");
    let stat = t.bind("my:pkg/fs", "stat");
    assert!(call(&mut t, open, "/etc").is_err());
    assert!(!t.check_call(stat).unwrap().needs_args());
    t.grant(r#"my:pkg/fs#open(path: prefix "/etc")"#.parse().unwrap());
    assert_eq!(call(&mut t, open, "/etc/x"), Ok(()));
    assert!(call(&mut t, open, "/data/x").is_err());
    // Exact versions beat unversioned grants of the same level.
    t.grant("v:w/x@1.0.0#f(budget 0)".parse().unwrap());
    t.grant("v:w/x#f".parse().unwrap());
    let v1 = t.bind("v:w/x@1.0.0", "f");
    let v2 = t.bind("v:w/x@2.0.0", "f");
    assert!(t.check_call(v1).is_err());
    assert!(t.check_call(v2).is_ok());
}

#[test]
fn grant_revoke_and_narrow_take_effect_at_the_next_call() {
    let mut t = table(&["my:pkg/fs"]);
    let s = t.bind("my:pkg/fs", "open");
    assert!(t.check_call(s).is_ok());
    t.narrow(
        "my:pkg/fs",
        None,
        [r#"a#b(path: prefix "/data")"#.parse::<Grant>().unwrap().constraints.remove(0)],
        Some(5),
    )
    .unwrap();
    assert!(call(&mut t, s, "/etc").is_err());
    assert_eq!(call(&mut t, s, "/data/a"), Ok(()));
    assert_eq!(t.grant_for("my:pkg/fs", "open").unwrap().remaining, Some(4));
    // A cap above what is left changes nothing.
    t.narrow("my:pkg/fs", None, [], Some(100)).unwrap();
    assert_eq!(t.grant_for("my:pkg/fs", "open").unwrap().remaining, Some(4));
    t.narrow("my:pkg/fs", None, [], Some(1)).unwrap();
    assert_eq!(t.grants().map(|h| (h.grant.budget, h.remaining)).collect::<Vec<_>>(), [(Some(1), Some(1))]);
    assert_eq!(
        t.narrow("my:pkg/fs", Some("open"), [], Some(1)),
        Err(TableError::NoSuchGrant { interface: "my:pkg/fs".into(), function: Some("open".into()) })
    );
    assert!(t.revoke("my:pkg/fs", Some("open")).is_none());
    assert!(t.revoke("my:pkg/fs", None).is_some());
    let d = t.check_call(s).unwrap_err();
    assert_eq!(d.reason, DenialReason::Revoked);
    assert_eq!(t.grants().count(), 0);
}

#[test]
fn revoking_an_interface_keeps_function_grants() {
    let mut t = table(&["a:b/c", "a:b/c#f"]);
    let (f, g) = (t.bind("a:b/c", "f"), t.bind("a:b/c", "g"));
    t.revoke("a:b/c", None);
    assert!(t.check_call(f).is_ok());
    assert_eq!(t.check_call(g).unwrap_err().reason, DenialReason::Revoked);
}

#[test]
fn a_grant_replaces_the_same_key() {
    let mut t = table(&["a:b/c#f(budget 1)"]);
    let old = t.grant("a:b/c#f(budget 3)".parse().unwrap());
    assert_eq!(old.unwrap().budget, Some(1));
    assert_eq!(t.grants().map(|h| h.remaining).collect::<Vec<_>>(), [Some(3)]);
}

#[test]
fn return_error_actions_reach_the_gate() {
    let mut t = table(&["a:b/c#f(budget 0, on-deny error denied)"]);
    let s = t.bind("a:b/c", "f");
    assert_eq!(t.check_call(s).unwrap_err().action, DenyAction::ReturnError { case: Some("denied".into()) });
    // With no grant at all, a call always traps.
    let u = t.bind("a:b/c", "g");
    assert_eq!(t.check_call(u).unwrap_err().action, DenyAction::Trap);
}

#[test]
fn ungranted_imports_are_listed() {
    let t = table(&["a:b/c#f", "x:y/z"]);
    let imports = [("a:b/c", "f"), ("a:b/c", "g"), ("x:y/z@1.0.0", "h"), ("q:r/s", "t")];
    assert_eq!(t.ungranted(imports), [("a:b/c", "g"), ("q:r/s", "t")]);
}

#[test]
fn denials_and_optionally_allowed_calls_are_audited() {
    let mut t = table(&["a:b/c#f"]);
    let (f, g) = (t.bind("a:b/c", "f"), t.bind("a:b/c", "g"));
    assert!(t.check_call(f).is_ok());
    assert!(t.check_call(g).is_err());
    let ring = t.audit_sink::<AuditRing<DEFAULT_AUDIT_CAPACITY>>().unwrap();
    let seen: Vec<_> = ring.events().map(|e| (e.instance, e.function.to_string(), e.outcome.clone())).collect();
    assert_eq!(seen, [(7, "g".to_string(), Outcome::Denied(DenialReason::NoGrant))]);
    t.set_audit_allowed(true);
    assert_eq!(t.slots[0].decision, Decision::Guarded { grant: 0 });
    assert!(t.check_call(f).is_ok());
    let ring = t.audit_sink_mut::<AuditRing<DEFAULT_AUDIT_CAPACITY>>().unwrap();
    assert_eq!(ring.pop_oldest().unwrap().outcome, Outcome::Denied(DenialReason::NoGrant));
    assert_eq!(ring.pop_oldest().unwrap().to_string(), "allowed: `app` instance 7 called `a:b/c#f`");
    assert!(ring.is_empty());
}

#[test]
fn callback_sinks_see_every_event() {
    use std::sync::{Arc as StdArc, Mutex};
    let log = StdArc::new(Mutex::new(Vec::new()));
    let mut t = table(&[]);
    let sink_log = log.clone();
    t.set_audit_sink(Box::new(CallbackSink::new(move |e| sink_log.lock().unwrap().push(e.to_string()))));
    let s = t.bind("a:b/c", "f");
    assert!(t.check_call(s).is_err());
    assert_eq!(*log.lock().unwrap(), ["denied: `app` instance 7 called `a:b/c#f` — no grant covers it"]);
    assert!(t.audit_sink::<AuditRing<DEFAULT_AUDIT_CAPACITY>>().is_none());
}

#[test]
fn unknown_slots_are_denied() {
    let mut t = table(&["a:b/c"]);
    let mut other = table(&[]);
    other.bind("x", "y");
    let stranger = other.bind("x", "z");
    let d = t.check_call(stranger).unwrap_err();
    assert_eq!((d.reason, &*d.function), (DenialReason::NoGrant, "<unbound slot 1>"));
}

#[test]
fn ungranted_calls_get_the_hosts_reply_and_stay_denied() {
    let mut t = table(&[]);
    let error = |case: &str| DenyAction::ReturnError { case: Some(case.into()) };
    t.reply_to_ungranted("wasi:filesystem/types", None, error("access"));
    t.reply_to_ungranted("wasi:filesystem/types@0.2.9", Some("[method]descriptor.stat"), error("not-permitted"));
    let open = t.bind("wasi:filesystem/types@0.2.12", "[method]descriptor.open-at");
    let stat_9 = t.bind("wasi:filesystem/types@0.2.9", "[method]descriptor.stat");
    let stat_12 = t.bind("wasi:filesystem/types@0.2.12", "[method]descriptor.stat");
    let other = t.bind("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.start-connect");

    let d = t.check_call(open).unwrap_err();
    assert_eq!((d.reason, d.action), (DenialReason::NoGrant, error("access")), "a versionless reply covers 0.2.12");
    assert_eq!(
        t.check_call(stat_9).unwrap_err().action,
        error("not-permitted"),
        "the function's reply is more specific"
    );
    assert_eq!(t.check_call(stat_12).unwrap_err().action, error("access"), "the 0.2.9 reply does not cover 0.2.12");
    assert_eq!(t.check_call(other).unwrap_err().action, DenyAction::Trap, "no reply: trap");

    // A reply grants nothing, and a grant, once given and revoked, is replied to as well.
    t.grant("wasi:filesystem/types".parse().unwrap());
    assert!(t.check_call(open).is_ok());
    t.revoke("wasi:filesystem/types", None);
    let d = t.check_call(open).unwrap_err();
    assert_eq!((d.reason, d.action), (DenialReason::Revoked, error("access")));

    // Setting the same reply again replaces it.
    t.reply_to_ungranted("wasi:filesystem/types", None, DenyAction::Trap);
    assert_eq!(t.check_call(open).unwrap_err().action, DenyAction::Trap);
}

#[test]
fn a_reply_leaves_a_grants_own_budget_denial_alone() {
    let mut t = table(&["my:pkg/fs(budget 1)"]);
    t.reply_to_ungranted("my:pkg/fs", None, DenyAction::ReturnError { case: Some("access".into()) });
    let s = t.bind("my:pkg/fs", "open");
    assert!(call(&mut t, s, "/a").is_ok());
    let d = t.check_call(s).unwrap_err();
    assert_eq!((d.reason, d.action), (DenialReason::BudgetExhausted { budget: 1 }, DenyAction::Trap));
}
