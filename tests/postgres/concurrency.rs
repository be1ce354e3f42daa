//! Many desks saving at once on the server, as on a file: the body in
//! tests/support/concurrency.rs (8 processes append 1,000 events each through
//! `dutyboard import -`, so 800 writes contend for the advisory lock; none lost, none
//! doubled, seq gap-free), plus a reader sampling all through, which must always see
//! seqs 1..max with no gap, and the hash chain checked whole afterwards.

use crate::server::server_or_skip;
use crate::support::bin;
use crate::support::concurrency::{
    assert_each_stored_once, assert_none_failed, seed, write_all, BATCHES, PER_BATCH, WRITERS,
};
use dutyboard::record::{EventLog, Store};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Instant;

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
    seed(db);

    // A reader samples all through: what it sees is always seqs 1..max, no gap.
    let mut client = pg.client_as(&name, "writer_eight");
    let (failures, samples) = write_all(db, |done| {
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
    let writing = started.elapsed();
    assert_none_failed(&failures);

    let store = Store::open(db).unwrap();
    let events = store.read_all().unwrap();
    assert_each_stored_once(&events);
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
