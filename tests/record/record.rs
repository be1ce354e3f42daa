//! The record keeps everything an officer entered: append-only in the database
//! itself, private on disk, idempotent on re-import, and all-or-nothing.

use chrono::Utc;
use dutyboard::procedures::Policy;
use dutyboard::record::{import, EventLog, ImportError, Store};

fn store(dir: &tempfile::TempDir, policy: &str) -> (Store, Policy) {
    let policy = Policy::shipped(policy).unwrap();
    let mut store = Store::create(&dir.path().join("board.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    (store, policy)
}

const CHILD: &str = r#"{"type":"child_registered","id":"c1","at":"2026-01-05T10:00:00Z","child":"C1","name":"Test Child","dob":"2011-04-12","status":"looked_after"}"#;
const EPISODE: &str = r#"{"type":"episode_reported","id":"e1","at":"2026-03-02T09:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"high"}"#;

#[test]
fn the_database_itself_refuses_to_update_or_delete_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    import(&mut store, CHILD.as_bytes(), &policy, "op", Utc::now()).unwrap();
    let update = store
        .execute_raw("UPDATE events SET body = '{}'")
        .unwrap_err()
        .to_string();
    assert!(update.contains("append-only"), "{update}");
    let delete = store
        .execute_raw("DELETE FROM events")
        .unwrap_err()
        .to_string();
    assert!(delete.contains("append-only"), "{delete}");
    let policy_change = store
        .execute_raw("UPDATE meta SET value = 'x'")
        .unwrap_err()
        .to_string();
    assert!(policy_change.contains("fixed at init"), "{policy_change}");
    assert_eq!(store.count().unwrap(), 1);
}

#[cfg(unix)]
#[test]
fn the_database_file_is_created_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private").join("board.db");
    let mut store = Store::create(&path).unwrap();
    let policy = Policy::shipped("medway").unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    import(&mut store, CHILD.as_bytes(), &policy, "op", Utc::now()).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
    for side in ["board.db-wal", "board.db-shm"] {
        let p = path.parent().unwrap().join(side);
        if p.exists() {
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o077,
                0,
                "{side}"
            );
        }
    }
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    let input = format!("{CHILD}\n{EPISODE}\n");
    let first = import(&mut store, input.as_bytes(), &policy, "op", Utc::now()).unwrap();
    assert_eq!(first.stored.len(), 2);
    let second = import(&mut store, input.as_bytes(), &policy, "op", Utc::now()).unwrap();
    assert_eq!(second.stored.len(), 0);
    assert_eq!(second.skipped.len(), 2);
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn a_refused_batch_stores_none_of_its_good_lines_and_names_every_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    let input = format!(
        "{CHILD}\n{EPISODE}\n{}\n{}\n",
        r#"{"type":"risk_changed","at":"2026-03-02T10:00:00Z","episode":"E1","risk":"low"}"#,
        r#"{"type":"action_completed","at":"2026-03-02T11:00:00Z","episode":"E1","rule":"strategy_meetin"}"#
    );
    let err = import(&mut store, input.as_bytes(), &policy, "op", Utc::now()).unwrap_err();
    let ImportError::Refused(refusals) = err else {
        panic!("expected a refusal")
    };
    let text: Vec<String> = refusals.iter().map(|r| r.to_string()).collect();
    assert!(
        text[0].starts_with("line 3: field `risk`: episode `E1`: `low` is refused")
            && text[0].contains("a child under 18 cannot be graded low risk"),
        "{text:?}"
    );
    assert!(
        text[1].starts_with(
            "line 4: field `rule`: `strategy_meetin` is not a rule of the cumbria policy"
        ),
        "{text:?}"
    );
    assert_eq!(store.count().unwrap(), 0);
}

#[test]
fn an_event_without_a_recorder_is_stored_with_the_operators_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    import(
        &mut store,
        CHILD.as_bytes(),
        &policy,
        "Night EDT",
        Utc::now(),
    )
    .unwrap();
    let events = store.read_all().unwrap();
    assert_eq!(events[0].event.by, "Night EDT");
}

#[test]
fn a_backdated_report_that_would_invalidate_a_stored_episode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    import(
        &mut store,
        format!("{CHILD}\n{EPISODE}\n").as_bytes(),
        &policy,
        "op",
        Utc::now(),
    )
    .unwrap();
    // An earlier open episode for the same child makes the stored E1 a second open one.
    let earlier = r#"{"type":"episode_reported","at":"2026-03-01T09:00:00Z","episode":"E0","child":"C1","last_seen_at":"2026-03-01T08:00:00Z","category":"missing","risk":"high"}"#;
    let err = import(&mut store, earlier.as_bytes(), &policy, "op", Utc::now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("stored event `e1`") && err.contains("already has an open episode `E0`"),
        "{err}"
    );
    assert_eq!(store.count().unwrap(), 2);
}

