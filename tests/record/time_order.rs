//! One time order everywhere (INTERFACE, "The record proves it is whole": "Time order
//! everywhere (check, store, fold, both stores, `migrate`) is `at` to the microsecond,
//! then the order stored; within a batch, line order. A leap second (`:60`) is refused
//! with the reason; more than six fractional digits are cut to microseconds."), and the
//! reliability review's D1: what the check approved is what the store folds.

use chrono::Utc;
use dutyboard::procedures::Policy;
use dutyboard::record::{import, state_at, ImportError, Store};

fn store(dir: &tempfile::TempDir) -> (Store, Policy) {
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    (store, policy)
}

const CHILD: &str = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","id":"r2","child":"C2","name":"Ben Cole","dob":"2010-02-01","status":"child_in_need"}"#;

fn report_at(at: &str) -> String {
    format!(
        r#"{{"type":"episode_reported","at":"{at}","id":"rep","episode":"E2","child":"C2","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium"}}"#
    )
}

fn return_at(at: &str) -> String {
    format!(r#"{{"type":"child_returned","at":"{at}","id":"ret","episode":"E2"}}"#)
}

/// Imports the child, then the pair as one batch: the return first in the file.
fn import_pair(
    return_time: &str,
    report_time: &str,
) -> (tempfile::TempDir, Store, Result<(), String>) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    import(&mut store, CHILD.as_bytes(), &policy, "T", Utc::now()).unwrap();
    state_at(&store, None).unwrap(); // a snapshot exists, as on any desk in use
    let pair = format!("{}\n{}\n", return_at(return_time), report_at(report_time));
    let outcome = import(&mut store, pair.as_bytes(), &policy, "T", Utc::now())
        .map(|_| ())
        .map_err(|e| match e {
            ImportError::Refused(r) => r.iter().map(|r| r.to_string()).collect(),
            other => panic!("not a refusal: {other}"),
        });
    (dir, store, outcome)
}

/// D1: "`10:00:00.0000009Z` (return) followed by `10:00:00.0000001Z` (report)". Both are
/// the same microsecond, so in line order the return comes before the report: refused.
#[test]
fn a_return_and_its_report_in_one_microsecond_are_checked_in_line_order() {
    let (_dir, store, outcome) = import_pair(
        "2026-01-11T10:00:00.0000009Z",
        "2026-01-11T10:00:00.0000001Z",
    );
    let state = state_at(&store, None).unwrap();
    match outcome {
        Err(reason) => {
            assert!(reason.contains("line 1"), "{reason}");
            assert!(
                state.episode("E2").is_none(),
                "a refused batch stores nothing"
            );
        }
        Ok(()) => {
            let episode = state.episode("E2").expect("the stored report is folded");
            assert!(
                episode.returned.is_some(),
                "the check approved the return, so the stored fold shows it"
            );
        }
    }
}

/// D1: "a leap second `10:59:60Z`"; INTERFACE: "A leap second (`:60`) is refused with
/// the reason".
#[test]
fn a_leap_second_is_refused_with_the_reason() {
    let (_dir, store, outcome) = import_pair("2026-01-11T11:00:00Z", "2026-01-11T10:59:60Z");
    let reason = outcome.expect_err("a leap second is refused");
    assert!(reason.contains("line 2"), "{reason}");
    assert!(reason.contains("leap second"), "{reason}");
    assert!(state_at(&store, None).unwrap().episode("E2").is_none());
}

/// INTERFACE: "more than six fractional digits are cut to microseconds".
#[test]
fn more_than_six_fractional_digits_are_cut_to_microseconds() {
    let (_dir, store, outcome) = import_pair(
        "2026-01-11T10:00:01.0000009Z",
        "2026-01-11T10:00:00.1234567Z",
    );
    outcome.unwrap();
    let state = state_at(&store, None).unwrap();
    let episode = state.episode("E2").unwrap();
    assert_eq!(
        episode.reported_at.to_rfc3339(),
        "2026-01-11T10:00:00.123456+00:00"
    );
    assert_eq!(
        episode.returned.as_ref().unwrap().at.to_rfc3339(),
        "2026-01-11T10:00:01+00:00"
    );
}

/// INTERFACE, "Clocks": "One tolerance everywhere: an event up to 5 minutes ahead of the
/// desk's clock is accepted ... further ahead is refused with the skew named." (D3)
#[test]
fn an_event_up_to_five_minutes_ahead_of_the_desk_clock_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let now = dutyboard_time("2026-01-11T10:00:00Z");
    import(&mut store, CHILD.as_bytes(), &policy, "T", now).unwrap();
    let ahead = report_at("2026-01-11T10:04:59Z");
    import(&mut store, ahead.as_bytes(), &policy, "T", now).expect("within the tolerance");
    assert!(state_at(&store, None).unwrap().episode("E2").is_some());
}

