//! Issue 14: the reports and the SSDA903 export per authority (`--authority A`), and
//! the handover for the whole desk, on a record of two authorities: Medway's own
//! child, Cumbria's own child, and a child Medway placed in Cumbria (Cumbria's
//! procedure applies on the desk; Medway is responsible for it).

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

/// Medway's desk (init) that takes Cumbria on too, with one child each and one child
/// placed in Cumbria by Medway, each missing since the evening of 1 March.
fn two_authorities(dir: &Path) -> PathBuf {
    let db = dir.join("board.db");
    ok(&run(
        &db,
        &["init", "--policy", "medway", "--authority", "medway"],
        None,
    ));
    ok(&run(
        &db,
        &["policy", "adopt", "cumbria", "--authority", "cumbria"],
        None,
    ));
    let events = [
        r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"M1","name":"Mia Medway","dob":"2011-05-01","status":"looked_after","authority":"medway"}"#,
        r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"K1","name":"Kai Cumbria","dob":"2010-06-01","status":"looked_after","authority":"cumbria"}"#,
        r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"P1","name":"Pip Placed","dob":"2010-08-01","status":"looked_after","authority":"cumbria","placing_authority":"medway","flags":["other_la_placement"]}"#,
        r#"{"type":"episode_reported","at":"2026-03-01T20:00:00Z","episode":"ME1","child":"M1","last_seen_at":"2026-03-01T18:00:00Z","category":"missing","risk":"medium","police_ref":"KM-1"}"#,
        r#"{"type":"episode_reported","at":"2026-03-01T21:00:00Z","episode":"KE1","child":"K1","last_seen_at":"2026-03-01T19:00:00Z","category":"missing","risk":"high","police_ref":"CU-1"}"#,
        r#"{"type":"episode_reported","at":"2026-03-01T22:00:00Z","episode":"PE1","child":"P1","last_seen_at":"2026-03-01T20:00:00Z","category":"missing","risk":"medium","police_ref":"CU-2"}"#,
    ]
    .join("\n");
    ok(&run(&db, &["import", "-"], Some(&events)));
    db
}

fn daily(db: &Path, authority: Option<&str>) -> Value {
    let mut args = vec!["report", "daily", "--at", AT, "--format", "json"];
    if let Some(a) = authority {
        args.extend(["--authority", a]);
    }
    serde_json::from_str(&ok(&run(db, &args, None))).unwrap()
}

fn episodes(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = report["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["episode"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

fn ssda903(db: &Path, authority: &str) -> Vec<String> {
    let csv = ok(&run(
        db,
        &[
            "export",
            "ssda903",
            "--year",
            "2026",
            "--at",
            AT,
            "--authority",
            authority,
        ],
        None,
    ));
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().trim_matches('"').to_string())
        .collect()
}

#[test]
fn the_daily_report_for_an_authority_lists_the_episodes_that_follow_its_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    let medway = daily(&db, Some("medway"));
    assert_eq!(episodes(&medway), ["ME1"]);
    assert_eq!(medway["authority"], "medway");
    assert_eq!(medway["policy"], "medway");
    assert_eq!(medway["summary"]["episodes"], 1);
    // The placed child is on the desk under the host's procedure: Cumbria's report.
    let cumbria = daily(&db, Some("cumbria"));
    assert_eq!(episodes(&cumbria), ["KE1", "PE1"]);
    assert_eq!(cumbria["policy"], "cumbria");
    assert_eq!(cumbria["summary"]["episodes"], 2);
    assert_eq!(cumbria["summary"]["high_risk"], 1);
    for row in cumbria["episodes"].as_array().unwrap() {
        assert_eq!(row["authority"], "cumbria", "{row}");
    }
}

#[test]
fn the_daily_report_of_the_whole_desk_names_each_authority_and_its_policy() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    let whole = daily(&db, None);
    assert_eq!(episodes(&whole), ["KE1", "ME1", "PE1"]);
    assert!(whole.get("authority").is_none(), "{whole}");
    let named: Vec<(&str, &str)> = whole["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["authority"].as_str().unwrap(),
                a["policy"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(named, [("medway", "medway"), ("cumbria", "cumbria")]);
    let md = ok(&run(&db, &["report", "daily", "--at", AT], None));
    assert!(md.contains("| Authority |"), "{md}");
    assert!(md.contains("authorities medway (medway policy"), "{md}");
}

#[test]
fn the_ssda903_return_of_an_authority_covers_the_children_it_is_responsible_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    // Medway's: its own child and the one it placed in Cumbria.
    assert_eq!(ssda903(&db, "medway"), ["M1", "P1"]);
    // Cumbria's: its own child only; the placed child is Medway's return.
    assert_eq!(ssda903(&db, "cumbria"), ["K1"]);
}

