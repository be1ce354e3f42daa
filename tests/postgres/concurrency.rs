//! Many desks saving at once on the server, as tests/record/concurrency.rs on a file:
//! 8 processes append 1,000 events each (`dutyboard import -`, 100 imports of 10 events
//! each), so 800 writes contend for the advisory lock. Afterwards exactly the 8,000
//! events are stored, each once, every import exited 0, and the seqs run 1..n with no
//! gap, as a reader sampling all through also saw.

use crate::server::server_or_skip;
use crate::support::bin;
use dutyboard::record::{EventLog, Store};
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

const WRITERS: usize = 8;
const BATCHES: usize = 100;
const PER_BATCH: usize = 10;

/// One writer's batch `b`: ten updates to the one open episode, each with its own id.
fn batch(writer: usize, b: usize) -> String {
    let mut out = String::new();
    for i in 0..PER_BATCH {
        let n = b * PER_BATCH + i;
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
fn eight_writers_append_a_thousand_events_each_on_the_server_and_none_is_lost_or_doubled() {
    let pg = server_or_skip!();
    let started = Instant::now();
    let name = pg.fresh("eight_writers");
    let admin = pg.url(&name);
    bin::succeeds(
        Path::new(&admin),
        "Seed",
        &["init", "--policy", "camden"],
        None,
    );
    pg.officer(&name, "writer_eight", &["camden"]);
    let url = pg.url_as(&name, "writer_eight");
    let db = Path::new(&url);
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

    // A reader samples all through: what it sees is always seqs 1..max, no gap.
    let done = AtomicBool::new(false);
    let gate = std::sync::Barrier::new(WRITERS + 1);
    let (failures, samples) = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut client = pg.client_as(&name, "writer_eight");
            gate.wait();
            let mut samples = 0;
            while !done.load(Ordering::SeqCst) {
                let row = client
                    .query_one(
                        "SELECT count(*), coalesce(max(seq), 0)::bigint FROM dutyboard.events",
                        &[],
                    )
                    .unwrap();
                let (count, max): (i64, i64) = (row.get(0), row.get(1));
                assert_eq!(
                    count, max,
                    "sample {samples}: {count} events seen, max seq {max}"
                );
                samples += 1;
            }
            samples
        });
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
                        if !out.status.success() {
                            failures.push(format!(
                                "writer {w}, batch {b}: {}: {}",
                                out.status,
                                String::from_utf8_lossy(&out.stderr).trim()
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
        (failures, reader.join().expect("the reader saw a gap"))
    });
    let writing = started.elapsed();
    assert!(
        failures.is_empty(),
        "{} of {} imports failed:\n{}",
        failures.len(),
        WRITERS * BATCHES,
        failures.join("\n")
    );

    let store = Store::open(db).unwrap();
    let events = store.read_all().unwrap();
    let updates: Vec<_> = events
        .iter()
        .filter(|s| s.event.type_name() == "update_recorded")
        .collect();
    let ids: HashSet<&str> = updates.iter().map(|s| s.event.id.as_str()).collect();
    assert_eq!(ids.len(), updates.len(), "an update is stored twice");
    let expected: HashSet<String> = (0..WRITERS)
        .flat_map(|w| (0..BATCHES * PER_BATCH).map(move |n| format!("w{w}-{n:04}")))
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|id| !ids.contains(id.as_str()))
        .take(20)
        .collect();
    assert!(missing.is_empty(), "updates lost (first 20): {missing:?}");
    assert_eq!(events.len(), WRITERS * BATCHES * PER_BATCH + 2);
    for s in &updates {
        let writer = s.event.id[1..].split('-').next().unwrap();
        assert_eq!(s.event.by, format!("Writer {writer}"), "{}", s.event.id);
    }
    let mut seqs: Vec<i64> = events.iter().map(|s| s.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());
    let chain = store.check_chain().unwrap().unwrap();
    assert_eq!(chain.broken, None);
    assert_eq!(chain.events, events.len() as i64);
    eprintln!(
        "postgres concurrency: {WRITERS} writers x {BATCHES} imports of {PER_BATCH} events: \
         written in {:.1} s ({samples} reader samples), checked in {:.1} s",
        writing.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
