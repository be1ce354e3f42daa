//! Two councils on one record, each officer an ordinary login role of their own
//! authority (INTERFACE "Beyond one machine"): each desk sees its own children and the
//! record-wide events, never the other's children; a child moved to the other council
//! is seen there with its whole history, so its repeat window gives the same answer on
//! both desks, and a board open there at the time takes that history in; writing about a child the desk cannot see is refused with no more than
//! "reference in use"; `verify` as a member of dutyboard_auditor sees every event.

use crate::server::{server_or_skip, Server};
use crate::support::bin;
use chrono::{DateTime, Utc};
use dutyboard::desk::live::Live;
use dutyboard::desk::{Config, Desk};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const AT: &str = "2026-02-10T12:00:00Z";

fn lines(events: &[Value]) -> String {
    events.iter().map(|v| format!("{v}\n")).collect()
}

fn episode(id: &str, child: &str, reported: &str) -> Value {
    json!({"type": "episode_reported", "id": format!("r-{id}"), "at": reported,
           "episode": id, "child": child, "last_seen_at": reported,
           "category": "missing", "risk": "medium"})
}

fn returned(id: &str, at: &str) -> Value {
    json!({"type": "child_returned", "id": format!("back-{id}"), "at": at, "episode": id})
}

/// The record: Medway's (init), Camden adopted; officer `mia` for Medway and `cal` for
/// Camden, neither anything more than an officer. Medway's child M1 has had three
/// missing episodes in 90 days (a repeat); Camden's child K1 one.
fn two_councils(pg: &Server, test: &str) -> (String, String, String) {
    let db = pg.fresh(test);
    let admin = pg.url(&db);
    pg.init(&db, &["--policy", "medway"]);
    bin::succeeds(
        Path::new(&admin),
        "DBA",
        &[
            "policy",
            "adopt",
            "camden",
            "--authority",
            "camden",
            "--from",
            "2025-01-01T00:00:00Z",
        ],
        None,
    );
    pg.create_authority(&db, "camden");
    let (mia, cal) = (format!("mia_{test}"), format!("cal_{test}"));
    pg.officer(&db, &mia, &["medway"]);
    pg.officer(&db, &cal, &["camden"]);
    let (mia, cal) = (pg.url_as(&db, &mia), pg.url_as(&db, &cal));
    let medway = [
        json!({"type": "child_registered", "id": "reg-m1", "at": "2025-06-01T09:00:00Z",
               "child": "M1", "name": "Medway Child", "dob": "2011-05-06",
               "status": "looked_after", "authority": "medway"}),
        episode("E1", "M1", "2026-01-02T10:00:00Z"),
        returned("E1", "2026-01-03T10:00:00Z"),
        episode("E2", "M1", "2026-01-20T10:00:00Z"),
        returned("E2", "2026-01-21T10:00:00Z"),
        episode("E3", "M1", "2026-02-10T10:00:00Z"),
    ];
    bin::succeeds(
        Path::new(&mia),
        "Mia",
        &["import", "-"],
        Some(&lines(&medway)),
    );
    let camden = [
        json!({"type": "child_registered", "id": "reg-k1", "at": "2025-07-01T09:00:00Z",
               "child": "K1", "name": "Camden Child", "dob": "2012-03-04",
               "status": "looked_after", "authority": "camden"}),
        episode("EK1", "K1", "2026-02-09T10:00:00Z"),
    ];
    bin::succeeds(
        Path::new(&cal),
        "Cal",
        &["import", "-"],
        Some(&lines(&camden)),
    );
    (db, mia, cal)
}