#[test]
fn a_database_is_never_initialised_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    let err = store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already initialised (policy cumbria)"),
        "{err}"
    );
}

#[test]
fn opening_a_database_that_does_not_exist_says_how_to_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(&dir.path().join("nope.db"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("init --policy"), "{err}");
}

#[test]
fn reopening_an_existing_database_keeps_its_schema_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.db");
    {
        let (mut store, policy) = store(&dir, "camden");
        import(&mut store, CHILD.as_bytes(), &policy, "op", Utc::now()).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(
        store.meta("policy_name").unwrap().as_deref(),
        Some("camden")
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_log_in_memory_takes_imports_as_the_database_does() {
    // The second implementation of the log: the same checks, the same idempotence,
    // the same all-or-nothing, and the folded record the same as SQLite's.
    let policy = Policy::shipped("cumbria").unwrap();
    let mut memory = dutyboard::record::MemoryLog::default();
    let lines = format!("{EPISODE}\n{CHILD}\n");
    let first = import(&mut memory, lines.as_bytes(), &policy, "op", Utc::now()).unwrap();
    assert_eq!(first.stored, ["e1", "c1"]);
    let again = import(&mut memory, lines.as_bytes(), &policy, "op", Utc::now()).unwrap();
    assert_eq!(
        again.skipped,
        ["e1", "c1"],
        "importing the same file twice changes nothing"
    );
    let order: Vec<String> = memory
        .read_all()
        .unwrap()
        .into_iter()
        .map(|s| s.event.id)
        .collect();
    assert_eq!(
        order,
        ["c1", "e1"],
        "kept in time order, not the order stored"
    );
    let second_open = EPISODE.replace("\"e1\"", "\"e2\"").replace("E1", "E2");
    let refused = import(
        &mut memory,
        second_open.as_bytes(),
        &policy,
        "op",
        Utc::now(),
    );
    assert!(
        matches!(refused, Err(ImportError::Refused(_))),
        "{refused:?}"
    );
    assert_eq!(
        memory.last_seq().unwrap(),
        2,
        "a refused batch stores nothing"
    );

    let dir = tempfile::tempdir().unwrap();
    let (mut sqlite, _) = store(&dir, "cumbria");
    import(&mut sqlite, lines.as_bytes(), &policy, "op", Utc::now()).unwrap();
    assert_eq!(
        dutyboard::record::state_at(&memory, None).unwrap(),
        dutyboard::record::state_at(&sqlite, None).unwrap()
    );
}

/// INTERFACE: "Same `id`, different content: refused with the line and the stored
/// event's id, never skipped silently." The review's D6: "stored 0 event(s), skipped 1
/// already stored (exit 0; the stored event says high)".
#[test]
fn a_stored_id_sent_again_with_different_content_is_refused_naming_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    let both = format!("{CHILD}\n{EPISODE}\n");
    import(&mut store, both.as_bytes(), &policy, "op", Utc::now()).unwrap();
    let changed = EPISODE.replace(r#""risk":"high""#, r#""risk":"low""#);
    let err = import(&mut store, changed.as_bytes(), &policy, "op", Utc::now()).unwrap_err();
    let ImportError::Refused(reasons) = &err else {
        panic!("not a refusal: {err}")
    };
    let text = err.to_string();
    assert_eq!(reasons[0].line, Some(1), "{text}");
    assert!(text.contains("`e1`"), "{text}");
    assert!(text.contains("different content"), "{text}");
    assert_eq!(store.read_all().unwrap().len(), 2, "nothing stored");
}

/// INTERFACE: "Same `id`, same content: skipped, as before. 'Same content' compares the
/// fields as sent: what the program fills in (a defaulted `by` ...) is not compared."
#[test]
fn a_stored_id_sent_again_unchanged_by_another_operator_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, policy) = store(&dir, "cumbria");
    let both = format!("{CHILD}\n{EPISODE}\n");
    import(&mut store, both.as_bytes(), &policy, "op", Utc::now()).unwrap();
    let again = import(
        &mut store,
        EPISODE.as_bytes(),
        &policy,
        "another",
        Utc::now(),
    )
    .unwrap();
    assert_eq!(again.skipped, vec!["e1".to_string()]);
    let by_other = EPISODE.replace(r#""id":"e1","#, r#""id":"e1","by":"someone else","#);
    let err = import(&mut store, by_other.as_bytes(), &policy, "op", Utc::now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`e1`"),
        "a `by` that was sent is compared: {err}"
    );
}
