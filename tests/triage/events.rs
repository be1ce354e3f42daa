//! The triage events in the record: a notification is received once, settled once
//! (accepted or dismissed with a reason), and rated and decided in the MASH's words.

use chrono::{DateTime, Utc};
use dutyboard::procedures::Policy;
use dutyboard::record::event::notification_id;
use dutyboard::record::vocab::{Decision, Rag};
use dutyboard::record::NotificationStatus;
use dutyboard::record::{import, state_at, ImportError, Store};
use serde_json::{json, Value};

const NOW: &str = "2026-03-02T12:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn store(dir: &tempfile::TempDir) -> (Store, Policy) {
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(
            &policy.name,
            &policy.text,
            "2026-01-01T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
    (store, policy)
}

fn id() -> String {
    notification_id(
        "Cumbria Constabulary",
        "CC-2026-0042",
        "2026-03-02T09:00:00Z".parse().unwrap(),
    )
}

fn received() -> Value {
    json!({"type": "notification_received", "id": format!("received-{}", id()),
        "at": "2026-03-02T10:00:00Z", "notification": id(),
        "police_force": "Cumbria Constabulary", "police_ref": "CC-2026-0042",
        "reported_at": "2026-03-02T09:00:00Z", "name": "Amy Smith", "dob": "2011-04-12",
        "address": "1 High Street, Carlisle", "last_seen_at": "2026-03-02T07:30:00Z",
        "last_seen_location": "school gates", "risk": "medium",
        "circumstances": "did not come home", "reported_by": "carer"})
}

fn lines(events: &[Value]) -> String {
    events.iter().map(|e| e.to_string() + "\n").collect()
}

fn import_all(store: &mut Store, policy: &Policy, events: &[Value]) -> Result<(), String> {
    match import(store, lines(events).as_bytes(), policy, "screener", now()) {
        Ok(_) => Ok(()),
        Err(ImportError::Refused(r)) => Err(r
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("\n")),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_received_notification_is_pending_until_dismissed_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    import_all(&mut store, &policy, &[received()]).unwrap();
    let state = state_at(&store, None).unwrap();
    let n = state.notification(&id()).expect("received");
    assert_eq!(n.status, NotificationStatus::Pending);
    assert_eq!(n.details.name, "Amy Smith");

    let no_reason = json!({"type": "notification_dismissed", "at": "2026-03-02T10:05:00Z",
        "notification": id(), "reason": "  "});
    let refused = import_all(&mut store, &policy, &[no_reason]).unwrap_err();
    assert!(refused.contains("line 1: field `reason`"), "{refused}");

    let dismissed = json!({"type": "notification_dismissed", "at": "2026-03-02T10:05:00Z",
        "notification": id(), "reason": "child is not in our area"});
    import_all(&mut store, &policy, std::slice::from_ref(&dismissed)).unwrap();
    let state = state_at(&store, None).unwrap();
    assert!(matches!(
        &state.notification(&id()).unwrap().status,
        NotificationStatus::Dismissed { reason, by, .. } if reason == "child is not in our area" && by == "screener"
    ));

    let again = json!({"type": "notification_dismissed", "at": "2026-03-02T10:06:00Z",
        "notification": id(), "reason": "twice"});
    let refused = import_all(&mut store, &policy, &[again]).unwrap_err();
    assert!(
        refused.contains("already dismissed by screener"),
        "{refused}"
    );
}

#[test]
fn a_notification_received_again_under_another_event_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    import_all(&mut store, &policy, &[received()]).unwrap();
    let mut copy = received();
    copy["id"] = json!("another-id");
    let refused = import_all(&mut store, &policy, &[copy]).unwrap_err();
    assert!(refused.contains("already received"), "{refused}");
}

#[test]
fn the_notification_id_must_be_the_one_its_police_fields_give() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let mut wrong = received();
    wrong["notification"] = json!("N-made-up");
    let refused = import_all(&mut store, &policy, &[wrong]).unwrap_err();
    assert!(refused.contains("field `notification`"), "{refused}");
    assert!(refused.contains(&id()), "names the right id: {refused}");
}

