//! Many desks saving at once, on a file (tests/record/concurrency.rs) or on a server
//! (tests/postgres/concurrency.rs), one body for both: 8 processes append 1,000
//! events each to one record, every one through the real binary (`dutyboard import
//! -`, 100 imports of 10 events each), so 800 writes contend for the one lock.
//! Afterwards exactly the 8,000 events are stored, each once, each by its own writer;
//! every import exited 0 and none surfaced "locked" or "busy" (the store waits and
//! retries instead); and seq runs 1..=n without a gap.

use super::bin;
use dutyboard::record::StoredEvent;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

pub const WRITERS: usize = 8;
pub const BATCHES: usize = 100;
pub const PER_BATCH: usize = 10;

/// Every event the writers store, and the two of the seed.
pub const EVENTS: usize = WRITERS * BATCHES * PER_BATCH + 2;

/// One writer's batch `b`: ten updates to the one open episode, each with its own id.
pub fn batch(writer: usize, b: usize) -> String {
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

/// The child and the open episode every update is about, imported into `db`.
pub fn seed(db: &Path) {
    let seed = [
        serde_json::json!({"type": "child_registered", "id": "seed-child", "at": "2025-06-01T09:00:00Z",
            "child": "C1", "name": "Concurrent Child", "dob": "2012-03-04", "status": "looked_after"}),
        serde_json::json!({"type": "episode_reported", "id": "seed-episode", "at": "2026-01-01T10:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-01-01T08:00:00Z",
            "category": "missing", "risk": "medium"}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    bin::succeeds(db, "Seed", &["import", "-"], Some(&seed));
}

/// Every writer starts at once (with `beside`, which runs until `done` is set once
/// the writers have finished), then imports its batches back to back. The imports
/// that failed or surfaced a lock error, and what `beside` gave back.
pub fn write_all<T: Send>(
    db: &Path,
    beside: impl FnOnce(&AtomicBool) -> T + Send,
) -> (Vec<String>, T) {
    let done = AtomicBool::new(false);
    let gate = std::sync::Barrier::new(WRITERS + 1);
    std::thread::scope(|s| {
        let beside = {
            let (done, gate) = (&done, &gate);
            s.spawn(move || {
                gate.wait();
                beside(done)
            })
        };
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let gate = &gate;
                s.spawn(move || {
                    gate.wait();
                    let mut failures = Vec::new();
                    for b in 0..BATCHES {
                        let out = bin::dutyboard(
                            db,
                            &format!("Writer {w}"),
                            &["import", "-"],
                            Some(&batch(w, b)),
                        );
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
        let failures: Vec<String> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("a writer thread panicked"))
            .collect();
        done.store(true, Ordering::SeqCst);
        let beside = beside
            .join()
            .expect("the thread beside the writers panicked");
        (failures, beside)
    })
}

/// No import failed.
pub fn assert_none_failed(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {} imports failed or surfaced a lock error:\n{}",
        failures.len(),
        WRITERS * BATCHES,
        failures.join("\n")
    );
}

/// Exactly the 8,000 updates and the seed, each once, each update by its own writer,
/// and every event in its own place in the log: seq runs 1..=n without a gap.
pub fn assert_each_stored_once(events: &[StoredEvent]) {
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
    assert_eq!(events.len(), EVENTS);
    for s in &updates {
        let writer = s.event.id[1..].split('-').next().unwrap();
        assert_eq!(s.event.by, format!("Writer {writer}"), "{}", s.event.id);
    }
    let mut seqs: Vec<i64> = events.iter().map(|s| s.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());
}
