//! The snapshot of the folded record must never change an answer: it is used only
//! when folding from it gives exactly what folding from scratch gives.

use crate::support::t;
use chrono::{DateTime, Duration, Utc};
use dutyboard::procedures::Policy;
use dutyboard::record::fold_cache::{full_fold, FORMAT};
use dutyboard::record::{import, state_at, EventLog, FoldCache, State, Store};
use proptest::prelude::*;

fn new_store(dir: &tempfile::TempDir) -> (Store, Policy) {
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&dir.path().join("s.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    (store, policy)
}

fn child(id: &str, at: &str) -> String {
    format!(
        r#"{{"type":"child_registered","id":"{id}","at":"{at}","child":"{id}","name":"Child {id}","dob":"2012-01-01","status":"looked_after"}}"#
    )
}

/// A snapshot that is deliberately wrong (an extra child), at the log's current end.
fn plant_wrong_snapshot(store: &Store) {
    let mut state = full_fold(store, None).unwrap();
    let mut bogus = state.children.values().next().unwrap().clone();
    bogus.reference = "PLANTED".into();
    state.children.insert("PLANTED".into(), bogus);
    let cache = store
        .fold_cache()
        .unwrap()
        .expect("a full fold keeps a snapshot");
    store.save_fold_cache(&FoldCache {
        state: postcard::to_allocvec(&state).unwrap(),
        ..cache
    });
}

#[test]
fn a_valid_snapshot_is_used_and_later_events_are_folded_on_top() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = new_store(&dir);
    import(
        &mut store,
        child("A", "2026-01-01T10:00:00Z").as_bytes(),
        &policy,
        "t",
        Utc::now(),
    )
    .unwrap();
    plant_wrong_snapshot(&store);
    import(
        &mut store,
        child("B", "2026-01-02T10:00:00Z").as_bytes(),
        &policy,
        "t",
        Utc::now(),
    )
    .unwrap();
    let state = state_at(&store, None).unwrap();
    // The planted child proves the snapshot was read; B proves the rest was folded on.
    assert!(state.children.contains_key("PLANTED"));
    assert!(state.children.contains_key("B"));
}

#[test]
fn an_event_entered_late_forces_a_full_fold() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = new_store(&dir);
    import(
        &mut store,
        child("A", "2026-01-05T10:00:00Z").as_bytes(),
        &policy,
        "t",
        Utc::now(),
    )
    .unwrap();
    plant_wrong_snapshot(&store);
    // Dated before the snapshot's last event: it must be folded in its place in time.
    import(
        &mut store,
        child("B", "2026-01-01T10:00:00Z").as_bytes(),
        &policy,
        "t",
        Utc::now(),
    )
    .unwrap();
    let state = state_at(&store, None).unwrap();
    assert!(!state.children.contains_key("PLANTED"));
    assert!(state.children.contains_key("B"));
}

#[test]
fn a_question_about_a_moment_before_the_snapshot_folds_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = new_store(&dir);
    let input = format!(
        "{}\n{}\n",
        child("A", "2026-01-01T10:00:00Z"),
        child("B", "2026-01-09T10:00:00Z")
    );
    import(&mut store, input.as_bytes(), &policy, "t", Utc::now()).unwrap();
    plant_wrong_snapshot(&store);
    let state = state_at(&store, Some(t("2026-01-05T00:00:00Z"))).unwrap();
    assert!(!state.children.contains_key("PLANTED"));
    assert!(state.children.contains_key("A") && !state.children.contains_key("B"));
}

#[test]
fn a_snapshot_in_another_format_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = new_store(&dir);
    import(
        &mut store,
        child("A", "2026-01-01T10:00:00Z").as_bytes(),
        &policy,
        "t",
        Utc::now(),
    )
    .unwrap();
    plant_wrong_snapshot(&store);
    let cache = store.fold_cache().unwrap().unwrap();
    store.save_fold_cache(&FoldCache {
        format: FORMAT + 1,
        ..cache
    });
    assert!(!state_at(&store, None)
        .unwrap()
        .children
        .contains_key("PLANTED"));
}

