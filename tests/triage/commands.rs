//! The triage commands end to end through the binary: a notification accepted onto
//! a known child opens the episode with the police reference and the policy's rules
//! follow; one for an unknown child registers them `not_open`; a dismissal needs a
//! reason; ratings and decisions are recorded in the MASH's words.

use crate::support::bin;
use dutyboard::record::vocab::{Decision, Rag, Status};
use dutyboard::record::NotificationStatus;
use dutyboard::record::{state_at, Store};
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

fn fails(out: &Output, code: i32) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A record under Cumbria's policy with Amy Smith's notification scanned from the
/// default inbox beside it, and C1 registered as "Smith Amy" (same date of birth).
fn desk() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let child = r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"C1","name":"Smith Amy","dob":"2011-04-12","status":"looked_after"}"#;
    ok(&run(&db, &["import", "-"], Some(child)));
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    std::fs::copy(
        Path::new(CORPUS).join("good/amy-smith.json"),
        dir.path().join("inbox/amy.json"),
    )
    .unwrap();
    let scanned = ok(&run(&db, &["triage", "scan"], None));
    assert!(scanned.starts_with("processed amy.json: N-"), "{scanned}");
    let list: Value = serde_json::from_str(&ok(&run(
        &db,
        &["triage", "list", "--format", "json"],
        None,
    )))
    .unwrap();
    let id = list[0]["notification"].as_str().unwrap().to_string();
    (dir, db, id)
}

