//! A few end-to-end checks through the `dutyboard` binary (INTERFACE.md): init,
//! import, `due --at --format json`, `board --format json`, a refused import, and
//! an engine error past the calendar's covered years.

use crate::support::bin;
use crate::support::*;
use dutyboard::procedures::Policy;
use dutyboard::record::Store;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

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

fn due(db: &Path, at: &str) -> Vec<Value> {
    let out = run(db, &["due", "--at", at, "--format", "json"], None);
    serde_json::from_str(&ok(&out)).expect("due prints a JSON array")
}

fn find<'a>(items: &'a [Value], episode: &str, rule: &str) -> Option<&'a Value> {
    items
        .iter()
        .find(|i| i["episode"] == episode && i["rule"] == rule)
}

fn instant(v: &Value) -> chrono::DateTime<chrono::Utc> {
    t(v.as_str().expect("an RFC 3339 string"))
}

/// A cumbria record: C1 looked after, missing since 08:00 on 2 March 2026, reported
/// 09:00 with a police reference; strategy meeting held 12:00 on 3 March.
fn cumbria_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("board.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let events = jsonl(&[
        child("C1", "2011-04-12", "looked_after"),
        with(
            reported("E1", "C1", "2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z"),
            "police_ref",
            "CU-1",
        ),
        completed("E1", "strategy_meeting", "2026-03-03T12:00:00Z"),
    ]);
    ok(&run(&db, &["import", "-"], Some(&events)));
    db
}

#[test]
fn cli_due_lists_the_cumbria_strategy_meeting_with_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let db = cumbria_db(dir.path());
    let items = due(&db, "2026-03-02T10:00:00Z");
    let sm = find(&items, "E1", "strategy_meeting").expect("listed");
    assert_eq!(instant(&sm["opens_at"]), t("2026-03-02T09:00:00Z"));
    assert_eq!(instant(&sm["due_at"]), t("2026-03-03T09:00:00Z"));
    assert_eq!(sm["state"], "due");
    assert_eq!(sm["policy"], "cumbria");
    assert_eq!(sm["child"], "C1");
    let iro = find(&items, "E1", "notify_iro").expect("listed");
    assert_eq!(iro["state"], "due_now");
}

#[test]
fn cli_due_at_shows_the_record_as_it_stood_then() {
    let dir = tempfile::tempdir().unwrap();
    let db = cumbria_db(dir.path());
    // 10:00 on 3 March: overdue, the meeting (12:00) not yet recorded.
    let items = due(&db, "2026-03-03T10:00:00Z");
    let sm = find(&items, "E1", "strategy_meeting").expect("listed");
    assert_eq!(sm["state"], "overdue");
    // 13:00: held, no longer listed.
    let items = due(&db, "2026-03-03T13:00:00Z");
    assert!(find(&items, "E1", "strategy_meeting").is_none());
}

#[test]
fn cli_due_with_a_horizon_lists_what_opens_soon() {
    let dir = tempfile::tempdir().unwrap();
    let db = cumbria_db(dir.path());
    let out = run(
        &db,
        &[
            "due",
            "--at",
            "2026-03-03T10:00:00Z",
            "--horizon",
            "24h",
            "--format",
            "json",
        ],
        None,
    );
    let items: Vec<Value> = serde_json::from_str(&ok(&out)).unwrap();
    // need_to_know opens at 08:00 on 4 March (last seen + 48 h): within 24 h.
    let ntk = find(&items, "E1", "need_to_know").expect("listed with the horizon");
    assert_eq!(ntk["state"], "upcoming");
    assert_eq!(instant(&ntk["opens_at"]), t("2026-03-04T08:00:00Z"));
    let items = due(&db, "2026-03-03T10:00:00Z");
    assert!(find(&items, "E1", "need_to_know").is_none());
}

#[test]
fn cli_refused_import_exits_1_names_the_line_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = cumbria_db(dir.path());
    let before = due(&db, "2026-03-05T10:00:00Z");
    let bad = jsonl(&[
        returned("E1", "2026-03-04T12:00:00Z"),
        completed("E1", "no_such_rule", "2026-03-04T13:00:00Z"),
    ]);
    let out = run(&db, &["import", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("no_such_rule"), "{stderr}");
    // The good first line was not stored either: the child is still missing.
    assert_eq!(due(&db, "2026-03-05T10:00:00Z"), before);
    assert!(find(&before, "E1", "return_home_interview").is_none());
}

/// Reliability review D20: a file of a million bad lines printed a million refusals,
/// and the headline that says nothing was stored scrolled away. The officer sees how
/// many problems there are, the first few, and "nothing stored" again at the end.
#[test]
fn cli_a_refused_import_of_many_bad_lines_shows_the_first_few_and_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = cumbria_db(dir.path());
    let bad: String = (0..5000)
        .map(|n| format!("{{\"type\":\"nonsense_{n}\"}}\n"))
        .collect();
    let out = run(&db, &["import", "-"], Some(&bad));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() <= 25, "{} lines of refusals", lines.len());
    assert!(lines[0].contains("5000 problems"), "{}", lines[0]);
    assert!(stderr.contains("line 1:"), "{stderr}");
    let last = lines.last().unwrap();
    assert!(last.contains("4980 more"), "{last}");
    assert!(last.contains("nothing stored"), "{last}");
}