fn event_line(n: usize, kind: u8, at: DateTime<Utc>) -> String {
    let at = at.to_rfc3339();
    match kind % 4 {
        0 => child(&format!("K{n}"), &at),
        1 => format!(
            r#"{{"type":"child_updated","id":"u{n}","at":"{at}","child":"BASE","status":"child_in_need"}}"#
        ),
        2 => format!(
            r#"{{"type":"child_updated","id":"u{n}","at":"{at}","child":"BASE","flags":["ce_risk"]}}"#
        ),
        _ => format!(
            r#"{{"type":"child_updated","id":"u{n}","at":"{at}","child":"BASE","placement":"P{n}"}}"#
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever order events arrive in (late ones included), and whenever snapshots
    /// were taken, the folded record equals a fold from scratch.
    #[test]
    fn folding_from_the_snapshot_always_equals_folding_from_scratch(
        batches in prop::collection::vec(prop::collection::vec((any::<u8>(), 0..20_000i64), 1..6), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, policy) = new_store(&dir);
        import(&mut store, child("BASE", "2025-06-01T00:00:00Z").as_bytes(), &policy, "t", Utc::now()).unwrap();
        let base = t("2026-01-01T00:00:00Z");
        let mut n = 0;
        for batch in batches {
            let lines: String = batch
                .iter()
                .map(|(kind, minutes)| {
                    n += 1;
                    event_line(n, *kind, base + Duration::minutes(*minutes)) + "\n"
                })
                .collect();
            import(&mut store, lines.as_bytes(), &policy, "t", Utc::now()).unwrap();
            let cached: State = state_at(&store, None).unwrap();
            let scratch: State = full_fold(&store, None).unwrap();
            prop_assert_eq!(&cached, &scratch);
        }
    }
}

fn candidate(n: usize, kind: u8, at: DateTime<Utc>) -> String {
    let at = at.to_rfc3339();
    match kind % 5 {
        0 => child(&format!("K{n}"), &at),
        // Refused while BASE already has an open episode.
        1 => format!(
            r#"{{"type":"episode_reported","id":"e{n}","at":"{at}","episode":"E{n}","child":"BASE","last_seen_at":"{at}","category":"missing","risk":"high"}}"#
        ),
        // Refused unless that episode exists and is still open.
        2 => format!(
            r#"{{"type":"child_returned","id":"r{n}","at":"{at}","episode":"E{}"}}"#,
            n.saturating_sub(1)
        ),
        // Always refused: no such episode.
        3 => format!(
            r#"{{"type":"update_recorded","id":"u{n}","at":"{at}","episode":"NOPE","text":"x"}}"#
        ),
        _ => format!(
            r#"{{"type":"child_updated","id":"c{n}","at":"{at}","child":"BASE","placement":"P{n}"}}"#
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// An import checked from the snapshot (only what was stored since walked again)
    /// reaches exactly the verdict, and the words, of a check of the whole record.
    #[test]
    fn checking_from_the_snapshot_gives_the_same_verdict_as_checking_everything(
        batches in prop::collection::vec(prop::collection::vec((any::<u8>(), 0..20_000i64), 1..5), 1..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, policy) = new_store(&dir);
        import(&mut store, child("BASE", "2025-06-01T00:00:00Z").as_bytes(), &policy, "t", Utc::now()).unwrap();
        let base = t("2026-01-01T00:00:00Z");
        let mut n = 0;
        for batch in batches {
            // Keep a snapshot of the record as it stands, as a board or `due` would.
            let _ = state_at(&store, None).unwrap();
            let lines: String = batch
                .iter()
                .map(|(kind, minutes)| {
                    n += 1;
                    candidate(n, *kind, base + Duration::minutes(*minutes)) + "\n"
                })
                .collect();
            let parsed = dutyboard::record::import::parse_lines(lines.as_bytes(), "t").unwrap();
            let stored = store.read_all().unwrap();
            let now = Utc::now();
            let whole = dutyboard::record::import::check_batch(&stored, &parsed, &policy, now)
                .map_err(|r| r.iter().map(|x| x.to_string()).collect::<Vec<_>>());
            let from_snapshot = import(&mut store, lines.as_bytes(), &policy, "t", now).map(|_| ()).map_err(|e| match e {
                dutyboard::record::ImportError::Refused(r) => r.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
                other => vec![other.to_string()],
            });
            prop_assert_eq!(whole, from_snapshot);
        }
    }
}
