//! Issue 13 D1: "The fold never ignores an error and never stops the board either: a
//! stored event it cannot apply (desks already wedged hold some) is shown in the timeline
//! and a banner as 'not applied: REASON', counted by `verify`, and voiding it or the
//! event it conflicts with repairs the record."
//!
//! A wedged record is made as the review's desks made it: events stored without the
//! check (the check of a buggy release approved an order the store did not keep).

use chrono::Utc;
use dutyboard::procedures::Policy;
use dutyboard::record::import::parse_lines;
use dutyboard::record::{import, state_at, EventLog, ImportError, Store};

const CHILD: &str = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","id":"r2","child":"C2","name":"Ben Cole","dob":"2010-02-01","status":"child_in_need"}"#;
/// Stored before its report: the fold cannot place it.
const RETURN: &str =
    r#"{"type":"child_returned","at":"2026-01-11T10:00:00Z","id":"ret","episode":"E2"}"#;
const REPORT: &str = r#"{"type":"episode_reported","at":"2026-01-11T10:00:01Z","id":"rep","episode":"E2","child":"C2","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium"}"#;

/// A cumbria record holding Ben Cole, then the return and the report stored unchecked.
fn wedged(dir: &tempfile::TempDir) -> (Store, Policy) {
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    import(&mut store, CHILD.as_bytes(), &policy, "T", Utc::now()).unwrap();
    let lines = format!("{RETURN}\n{REPORT}\n");
    let batch: Vec<_> = parse_lines(lines.as_bytes(), "T")
        .unwrap()
        .into_iter()
        .map(|p| (p.event, p.body))
        .collect();
    store
        .append_checked(&batch, &mut |_, _| Ok(()))
        .unwrap()
        .unwrap();
    (store, policy)
}

fn refusal(e: ImportError) -> String {
    match e {
        ImportError::Refused(r) => r.iter().map(|r| r.to_string()).collect(),
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn a_stored_return_before_its_report_is_kept_as_not_applied_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = wedged(&dir);
    let state = state_at(&store, None).unwrap();
    let episode = state.episode("E2").expect("the report is folded");
    assert!(episode.returned.is_none(), "the return could not be placed");
    assert_eq!(state.not_applied.len(), 1, "{:?}", state.not_applied);
    let n = &state.not_applied[0];
    assert_eq!(n.id, "ret");
    assert_eq!(n.episode.as_deref(), Some("E2"));
    assert!(n.reason.contains("not reported before it"), "{}", n.reason);
    assert!(n.describe().contains("not applied"), "{}", n.describe());
}

/// The review: "every later import, board form and notification refused" once the
/// stored order is walked again (a backdated event makes the check walk it).
#[test]
fn a_wedged_record_still_takes_a_backdated_event() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = wedged(&dir);
    state_at(&store, None).unwrap(); // a snapshot, as on any desk in use
    let backdated = r#"{"type":"child_updated","at":"2026-01-11T09:00:00Z","id":"u1","child":"C2","placement":"Elm House"}"#;
    import(&mut store, backdated.as_bytes(), &policy, "T", Utc::now())
        .map_err(refusal)
        .expect("an event the stored return has nothing to do with is recorded");
    let later = r#"{"type":"update_recorded","at":"2026-01-13T09:00:00Z","id":"u2","episode":"E2","text":"later"}"#;
    import(&mut store, later.as_bytes(), &policy, "T", Utc::now())
        .map_err(refusal)
        .expect("and so is a later one");
}

#[test]
fn voiding_the_event_not_applied_repairs_the_record_and_the_return_can_be_recorded_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = wedged(&dir);
    let void = r#"{"type":"event_voided","at":"2026-01-11T12:00:00Z","id":"v1","event":"ret","reason":"stored before its report"}"#;
    import(&mut store, void.as_bytes(), &policy, "T", Utc::now())
        .map_err(refusal)
        .expect("the event not applied can be voided");
    assert!(state_at(&store, None).unwrap().not_applied.is_empty());
    let again =
        r#"{"type":"child_returned","at":"2026-01-11T10:00:02Z","id":"ret2","episode":"E2"}"#;
    import(&mut store, again.as_bytes(), &policy, "T", Utc::now())
        .map_err(refusal)
        .expect("the return is recorded in its place");
    let state = state_at(&store, None).unwrap();
    assert!(state.episode("E2").unwrap().returned.is_some());
    assert!(state.not_applied.is_empty());
}

/// The filter must not let a batch through that makes a valid stored event invalid:
/// an open episode backdated before the stored one makes that a second open episode.
#[test]
fn a_batch_that_makes_a_valid_stored_event_invalid_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    let valid = format!("{CHILD}\n{REPORT}\n");
    import(&mut store, valid.as_bytes(), &policy, "T", Utc::now()).unwrap();
    state_at(&store, None).unwrap();
    let earlier = r#"{"type":"episode_reported","at":"2026-01-10T10:00:00Z","id":"rep0","episode":"E1","child":"C2","last_seen_at":"2026-01-10T08:00:00Z","category":"missing","risk":"medium"}"#;
    let err = import(&mut store, earlier.as_bytes(), &policy, "T", Utc::now())
        .map_err(refusal)
        .expect_err("an open episode before the stored open one is refused");
    assert!(err.contains("`rep`"), "names the stored report: {err}");
    assert!(state_at(&store, None).unwrap().episode("E1").is_none());
}

/// The board and `verify` say so: the banner names the event and the reason, `verify`
/// counts it and fails until it is voided.
#[test]
fn the_board_and_verify_name_the_event_not_applied_until_it_is_voided() {
    use crate::support::bin::{dutyboard, succeeds};
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = wedged(&dir);
    drop(store);
    let db = dir.path().join("board.db");
    let board = succeeds(&db, "op", &["board", "--at", "2026-01-11T12:00:00Z"], None);
    let text = String::from_utf8_lossy(&board.stdout);
    assert!(
        text.contains("`ret` (child_returned) not applied: episode E2 is not reported before it"),
        "{text}"
    );
    let verify = dutyboard(&db, "op", &["verify"], None);
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(!verify.status.success(), "verify fails: {said}");
    assert!(
        said.contains("1 stored event(s) cannot be applied"),
        "{said}"
    );
    assert!(said.contains("`ret`"), "{said}");
    let void = r#"{"type":"event_voided","at":"2026-01-11T12:00:00Z","id":"v1","event":"ret","reason":"stored before its report"}"#;
    succeeds(&db, "op", &["import", "-"], Some(void));
    succeeds(&db, "op", &["verify"], None);
    let board = succeeds(&db, "op", &["board", "--at", "2026-01-11T12:00:00Z"], None);
    assert!(!String::from_utf8_lossy(&board.stdout).contains("not applied"));
}
