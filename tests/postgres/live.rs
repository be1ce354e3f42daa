//! Two desks on one server: a board sees the other's commit by its notification (well
//! before the slow poll would), and a board whose listening connection is cut off
//! connects again and reads what was stored while it was away.

use crate::server::{server_or_skip, Server};
use crate::support::bin;
use chrono::{DateTime, Utc};
use dutyboard::desk::live::Live;
use dutyboard::desk::{Config, Desk};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn now() -> DateTime<Utc> {
    "2026-01-12T12:00:00Z".parse().unwrap()
}

fn update(id: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({"type": "update_recorded", "id": id, "at": "2026-01-12T11:00:00Z",
                           "episode": "E1", "text": format!("update {id}")})
    )
}

/// A record with one open episode, E1, and an officer `who` who may see it.
fn record(pg: &Server, test: &str, who: &str) -> String {
    let name = pg.fresh(test);
    let admin = pg.url(&name);
    bin::succeeds(
        Path::new(&admin),
        "Init",
        &["init", "--policy", "camden"],
        None,
    );
    pg.officer(&name, who, &["camden"]);
    let url = pg.url_as(&name, who);
    let seed = [
        serde_json::json!({"type": "child_registered", "id": "c1", "at": "2026-01-05T09:00:00Z",
            "child": "C1", "name": "Live Child", "dob": "2012-03-04", "status": "looked_after"}),
        serde_json::json!({"type": "episode_reported", "id": "e1", "at": "2026-01-12T10:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-01-12T08:00:00Z",
            "category": "missing", "risk": "medium"}),
    ]
    .map(|v| format!("{v}\n"))
    .concat();
    bin::succeeds(Path::new(&url), "Seed", &["import", "-"], Some(&seed));
    url
}

fn desk(url: &str) -> Desk {
    let config = Config {
        db: Some(PathBuf::from(url)),
        operator: Some("Board".into()),
        ..Config::default()
    };
    Desk::open(&config, None).unwrap()
}

/// Waits up to `limit` for the board to see a change; how long it took.
fn until_changed(live: &Live, desk: &Desk, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if live.changed(desk) {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Waits up to 10 s for the board's listener to be connected (it starts when the
/// board first asks for changes, and connects in the background).
fn connected(desk: &Desk) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if !desk.store.connection_lost() {
            // Connected, and the tail it read on connecting taken in.
            std::thread::sleep(Duration::from_millis(100));
            return !desk.store.connection_lost();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn updates_of(live: &Live) -> usize {
    live.state().episode("E1").map_or(0, |e| e.updates.len())
}

#[test]
fn a_board_sees_another_desks_commit_by_its_notification() {
    let pg = server_or_skip!();
    let url = record(pg, "live_notify", "board_notify");
    let desk = desk(&url);
    let mut live = Live::open(&desk, now()).unwrap();
    assert_eq!(updates_of(&live), 0);
    // The listener connects in the background; then nothing has changed.
    assert!(connected(&desk), "the listener is connected");
    assert!(
        !live.changed(&desk),
        "nothing stored since the board opened"
    );

    bin::succeeds(
        Path::new(&url),
        "Other desk",
        &["import", "-"],
        Some(&update("u1")),
    );
    let took = until_changed(&live, &desk, Duration::from_secs(10))
        .expect("the board saw the other desk's commit");
    // The slow poll is every 5 s: a change seen well before is the notification's.
    assert!(took < Duration::from_secs(2), "seen only after {took:?}");
    live.read(&desk, now(), true).unwrap();
    assert_eq!(updates_of(&live), 1);
    assert!(!live.changed(&desk), "read: nothing more to see");
}

#[test]
fn a_board_cut_off_from_the_server_reconnects_and_reads_what_came_meanwhile() {
    let pg = server_or_skip!();
    let url = record(pg, "live_reconnect", "board_reconnect");
    let desk = desk(&url);
    let mut live = Live::open(&desk, now()).unwrap();
    assert!(connected(&desk), "the listener is connected");

    // The server ends the board's listening connection, and another desk stores an
    // update while it is away: its notification reaches no one.
    pg.sql(
        "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'dutyboard listener' AND usename = 'board_reconnect'",
    );
    let lost = Instant::now();
    while !desk.store.connection_lost() && lost.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        desk.store.connection_lost(),
        "the board knows it was cut off"
    );
    bin::succeeds(
        Path::new(&url),
        "Other desk",
        &["import", "-"],
        Some(&update("u2")),
    );

    until_changed(&live, &desk, Duration::from_secs(10))
        .expect("the board saw the update once it was back");
    assert!(!desk.store.connection_lost(), "connected again");
    live.read(&desk, now(), true).unwrap();
    assert_eq!(updates_of(&live), 1, "the update stored while it was away");
}
