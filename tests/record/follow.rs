//! The follower holds the record folded, not its events: events newer than the
//! fold go on top of it, an event dated ahead of its clock waits until the clock
//! reaches it, and an event entered late (dated before what is already folded)
//! sends it back to the log to fold afresh. Whichever way, what it holds must be
//! what a full fold of every event gives. (tests/tui/controller_fold.rs checks the same
//! through the live board's screens.)

use chrono::{DateTime, Duration, Utc};
use dutyboard::procedures::Policy;
use dutyboard::record::follow::Follower;
use dutyboard::record::{import, state_at, State, Store};

const START: &str = r#"{"type":"child_registered","at":"2026-03-01T00:00:00Z","by":"Day Officer","child":"C1","name":"Jade Smith","dob":"2011-04-02","status":"looked_after"}
{"type":"child_registered","at":"2026-03-01T00:00:00Z","by":"Day Officer","child":"C2","name":"Ali Khan","dob":"2010-09-12","status":"looked_after"}
{"type":"episode_reported","at":"2026-03-02T01:00:00Z","by":"Day Officer","episode":"E1","child":"C1","last_seen_at":"2026-03-02T00:30:00Z","category":"missing","risk":"medium"}"#;

fn t0() -> DateTime<Utc> {
    "2026-03-02T03:00:00Z".parse().unwrap()
}

fn policy() -> Policy {
    Policy::shipped("cumbria").unwrap()
}

/// A record, this desk's store and its follower at `t0`.
struct Desk {
    dir: tempfile::TempDir,
    store: Store,
    follower: Follower,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.db");
        let mut store = Store::create(&path).unwrap();
        store
            .initialise(&policy().name, &policy().text, t0())
            .unwrap();
        import(&mut store, START.as_bytes(), &policy(), "Day Officer", t0()).unwrap();
        let follower = Follower::open(&store, t0()).unwrap();
        Desk {
            dir,
            store,
            follower,
        }
    }

    /// Another desk appends `lines` (its own connection), its clock at `clock`.
    fn other_desk_appends(&self, lines: &str, clock: DateTime<Utc>) {
        let mut other = Store::open(&self.dir.path().join("record.db")).unwrap();
        import(&mut other, lines.as_bytes(), &policy(), "Other Desk", clock)
            .expect("the other desk's events are accepted");
    }

    /// As the live board's poll: read what is new if anyone committed.
    fn poll(&mut self, now: DateTime<Utc>) -> bool {
        let changed = self.follower.changed(&self.store).unwrap();
        if changed {
            self.follower.read_new(&self.store, now).unwrap();
        }
        changed
    }

    /// As the live board's tick: fold what the clock has reached.
    fn tick(&mut self, now: DateTime<Utc>) {
        self.follower.catch_up(&self.store, now).unwrap();
    }

    fn full_fold(&self, now: DateTime<Utc>) -> State {
        let fresh = Store::open(&self.dir.path().join("record.db")).unwrap();
        state_at(&fresh, Some(now)).unwrap()
    }
}

#[test]
fn a_risk_regrading_entered_late_lands_where_a_full_fold_puts_it() {
    let mut d = Desk::new();
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:50:00Z","episode":"E1","text":"Seen near the station"}"#,
        t0(),
    );
    assert!(d.poll(t0()));
    d.other_desk_appends(
        r#"{"type":"risk_changed","at":"2026-03-02T01:30:00Z","episode":"E1","risk":"high","reason":"Known to be with an older adult"}"#,
        t0(),
    );
    assert!(d.poll(t0()));
    assert_eq!(d.follower.state, d.full_fold(t0()));
    let episode = d.follower.state.episode("E1").unwrap();
    assert_eq!(episode.risk, dutyboard::record::vocab::Risk::High);
}

#[test]
fn an_event_dated_ahead_waits_for_the_clock_and_is_then_folded() {
    let mut d = Desk::new();
    let later = t0() + Duration::minutes(6);
    d.other_desk_appends(
        r#"{"type":"child_returned","at":"2026-03-02T03:05:00Z","episode":"E1","location_found":"Home"}"#,
        t0() + Duration::minutes(10),
    );
    assert!(d.poll(t0()));
    assert_eq!(d.follower.ahead().len(), 1, "held ahead of the clock");
    assert_eq!(
        d.follower.state,
        d.full_fold(t0()),
        "an event dated ahead waits"
    );
    assert!(d.follower.state.episode("E1").unwrap().returned.is_none());
    d.tick(later);
    assert_eq!(
        d.follower.state,
        d.full_fold(later),
        "and is folded once the clock reaches it"
    );
    assert!(d.follower.state.episode("E1").unwrap().returned.is_some());
    assert!(d.follower.ahead().is_empty());
}

#[test]
fn after_a_mixed_sequence_the_follower_holds_the_full_fold() {
    let mut d = Desk::new();
    let later = t0() + Duration::minutes(6);
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:55:00Z","episode":"E1","text":"Phone off"}"#,
        t0(),
    );
    assert!(d.poll(t0()));
    assert_eq!(
        d.follower.state,
        d.full_fold(t0()),
        "after an update in time order"
    );
    d.other_desk_appends(
        r#"{"type":"episode_reported","at":"2026-03-02T03:00:00Z","episode":"E2","child":"C2","last_seen_at":"2026-03-02T02:00:00Z","category":"missing","risk":"medium"}"#,
        t0(),
    );
    assert!(d.poll(t0()));
    assert_eq!(d.follower.state, d.full_fold(t0()), "after a new episode");
    d.tick(later);
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:10:00Z","episode":"E1","text":"Friend called"}"#,
        later,
    );
    assert!(d.poll(later));
    assert_eq!(
        d.follower.state,
        d.full_fold(later),
        "after an event entered late"
    );
    assert_eq!(
        Follower::open(&d.store, later).unwrap().state,
        d.full_fold(later),
        "and a second desk starting cold holds the same"
    );
}

#[test]
fn a_clock_turned_back_and_forward_again_loses_no_event_dated_ahead() {
    let mut d = Desk::new();
    let ahead_at = t0() + Duration::minutes(5);
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T03:05:00Z","episode":"E1","text":"Seen on the bus"}"#,
        t0() + Duration::minutes(10),
    );
    assert!(d.poll(t0()));
    d.tick(ahead_at + Duration::minutes(1));
    d.tick(t0() + Duration::minutes(1));
    assert_eq!(
        d.follower.state,
        d.full_fold(t0() + Duration::minutes(1)),
        "back before it"
    );
    let later = ahead_at + Duration::minutes(2);
    d.tick(later);
    assert_eq!(
        d.follower.state,
        d.full_fold(later),
        "and forward past it again"
    );
    assert_eq!(
        d.follower.state.episode("E1").unwrap().updates.len(),
        1,
        "the update dated ahead is folded once"
    );
}
