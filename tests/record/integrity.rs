//! The record proves it is whole (INTERFACE, "The record proves it is whole"; the
//! reliability review's D8, D9 and D15): a hash chain from the record's random id, the
//! database refusing a rewrite however it is phrased, `verify`, `init` adopting no file
//! it did not make, and read-only commands writing nothing.

use crate::support::bin::{dutyboard, succeeds};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const CHILD: &str = r#"{"type":"child_registered","id":"c1","at":"2026-01-05T10:00:00Z","child":"C1","name":"Test Child","dob":"2011-04-12","status":"looked_after"}"#;
const EPISODE: &str = r#"{"type":"episode_reported","id":"e1","at":"2026-03-02T09:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"high"}"#;

fn desk(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("desk.db");
    succeeds(&db, "op", &["init", "--policy", "cumbria"], None);
    succeeds(
        &db,
        "op",
        &["import", "-"],
        Some(&format!("{CHILD}\n{EPISODE}\n")),
    );
    db
}

fn sql(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The chain exactly as sql/postgres/schema.sql defines it: genesis() =
/// sha256_hex('dutyboard-genesis' || E'\n' || record_id); chain_hash(prev, seq, id,
/// recorded_at, body) = sha256_hex(prev \n seq \n id \n rfc3339(recorded_at) \n body),
/// rfc3339 being to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') in UTC.
#[test]
fn the_sqlite_chain_is_the_postgresql_chain_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    let conn = sql(&db);
    let record_id: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'record_id'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(record_id.len(), 32, "a random id: {record_id}");
    let mut prev = sha256_hex(format!("dutyboard-genesis\n{record_id}").as_bytes());
    let mut stmt = conn
        .prepare(
            "SELECT e.seq, e.id, e.recorded_at, e.body, c.hash FROM events e
             JOIN chain c ON c.seq = e.seq ORDER BY e.seq",
        )
        .unwrap();
    let rows: Vec<(i64, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2);
    for (seq, id, recorded_at, body, hash) in rows {
        // recorded_at to the microsecond in UTC, as rfc3339() writes it.
        let at = chrono::DateTime::parse_from_rfc3339(&recorded_at).unwrap();
        let at = at
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string();
        let want = sha256_hex(format!("{prev}\n{seq}\n{id}\n{at}\n{body}").as_bytes());
        assert_eq!(hash, want, "event {id} (seq {seq})");
        prev = want;
    }
    let out = succeeds(&db, "op", &["verify"], None);
    assert!(
        text(&out).contains(&prev),
        "verify prints the head:\n{}",
        text(&out)
    );
}