/// The ids of the events `url`'s login sees, and the children they name.
fn seen(url: &str) -> (Vec<String>, Vec<String>) {
    let out = bin::succeeds(Path::new(url), "Desk", &["log", "--format", "json"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut ids = Vec::new();
    let mut children = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        ids.push(v["id"].as_str().unwrap_or_default().to_string());
        if let Some(c) = v["body"].get("child").and_then(Value::as_str) {
            if !children.iter().any(|k| k == c) {
                children.push(c.to_string());
            }
        }
    }
    children.sort();
    (ids, children)
}

/// `due --format json` at [`AT`], the items about `child`.
fn due_for(url: &str, child: &str) -> Vec<Value> {
    let out = bin::succeeds(
        Path::new(url),
        "Desk",
        &["due", "--format", "json", "--at", AT],
        None,
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).expect("due prints JSON");
    all.into_iter().filter(|i| i["child"] == child).collect()
}

#[test]
fn each_council_sees_its_own_children_and_the_record_wide_events_never_the_others() {
    let pg = server_or_skip!();
    let (db, mia, cal) = two_councils(pg, "rls_own");
    let (mia_ids, mia_children) = seen(&mia);
    let (cal_ids, cal_children) = seen(&cal);
    assert_eq!(mia_children, ["M1"]);
    assert_eq!(cal_children, ["K1"]);
    // Camden's adoption is record-wide: both desks see it.
    let adoptions = pg.value(&db, "SELECT string_agg(id, ',' ORDER BY seq) FROM dutyboard.events WHERE type = 'policy_adopted'");
    for id in adoptions.split(',') {
        assert!(mia_ids.iter().any(|i| i == id), "Medway does not see {id}");
        assert!(cal_ids.iter().any(|i| i == id), "Camden does not see {id}");
    }
    assert!(
        due_for(&cal, "M1").is_empty(),
        "Camden's due lists Medway's child"
    );
    assert!(
        due_for(&mia, "K1").is_empty(),
        "Medway's due lists Camden's child"
    );
    // The auditor's verify sees the whole chain; an officer's counts only what it may see.
    pg.sql(&db, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_rls') THEN CREATE ROLE audit_rls LOGIN IN ROLE dutyboard_auditor; END IF; END $$");
    let audit = pg.url_as(&db, "audit_rls");
    let out = bin::succeeds(Path::new(&audit), "Auditor", &["verify"], None);
    let stored = pg.value(&db, "SELECT count(*) FROM dutyboard.events");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("is whole: {stored} events")),
        "{said}"
    );
}

#[test]
fn a_child_moved_to_the_other_council_is_seen_there_whole_and_its_repeat_window_agrees() {
    let pg = server_or_skip!();
    let (db, mia, cal) = two_councils(pg, "rls_moved");
    let medway_view = due_for(&mia, "M1");
    assert!(
        medway_view
            .iter()
            .any(|i| i["rule"] == "professionals_meeting" && i["episode"] == "E3"),
        "three episodes in 90 days open Medway's professionals meeting: {medway_view:#?}"
    );
    assert!(due_for(&cal, "M1").is_empty());
    // Camden's desk writes 200 updates: the write keeps its fold on the server, of
    // what Camden may see, and hands it back to Camden's next check.
    let updates: Vec<Value> = (0..200)
        .map(|i| {
            json!({"type": "update_recorded", "id": format!("cal-u{i}"),
                   "at": format!("2026-02-09T11:{:02}:{:02}Z", i / 60, i % 60),
                   "episode": "EK1", "text": "seen at school"})
        })
        .collect();
    bin::succeeds(
        Path::new(&cal),
        "Cal",
        &["import", "-"],
        Some(&lines(&updates)),
    );
    let cal_login = "cal_rls_moved";
    let mut cal_client = pg.client_as(&db, cal_login);
    let cached = |client: &mut postgres::Client| -> i64 {
        let format = dutyboard::record::fold_cache::FORMAT;
        client
            .query_one("SELECT count(*) FROM dutyboard.cached_fold($1)", &[&format])
            .unwrap()
            .get(0)
    };
    assert_eq!(cached(&mut cal_client), 1, "Camden's fold was kept");

    // Medway moves M1 to Camden: Camden now sees every event of M1's, from the first.
    let moved = json!({"type": "child_updated", "id": "moved-m1", "at": "2026-02-10T11:00:00Z",
                       "child": "M1", "authority": "camden"});
    bin::succeeds(
        Path::new(&mia),
        "Mia",
        &["import", "-"],
        Some(&format!("{moved}\n")),
    );
    assert_eq!(
        cached(&mut cal_client),
        0,
        "Camden's fold kept before the move is handed back though Camden now sees more"
    );
    let (_, cal_children) = seen(&cal);
    assert_eq!(cal_children, ["K1", "M1"]);
    let whole = pg.value(
        &db,
        "SELECT count(*) FROM dutyboard.events WHERE child = 'M1'",
    );
    let cal_m1 = bin::succeeds(
        Path::new(&cal),
        "Cal",
        &["log", "--child", "M1", "--format", "json"],
        None,
    );
    let cal_m1 = String::from_utf8_lossy(&cal_m1.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(
        cal_m1.to_string(),
        whole,
        "Camden sees part of M1's history"
    );
    // The same repeat window, the same deadlines, on both desks.
    assert_eq!(due_for(&cal, "M1"), due_for(&mia, "M1"));
    // Medway keeps sight of the child it once held.
    let (_, mia_children) = seen(&mia);
    assert_eq!(mia_children, ["M1"]);
}

#[test]
fn writing_about_a_child_another_council_holds_is_refused_saying_only_reference_in_use() {
    let pg = server_or_skip!();
    let (db, _mia, cal) = two_councils(pg, "rls_refused");
    let before = pg.value(&db, "SELECT count(*) FROM dutyboard.events");
    let attempts = [
        json!({"type": "child_registered", "id": "cal-m1", "at": "2026-02-10T09:00:00Z",
               "child": "M1", "name": "Someone Else", "dob": "2010-01-01",
               "status": "looked_after", "authority": "camden"}),
        json!({"type": "update_recorded", "id": "cal-e3", "at": "2026-02-10T11:30:00Z",
               "episode": "E3", "text": "seen at the station"}),
    ];
    for attempt in attempts {
        let out = bin::dutyboard(
            Path::new(&cal),
            "Cal",
            &["import", "-"],
            Some(&format!("{attempt}\n")),
        );
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "Camden stored {attempt}");
        assert!(said.contains("reference in use"), "{attempt}: {said}");
        for secret in ["Medway Child", "medway", "2011-05-06"] {
            assert!(!said.contains(secret), "the refusal says {secret}: {said}");
        }
    }
    assert_eq!(
        pg.value(&db, "SELECT count(*) FROM dutyboard.events"),
        before
    );
}

