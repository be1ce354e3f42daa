//! Import refusals (INTERFACE.md, "Validation"; PROCEDURES.md, each policy's
//! "Validation"): each bad entry is refused with its line and reason, and a refused
//! batch stores nothing.

use crate::support::*;
use dutyboard::procedures::Policy;
use dutyboard::record::import::{import, Refusal};
use dutyboard::record::{EventLog, ImportError, Store};
use serde_json::{json, Value};

const LAST_SEEN: &str = "2026-01-12T08:00:00Z";
const REPORTED: &str = "2026-01-12T09:00:00Z";

/// A 14-year-old (born 12 April 2011), looked after.
fn fourteen() -> Value {
    child("C1", "2011-04-12", "looked_after")
}

fn report() -> Value {
    reported("E1", "C1", REPORTED, LAST_SEEN)
}

/// Asserts one refusal names this line and says something containing `reason`.
fn assert_line(refusals: &[Refusal], line: usize, reason: &str) {
    assert!(
        refusals.iter().any(|r| r.line == Some(line)
            && r.error
                .reason
                .to_lowercase()
                .contains(&reason.to_lowercase())),
        "expected a refusal at line {line} saying {reason:?}; got:\n{}",
        show(refusals)
    );
}

// ------------------------------------------------------------------ risk grades

#[test]
fn cumbria_refuses_a_low_grading_for_a_child_under_18() {
    let r = refused("cumbria", &[fourteen(), with(report(), "risk", "low")]);
    assert_refusal(&r, 2, Some("risk"), "low");
}

#[test]
fn medway_refuses_a_low_grading_for_a_child_under_18() {
    let r = refused("medway", &[fourteen(), with(report(), "risk", "low")]);
    assert_refusal(&r, 2, Some("risk"), "low");
}

#[test]
fn cambridgeshire_refuses_a_low_grading_for_a_child_under_18() {
    // Born 13 January 2008: 17 on the day of the report.
    let r = refused(
        "cambridgeshire",
        &[
            child("C1", "2008-01-13", "looked_after"),
            with(report(), "risk", "low"),
        ],
    );
    assert_refusal(&r, 2, Some("risk"), "low");
}

#[test]
fn cambridgeshire_accepts_a_low_grading_at_18() {
    // Born 12 January 2008: 18 on the day of the report.
    Record::new(
        "cambridgeshire",
        &[
            child("C1", "2008-01-12", "care_leaver"),
            with(report(), "risk", "low"),
        ],
    );
}

#[test]
fn camden_accepts_a_low_grading_for_a_child() {
    let rec = Record::new(
        "camden",
        &[
            fourteen(),
            with(
                with(report(), "risk", "low"),
                "category",
                "concerning_absence_low",
            ),
        ],
    );
    assert_eq!(
        rec.at(REPORTED).get("E1", "send_notifications").state,
        DueNow
    );
}

#[test]
fn practice_guidance_accepts_a_low_grading() {
    // PROCEDURES.md sets no grading rule for practice-guidance.
    Record::new(
        "practice-guidance",
        &[fourteen(), with(report(), "risk", "low")],
    );
}

#[test]
fn cumbria_refuses_a_regrading_to_low_for_a_child_under_18() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            risk_changed("E1", "2026-01-12T10:00:00Z", "low"),
        ],
    );
    assert_refusal(&r, 3, Some("risk"), "low");
}

#[test]
fn cumbria_accepts_a_ce_risk_child_graded_medium_as_a_violation_not_a_refusal() {
    let rec = Record::new(
        "cumbria",
        &[
            child_flagged("C1", "2011-04-12", "looked_after", &["ce_risk"]),
            report(),
        ],
    );
    assert_eq!(rec.at(REPORTED).violations("E1").len(), 1);
}

// ------------------------------------------------------------------ RHI declined

fn returned_with_attempts(n: usize) -> Vec<Value> {
    let mut events = vec![fourteen(), report(), returned("E1", "2026-01-13T12:00:00Z")];
    for k in 0..n {
        events.push(rhi_attempt("E1", &format!("2026-01-14T1{k}:00:00Z")));
    }
    events
}

