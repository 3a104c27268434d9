use super::*;

fn event(n: u32) -> AuditEvent {
    AuditEvent {
        component: Arc::from(""),
        instance: n,
        interface: Arc::from("a:b/c"),
        function: Arc::from("f"),
        outcome: Outcome::Allowed,
    }
}

#[test]
fn the_ring_drops_and_counts_the_oldest() {
    let mut ring = AuditRing::<3>::new();
    for n in 0..10 {
        ring.record(&event(n));
    }
    assert_eq!(ring.events().map(|e| e.instance).collect::<Vec<_>>(), [7, 8, 9]);
    assert_eq!((ring.len(), ring.dropped()), (3, 7));
    assert_eq!(ring.pop_oldest().map(|e| e.instance), Some(7));
    ring.record(&event(10));
    assert_eq!((ring.len(), ring.dropped()), (3, 7));
}

#[test]
fn events_display() {
    let mut e = event(3);
    e.component = Arc::from("app");
    e.outcome = Outcome::Denied(DenialReason::BudgetExhausted { budget: 4 });
    assert_eq!(
        e.to_string(),
        "denied: `app` instance 3 called `a:b/c#f` — budget exhausted: all 4 allowed calls are used"
    );
    assert_eq!(event(1).to_string(), "allowed: instance 1 called `a:b/c#f`");
}