#[test]
fn cli_board_shows_a_grading_violation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(&run(&db, &["init", "--policy", "cumbria"], None));
    let events = jsonl(&[
        child_flagged("C1", "2011-04-12", "looked_after", &["ce_risk"]),
        reported("E1", "C1", "2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z"),
    ]);
    ok(&run(&db, &["import", "-"], Some(&events)));
    let out = run(
        &db,
        &["board", "--at", "2026-03-02T10:00:00Z", "--format", "json"],
        None,
    );
    let rows: Vec<Value> = serde_json::from_str(&ok(&out)).unwrap();
    let row = rows.iter().find(|r| r["episode"] == "E1").expect("a row");
    assert_eq!(row["violations"].as_array().map(Vec::len), Some(1), "{row}");
    assert_eq!(instant(&row["missing_since"]), t("2026-03-02T08:00:00Z"));
}

#[test]
fn cli_a_deadline_past_the_covered_years_is_an_error_not_a_guess() {
    // The record is written through the library with a wall clock in 2030, so that
    // events in December 2028 are not "in the future".
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let policy = Policy::shipped("practice-guidance").unwrap();
    let mut store = Store::create(&db).unwrap();
    store
        .initialise(&policy.name, &policy.text, t("2026-01-01T00:00:00Z"))
        .unwrap();
    let events = jsonl(&[
        child("P1", "2013-07-07", "child_in_need"),
        reported("E1", "P1", "2028-12-28T10:00:00Z", "2028-12-28T08:00:00Z"),
    ]);
    dutyboard::record::import::import(&mut store, events.as_bytes(), &policy, "op", t(WALL_CLOCK))
        .unwrap();
    drop(store);
    let out = run(
        &db,
        &["due", "--at", "2028-12-28T11:00:00Z", "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("strategy_meeting") && stderr.contains("2029"),
        "{stderr}"
    );
    // What can be computed is still printed.
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(find(&items, "E1", "report_to_police").is_some());
    assert!(find(&items, "E1", "strategy_meeting").is_none());
}

/// A record written through the library (wall clock 2030), then `due` asked through
/// the binary at each instant: the program must list exactly what the engine's
/// `evaluate_events(..).open(None, now)` lists, with the same states and times.
fn assert_cli_agrees(policy_name: &str, events: &[Value], instants: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let policy = Policy::shipped(policy_name).unwrap();
    let mut store = Store::create(&db).unwrap();
    store
        .initialise(&policy.name, &policy.text, t("2026-01-01T00:00:00Z"))
        .unwrap();
    dutyboard::record::import::import(
        &mut store,
        jsonl(events).as_bytes(),
        &policy,
        "op",
        t(WALL_CLOCK),
    )
    .unwrap();
    drop(store);
    let rec = Record::new(policy_name, events);
    for now in instants {
        let v = rec.at(now);
        let mut want: Vec<String> = v
            .eval
            .open(None, v.now)
            .iter()
            .map(|i| {
                format!(
                    "{} {} #{} {} opens {} due {}",
                    i.episode,
                    i.rule,
                    i.occurrence,
                    i.state.as_str(),
                    i.opens_at.timestamp(),
                    i.due_at.timestamp()
                )
            })
            .collect();
        let mut got: Vec<String> = due(&db, now)
            .iter()
            .map(|i| {
                format!(
                    "{} {} #{} {} opens {} due {}",
                    i["episode"].as_str().unwrap(),
                    i["rule"].as_str().unwrap(),
                    i["occurrence"],
                    i["state"].as_str().unwrap(),
                    instant(&i["opens_at"]).timestamp(),
                    instant(&i["due_at"]).timestamp()
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{policy_name} at {now}");
        assert!(!want.is_empty(), "{policy_name} at {now}: nothing listed");
    }
}

/// Three children: repeats, a return with its actions, one still missing.
fn busy_caseload(category_second: &str) -> Vec<Value> {
    vec![
        child("C1", "2011-04-12", "looked_after"),
        child_flagged(
            "C2",
            "2009-05-01",
            "looked_after",
            &["uasc", "other_la_placement"],
        ),
        child("C3", "2015-05-01", "child_in_need"),
        reported("A1", "C1", "2026-01-12T09:00:00Z", "2026-01-12T08:00:00Z"),
        returned("A1", "2026-01-12T18:00:00Z"),
        reported("A2", "C1", "2026-02-10T09:00:00Z", "2026-02-10T08:00:00Z"),
        returned("A2", "2026-02-13T18:00:00Z"),
        reported("A3", "C1", "2026-03-04T10:00:00Z", "2026-03-04T09:00:00Z"),
        completed("A3", "strategy_meeting", "2026-03-04T15:00:00Z"),
        update("A3", "2026-03-05T09:00:00Z"),
        with(
            reported("B1", "C2", "2026-01-20T09:00:00Z", "2026-01-20T07:00:00Z"),
            "category",
            category_second,
        ),
        reported("D1", "C3", "2026-02-27T16:00:00Z", "2026-02-27T15:00:00Z"),
        with(returned("D1", "2026-03-01T12:00:00Z"), "injured", true),
    ]
}

#[test]
fn cli_due_agrees_with_the_engine_for_every_policy() {
    let instants = [
        "2026-01-12T10:00:00Z",
        "2026-01-21T09:00:00Z",
        "2026-02-11T09:00:00Z",
        "2026-02-14T09:00:00Z",
        "2026-02-18T09:00:00Z",
        "2026-03-02T09:00:00Z",
        "2026-03-04T12:00:00Z",
        "2026-03-06T12:00:00Z",
        "2026-03-20T12:00:00Z",
        "2026-04-20T12:00:00+01:00",
        "2026-08-01T12:00:00+01:00",
    ];
    for policy in ["cumbria", "medway", "cambridgeshire", "practice-guidance"] {
        assert_cli_agrees(policy, &busy_caseload("missing"), &instants);
    }
    assert_cli_agrees("camden", &busy_caseload("absconded"), &instants);
}
