//! Review D4: a police notification re-sent with different content (same force,
//! reference and report time: the same notification id) is no duplicate. It is stored
//! as a new `notification_received` whose `supersedes` names the first (INTERFACE),
//! triage shows what changed ("risk medium → HIGH"), and an episode already opened from
//! the first shows the police regrade until an officer records a `risk_changed` or
//! dismisses the regrade.

use crate::support::bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notifications");

fn run(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    bin::dutyboard(db, "screener", args, stdin)
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// Amy Smith's notification (risk Medium, "Did not come home from school") scanned
/// from the default inbox, and C1 registered with her date of birth.
fn desk() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let child = r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"C1","name":"Smith Amy","dob":"2011-04-12","status":"looked_after"}"#;
    ok(&run(&db, &["import", "-"], Some(child)));
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    drop_in(
        dir.path(),
        "amy.json",
        "Medium",
        "Did not come home from school; phone off.",
    );
    let scanned = ok(&run(&db, &["triage", "scan"], None));
    assert!(scanned.starts_with("processed amy.json: N-"), "{scanned}");
    let list = json(&run(
        &db,
        &["triage", "list", "--all", "--format", "json"],
        None,
    ));
    let id = list[0]["notification"].as_str().unwrap().to_string();
    (dir, db, id)
}

/// The corpus notification with its risk and circumstances as given, in the inbox.
fn drop_in(dir: &Path, name: &str, risk: &str, circumstances: &str) {
    let mut n: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("good/amy-smith.json")).unwrap(),
    )
    .unwrap();
    n["risk"] = risk.into();
    n["circumstances"] = circumstances.into();
    std::fs::write(dir.join("inbox").join(name), n.to_string()).unwrap();
}

/// The police re-send the notification with risk High and new circumstances.
fn re_sent_high(dir: &Path, db: &Path) -> String {
    drop_in(
        dir,
        "amy-v2.json",
        "High",
        "Seen getting into a car with an older man.",
    );
    ok(&run(db, &["triage", "scan"], None))
}

fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// The board row of `episode`'s violations, as `board --format json` gives them.
fn violations(db: &Path, episode: &str) -> Vec<String> {
    let rows = json(&run(db, &["board", "--format", "json"], None));
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["episode"] == episode)
        .unwrap_or_else(|| panic!("{episode} is not on the board: {rows}"));
    row["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn regrade(violations: &[String]) -> Option<&String> {
    violations
        .iter()
        .find(|v| v.contains("police") && v.contains("HIGH"))
}

#[test]
fn a_notification_re_sent_with_risk_raised_supersedes_the_first_and_triage_shows_the_change() {
    let (dir, db, id) = desk();
    let scanned = re_sent_high(dir.path(), &db);
    assert!(
        scanned.starts_with("processed amy-v2.json"),
        "the re-send is not a duplicate: {scanned}"
    );
    let list = json(&run(&db, &["triage", "list", "--format", "json"], None));
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "one notification, re-sent: {list}"
    );
    assert_eq!(list[0]["notification"], id.as_str());
    assert_eq!(list[0]["risk"], "high", "{list}");
    assert_eq!(
        list[0]["circumstances"],
        "Seen getting into a car with an older man."
    );
    let changes: Vec<&str> = list[0]["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("no changes listed: {list}"))
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(changes.contains(&"risk medium → HIGH"), "{changes:?}");
    assert!(changes.contains(&"circumstances changed"), "{changes:?}");
    let table = ok(&run(&db, &["triage", "list"], None));
    assert!(table.contains("risk medium → HIGH"), "{table}");

    // In the record: a second notification_received, superseding the first.
    let log = ok(&run(&db, &["log", "--format", "json"], None));
    let received: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["type"] == "notification_received")
        .collect();
    assert_eq!(received.len(), 2, "{log}");
    assert_eq!(
        received[1]["body"]["supersedes"], received[0]["id"],
        "{log}"
    );

    // The first copy sent again changes nothing: it is a duplicate, the risk stays high.
    drop_in(
        dir.path(),
        "amy-again.json",
        "Medium",
        "Did not come home from school; phone off.",
    );
    let again = ok(&run(&db, &["triage", "scan"], None));
    assert!(again.starts_with("duplicate amy-again.json"), "{again}");
    let list = json(&run(&db, &["triage", "list", "--format", "json"], None));
    assert_eq!(list[0]["risk"], "high");
}

#[test]
fn an_episode_opened_from_the_first_shows_the_police_regrade_until_the_risk_change_is_recorded() {
    let (dir, db, id) = desk();
    ok(&run(&db, &["triage", "accept", &id, "--child", "C1"], None));
    let episode = format!("E-{}", id.trim_start_matches("N-"));
    assert_eq!(regrade(&violations(&db, &episode)), None);
    re_sent_high(dir.path(), &db);
    let shown = violations(&db, &episode);
    let text = regrade(&shown).unwrap_or_else(|| panic!("no police regrade shown: {shown:?}"));
    assert!(text.contains("medium"), "{text}");
    let change = format!(
        r#"{{"type":"risk_changed","at":"{}","episode":"{episode}","risk":"high","reason":"police regraded"}}"#,
        now()
    );
    ok(&run(&db, &["import", "-"], Some(&change)));
    assert_eq!(
        regrade(&violations(&db, &episode)),
        None,
        "the officer recorded it"
    );
}

#[test]
fn a_police_regrade_an_officer_dismisses_is_no_longer_shown() {
    let (dir, db, id) = desk();
    ok(&run(&db, &["triage", "accept", &id, "--child", "C1"], None));
    let episode = format!("E-{}", id.trim_start_matches("N-"));
    let early = run(
        &db,
        &["triage", "dismiss", &id, "--reason", "nothing to dismiss"],
        None,
    );
    assert_eq!(
        early.status.code(),
        Some(1),
        "an accepted notification is not dismissed"
    );
    re_sent_high(dir.path(), &db);
    assert!(regrade(&violations(&db, &episode)).is_some());
    ok(&run(
        &db,
        &[
            "triage",
            "dismiss",
            &id,
            "--reason",
            "spoke to the force: medium stands",
        ],
        None,
    ));
    assert_eq!(regrade(&violations(&db, &episode)), None, "dismissed");
    let list = json(&run(
        &db,
        &["triage", "list", "--all", "--format", "json"],
        None,
    ));
    assert_eq!(
        list[0]["status"], "accepted",
        "the episode stays open: {list}"
    );
}