#[test]
fn ratings_and_decisions_use_the_mash_words_and_the_latest_stands() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let purple = json!({"type": "rag_rated", "at": "2026-03-02T10:01:00Z",
        "notification": id(), "rag": "purple"});
    let refused = import_all(&mut store, &policy, &[received(), purple]).unwrap_err();
    assert!(
        refused.contains(
            "line 2: field `rag`: `purple` is not a RAG rating; expected one of red, amber, green"
        ),
        "{refused}"
    );
    assert_eq!(
        store.count().unwrap(),
        0,
        "nothing of a refused batch is stored"
    );

    let both = json!({"type": "mash_decision", "at": "2026-03-02T10:01:00Z",
        "notification": id(), "episode": "E1", "decision": "nfa"});
    let refused = import_all(&mut store, &policy, &[received(), both]).unwrap_err();
    assert!(
        refused.contains("exactly one of `notification` or `episode`"),
        "{refused}"
    );

    import_all(&mut store, &policy, &[
        received(),
        json!({"type": "rag_rated", "at": "2026-03-02T10:01:00Z", "notification": id(), "rag": "amber"}),
        json!({"type": "rag_rated", "at": "2026-03-02T10:02:00Z", "notification": id(), "rag": "red", "reason": "CSE concerns"}),
        json!({"type": "mash_decision", "at": "2026-03-02T10:03:00Z", "notification": id(), "decision": "strategy_discussion", "note": "same day"}),
    ]).unwrap();
    let state = state_at(&store, None).unwrap();
    let s = &state.notification(&id()).unwrap().screening;
    assert_eq!(s.rag.as_ref().unwrap().rag, Rag::Red);
    assert_eq!(
        s.rag.as_ref().unwrap().reason.as_deref(),
        Some("CSE concerns")
    );
    assert_eq!(
        s.decision.as_ref().unwrap().decision,
        Decision::StrategyDiscussion
    );
    assert_eq!(
        s.decision.as_ref().unwrap().note.as_deref(),
        Some("same day")
    );
}

#[test]
fn accepting_needs_a_received_notification_a_registered_child_and_its_episode() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let accepted = json!({"type": "notification_accepted", "at": "2026-03-02T10:10:00Z",
        "notification": id(), "child": "C1", "episode": "E1"});
    let refused = import_all(&mut store, &policy, std::slice::from_ref(&accepted)).unwrap_err();
    assert!(refused.contains("has not been received"), "{refused}");

    let child = json!({"type": "child_registered", "at": "2026-01-05T10:00:00Z", "child": "C1",
        "name": "Amy Smith", "dob": "2011-04-12", "status": "looked_after"});
    let episode = json!({"type": "episode_reported", "at": "2026-03-02T09:00:00Z", "episode": "E1",
        "child": "C1", "last_seen_at": "2026-03-02T07:30:00Z", "category": "missing",
        "risk": "medium", "police_ref": "CC-2026-0042"});
    import_all(&mut store, &policy, &[child, received(), episode, accepted]).unwrap();
    let state = state_at(&store, None).unwrap();
    assert!(matches!(
        &state.notification(&id()).unwrap().status,
        NotificationStatus::Accepted { child, episode, .. } if child == "C1" && episode == "E1"
    ));
    let dismiss = json!({"type": "notification_dismissed", "at": "2026-03-02T10:20:00Z",
        "notification": id(), "reason": "changed my mind"});
    let refused = import_all(&mut store, &policy, &[dismiss]).unwrap_err();
    assert!(
        refused.contains("already accepted as episode `E1`"),
        "{refused}"
    );
}

#[test]
fn a_notification_with_times_out_of_order_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let mut late = received();
    late["last_seen_at"] = json!("2026-03-02T09:30:00Z");
    let refused = import_all(&mut store, &policy, &[late]).unwrap_err();
    assert!(
        refused.contains("field `last_seen_at`") && refused.contains("after the report"),
        "{refused}"
    );
}

#[test]
fn the_snapshot_keeps_notifications_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    import_all(
        &mut store,
        &policy,
        &[
            received(),
            json!({"type": "rag_rated", "at": "2026-03-02T10:01:00Z", "notification": id(), "rag": "green"}),
            json!({"type": "notification_dismissed", "at": "2026-03-02T10:05:00Z",
                "notification": id(), "reason": "duplicate of a call already logged"}),
        ],
    )
    .unwrap();
    let state = dutyboard::record::fold_cache::full_fold(&store, None).unwrap();
    let bytes = postcard::to_allocvec(&state).unwrap();
    let back: dutyboard::record::State = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, state);
    assert_eq!(back.notifications.len(), 1);
}

#[test]
fn a_triage_field_does_not_belong_on_an_episode_report() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir);
    let child = json!({"type": "child_registered", "at": "2026-03-01T10:00:00Z", "child": "C1",
        "name": "Amy Smith", "dob": "2011-04-12", "status": "looked_after"});
    for (field, value) in [
        ("rag", "red"),
        ("police_force", "Cumbria"),
        ("address", "1 High St"),
    ] {
        let mut report = json!({"type": "episode_reported", "at": "2026-03-02T09:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-03-02T07:30:00Z",
            "category": "missing", "risk": "medium"});
        report[field] = value.into();
        let refused = import_all(&mut store, &policy, &[child.clone(), report])
            .expect_err("refused: the field belongs to a police notification");
        assert!(refused.contains(field), "{refused}");
        assert!(refused.contains("does not belong"), "{refused}");
    }
}