/// Review D9: "insert or replace into events(...) select ... replace(body, ...) where
/// id='e1'   # no error".
#[test]
fn insert_or_replace_cannot_rewrite_an_event_or_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    let conn = sql(&db);
    let e = conn
        .execute(
            "INSERT OR REPLACE INTO events (at_us, seq, id, type, at, by, recorded_at, body)
             SELECT at_us, seq, id, type, at, by, recorded_at,
                    replace(body, '\"risk\":\"high\"', '\"risk\":\"low\"')
             FROM events WHERE id = 'e1'",
            [],
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("append-only"), "{e}");
    let e = conn
        .execute(
            "INSERT OR REPLACE INTO meta (key, value)
             SELECT key, value || ' ' FROM meta WHERE key = 'policy_text'",
            [],
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("fixed at init"), "{e}");
    let body: String = conn
        .query_row("SELECT body FROM events WHERE id = 'e1'", [], |r| r.get(0))
        .unwrap();
    assert!(body.contains(r#""risk":"high""#), "{body}");
}

/// INTERFACE: "exit 1 naming the first event whose stored form no longer matches".
#[test]
fn verify_names_the_first_event_changed_behind_the_desks_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    succeeds(&db, "op", &["verify"], None);
    let conn = sql(&db);
    conn.execute_batch(
        "DROP TRIGGER events_are_never_updated;
         UPDATE events SET body = replace(body, '\"risk\":\"high\"', '\"risk\":\"low\"')
         WHERE id = 'e1';",
    )
    .unwrap();
    drop(conn);
    let out = dutyboard(&db, "op", &["verify"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("e1"), "{}", text(&out));
}

/// INTERFACE: "`verify --expect HEAD` checks against a head kept elsewhere".
#[test]
fn verify_expect_refuses_a_head_kept_elsewhere_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    let wrong = "0".repeat(64);
    let out = dutyboard(&db, "op", &["verify", "--expect", &wrong], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

/// Review D9: "copy a snapshot from a db where E1 returned -> board/due show RHI
/// overdue for a child whose events say missing". The cache is bound to the chain head.
#[test]
fn a_fold_cache_from_another_record_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    let other = dir.path().join("other.db");
    succeeds(&other, "op", &["init", "--policy", "cumbria"], None);
    let returned = r#"{"type":"child_returned","id":"r1","at":"2026-03-02T12:00:00Z","episode":"E1","injured":false,"location_found":"Home","victim_of_crime":false}"#;
    succeeds(
        &other,
        "op",
        &["import", "-"],
        Some(&format!("{CHILD}\n{EPISODE}\n{returned}\n")),
    );
    let before = succeeds(
        &db,
        "op",
        &["board", "--at", "2026-03-02T13:00:00Z", "--format", "json"],
        None,
    );
    // A snapshot of the other record (E1 returned), with the seq this one has.
    succeeds(&other, "op", &["board", "--format", "json"], None);
    let conn = sql(&db);
    conn.execute(&format!("ATTACH '{}' AS o", other.display()), [])
        .unwrap();
    conn.execute_batch(
        "DELETE FROM fold_cache;
         INSERT INTO fold_cache SELECT * FROM o.fold_cache;
         UPDATE fold_cache SET upto_seq = 2, events = 2;",
    )
    .unwrap();
    drop(conn);
    let after = succeeds(
        &db,
        "op",
        &["board", "--at", "2026-03-02T13:00:00Z", "--format", "json"],
        None,
    );
    assert_eq!(text(&after), text(&before));
}

/// Review D9: "cp fake.json bank-holidays.json   # beside the db". INTERFACE: "A
/// calendar file is never read from beside the database".
#[test]
fn a_bank_holidays_file_beside_the_database_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(&dir);
    let before = succeeds(
        &db,
        "op",
        &["due", "--at", "2026-03-02T13:00:00Z", "--format", "json"],
        None,
    );
    // Whatever is beside it (here a file that is not even a calendar) changes nothing.
    let fake = r#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"#;
    std::fs::write(dir.path().join("bank-holidays.json"), fake).unwrap();
    let after = succeeds(
        &db,
        "op",
        &["due", "--at", "2026-03-02T13:00:00Z", "--format", "json"],
        None,
    );
    assert_eq!(text(&after), text(&before));
}

/// Review D8: "touch desk.db; chmod 666 ...; init  # file stays -rw-rw-rw-".
#[cfg(unix)]
#[test]
fn init_takes_an_empty_file_of_ours_only_and_makes_it_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    std::fs::write(&db, "").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    succeeds(&db, "op", &["init", "--policy", "cumbria"], None);
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "someone's notes\n").unwrap();
    let out = dutyboard(&foreign, "op", &["init", "--policy", "cumbria"], None);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "someone's notes\n"
    );
}

/// Review D15: "sqlite3 foreign.db 'create table customers(id,name)'; $B --db
/// foreign.db due  # hash changed"; ": > empty.db; $B --db empty.db due".
#[test]
fn read_only_commands_leave_a_file_that_is_not_a_record_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("foreign.db");
    sql(&foreign)
        .execute_batch("CREATE TABLE customers (id, name);")
        .unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    for db in [&foreign, &empty] {
        let before = std::fs::read(db).unwrap();
        for args in [&["due"][..], &["board", "--format", "json"], &["verify"]] {
            let out = dutyboard(db, "op", args, None);
            assert!(!out.status.success(), "{args:?}: {}", text(&out));
        }
        assert_eq!(std::fs::read(db).unwrap(), before, "{}", db.display());
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists());
    }
}

/// Review D15: "an older record is read as it is, and the first writing command, or
/// `dutyboard upgrade`, upgrades it and says so". tests/fixtures/db/cumbria.db was
/// written by the release of 05464f4, before the chain.
#[test]
fn an_old_record_is_read_as_it_is_and_chained_once_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cumbria.db");
    std::fs::copy("tests/fixtures/db/cumbria.db", &db).unwrap();
    let before = std::fs::read(&db).unwrap();
    succeeds(&db, "op", &["due", "--at", "2026-03-02T13:00:00Z"], None);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "due wrote to the record"
    );
    let events: i64 = sql(&db)
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    let out = succeeds(&db, "op", &["upgrade"], None);
    assert!(text(&out).contains("upgraded"), "{}", text(&out));
    let out = succeeds(&db, "op", &["verify"], None);
    assert!(
        text(&out).contains(&format!("chained on upgrade up to seq {events}")),
        "{}",
        text(&out)
    );
}
