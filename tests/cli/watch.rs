//! `dutyboard watch`: one line a change, for logs and screen readers. Another desk's
//! entry is said as it lands, an action breached by the time it was entered is said
//! once, and nothing already so when the watch began is said again.

use crate::support::bin;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Child;
use std::sync::mpsc;
use std::time::Duration;

struct Watcher {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Watcher {
    fn start(db: &Path, format: &str) -> Watcher {
        let mut child = bin::command(
            Some(db),
            "watcher",
            &["watch", "--format", format, "--interval-ms", "100"],
        )
        .spawn()
        .expect("watch runs");
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watcher { child, lines }
    }

    /// Lines until one satisfies `done` (or 20 s pass: then the test fails saying so).
    fn until(&self, done: impl Fn(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => {
                    let last = done(&line);
                    seen.push(line);
                    if last {
                        return seen;
                    }
                }
                Err(_) => panic!("watch never said it; it said:\n{}", seen.join("\n")),
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hours_ago(h: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(h))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn record(db: &Path, by: &str, lines: &str) {
    bin::succeeds(db, by, &["import", "-"], Some(lines));
}

fn desk() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    bin::succeeds(&db, "lead", &["init", "--policy", "cumbria"], None);
    record(
        &db,
        "lead",
        &format!(
            r#"{{"type":"child_registered","at":"{}","child":"C1","name":"Amy Smith","dob":"2012-03-01","status":"looked_after"}}"#,
            hours_ago(40)
        ),
    );
    (dir, db)
}

#[test]
fn another_desks_late_report_is_said_as_it_lands_with_the_strategy_meeting_it_already_breached() {
    let (_dir, db) = desk();
    let watch = Watcher::start(&db, "json");
    // Cumbria: a strategy meeting within 24 h of the report. Entered 30 h late, it is
    // overdue the moment it lands.
    std::thread::sleep(Duration::from_millis(400));
    record(
        &db,
        "Sam Nights",
        &format!(
            r#"{{"type":"episode_reported","at":"{}","episode":"E1","child":"C1","last_seen_at":"{}","category":"missing","risk":"high"}}"#,
            hours_ago(30),
            hours_ago(31)
        ),
    );
    let said = watch.until(|l| l.contains(r#""rule":"strategy_meeting""#));
    let json: Vec<Value> = said
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let report = json
        .iter()
        .find(|c| c["kind"] == "event")
        .expect("the report is said");
    assert_eq!(report["type"], "episode_reported");
    assert_eq!(report["episode"], "E1");
    assert_eq!(report["name"], "Amy Smith");
    assert_eq!(report["by"], "Sam Nights");
    let meeting = json.last().unwrap();
    assert_eq!(meeting["kind"], "action");
    assert_eq!(meeting["state"], "overdue");
    assert_eq!(meeting["episode"], "E1");
}

#[test]
fn what_was_already_overdue_when_the_watch_began_is_not_said_again() {
    let (_dir, db) = desk();
    record(
        &db,
        "lead",
        &format!(
            r#"{{"type":"episode_reported","at":"{}","episode":"E1","child":"C1","last_seen_at":"{}","category":"missing","risk":"high"}}"#,
            hours_ago(30),
            hours_ago(31)
        ),
    );
    let watch = Watcher::start(&db, "text");
    let first = watch.until(|l| l.starts_with("watching the record"));
    assert!(first[0].contains("1 open episode(s)"), "{first:?}");
    std::thread::sleep(Duration::from_millis(300));
    record(
        &db,
        "Sam Nights",
        r#"{"type":"update_recorded","at":"2026-01-01T00:00:00Z","episode":"E1","text":"Seen at the bus station"}"#
            .replace("2026-01-01T00:00:00Z", &hours_ago(1))
            .as_str(),
    );
    let said = watch.until(|l| l.contains("Seen at the bus station"));
    assert!(
        said.iter().all(|l| !l.contains("OVERDUE")),
        "the breach was already so when the watch began:\n{}",
        said.join("\n")
    );
    let update = said.last().unwrap();
    assert!(update.contains("E1 Amy Smith: "), "{update}");
    assert!(update.ends_with("(by Sam Nights)"), "{update}");
}

#[test]
fn with_privacy_the_watch_names_children_by_initials() {
    let (_dir, db) = desk();
    let mut c = bin::command(
        Some(&db),
        "watcher",
        &["--privacy", "watch", "--interval-ms", "100"],
    );
    let mut child = c.spawn().unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let watch = Watcher { child, lines };
    watch.until(|l| l.starts_with("watching"));
    record(
        &db,
        "lead",
        &format!(
            r#"{{"type":"episode_reported","at":"{}","episode":"E1","child":"C1","last_seen_at":"{}","category":"missing","risk":"high"}}"#,
            hours_ago(1),
            hours_ago(2)
        ),
    );
    let said = watch.until(|l| l.contains("Reported"));
    let all = said.join("\n");
    assert!(all.contains("A.S."), "{all}");
    assert!(!all.contains("Amy") && !all.contains("Smith"), "{all}");
}
