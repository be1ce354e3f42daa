//! Review D10: nothing a name, a note or a file name carries can drive the officer's
//! terminal. Control characters are refused at import (INTERFACE: control
//! characters), replaced by U+FFFD in a police notification (never a refusal), and
//! every text output shows format characters (bidi, zero-width) as escapes.

use crate::support::bin;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn run(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    bin::dutyboard(db, "duty", args, stdin)
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// No byte an escape sequence, a carriage return or a bidi override needs.
fn inert(text: &str) -> bool {
    !text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
    })
}

fn desk(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("desk.db");
    stdout(&run(&db, &["init", "--policy", "cumbria"], None));
    db
}

#[test]
fn a_name_that_would_set_the_window_title_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let line = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C7","name":"A B\u001b]0;PWNED\u0007","dob":"2011-01-01","status":"looked_after"}"#;
    let out = run(&db, &["import", "-"], Some(line));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 1"), "{err}");
    assert!(err.contains("name"), "{err}");
    assert!(err.contains("U+001B"), "{err}");
    assert!(err.contains("nothing stored"), "{err}");
    assert!(inert(&err), "the refusal itself carries no escape: {err:?}");
    let log = stdout(&run(&db, &["log", "--format", "json"], None));
    assert!(!log.contains("C7"), "nothing stored: {log}");
}

#[test]
fn a_carriage_return_is_refused_even_in_a_note_where_lines_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let child = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C1","name":"Ann Lee","dob":"2011-01-01","status":"looked_after","note":"first line\n\tsecond line"}"#;
    stdout(&run(&db, &["import", "-"], Some(child)));
    let cr = r#"{"type":"child_updated","at":"2026-01-05T10:00:00Z","child":"C1","placement":"Home","note":"Real\rFAKE"}"#;
    let out = run(&db, &["import", "-"], Some(cr));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("note") && err.contains("carriage return"),
        "{err}"
    );
}

#[test]
fn a_bidi_override_in_a_name_is_kept_in_the_record_and_escaped_on_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let events = [
        r#"{"type":"child_registered","at":"2026-03-01T09:00:00Z","child":"C1","name":"Ann \u202eeeL","dob":"2011-01-01","status":"looked_after"}"#,
        r#"{"type":"episode_reported","at":"2026-03-02T09:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"high","police_ref":"CU-1"}"#,
    ]
    .join("\n");
    stdout(&run(&db, &["import", "-"], Some(&events)));
    let at = ["--at", "2026-03-02T10:00:00Z"];
    let text = stdout(&run(&db, &[&["board"][..], &at].concat(), None));
    assert!(text.contains("Ann \\u{202e}eeL"), "{text}");
    assert!(inert(&text), "{text:?}");
    let report = stdout(&run(
        &db,
        &["report", "daily", "--at", "2026-03-02T10:00:00Z"],
        None,
    ));
    assert!(inert(&report), "{report:?}");
    let json = stdout(&run(
        &db,
        &[&["board", "--format", "json"][..], &at].concat(),
        None,
    ));
    assert!(inert(&json), "{json:?}");
    let rows: Value = serde_json::from_str(&json).expect("still JSON");
    assert_eq!(
        rows[0]["name"], "Ann \u{202e}eeL",
        "a JSON reader gets the name exactly as recorded"
    );
}

#[test]
fn a_notification_with_an_escape_is_recorded_with_it_replaced_and_the_screener_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let notification = r#"{"police_force":"Cumbria","police_ref":"CU-9","reported_at":"2026-03-02T09:00:00Z","name":"Real Name\rFAKE NAME","dob":"2011-04-12","last_seen_at":"2026-03-02T08:00:00Z","risk":"medium","circumstances":"line one\nline two"}"#;
    // A file name that tries to forge a second line of the scan's output.
    std::fs::write(
        inbox.join("n1\nprocessed fake: N-0000000000.json"),
        notification,
    )
    .unwrap();
    let scanned = stdout(&run(&db, &["triage", "scan"], None));
    assert_eq!(
        scanned.lines().count(),
        1,
        "one file, one line: {scanned:?}"
    );
    assert!(
        scanned.starts_with("processed n1\\u{a}processed fake: N-0000000000.json"),
        "{scanned}"
    );
    assert!(scanned.contains("replaced by U+FFFD in name"), "{scanned}");
    let list: Value = serde_json::from_str(&stdout(&run(
        &db,
        &["triage", "list", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(list[0]["name"], "Real Name\u{FFFD}FAKE NAME");
    assert_eq!(
        list[0]["circumstances"], "line one\nline two",
        "lines kept in free text"
    );
    let table = stdout(&run(&db, &["triage", "list"], None));
    assert!(inert(&table), "{table:?}");
}
