//! One record, kept on a file and on the server side by side: every import gives
//! the same exit status and the same words on both, and the same board after.

use crate::server::server_or_skip;
use crate::support::bin;
use dutyboard::record::{chain, EventLog, Store};
use serde_json::{json, Value};
use std::path::Path;

fn lines(events: &[Value]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

fn child(id: &str, child: &str) -> Value {
    json!({"type": "child_registered", "id": id, "at": "2026-01-05T10:00:00Z", "child": child,
           "name": "Test Child", "dob": "2011-04-12", "status": "looked_after"})
}

fn episode(id: &str, episode: &str, child: &str, risk: &str) -> Value {
    json!({"type": "episode_reported", "id": id, "at": "2026-01-12T09:00:00Z", "episode": episode,
           "child": child, "last_seen_at": "2026-01-12T08:00:00Z", "category": "missing", "risk": risk})
}

fn update(id: &str, episode: &str) -> Value {
    json!({"type": "update_recorded", "id": id, "at": "2026-01-12T11:00:00Z", "episode": episode,
           "text": "seen near the station"})
}

/// The imports, in order: each one's events.
fn steps() -> Vec<Vec<Value>> {
    vec![
        vec![child("c1", "C1"), episode("e1", "E1", "C1", "medium")],
        // An episode of a child not on the record.
        vec![episode("e2", "E2", "C9", "medium")],
        // An update to an episode not on the record.
        vec![update("u404", "E404")],
        // Cumbria: a child under 18 is never graded low.
        vec![episode("e3", "E3", "C1", "low")],
        // An id already stored, saying something else.
        vec![
            json!({"type": "child_registered", "id": "c1", "at": "2026-01-05T10:00:00Z",
                    "child": "C1", "name": "Someone Else", "dob": "2011-04-12",
                    "status": "looked_after"}),
        ],
        // The first import again: nothing new.
        vec![child("c1", "C1"), episode("e1", "E1", "C1", "medium")],
        vec![update("u1", "E1")],
        // A void of an event not on the record.
        vec![
            json!({"type": "event_voided", "id": "v1", "at": "2026-01-12T12:00:00Z",
                    "event": "nothing-such", "reason": "typed in error"}),
        ],
        // A good line and a bad one: the whole batch refused.
        vec![update("u2", "E1"), update("u3", "E405")],
    ]
}

fn said(out: &std::process::Output, db: &str) -> (Option<i32>, String, String) {
    let tidy = |b: &[u8]| String::from_utf8_lossy(b).replace(db, "DB");
    (out.status.code(), tidy(&out.stdout), tidy(&out.stderr))
}

#[test]
fn every_import_says_the_same_on_the_server_as_on_a_file() {
    let pg = server_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.db");
    let file_db = file.to_str().unwrap().to_string();
    let name = pg.fresh("same_words");
    let admin = pg.url(&name);
    for db in [&file_db, &admin] {
        bin::succeeds(
            Path::new(db),
            "Init",
            &["init", "--policy", "cumbria"],
            None,
        );
    }
    pg.officer(&name, "sam_same_words", &["cumbria"]);
    let server_db = pg.url_as(&name, "sam_same_words");
    for (n, events) in steps().iter().enumerate() {
        let input = lines(events);
        let on = |db: &str| {
            said(
                &bin::dutyboard(Path::new(db), "A. Officer", &["import", "-"], Some(&input)),
                db,
            )
        };
        let (on_file, on_server) = (on(&file_db), on(&server_db));
        assert_eq!(on_file, on_server, "import {} differs", n + 1);
    }
    for args in [
        ["board", "--at", "2026-01-13T09:00:00Z", "--format", "json"],
        ["due", "--at", "2026-01-13T09:00:00Z", "--format", "json"],
    ] {
        let on = |db: &str| {
            said(
                &bin::dutyboard(Path::new(db), "A. Officer", &args, None),
                db,
            )
        };
        let (on_file, on_server) = (on(&file_db), on(&server_db));
        assert_eq!(on_file.0, Some(0), "{args:?}: {}", on_file.2);
        assert_eq!(on_file, on_server, "{args:?} differs");
    }
    let store = Store::open(Path::new(&server_db)).unwrap();
    let ids: Vec<String> = store
        .read_all()
        .unwrap()
        .into_iter()
        .map(|s| s.event.id)
        .collect();
    assert_eq!(ids, ["c1", "e1", "u1"], "only what was accepted is stored");
}

#[test]
fn the_chain_is_computed_as_on_a_file_and_verify_finds_an_edit() {
    let pg = server_or_skip!();
    let name = pg.fresh("chain");
    let url = pg.url(&name);
    let db = Path::new(&url);
    bin::succeeds(db, "Init", &["init", "--policy", "cumbria"], None);
    let input = lines(&[
        child("c1", "C1"),
        episode("e1", "E1", "C1", "medium"),
        update("u1", "E1"),
    ]);
    bin::succeeds(db, "A. Officer", &["import", "-"], Some(&input));
    bin::succeeds(
        db,
        "A. Officer",
        &["import", "-"],
        Some(&lines(&[update("u2", "E1")])),
    );

    // The stored hashes are the links src/record/chain.rs makes, from the genesis.
    let mut client = pg.client(&name);
    let record_id: String = client
        .query_one(
            "SELECT value FROM dutyboard.meta WHERE key = 'record_id'",
            &[],
        )
        .unwrap()
        .get(0);
    let mut prev = chain::genesis(&record_id);
    let rows = client
        .query(
            "SELECT seq, id, dutyboard.rfc3339(recorded_at), body, hash FROM dutyboard.events ORDER BY seq",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let link = chain::link(&prev, row.get(0), row.get(1), row.get(2), row.get(3));
        assert_eq!(
            link,
            row.get::<_, String>(4),
            "seq {}",
            row.get::<_, i64>(0)
        );
        prev = link;
    }
    let store = Store::open_read_only(db).unwrap();
    assert_eq!(store.head().unwrap().as_deref(), Some(prev.as_str()));

    let out = bin::succeeds(db, "Auditor", &["verify", "--expect", &prev], None);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("is whole: 4 events"), "{said}");
    assert!(said.contains(&prev), "{said}");

    // An edit made behind the triggers (a DBA lifting them) is found, by event.
    pg.sql(
        &name,
        "BEGIN; SET LOCAL dutyboard.schema_migration = 'on';
         UPDATE dutyboard.events SET body = replace(body, 'the station', 'the bus stop') WHERE id = 'u1';
         COMMIT;",
    );
    let out = bin::dutyboard(db, "Auditor", &["verify"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("event u1 (seq 3) no longer matches the chain"),
        "{err}"
    );
}

#[test]
fn the_application_role_may_not_update_delete_or_truncate_and_triggers_refuse_everyone() {
    let pg = server_or_skip!();
    let name = pg.fresh("append_only");
    let url = pg.url(&name);
    bin::succeeds(
        Path::new(&url),
        "Init",
        &["init", "--policy", "cumbria"],
        None,
    );
    pg.officer(&name, "sam_append_only", &["cumbria"]);
    let officer = pg.url_as(&name, "sam_append_only");
    let input = lines(&[child("c1", "C1"), episode("e1", "E1", "C1", "medium")]);
    bin::succeeds(
        Path::new(&officer),
        "A. Officer",
        &["import", "-"],
        Some(&input),
    );

    let store = Store::open(Path::new(&officer)).unwrap();
    for sql in [
        "UPDATE dutyboard.events SET body = '{}'",
        "DELETE FROM dutyboard.events",
        "TRUNCATE dutyboard.events",
        "UPDATE dutyboard.meta SET value = 'x'",
        "INSERT INTO dutyboard.meta (key, value) VALUES ('policy_name', 'x')",
    ] {
        let e = store.execute_raw(sql).unwrap_err().to_string();
        assert!(e.contains("permission denied"), "{sql}: {e}");
    }
    // The superuser holds every privilege: the triggers refuse it all the same.
    let admin = Store::open(Path::new(&url)).unwrap();
    for sql in [
        "UPDATE dutyboard.events SET body = '{}'",
        "DELETE FROM dutyboard.events",
        "TRUNCATE dutyboard.events",
    ] {
        let e = admin.execute_raw(sql).unwrap_err().to_string();
        assert!(e.contains("the record is append-only"), "{sql}: {e}");
    }
    assert_eq!(store.count().unwrap(), 2, "nothing was changed");
}

#[test]
fn init_creates_the_database_once_and_is_never_run_twice() {
    let pg = server_or_skip!();
    let name = pg.fresh("init_twice");
    let url = pg.url(&name);
    let db = Path::new(&url);
    let out = bin::dutyboard(db, "Init", &["board"], None);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database at"), "{err}");
    bin::succeeds(db, "Init", &["init", "--policy", "cumbria"], None);
    let out = bin::dutyboard(db, "Init", &["init", "--policy", "camden"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        err.contains("is already initialised (policy cumbria)"),
        "{err}"
    );
    let store = Store::open(db).unwrap();
    assert_eq!(
        store.meta("policy_name").unwrap().as_deref(),
        Some("cumbria")
    );
}
