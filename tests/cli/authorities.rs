//! Several authorities on one record (INTERFACE, "Several authorities on one record"),
//! through the binary, on a record the 05464f4 release wrote: it opens as one
//! authority under its `init` policy with nothing lost, and takes a second authority.

use crate::support::bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const AT: &str = "2026-03-02T09:00:00Z";

fn run(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    bin::dutyboard(db, "cli-test", args, stdin)
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(db: &Path, command: &str) -> Vec<Value> {
    let out = run(db, &[command, "--at", AT, "--format", "json"], None);
    serde_json::from_str(&ok(&out)).expect("a JSON array")
}

/// A copy of the release's record whose children carry free-text authorities.
fn release_record(dir: &Path) -> PathBuf {
    let db = dir.join("board.db");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("tests/fixtures/db/cumbria_free_text_authorities.db"),
        &db,
    )
    .unwrap();
    db
}

/// Every item or row, without the authority the release did not print.
fn without_authority(items: &[Value]) -> Vec<Value> {
    items
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.as_object_mut().unwrap().remove("authority");
            i
        })
        .collect()
}

#[test]
fn a_record_the_release_wrote_opens_as_one_authority_under_its_init_policy() {
    let dir = tempfile::tempdir().unwrap();
    let db = release_record(dir.path());
    let due = json(&db, "due");
    assert!(!due.is_empty());
    for item in &due {
        // "Kent County Council", "  Northumberland  ", none: one authority, cumbria's.
        assert_eq!(item["authority"], "cumbria", "{item}");
        assert_eq!(item["policy"], "cumbria", "{item}");
    }
    for row in json(&db, "board") {
        assert_eq!(row["authority"], "cumbria", "{row}");
    }
}

#[test]
fn a_second_authority_adopted_on_a_release_record_changes_none_of_its_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let db = release_record(dir.path());
    let (due, board) = (json(&db, "due"), json(&db, "board"));
    ok(&run(
        &db,
        &["policy", "adopt", "medway", "--authority", "medway"],
        None,
    ));
    assert_eq!(
        without_authority(&json(&db, "due")),
        without_authority(&due)
    );
    assert_eq!(
        without_authority(&json(&db, "board")),
        without_authority(&board)
    );
    // Two authorities now: a new child must name one of them.
    let kent = r#"{"type":"child_registered","at":"2026-03-01T09:00:00Z","child":"K9","name":"New Child","dob":"2012-01-01","status":"looked_after","authority":"Kent County Council"}"#;
    let refused = run(&db, &["import", "-"], Some(kent));
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("Kent County Council") && why.contains("medway"),
        "{why}"
    );
    let medway = concat!(
        r#"{"type":"child_registered","at":"2026-03-01T09:00:00Z","child":"M1","name":"New Child","dob":"2012-01-01","status":"child_protection","authority":"medway"}"#,
        "\n",
        r#"{"type":"episode_reported","at":"2026-03-02T08:00:00Z","episode":"ME1","child":"M1","last_seen_at":"2026-03-02T06:00:00Z","category":"missing","risk":"medium","police_ref":"KM-1"}"#,
    );
    ok(&run(&db, &["import", "-"], Some(medway)));
    let due = json(&db, "due");
    let need_to_know = due
        .iter()
        .find(|i| i["episode"] == "ME1" && i["rule"] == "need_to_know")
        .expect("medway's need-to-know for the medway child");
    assert_eq!(need_to_know["policy"], "medway");
    assert_eq!(need_to_know["authority"], "medway");
    // 002: need to know within 24 hours of last seen.
    assert_eq!(need_to_know["due_at"], "2026-03-03T06:00:00Z");
}

#[test]
fn a_policy_that_fails_policy_check_is_not_adopted_and_a_dry_run_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = release_record(dir.path());
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "this is not a policy\n").unwrap();
    let refused = run(
        &db,
        &[
            "policy",
            "adopt",
            broken.to_str().unwrap(),
            "--authority",
            "kent",
        ],
        None,
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("policy check"));
    let dry = ok(&run(
        &db,
        &[
            "policy",
            "adopt",
            "camden",
            "--authority",
            "camden",
            "--dry-run",
        ],
        None,
    ));
    assert!(dry.contains("nothing recorded"), "{dry}");
    let log = ok(&run(&db, &["log", "--format", "json"], None));
    assert!(!log.contains("policy_adopted"), "{log}");
}