#[test]
fn an_event_more_than_five_minutes_ahead_is_refused_naming_the_skew() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let now = dutyboard_time("2026-01-11T10:00:00Z");
    import(&mut store, CHILD.as_bytes(), &policy, "T", now).unwrap();
    let ahead = report_at("2026-01-11T10:07:00Z");
    let err = import(&mut store, ahead.as_bytes(), &policy, "T", now)
        .unwrap_err()
        .to_string();
    assert!(err.contains("7 minutes ahead"), "{err}");
    assert!(err.contains("5 minutes"), "{err}");
}

/// The review's D3: "notification with `reported_at` 30 s ahead of the desk clock ...
/// rejected as 'in the future'". The same 5 minutes hold for the police's clock.
#[test]
fn a_police_notification_thirty_seconds_ahead_of_the_desk_is_read() {
    use dutyboard::triage::notification::{parse, Format};
    let received = dutyboard_time("2026-03-02T19:00:00Z");
    let file = r#"{"police_force":"Cumbria Constabulary","police_ref":"CC-FUT","reported_at":"2026-03-02T19:00:30Z","name":"Amy Smith","dob":"2011-04-12","last_seen_at":"2026-03-02T18:30:00Z","risk":"High"}"#;
    let read = parse(Format::Json, file.as_bytes(), received).expect("within the tolerance");
    assert_eq!(read.len(), 1);
    let late = file.replace("19:00:30Z", "19:06:00Z");
    let problem = parse(Format::Json, late.as_bytes(), received).unwrap_err();
    assert!(problem.to_string().contains("6 minutes ahead"), "{problem}");
}

fn dutyboard_time(s: &str) -> chrono::DateTime<Utc> {
    s.parse().unwrap()
}

// ------------------------------------------------------------------ the fuzz target

use proptest::prelude::*;

/// Issue 13: "for random valid batches in random order and with random sub-second
/// times, the stored fold equals the checked fold". Each case is one child and one
/// episode's events, every time within a few microseconds of the next (so that many
/// share a microsecond), with up to nine fractional digits, in a random line order.
/// The checked fold is the batch in the check's order (`at` to the microsecond, then
/// line), folded on its own; the stored fold is the store's. A refused batch stores
/// nothing.
fn batch() -> impl Strategy<Value = Vec<String>> {
    let kinds = [
        r#""type":"episode_reported","episode":"E2","child":"C2","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium""#,
        r#""type":"police_informed","episode":"E2","police_ref":"P-1""#,
        r#""type":"update_recorded","episode":"E2","text":"seen in town""#,
        r#""type":"risk_changed","episode":"E2","risk":"high""#,
        r#""type":"child_returned","episode":"E2""#,
        r#""type":"update_recorded","episode":"E2","text":"home""#,
    ];
    let times = proptest::collection::vec((0u32..4, 0u32..1_000, 0usize..4), kinds.len());
    times.prop_flat_map(move |times| {
        let lines: Vec<String> = kinds
            .iter()
            .zip(times)
            .enumerate()
            .map(|(i, (kind, (us, ns, digits)))| {
                let frac = match digits {
                    0 => String::new(),
                    1 => format!(".{us:06}"),
                    2 => format!(".{us:06}{:01}", ns % 10),
                    _ => format!(".{us:06}{ns:03}"),
                };
                format!(r#"{{"id":"x{i}","at":"2026-01-11T10:00:00{frac}Z",{kind}}}"#)
            })
            .collect();
        Just(lines).prop_shuffle()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_stored_fold_equals_the_checked_fold(lines in batch()) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, policy) = store(&dir);
        let now = dutyboard_time("2026-01-12T00:00:00Z");
        import(&mut store, CHILD.as_bytes(), &policy, "T", now).unwrap();
        let text = lines.join("\n");
        let until = Some(dutyboard_time("2026-01-11T23:00:00Z"));
        let before = state_at(&store, until).unwrap();
        match import(&mut store, text.as_bytes(), &policy, "T", now) {
            Err(ImportError::Refused(_)) => {
                prop_assert_eq!(state_at(&store, until).unwrap(), before);
            }
            Err(other) => panic!("{other}"),
            Ok(_) => {
                let mut all = dutyboard::record::import::parse_lines(CHILD.as_bytes(), "T").unwrap();
                let mut batch = dutyboard::record::import::parse_lines(text.as_bytes(), "T").unwrap();
                batch.sort_by_key(|p| (p.event.at.timestamp_micros(), p.line));
                all.extend(batch);
                let events: Vec<_> = all.into_iter().map(|p| p.event).collect();
                let mut checked = dutyboard::record::State::fold(&events);
                checked.finish();
                prop_assert_eq!(state_at(&store, until).unwrap(), checked);
            }
        }
    }
}
