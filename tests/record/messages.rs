//! Review D21: what a refusal says of a line is about that line. A file saved with a
//! byte order mark (as Windows tools write UTF-8) is read, not refused as "expected
//! value at line 1 column 1"; and a line that is not JSON is placed by its line in the
//! file and the column in it, never by serde's "line 1" of the one line it was given.

use crate::support::bin;

const CHILD: &str = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C1","name":"A B","dob":"2011-01-01","status":"looked_after"}"#;

#[test]
fn a_file_that_starts_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    bin::succeeds(&db, "T", &["init", "--policy", "cumbria"], None);
    let out = bin::dutyboard(
        &db,
        "T",
        &["import", "-"],
        Some(&format!("\u{feff}{CHILD}\n")),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("stored 1 event"), "{err}");
}

#[test]
fn a_line_that_is_not_json_is_placed_by_its_own_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    bin::succeeds(&db, "T", &["init", "--policy", "cumbria"], None);
    let bad = CHILD.replace("C1", "C2").replace("}", ",}");
    let out = bin::dutyboard(
        &db,
        "T",
        &["import", "-"],
        Some(&format!("{CHILD}\n{bad}\n")),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(
        !err.contains("line 1 column"),
        "serde's line 1 is not the file's: {err}"
    );
    assert!(err.contains(&format!("column {}", bad.len())), "{err}");
}
