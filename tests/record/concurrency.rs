//! Many desks saving at once: 8 processes append 1,000 events each to one database,
//! every one through the real binary (`dutyboard import -`, 100 imports of 10 events
//! each), so 800 write transactions contend for the one lock. Afterwards exactly the
//! 8,000 events are stored, each once; every import exited 0; and no writer ever saw
//! "database is locked" or "busy" (the store waits and retries instead).

use crate::support::bin;
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

const WRITERS: usize = 8;
const BATCHES: usize = 100;
const PER_BATCH: usize = 10;

fn run(db: &Path, operator: &str, args: &[&str], stdin: &str) -> std::process::Output {
    bin::dutyboard(db, operator, args, Some(stdin))
}

/// One writer's batch `b`: ten updates to the one open episode, each with its own id.
fn batch(writer: usize, b: usize) -> String {
    let mut out = String::new();
    for i in 0..PER_BATCH {
        let n = b * PER_BATCH + i;
        // Spread over 2026-01-02 (after the report), interleaving the writers in time.
        let secs = (n * WRITERS + writer) as i64;
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T00:00:00Z").unwrap()
            + chrono::Duration::seconds(secs);
        let line = serde_json::json!({
            "type": "update_recorded",
            "id": format!("w{writer}-{n:04}"),
            "at": at.to_rfc3339(),
            "episode": "E1",
            "text": format!("writer {writer}, update {n}"),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn eight_processes_append_a_thousand_events_each_and_none_is_lost_or_doubled() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");

    let out = run(&db, "Seed", &["init", "--policy", "camden"], "");
    assert!(
        out.status.success(),
        "init: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seed = [
        serde_json::json!({"type": "child_registered", "id": "seed-child", "at": "2025-06-01T09:00:00Z",
            "child": "C1", "name": "Concurrent Child", "dob": "2012-03-04", "status": "looked_after"}),
        serde_json::json!({"type": "episode_reported", "id": "seed-episode", "at": "2026-01-01T10:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-01-01T08:00:00Z",
            "category": "missing", "risk": "medium"}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let out = run(&db, "Seed", &["import", "-"], &seed);
    assert!(
        out.status.success(),
        "seed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Every writer starts at once, then imports its batches back to back.
    let gate = std::sync::Barrier::new(WRITERS);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (db, gate) = (&db, &gate);
                s.spawn(move || {
                    gate.wait();
                    let mut failures = Vec::new();
                    for b in 0..BATCHES {
                        let out = run(db, &format!("Writer {w}"), &["import", "-"], &batch(w, b));
                        let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
                        if !out.status.success()
                            || stderr.contains("locked")
                            || stderr.contains("busy")
                        {
                            failures.push(format!(
                                "writer {w}, batch {b}: {}: {}",
                                out.status,
                                stderr.trim()
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a writer thread panicked"))
            .collect()
    });
    let writing = started.elapsed();
    assert!(
        failures.is_empty(),
        "{} of {} imports failed or surfaced a lock error:\n{}",
        failures.len(),
        WRITERS * BATCHES,
        failures.join("\n")
    );

    // Exactly the 8,000 updates, each once, each by its own writer.
    let store = dutyboard::record::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let events = dutyboard::record::EventLog::read_all(&store).unwrap();
    let updates: Vec<_> = events
        .iter()
        .filter(|s| s.event.type_name() == "update_recorded")
        .collect();
    let ids: HashSet<&str> = updates.iter().map(|s| s.event.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        updates.len(),
        "an update is stored twice ({} stored, {} distinct ids)",
        updates.len(),
        ids.len()
    );
    let expected: HashSet<String> = (0..WRITERS)
        .flat_map(|w| (0..BATCHES * PER_BATCH).map(move |n| format!("w{w}-{n:04}")))
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|id| !ids.contains(id.as_str()))
        .take(20)
        .collect();
    assert!(missing.is_empty(), "updates lost (first 20): {missing:?}");
    assert_eq!(updates.len(), WRITERS * BATCHES * PER_BATCH);
    assert_eq!(events.len(), WRITERS * BATCHES * PER_BATCH + 2);
    for s in &updates {
        let writer = s.event.id[1..].split('-').next().unwrap();
        assert_eq!(s.event.by, format!("Writer {writer}"), "{}", s.event.id);
    }
    // Every event has its own place in the log: seq runs 1..=n without a gap.
    let mut seqs: Vec<i64> = events.iter().map(|s| s.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());
    eprintln!(
        "concurrency: {WRITERS} writers x {BATCHES} imports of {PER_BATCH} events: written in {:.1} s, checked in {:.1} s",
        writing.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