#[test]
fn the_list_offers_the_child_with_the_same_birthday_and_says_why() {
    let (_dir, db, id) = desk();
    let list: Value = serde_json::from_str(&ok(&run(
        &db,
        &["triage", "list", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["notification"], id.as_str());
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["police_ref"], "CC-2026-0042");
    assert_eq!(list[0]["risk"], "medium");
    let candidate = &list[0]["candidates"][0];
    assert_eq!(candidate["child"], "C1");
    assert_eq!(candidate["similarity"], 95);
    assert_eq!(
        candidate["reason"],
        "same date of birth; names match with given and family names swapped"
    );
    let private: Value = serde_json::from_str(&ok(&run(
        &db,
        &["--privacy", "triage", "list", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(private[0]["name"], "A.S.");
    assert_eq!(private[0]["candidates"][0]["name"], "S.A.");
    let table = ok(&run(&db, &["--privacy", "triage", "list"], None));
    assert!(
        !table.contains("Amy") && !table.contains("Smith"),
        "{table}"
    );
}

#[test]
fn accepting_onto_a_known_child_opens_the_episode_and_the_policy_follows() {
    let (_dir, db, id) = desk();
    ok(&run(&db, &["triage", "accept", &id, "--child", "C1"], None));
    let episode = format!("E-{}", id.trim_start_matches("N-"));
    let state = state_at(&Store::open(&db).unwrap(), None).unwrap();
    let e = state.episode(&episode).expect("the episode is open");
    assert_eq!(e.child, "C1");
    assert_eq!(e.police_ref.as_deref(), Some("CC-2026-0042"));
    assert_eq!(
        e.reported_at.to_rfc3339(),
        "2026-03-02T21:00:00+00:00",
        "reported when the police reported it"
    );
    assert_eq!(e.last_seen_at.to_rfc3339(), "2026-03-02T18:30:00+00:00");
    assert_eq!(
        e.info
            .as_ref()
            .and_then(|i| i.last_seen_location.as_deref()),
        Some("the school gates")
    );
    assert!(matches!(
        &state.notification(&id).unwrap().status,
        NotificationStatus::Accepted { child, by, .. } if child == "C1" && by == "screener"
    ));
    let pending: Value = serde_json::from_str(&ok(&run(
        &db,
        &["triage", "list", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(pending, serde_json::json!([]), "no longer waiting");

    let returned =
        format!(r#"{{"type":"child_returned","at":"2026-03-03T10:00:00Z","episode":"{episode}"}}"#);
    ok(&run(&db, &["import", "-"], Some(&returned)));
    let due: Value = serde_json::from_str(&ok(&run(
        &db,
        &["due", "--at", "2026-03-03T12:00:00Z", "--format", "json"],
        None,
    )))
    .unwrap();
    assert!(
        due.as_array()
            .unwrap()
            .iter()
            .any(|i| i["episode"] == episode.as_str() && i["rule"] == "return_home_interview"),
        "{due:#}"
    );

    let again = fails(
        &run(&db, &["triage", "accept", &id, "--child", "C1"], None),
        1,
    );
    assert!(again.contains("already accepted"), "{again}");
}

#[test]
fn accepting_a_child_the_service_does_not_know_registers_them_not_open() {
    let (_dir, db, id) = desk();
    let out = ok(&run(
        &db,
        &["triage", "accept", &id, "--new", "--episode", "EP-9"],
        None,
    ));
    assert!(out.contains("recorded child_registered"), "{out}");
    let state = state_at(&Store::open(&db).unwrap(), None).unwrap();
    let e = state.episode("EP-9").unwrap();
    let child = &state.children[&e.child];
    assert_eq!(child.name, "Amy Smith");
    assert_eq!(child.dob.to_string(), "2011-04-12");
    assert_eq!(child.status, Status::NotOpen);
    assert_eq!(
        child.placement.as_deref(),
        Some("1 Castle Street, Carlisle")
    );
}

#[test]
fn accept_needs_exactly_one_of_child_or_new() {
    let (_dir, db, id) = desk();
    fails(&run(&db, &["triage", "accept", &id], None), 2);
    fails(
        &run(
            &db,
            &["triage", "accept", &id, "--child", "C1", "--new"],
            None,
        ),
        2,
    );
    let unknown = fails(
        &run(&db, &["triage", "accept", &id, "--child", "C404"], None),
        1,
    );
    assert!(
        unknown.contains("child `C404` is not registered"),
        "{unknown}"
    );
    assert_eq!(
        state_at(&Store::open(&db).unwrap(), None)
            .unwrap()
            .episodes
            .len(),
        0
    );
}

#[test]
fn a_dismissal_needs_a_reason_and_settles_the_notification_once() {
    let (_dir, db, id) = desk();
    fails(&run(&db, &["triage", "dismiss", &id], None), 2);
    let blank = fails(
        &run(&db, &["triage", "dismiss", &id, "--reason", "  "], None),
        2,
    );
    assert!(blank.contains("needs a reason"), "{blank}");
    ok(&run(
        &db,
        &[
            "triage",
            "dismiss",
            &id,
            "--reason",
            "child lives in Scotland; passed to Police Scotland",
        ],
        None,
    ));
    let again = fails(
        &run(&db, &["triage", "dismiss", &id, "--reason", "twice"], None),
        1,
    );
    assert!(again.contains("already dismissed by screener"), "{again}");
    let all: Value = serde_json::from_str(&ok(&run(
        &db,
        &["triage", "list", "--all", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(all[0]["status"], "dismissed");
    assert_eq!(
        all[0]["dismissed_reason"],
        "child lives in Scotland; passed to Police Scotland"
    );
}

#[test]
fn ratings_and_decisions_are_recorded_on_a_notification_or_an_episode() {
    let (_dir, db, id) = desk();
    let purple = fails(
        &run(&db, &["triage", "rate", &id, "--rag", "purple"], None),
        2,
    );
    assert!(purple.contains("not a RAG rating"), "{purple}");
    fails(
        &run(&db, &["triage", "decide", &id, "--decision", "maybe"], None),
        2,
    );
    let nowhere = fails(
        &run(&db, &["triage", "rate", "N-nothing", "--rag", "red"], None),
        1,
    );
    assert!(
        nowhere.contains("neither a notification nor an episode"),
        "{nowhere}"
    );

    ok(&run(
        &db,
        &[
            "triage",
            "rate",
            &id,
            "--rag",
            "amber",
            "--reason",
            "known to CSE team",
        ],
        None,
    ));
    ok(&run(
        &db,
        &["triage", "accept", &id, "--child", "C1", "--episode", "E1"],
        None,
    ));
    ok(&run(
        &db,
        &[
            "triage",
            "decide",
            "E1",
            "--decision",
            "strategy_discussion",
            "--note",
            "today",
        ],
        None,
    ));
    let state = state_at(&Store::open(&db).unwrap(), None).unwrap();
    let rated = state
        .notification(&id)
        .unwrap()
        .screening
        .rag
        .clone()
        .unwrap();
    assert_eq!(
        (rated.rag, rated.reason.as_deref()),
        (Rag::Amber, Some("known to CSE team"))
    );
    let decided = state.episode_screening["E1"].decision.clone().unwrap();
    assert_eq!(
        (
            decided.decision,
            decided.note.as_deref(),
            decided.by.as_str()
        ),
        (Decision::StrategyDiscussion, Some("today"), "screener")
    );
}

#[test]
fn scan_reads_the_inbox_named_by_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let elsewhere = dir.path().join("police-drop");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::copy(
        Path::new(CORPUS).join("good/two-children.csv"),
        elsewhere.join("two.csv"),
    )
    .unwrap();
    let out = ok(&run(
        &db,
        &["--inbox", elsewhere.to_str().unwrap(), "triage", "scan"],
        None,
    ));
    assert!(out.starts_with("processed two.csv: N-"), "{out}");
    assert!(elsewhere.join("processed/two.csv.events.txt").exists());
    let empty = ok(&run(&db, &["triage", "scan"], None));
    assert!(empty.starts_with("no new notifications"), "{empty}");
}

#[test]
fn scan_refuses_an_inbox_that_holds_the_database_and_the_record_stays_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let folder = dir.path().to_str().unwrap();
    let why = fails(&run(&db, &["--inbox", folder, "triage", "scan"], None), 1);
    assert!(why.contains("holds the database"), "{why}");
    assert!(db.exists(), "the record is where it was");
    assert!(!dir.path().join("rejected").exists());
    let due = ok(&run(&db, &["due", "--format", "json"], None));
    assert_eq!(due.trim(), "[]");
}

/// Review D23: with privacy on, `triage list` withholds everything in a police
/// notification that says who the child is, not only the name: the address, the
/// placement, who reported, the circumstances, where last seen, and the file name.
#[test]
fn privacy_withholds_the_address_placement_reporter_and_file_from_the_triage_list() {
    let (_dir, db, _) = desk();
    let list = |privacy: bool| -> Value {
        let mut args = vec!["triage", "list", "--all", "--format", "json"];
        if privacy {
            args.insert(0, "--privacy");
        }
        serde_json::from_str(&ok(&run(&db, &args, None))).unwrap()
    };
    let open = list(false);
    assert_eq!(open[0]["address"], "1 Castle Street, Carlisle");
    assert_eq!(open[0]["source_file"], "amy.json");
    let private = list(true);
    let item = &private[0];
    for field in [
        "address",
        "placement",
        "reported_by",
        "circumstances",
        "last_seen_location",
        "source_file",
    ] {
        assert!(
            item[field].is_null(),
            "{field} shown with privacy on: {item}"
        );
    }
    let text = serde_json::to_string(&private).unwrap();
    for secret in [
        "Castle Street",
        "foster carer",
        "school gates",
        "phone off",
        "Amy",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} shown with privacy on: {text}"
        );
    }
    assert_eq!(
        item["police_ref"], "CC-2026-0042",
        "what is not personal stays"
    );
}

/// Review D3: a file the scan refused is in the triage list (on every desk, from the
/// record), with its name and why, not only in the scan's output.
#[test]
fn the_triage_list_shows_a_file_the_inbox_refused_and_why() {
    let (dir, db, _) = desk();
    std::fs::copy(
        Path::new(CORPUS).join("bad/reported-in-future.json"),
        dir.path().join("inbox/future.json"),
    )
    .unwrap();
    let scanned = ok(&run(&db, &["triage", "scan"], None));
    assert!(scanned.starts_with("rejected future.json: "), "{scanned}");
    let list = ok(&run(&db, &["triage", "list"], None));
    let line = list
        .lines()
        .find(|l| l.contains("future.json"))
        .unwrap_or_else(|| panic!("no refused file in:\n{list}"));
    assert!(line.contains("refused"), "{line}");
    assert!(line.contains("is in the future"), "{line}");
}

/// Review B3: a screener registers the child on the board, then accepts the police
/// notification that reported her missing half an hour before she was registered.
#[test]
fn a_notification_is_accepted_onto_a_child_registered_after_the_police_reported_her() {
    let (_dir, db, id) = desk();
    let later = r#"{"type":"child_registered","at":"2026-03-02T21:30:00Z","child":"C2","name":"Amy Smith","dob":"2011-04-12","status":"looked_after"}"#;
    ok(&run(&db, &["import", "-"], Some(later)));
    let out = ok(&run(&db, &["triage", "accept", &id, "--child", "C2"], None));
    assert!(out.contains("recorded episode_corrected"), "{out}");
    let episode = format!("E-{}", id.trim_start_matches("N-"));
    let board: Value =
        serde_json::from_str(&ok(&run(&db, &["board", "--format", "json"], None))).unwrap();
    let row = board
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["episode"] == episode.as_str())
        .expect("the episode is on the board");
    assert_eq!(row["child"], "C2");
    // Her clocks run from when the police reported her, not from her registration:
    // Cumbria's strategy meeting is due 24 h after the report.
    assert_eq!(row["reported_at"], "2026-03-02T21:00:00Z");
    assert_eq!(row["next_action"], "strategy_meeting");
    assert_eq!(row["next_due_at"], "2026-03-03T21:00:00Z");
    // The trail says why the report was entered later than it was made.
    let log = ok(&run(&db, &["log"], None));
    assert!(log.contains("episode_corrected"), "{log}");
}

/// Review B3: the police grade may be one the procedure forbids for this child; the
/// screener sets the grade on accepting, and the trail keeps the police's.
#[test]
fn the_screener_sets_the_grade_on_accepting_and_a_forbidden_one_is_refused() {
    let (_dir, db, id) = desk();
    let refused = fails(
        &run(
            &db,
            &[
                "triage",
                "accept",
                &id,
                "--child",
                "C1",
                "--risk",
                "no_apparent_risk",
            ],
            None,
        ),
        1,
    );
    assert!(
        refused.contains("no_apparent_risk` is refused"),
        "{refused}"
    );
    assert!(
        !refused.contains("report it first"),
        "only the real reason is given:\n{refused}"
    );
    ok(&run(
        &db,
        &["triage", "accept", &id, "--child", "C1", "--risk", "high"],
        None,
    ));
    let episode = format!("E-{}", id.trim_start_matches("N-"));
    let state = state_at(&Store::open(&db).unwrap(), None).unwrap();
    assert_eq!(
        state.episode(&episode).unwrap().risk,
        dutyboard::record::vocab::Risk::High
    );
    let log = ok(&run(&db, &["log", "--format", "json"], None));
    assert!(log.contains("the police graded the risk MED"), "{log}");
}