#[test]
fn medway_rhi_decline_is_refused_before_a_fourth_attempt() {
    for attempts in 0..=3 {
        let mut events = returned_with_attempts(attempts);
        events.push(rhi_declined("E1", "2026-01-14T18:00:00Z"));
        let line = events.len();
        let r = refused("medway", &events);
        assert_line(&r, line, "attempts");
    }
}

#[test]
fn medway_rhi_decline_is_accepted_after_four_attempts() {
    let mut events = returned_with_attempts(4);
    events.push(rhi_declined("E1", "2026-01-14T18:00:00Z"));
    Record::new("medway", &events);
}

#[test]
fn rhi_decline_needs_no_attempts_outside_medway() {
    for policy in ["cumbria", "camden", "cambridgeshire", "practice-guidance"] {
        let mut events = returned_with_attempts(0);
        events.push(rhi_declined("E1", "2026-01-14T18:00:00Z"));
        Record::new(policy, &events);
    }
}

// ------------------------------------------------------------------ rules and waivers

#[test]
fn an_action_on_a_rule_the_policy_does_not_know_is_refused() {
    // stage_one_meeting is Cumbria's, not Medway's.
    let r = refused(
        "medway",
        &[
            fourteen(),
            report(),
            completed("E1", "stage_one_meeting", "2026-01-12T10:00:00Z"),
        ],
    );
    assert_refusal(&r, 3, Some("rule"), "stage_one_meeting");
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            waived(
                "E1",
                "strategy_meting",
                "2026-01-12T10:00:00Z",
                "a typo in the rule id",
            ),
        ],
    );
    assert_refusal(&r, 3, Some("rule"), "strategy_meting");
}

#[test]
fn a_waiver_without_a_reason_is_refused() {
    let no_reason = json!({"type": "action_waived", "at": "2026-01-12T10:00:00Z",
                           "episode": "E1", "rule": "strategy_meeting"});
    let r = refused("cumbria", &[fourteen(), report(), no_reason]);
    assert_refusal(&r, 3, Some("reason"), "reason");
    let blank = waived("E1", "strategy_meeting", "2026-01-12T10:00:00Z", "   ");
    let r = refused("cumbria", &[fourteen(), report(), blank]);
    assert_refusal(&r, 3, Some("reason"), "reason");
}

// ------------------------------------------------------------------ times

#[test]
fn a_return_before_the_report_is_refused() {
    let r = refused(
        "cumbria",
        &[fourteen(), report(), returned("E1", "2026-01-12T08:30:00Z")],
    );
    assert_line(&r, 3, "report");
}

#[test]
fn a_found_report_before_the_return_is_refused() {
    let r = refused(
        "medway",
        &[
            fourteen(),
            report(),
            with(
                returned("E1", "2026-01-13T12:00:00Z"),
                "found_report_at",
                "2026-01-13T11:00:00Z",
            ),
        ],
    );
    assert_refusal(&r, 3, Some("found_report_at"), "before the return");
}

#[test]
fn last_seen_after_the_report_is_refused() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            reported("E1", "C1", REPORTED, "2026-01-12T09:00:01Z"),
        ],
    );
    assert_refusal(&r, 2, Some("last_seen_at"), "after the report");
}

#[test]
fn an_event_in_the_future_is_refused() {
    let r = refused_at(
        "cumbria",
        &[
            fourteen(),
            // One second beyond INTERFACE's 5 minutes' tolerance ("Clocks").
            reported("E1", "C1", "2026-06-01T12:05:01Z", "2026-06-01T11:00:00Z"),
        ],
        "2026-06-01T12:00:00Z",
    );
    assert_refusal(&r, 2, Some("at"), "future");
}

#[test]
fn an_event_at_the_wall_clock_instant_is_not_in_the_future() {
    let policy = Policy::shipped("cumbria").unwrap();
    let parsed = dutyboard::record::import::parse_lines(
        jsonl(&[
            fourteen(),
            reported("E1", "C1", "2026-06-01T12:00:00Z", "2026-06-01T11:00:00Z"),
        ])
        .as_bytes(),
        "op",
    )
    .unwrap();
    dutyboard::record::import::check_batch(&[], &parsed, &policy, t("2026-06-01T12:00:00Z"))
        .unwrap_or_else(|r| panic!("{}", show(&r)));
}

