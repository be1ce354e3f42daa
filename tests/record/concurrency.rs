//! Many desks saving at once on a file: the body in tests/support/concurrency.rs (8
//! processes append 1,000 events each through `dutyboard import -`; none lost, none
//! doubled, no "database is locked" or "busy", seq gap-free), on one SQLite database.

use crate::support::bin;
use crate::support::concurrency::{
    assert_each_stored_once, assert_none_failed, seed, write_all, BATCHES, PER_BATCH, WRITERS,
};
use std::time::Instant;

#[test]
fn eight_processes_append_a_thousand_events_each_and_none_is_lost_or_doubled() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    bin::succeeds(&db, "Seed", &["init", "--policy", "camden"], None);
    seed(&db);

    let (failures, ()) = write_all(&db, |_| ());
    let writing = started.elapsed();
    assert_none_failed(&failures);

    let store = dutyboard::record::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let events = dutyboard::record::EventLog::read_all(&store).unwrap();
    assert_each_stored_once(&events);
    eprintln!(
        "concurrency: {WRITERS} writers x {BATCHES} imports of {PER_BATCH} events: written in {:.1} s, checked in {:.1} s",
        writing.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