#[test]
fn a_board_open_at_the_other_council_takes_in_a_child_moved_to_it_with_its_whole_history() {
    let pg = server_or_skip!();
    let (_db, mia, cal) = two_councils(pg, "rls_board");
    // Camden's board is open before the move: it holds K1 only.
    let desk = Desk::open(
        &Config {
            db: Some(PathBuf::from(&cal)),
            operator: Some("Cal".into()),
            ..Config::default()
        },
        None,
    )
    .unwrap();
    let now: DateTime<Utc> = AT.parse().unwrap();
    let mut live = Live::open(&desk, now).unwrap();
    assert!(live.state().children.contains_key("K1"));
    assert!(!live.state().children.contains_key("M1"));
    assert!(live.state().episode("E1").is_none());

    // Medway moves M1 to Camden. The move is the only event stored; M1's registration
    // and episodes were stored long before (seqs below what the board has read).
    let moved = json!({"type": "child_updated", "id": "moved-m1-board", "at": "2026-02-10T11:00:00Z",
                       "child": "M1", "authority": "camden"});
    bin::succeeds(
        Path::new(&mia),
        "Mia",
        &["import", "-"],
        Some(&format!("{moved}\n")),
    );
    let started = Instant::now();
    while !live.changed(&desk) && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(live.changed(&desk), "the board saw the move");
    live.read(&desk, now, true).unwrap();

    // The board now holds M1 whole: its registration and all three episodes, with the
    // move applied, as a board opened afresh would.
    let fresh = Live::open(&desk, now).unwrap();
    for episode in ["E1", "E2", "E3"] {
        assert!(
            live.state().episode(episode).is_some(),
            "the board lacks M1's {episode}"
        );
    }
    assert_eq!(
        live.state().children.get("M1").map(|c| c.authority.clone()),
        fresh
            .state()
            .children
            .get("M1")
            .map(|c| c.authority.clone()),
    );
    assert_eq!(live.state().children.len(), fresh.state().children.len());
    assert_eq!(
        live.state().episode("E3").map(|e| e.child.clone()),
        Some("M1".to_string())
    );
}