#[test]
fn a_time_without_an_offset_is_refused() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            reported("E1", "C1", "2026-01-12T09:00:00", LAST_SEEN),
        ],
    );
    assert_refusal(&r, 2, Some("at"), "RFC 3339");
}

// ------------------------------------------------------------------ fields and names

#[test]
fn an_unknown_field_is_refused() {
    let r = refused("cumbria", &[fourteen(), with(report(), "colour", "red")]);
    assert_refusal(&r, 2, Some("colour"), "not a field");
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            without(with(report(), "last_seen", LAST_SEEN), "last_seen_at"),
        ],
    );
    assert_refusal(&r, 2, Some("last_seen"), "not a field");
}

#[test]
fn a_field_of_another_event_type_is_refused() {
    let r = refused(
        "cumbria",
        &[fourteen(), with(report(), "rule", "strategy_meeting")],
    );
    assert_refusal(&r, 2, Some("rule"), "does not belong");
}

#[test]
fn a_missing_required_field_is_refused() {
    let r = refused("cumbria", &[fourteen(), without(report(), "last_seen_at")]);
    assert_refusal(&r, 2, Some("last_seen_at"), "required");
}

#[test]
fn unknown_names_are_refused() {
    let r = refused(
        "cumbria",
        &[fourteen(), with(report(), "type", "episode_reportd")],
    );
    assert_refusal(&r, 2, Some("type"), "not an event type");
    let r = refused("cumbria", &[child("C1", "2011-04-12", "in_care")]);
    assert_refusal(&r, 1, Some("status"), "in_care");
    let r = refused(
        "cumbria",
        &[child_flagged("C1", "2011-04-12", "looked_after", &["cse"])],
    );
    assert_refusal(&r, 1, Some("flags"), "cse");
    let r = refused("cumbria", &[fourteen(), with(report(), "risk", "severe")]);
    assert_refusal(&r, 2, Some("risk"), "severe");
    let r = refused("cumbria", &[fourteen(), with(report(), "category", "lost")]);
    assert_refusal(&r, 2, Some("category"), "lost");
}

#[test]
fn a_category_the_policy_does_not_use_is_refused() {
    // Camden's scale: other policies use missing / absent only.
    for policy in ["cumbria", "medway", "cambridgeshire", "practice-guidance"] {
        let r = refused(
            policy,
            &[
                fourteen(),
                with(report(), "category", "unauthorised_absence"),
            ],
        );
        assert_refusal(&r, 2, Some("category"), "unauthorised_absence");
    }
}

#[test]
fn references_to_unknown_children_and_episodes_are_refused() {
    let r = refused("cumbria", &[report()]);
    assert_refusal(&r, 1, Some("child"), "not registered");
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            completed("E9", "strategy_meeting", "2026-01-12T10:00:00Z"),
        ],
    );
    assert_refusal(&r, 3, Some("episode"), "E9");
}

#[test]
fn a_second_open_episode_for_a_child_is_refused() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            reported("E2", "C1", "2026-01-13T09:00:00Z", "2026-01-13T08:00:00Z"),
        ],
    );
    assert_refusal(&r, 3, Some("child"), "open episode");
    // Once the first is closed by a return, a new episode is accepted.
    Record::new(
        "cumbria",
        &[
            fourteen(),
            report(),
            returned("E1", "2026-01-12T20:00:00Z"),
            reported("E2", "C1", "2026-01-13T09:00:00Z", "2026-01-13T08:00:00Z"),
        ],
    );
}

#[test]
fn a_second_return_is_refused() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            returned("E1", "2026-01-12T20:00:00Z"),
            returned("E1", "2026-01-12T21:00:00Z"),
        ],
    );
    assert_refusal(&r, 4, Some("episode"), "already has a return");
}

#[test]
fn every_bad_line_of_a_batch_is_named() {
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            with(report(), "risk", "low"),
            completed("E1", "no_such_rule", "2026-01-12T10:00:00Z"),
            json!({"type": "child_registered", "at": REGISTERED_AT, "child": "C2",
                   "name": "Test Child C2", "dob": "2011-04-12", "status": "looked_after",
                   "favourite_colour": "blue"}),
        ],
    );
    // Line 4 fails to parse, so the batch is refused before the record checks.
    assert_refusal(&r, 4, Some("favourite_colour"), "not a field");
    let r = refused(
        "cumbria",
        &[
            fourteen(),
            report(),
            completed("E1", "no_such_rule", "2026-01-12T10:00:00Z"),
            child("C2", "2012-01-01", "child_in_need"),
            with(
                reported("E2", "C2", "2026-01-12T11:00:00Z", "2026-01-12T10:00:00Z"),
                "risk",
                "low",
            ),
        ],
    );
    assert_refusal(&r, 3, Some("rule"), "no_such_rule");
    assert_refusal(&r, 5, Some("risk"), "low");
}

