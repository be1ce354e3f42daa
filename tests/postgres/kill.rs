//! The power cut on a desk writing to the server (as tests/record/faults.rs on a
//! file): four writers import small batches back to back and a killer sends kill -9
//! to some of them at random moments (before the connection, inside the write
//! transaction, around the COMMIT). The server rolls a dead connection's transaction
//! back and frees its advisory lock, so afterwards: every batch an import reported
//! saved (exit 0) is stored whole; a killed one is stored whole or not at all; nothing
//! is stored twice; seq runs 1..=n without a gap; running the killed batches again
//! completes them; and `dutyboard verify` finds the chain whole.

use crate::server::server_or_skip;
use crate::support::bin;
use crate::support::concurrency::seed;
use dutyboard::record::{EventLog, Store};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const WRITERS: usize = 4;
const ROUNDS: usize = 20;
const PER_BATCH: usize = 20;

/// Writer `w`'s batch of round `r`: updates to the seed's open episode.
fn batch(w: usize, r: usize) -> String {
    (0..PER_BATCH)
        .map(|i| {
            let n = (r * PER_BATCH + i) * WRITERS + w;
            let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T00:00:00Z").unwrap()
                + chrono::Duration::seconds(n as i64);
            let line = serde_json::json!({
                "type": "update_recorded", "id": format!("k{w}-{r:02}-{i:02}"),
                "at": at.to_rfc3339(), "episode": "E1", "text": format!("writer {w}, round {r}"),
            });
            format!("{line}\n")
        })
        .collect()
}

/// How one import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    /// Exit 0: the import said it was saved.
    Saved,
    /// Killed while it ran (or it failed on its own, said on stderr).
    Killed,
}

/// Runs one import of `stdin`, killing it after `kill_after` if it is still running.
fn import(db: &Path, w: usize, stdin: &str, kill_after: Option<Duration>) -> Ended {
    let mut child = bin::command(Some(db), &format!("Writer {w}"), &["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dutyboard binary runs");
    // A child killed before it reads its input leaves the pipe broken: that is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Some(after) = kill_after {
        let until = Instant::now() + after;
        while Instant::now() < until && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL
    }
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ended::Saved
    } else {
        if out.status.code().is_some() {
            eprintln!(
                "writer {w}: an import failed on its own: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ended::Killed
    }
}

#[test]
fn writers_killed_at_random_moments_lose_nothing_saved_and_leave_the_chain_whole() {
    let pg = server_or_skip!();
    let name = pg.fresh("kill_nine");
    let admin = pg.url(&name);
    bin::succeeds(
        Path::new(&admin),
        "DBA",
        &["init", "--policy", "camden"],
        None,
    );
    pg.officer(&name, "writer_killed", &["camden"]);
    let url = pg.url_as(&name, "writer_killed");
    let db = Path::new(&url);
    seed(db);
    const SEEDED: usize = 2;

    // How long one import takes here, so the kills land across it.
    let start = Instant::now();
    let probe = "{\"type\":\"update_recorded\",\"id\":\"probe\",\"at\":\"2026-01-01T12:00:00Z\",\
                 \"episode\":\"E1\",\"text\":\"timed\"}\n";
    assert_eq!(import(db, 0, probe, None), Ended::Saved);
    let whole = start.elapsed();
    let seed = crate::support::faults::seed();
    eprintln!("kill -9 seed {seed} (replay with FAULTS_SEED={seed}); one import takes {whole:?}");

    // Each writer: every other round (at random) killed at a random moment up to 1.5
    // times an import's length, so kills land early, inside the write and after it.
    let ends: Vec<Vec<Ended>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                s.spawn(move || {
                    let mut rng =
                        crate::support::faults::Rng(seed.wrapping_mul(w as u64 * 2 + 1) | 1);
                    (0..ROUNDS)
                        .map(|r| {
                            let kill =
                                (rng.next_f64() < 0.5).then(|| whole.mul_f64(1.5 * rng.next_f64()));
                            import(db, w, &batch(w, r), kill)
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let store = Store::open(db).unwrap();
    let stored_ids = |store: &Store| -> HashMap<String, usize> {
        let mut per_batch = HashMap::new();
        for s in store.read_all().unwrap() {
            if let Some(rest) = s.event.id.strip_prefix('k') {
                *per_batch
                    .entry(rest[..rest.len() - 3].to_string())
                    .or_insert(0) += 1;
            }
        }
        per_batch
    };
    let per_batch = stored_ids(&store);
    let (mut saved, mut killed_none, mut killed_all) = (0, 0, 0);
    for (w, ends) in ends.iter().enumerate() {
        for (r, end) in ends.iter().enumerate() {
            let key = format!("{w}-{r:02}");
            let n = per_batch.get(&key).copied().unwrap_or(0);
            match end {
                Ended::Saved => {
                    assert_eq!(n, PER_BATCH, "batch {key} was reported saved: {n} stored");
                    saved += 1;
                }
                Ended::Killed => {
                    assert!(
                        n == 0 || n == PER_BATCH,
                        "batch {key}, killed: {n} of {PER_BATCH} stored (all or nothing)"
                    );
                    if n == 0 {
                        killed_none += 1;
                    } else {
                        killed_all += 1;
                    }
                }
            }
        }
    }
    eprintln!(
        "of {} imports: {saved} saved, {killed_none} killed before the commit, \
         {killed_all} killed after it",
        WRITERS * ROUNDS
    );
    assert!(killed_none > 0, "no kill landed before the commit");

    // Nothing twice, no gap, in what the killed writers left.
    let events = store.read_all().unwrap();
    let ids: HashSet<&str> = events.iter().map(|s| s.event.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "an event is stored twice");
    let mut seqs: Vec<i64> = events.iter().map(|s| s.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());

    // The killed batches are simply imported again, and complete.
    for (w, ends) in ends.iter().enumerate() {
        for (r, end) in ends.iter().enumerate() {
            if *end == Ended::Killed {
                assert_eq!(import(db, w, &batch(w, r), None), Ended::Saved);
            }
        }
    }
    let events = store.read_all().unwrap();
    assert_eq!(events.len(), SEEDED + 1 + WRITERS * ROUNDS * PER_BATCH);
    assert!(stored_ids(&store).values().all(|&n| n == PER_BATCH));
    let mut seqs: Vec<i64> = events.iter().map(|s| s.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());
    let out = bin::succeeds(Path::new(&admin), "Auditor", &["verify"], None);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("is whole: {} events", events.len())),
        "{said}"
    );
}