#[test]
fn statistics_for_an_authority_count_its_episodes_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    let stats = |authority: &str| -> Value {
        let out = ok(&run(
            &db,
            &[
                "report",
                "stats",
                "--from",
                "2026-03-01",
                "--to",
                "2026-03-02",
                "--at",
                AT,
                "--format",
                "json",
                "--authority",
                authority,
            ],
            None,
        ));
        serde_json::from_str(&out).unwrap()
    };
    let cumbria = stats("cumbria");
    assert_eq!(cumbria["episodes"], 2);
    assert_eq!(cumbria["children"], 2);
    assert_eq!(cumbria["authority"], "cumbria");
    assert_eq!(stats("medway")["episodes"], 1);
}

#[test]
fn an_authority_the_record_never_adopted_is_refused_naming_those_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    for args in [
        &["report", "daily", "--at", AT, "--authority", "kent"][..],
        &["report", "stats", "--at", AT, "--authority", "kent"][..],
        &["export", "ssda903", "--year", "2026", "--authority", "kent"][..],
    ] {
        let out = run(&db, args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let why = String::from_utf8_lossy(&out.stderr);
        assert!(
            why.contains("kent") && why.contains("medway, cumbria"),
            "{why}"
        );
    }
}

#[test]
fn the_handover_is_the_whole_desk_s_each_item_naming_its_authority() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_authorities(dir.path());
    let out = ok(&run(
        &db,
        &[
            "report",
            "handover",
            "--since",
            "2026-03-01T12:00:00Z",
            "--at",
            AT,
            "--format",
            "json",
        ],
        None,
    ));
    let handover: Value = serde_json::from_str(&out).unwrap();
    let mut seen: Vec<(String, String)> = handover["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["episode"].as_str().unwrap().to_string(),
                d["authority"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        [
            ("KE1".to_string(), "cumbria".to_string()),
            ("ME1".to_string(), "medway".to_string()),
            ("PE1".to_string(), "cumbria".to_string()),
        ]
    );
    assert_eq!(handover["authorities"].as_array().unwrap().len(), 2);
}

/// Westshire kept under Camden's procedure (every grade allowed) with a child of 14
/// reported missing on 1 March graded `low`, which Medway's procedure forbids.
fn westshire_under_camden(dir: &Path) -> PathBuf {
    let db = dir.join("westshire.db");
    ok(&run(
        &db,
        &["init", "--policy", "camden", "--authority", "westshire"],
        None,
    ));
    let events = [
        r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"C1","name":"Wes Shire","dob":"2011-05-01","status":"child_protection"}"#,
        r#"{"type":"episode_reported","at":"2026-03-01T20:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-01T18:00:00Z","category":"missing","risk":"low","police_ref":"W-1"}"#,
    ]
    .join("\n");
    ok(&run(&db, &["import", "-"], Some(&events)));
    db
}

#[test]
fn a_backdated_adoption_that_would_make_a_stored_grade_forbidden_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = westshire_under_camden(dir.path());
    // From 1 February, E1 (reported 1 March) would follow Medway's, which refuses `low`
    // for a missing child under 18 (002).
    let out = run(
        &db,
        &[
            "policy",
            "adopt",
            "medway",
            "--authority",
            "westshire",
            "--from",
            "2026-02-01T00:00:00Z",
        ],
        None,
    );
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        why.contains("nothing adopted") && why.contains("`E1`") && why.contains("invalid"),
        "{why}"
    );
    let log = ok(&run(&db, &["log", "--format", "json"], None));
    assert!(!log.contains("policy_adopted"), "{log}");
}

#[test]
fn a_backdated_adoption_after_every_stored_report_is_recorded_as_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let db = westshire_under_camden(dir.path());
    let out = run(
        &db,
        &[
            "policy",
            "adopt",
            "medway",
            "--authority",
            "westshire",
            "--from",
            "2026-03-05T00:00:00Z",
        ],
        None,
    );
    ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a correction"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // E1 was reported before 5 March: it keeps Camden's procedure.
    let due: Vec<Value> = serde_json::from_str(&ok(&run(
        &db,
        &["due", "--at", AT, "--format", "json"],
        None,
    )))
    .unwrap();
    assert!(!due.is_empty());
    for item in &due {
        assert_eq!(item["policy"], "camden", "{item}");
    }
}

#[test]
fn the_demo_desk_covers_two_authorities_each_child_under_its_own() {
    for (name, _) in dutyboard::procedures::policy::SHIPPED {
        let second = if *name == "medway" {
            "cumbria"
        } else {
            "medway"
        };
        let out = bin::output_of(
            bin::command(None, "demo", &["demo", "--print", "--policy", name]),
            None,
        );
        let text = ok(&out);
        let header = text
            .lines()
            .find(|l| l.starts_with("NAME"))
            .unwrap_or_else(|| panic!("{name}: no column titles:\n{text}"));
        assert!(header.contains("AUTH"), "{name}: {header}");
        for authority in [*name, second] {
            assert!(
                text.lines()
                    .any(|l| l.starts_with(&format!("  {authority}: missing"))),
                "{name}: no counts for {authority}:\n{text}"
            );
            assert!(
                text.lines()
                    .filter(|l| !l.starts_with(' ') && !l.starts_with("dutyboard"))
                    .any(|l| l.split_whitespace().any(|w| w == authority)),
                "{name}: no row of {authority}:\n{text}"
            );
        }
    }
}