// ------------------------------------------------------------------ the record

fn store_under(policy: &Policy) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, t("2026-01-01T00:00:00Z"))
        .unwrap();
    (dir, store)
}

fn ids(store: &Store) -> Vec<String> {
    store
        .read_all()
        .unwrap()
        .into_iter()
        .map(|s| s.event.id)
        .collect()
}

#[test]
fn a_refused_batch_stores_nothing() {
    let policy = Policy::shipped("cumbria").unwrap();
    let (_dir, mut store) = store_under(&policy);
    let first = jsonl(&[with(fourteen(), "id", "ev-1"), with(report(), "id", "ev-2")]);
    import(&mut store, first.as_bytes(), &policy, "op", t(WALL_CLOCK)).unwrap();
    let before = ids(&store);
    assert_eq!(before, vec!["ev-1", "ev-2"]);

    // Two good events and one that is refused: none of the three is stored.
    let second = jsonl(&[
        completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z"),
        child("C2", "2012-01-01", "child_in_need"),
        with(
            reported("E2", "C2", "2026-01-12T10:00:00Z", "2026-01-12T09:00:00Z"),
            "risk",
            "low",
        ),
    ]);
    match import(&mut store, second.as_bytes(), &policy, "op", t(WALL_CLOCK)) {
        Err(ImportError::Refused(r)) => assert_refusal(&r, 3, Some("risk"), "low"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(ids(&store), before);
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let policy = Policy::shipped("cumbria").unwrap();
    let (_dir, mut store) = store_under(&policy);
    let file = jsonl(&[
        with(fourteen(), "id", "ev-1"),
        with(report(), "id", "ev-2"),
        with(
            completed("E1", "strategy_meeting", "2026-01-12T15:00:00Z"),
            "id",
            "ev-3",
        ),
    ]);
    let first = import(&mut store, file.as_bytes(), &policy, "op", t(WALL_CLOCK)).unwrap();
    assert_eq!(first.stored.len(), 3);
    let second = import(&mut store, file.as_bytes(), &policy, "op", t(WALL_CLOCK)).unwrap();
    assert!(second.stored.is_empty());
    assert_eq!(store.count().unwrap(), 3);
}

#[test]
fn a_batch_that_would_invalidate_the_stored_record_is_refused() {
    // Stored: C1's episode E1 reported at 09:00 (open). A batch adding an earlier, still
    // open episode E0 for C1 would make the stored E1 a second open episode.
    let policy = Policy::shipped("cumbria").unwrap();
    let (_dir, mut store) = store_under(&policy);
    import(
        &mut store,
        jsonl(&[fourteen(), report()]).as_bytes(),
        &policy,
        "op",
        t(WALL_CLOCK),
    )
    .unwrap();
    let batch = jsonl(&[reported(
        "E0",
        "C1",
        "2026-01-11T09:00:00Z",
        "2026-01-11T08:00:00Z",
    )]);
    match import(&mut store, batch.as_bytes(), &policy, "op", t(WALL_CLOCK)) {
        Err(ImportError::Refused(r)) => assert!(!r.is_empty()),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn an_imported_record_evaluates_like_the_events_themselves() {
    // The SQLite round trip keeps the times exactly.
    let policy = Policy::shipped("cumbria").unwrap();
    let (_dir, mut store) = store_under(&policy);
    import(
        &mut store,
        jsonl(&[fourteen(), report()]).as_bytes(),
        &policy,
        "op",
        t(WALL_CLOCK),
    )
    .unwrap();
    let events: Vec<_> = store
        .read_all()
        .unwrap()
        .into_iter()
        .map(|s| s.event)
        .collect();
    let (_, eval) = dutyboard::procedures::evaluate_events(
        &events,
        &policy,
        &dutyboard::calendar::Calendar::embedded(),
        t("2026-01-12T10:00:00Z"),
    );
    let i = eval
        .instances
        .iter()
        .find(|i| i.episode == "E1" && i.rule == "strategy_meeting")
        .unwrap();
    assert_eq!(i.due_at, t("2026-01-13T09:00:00Z"));
}

// ------------------------------------------------------------ wrong kinds of value

/// The refusal of one line on its own, as `import` gives it.
fn refusal_of(line: &str) -> String {
    let parsed = dutyboard::record::import::parse_lines(line.as_bytes(), "t");
    let refusals = parsed.expect_err("the line is refused");
    assert_eq!(refusals.len(), 1, "{}", show(&refusals));
    refusals[0].to_string()
}

#[test]
fn a_rag_rating_given_as_a_number_is_refused_as_not_a_string() {
    // Not "`notification` is not a field of any event type": the triage fields are
    // fields, and the officer is told which one is wrong and why.
    assert_eq!(
        refusal_of(
            r#"{"type":"rag_rated","at":"2026-01-01T00:00:00Z","notification":"N-1","rag":5}"#
        ),
        "line 1: field `rag`: must be a string, not a number"
    );
}

#[test]
fn every_triage_field_of_the_wrong_kind_is_named_as_such() {
    for field in dutyboard::record::schema::notification_fields() {
        let line = format!(
            r#"{{"type":"notification_received","at":"2026-01-01T00:00:00Z","{field}":7}}"#
        );
        assert_eq!(
            refusal_of(&line),
            format!("line 1: field `{field}`: must be a string, not a number")
        );
    }
    assert_eq!(
        refusal_of(r#"{"type":"mash_decision","at":"2026-01-01T00:00:00Z","decision":["nfa"]}"#),
        "line 1: field `decision`: must be a string, not an array"
    );
    assert_eq!(
        refusal_of(r#"{"type":"episodes_linked","at":"2026-01-01T00:00:00Z","with":[7]}"#),
        "line 1: field `with`: must be an array of strings, not an array holding something other than strings"
    );
}

#[test]
fn a_field_of_no_event_type_is_still_called_so() {
    assert_eq!(
        refusal_of(r#"{"type":"rag_rated","at":"2026-01-01T00:00:00Z","colour":"red"}"#),
        "line 1: field `colour`: is not a field of any event type"
    );
}

mod backdated_report {
    use dutyboard::record::backdate::dated_report;
    use dutyboard::record::event::PoliceInfo;
    use dutyboard::record::vocab::{Category, Risk};
    use dutyboard::record::{EventKind, NewEvent};

    fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
        s.parse().unwrap()
    }

    fn report(at: &str) -> NewEvent {
        NewEvent::new(
            t(at),
            EventKind::EpisodeReported {
                episode: "E1".into(),
                child: "C1".into(),
                last_seen_at: t("2026-03-02T20:00:00Z"),
                category: Category::Missing,
                risk: Risk::High,
                police_ref: None,
                missing_with: Vec::new(),
                info: Box::new(PoliceInfo::default()),
            },
        )
    }

    #[test]
    fn a_report_made_before_the_child_was_registered_is_entered_then_and_corrected_back() {
        let now = t("2026-03-02T22:00:00Z");
        let events = dated_report(
            report("2026-03-02T21:00:00Z"),
            Some(t("2026-03-02T21:30:00Z")),
            now,
        );
        assert_eq!(events.len(), 2);
        assert_eq!(
            events[0].at,
            t("2026-03-02T21:30:00Z"),
            "not before the registration"
        );
        match &events[1].kind {
            EventKind::EpisodeCorrected {
                episode,
                correction,
                reason,
            } => {
                assert_eq!(episode, "E1");
                assert_eq!(correction.reported_at, Some(t("2026-03-02T21:00:00Z")));
                assert!(
                    reason.contains("before the child was registered here"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(events[1].at, now);
    }

    #[test]
    fn a_report_made_after_the_registration_stands_as_made() {
        let events = dated_report(
            report("2026-03-02T21:00:00Z"),
            Some(t("2026-03-01T09:00:00Z")),
            t("2026-03-02T22:00:00Z"),
        );
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].at, t("2026-03-02T21:00:00Z"));
    }
}
