//! `dutyboard migrate --from desk.db --to postgres://...`: the record copied, every
//! `by` and `recorded_at` kept, the same chain head on both; and all or nothing: a
//! source that is not whole, a target that holds a record, or an event the server
//! refuses half way leaves the server with no event at all.

use crate::server::server_or_skip;
use crate::support::bin;
use dutyboard::record::{chain, Store};
use serde_json::json;
use std::path::Path;

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A file record: a child, its episode, `updates` updates by two officers, a void.
fn source(dir: &Path, updates: usize) -> String {
    let file = dir.join("desk.db").to_str().unwrap().to_string();
    let db = Path::new(&file);
    bin::succeeds(db, "Init", &["init", "--policy", "cumbria"], None);
    let mut lines = vec![
        json!({"type": "child_registered", "id": "c1", "at": "2026-01-05T10:00:00Z", "child": "C1",
               "name": "Moved Child", "dob": "2011-04-12", "status": "looked_after"}),
        json!({"type": "episode_reported", "id": "e1", "at": "2026-01-12T09:00:00Z", "episode": "E1",
               "child": "C1", "last_seen_at": "2026-01-12T08:00:00Z", "category": "missing",
               "risk": "medium"}),
    ];
    for n in 0..updates {
        lines.push(json!({"type": "update_recorded", "id": format!("u{n}"),
            "at": format!("2026-01-12T10:{:02}:{:02}Z", n / 60 % 60, n % 60),
            "episode": "E1", "text": format!("update {n}")}));
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    bin::succeeds(db, "A. Officer", &["import", "-"], Some(&text));
    let void = json!({"type": "event_voided", "id": "v1", "at": "2026-01-12T12:00:00Z",
                      "event": "u0", "reason": "typed in error"});
    bin::succeeds(
        db,
        "B. Officer",
        &["import", "-"],
        Some(&format!("{void}\n")),
    );
    file
}

fn head_of(verify_stdout: &str) -> String {
    verify_stdout.trim().rsplit(' ').next().unwrap().to_string()
}

#[test]
fn migrate_copies_a_file_record_keeping_every_by_recorded_at_and_the_chain_head() {
    let pg = server_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    let file = source(dir.path(), 20);
    let name = pg.fresh("migrate");
    let url = pg.url(&name);
    let head = head_of(&out(&bin::succeeds(
        Path::new(&file),
        "Auditor",
        &["verify"],
        None,
    )));

    let copied = bin::succeeds(
        Path::new(&file),
        "DBA",
        &["migrate", "--from", &file, "--to", &url],
        None,
    );
    let said = out(&copied);
    assert!(said.contains("copied 23 events"), "{said}");
    assert!(said.contains(&head), "{said}");
    bin::succeeds(
        Path::new(&url),
        "Auditor",
        &["verify", "--expect", &head],
        None,
    );
    // The log (ids, by, recorded_at, in order) and the board are the same on both.
    for args in [
        vec!["log", "--format", "json"],
        vec!["board", "--at", "2026-01-13T09:00:00Z", "--format", "json"],
    ] {
        let on_file = out(&bin::succeeds(Path::new(&file), "Reader", &args, None));
        let on_server = out(&bin::succeeds(Path::new(&url), "Reader", &args, None));
        assert_eq!(on_file, on_server, "{args:?}");
    }
    let store = Store::open(Path::new(&url)).unwrap();
    assert_eq!(
        store.meta("policy_name").unwrap().as_deref(),
        Some("cumbria")
    );

    // A second copy into a record that holds one is refused, changing nothing.
    let again = bin::dutyboard(
        Path::new(&file),
        "DBA",
        &["migrate", "--from", &file, "--to", &url],
        None,
    );
    let err = String::from_utf8_lossy(&again.stderr);
    assert_ne!(again.status.code(), Some(0));
    assert!(err.contains("already holds a record"), "{err}");
    assert_eq!(store.count().unwrap(), 23);
}

#[test]
fn migrate_is_all_or_nothing_when_the_server_refuses_an_event_half_way() {
    let pg = server_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    let file = source(dir.path(), 600);
    // An event no desk could have stored (its episode is on no record), written into
    // the file behind the checks with a link that chains it: the file's chain is whole,
    // but the server refuses it, after the first 500 events were sent.
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let (seq, prev): (i64, String) = conn
            .query_row(
                "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let body = json!({"type": "update_recorded", "id": "stray", "at": "2026-01-12T13:00:00Z",
                          "by": "X", "episode": "E404", "text": "on no record"})
        .to_string();
        let recorded = "2026-01-12T13:00:00.000000Z";
        let at_us = 1_768_222_800_000_000_i64; // 2026-01-12T13:00:00Z
        conn.execute(
            "INSERT INTO events (at_us, seq, id, type, at, by, recorded_at, body)
             VALUES (?1, ?2, 'stray', 'update_recorded', '2026-01-12T13:00:00+00:00', 'X', ?3, ?4)",
            rusqlite::params![at_us, seq + 1, recorded, body],
        )
        .unwrap();
        let link = chain::link(&prev, seq + 1, "stray", recorded, &body);
        conn.execute(
            "INSERT INTO chain (seq, hash) VALUES (?1, ?2)",
            rusqlite::params![seq + 1, link],
        )
        .unwrap();
    }
    let name = pg.fresh("migrate_half_way");
    let url = pg.url(&name);
    let failed = bin::dutyboard(
        Path::new(&file),
        "DBA",
        &["migrate", "--from", &file, "--to", &url],
        None,
    );
    let err = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains("episode 'E404' is not on the record"), "{err}");
    assert!(err.contains("nothing was copied"), "{err}");
    let mut client = pg.client(&name);
    let (events, policy): (i64, i64) = {
        let r = client
            .query_one(
                "SELECT (SELECT count(*) FROM dutyboard.events),
                        (SELECT count(*) FROM dutyboard.meta WHERE key = 'policy_name')",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(
        (events, policy),
        (0, 0),
        "nothing of the record is on the server"
    );
}

#[test]
fn migrate_refuses_a_file_whose_chain_is_broken() {
    let pg = server_or_skip!();
    let dir = tempfile::tempdir().unwrap();
    let file = source(dir.path(), 3);
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_are_never_updated;
             UPDATE events SET body = replace(body, 'update 1', 'update one') WHERE id = 'u1';",
        )
        .unwrap();
    }
    let name = pg.fresh("migrate_broken");
    let url = pg.url(&name);
    let failed = bin::dutyboard(
        Path::new(&file),
        "DBA",
        &["migrate", "--from", &file, "--to", &url],
        None,
    );
    let err = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(
        err.contains("event u1 (seq 4) no longer matches the chain"),
        "{err}"
    );
    assert!(err.contains("nothing was copied"), "{err}");
}
