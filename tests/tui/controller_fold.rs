//! The live board holds the record folded, not its events: events newer than the
//! fold go on top of it, an event dated ahead of the board's clock is shown at once
//! with a banner naming the skew (issue 13 D7: never hidden), and an event entered late
//! (dated before what is already folded) sends the board back to the log to fold
//! afresh. Whichever way, what the board shows must be what a full fold of every
//! stored event gives at the board's clock.

use chrono::{DateTime, Duration, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::desk::Desk;
use dutyboard::procedures::Policy;
use dutyboard::procedures::{evaluate_scoped, Scope};
use dutyboard::record::clock::ClockSkew;
use dutyboard::record::vocab::Risk;
use dutyboard::record::{import, EventLog, State, Store};
use dutyboard::tui::theme::Theme;
use dutyboard::tui::Controller;
use dutyboard::views::board;
use dutyboard::views::detail::Snapshot;

const START: &str = r#"{"type":"child_registered","at":"2026-03-01T00:00:00Z","by":"Day Officer","child":"C1","name":"Jade Smith","dob":"2011-04-02","status":"looked_after"}
{"type":"child_registered","at":"2026-03-01T00:00:00Z","by":"Day Officer","child":"C2","name":"Ali Khan","dob":"2010-09-12","status":"looked_after"}
{"type":"episode_reported","at":"2026-03-02T01:00:00Z","by":"Day Officer","episode":"E1","child":"C1","last_seen_at":"2026-03-02T00:30:00Z","category":"missing","risk":"medium"}"#;

fn t0() -> DateTime<Utc> {
    "2026-03-02T03:00:00Z".parse().unwrap()
}

fn policy() -> Policy {
    Policy::shipped("cumbria").unwrap()
}

struct Desk2 {
    dir: tempfile::TempDir,
    ctl: Controller,
}

impl Desk2 {
    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("record.db")
    }

    /// Another desk appends `lines` (its own connection), its clock at `clock`.
    fn other_desk_appends(&self, lines: &str, clock: DateTime<Utc>) {
        let mut store = Store::open(&self.path()).unwrap();
        import(&mut store, lines.as_bytes(), &policy(), "Other Desk", clock)
            .expect("the other desk's events are accepted");
    }

    /// The board as a full fold of every stored event gives it at the clock `now`:
    /// events dated after it too, named in the banner.
    fn full_fold(&self, now: DateTime<Utc>) -> String {
        let store = Store::open(&self.path()).unwrap();
        let events: Vec<_> = store
            .read_all()
            .unwrap()
            .into_iter()
            .map(|s| s.event)
            .collect();
        let mut state = State::fold(&events);
        state.finish();
        let (policy, calendar) = (policy(), Calendar::embedded());
        let evaluation = evaluate_scoped(&state, &policy, &calendar, now, Scope::All);
        let mut board = board::build(&state, &evaluation, now, false);
        board.clock_skew =
            ClockSkew::of(events.iter().map(|e| (e.at, e.by.as_str())), now).map(|s| s.banner());
        // The policy as the live desk holds it (with its version, for the detail pane).
        let governs = dutyboard::procedures::governs::Governs::single(policy);
        view(&Snapshot::of_state(
            &state,
            evaluation,
            board,
            &|i| events.get(i),
            &governs,
            now,
        ))
    }

    /// The live board's snapshot, with the detail pane of every row made (the board
    /// makes the selected one's; each is made as the snapshot stood when asked for).
    fn live(&mut self) -> String {
        every_detail(&mut self.ctl)
    }
}

fn open(path: &std::path::Path, now: DateTime<Utc>) -> Controller {
    let desk = Desk {
        store: Store::open(path).unwrap(),
        governs: dutyboard::procedures::governs::Governs::single(policy()),
        policy: policy(),
        calendar: Calendar::embedded(),
        operator: "Test Officer".into(),
        privacy: false,
    };
    Controller::new(
        desk,
        Theme::built_in("default").unwrap(),
        false,
        now,
        (100, 30),
    )
    .unwrap()
}

fn desk() -> Desk2 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.db");
    let mut store = Store::create(&path).unwrap();
    store
        .initialise(&policy().name, &policy().text, t0())
        .unwrap();
    import(&mut store, START.as_bytes(), &policy(), "Day Officer", t0()).unwrap();
    drop(store);
    let ctl = open(&path, t0());
    Desk2 { dir, ctl }
}

/// The board's snapshot with the detail pane of every row made (a board makes the
/// selected one's; each is made as the snapshot stood), as [`view`] shows it.
fn every_detail(ctl: &mut Controller) -> String {
    let rows: Vec<String> = (ctl.app.snapshot.board.rows.iter())
        .map(|r| r.episode.clone())
        .collect();
    for e in &rows {
        assert!(ctl.detail(e).is_some(), "{e} has a detail pane");
    }
    view(&ctl.app.snapshot)
}

/// Everything the screens are drawn from, in a stable order.
fn view(s: &Snapshot) -> String {
    let mut details: Vec<_> = s.details.iter().collect();
    details.sort_by(|a, b| a.0.cmp(b.0));
    format!(
        "now {}\nnext change {:?}\nboard {}\ndetails {:#?}\nchildren {:#?}",
        s.now,
        s.next_change,
        serde_json::to_string_pretty(&s.board).unwrap(),
        details,
        s.children
    )
}

fn timeline(ctl: &mut Controller, episode: &str) -> Vec<String> {
    ctl.detail(episode)
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.what.clone())
        .collect()
}

#[test]
fn a_risk_regrading_entered_late_lands_where_a_full_fold_puts_it() {
    let mut d = desk();
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:50:00Z","episode":"E1","text":"Seen near the station"}"#,
        t0(),
    );
    assert!(d.ctl.poll(t0()));
    // Entered after the update, but it happened before it.
    d.other_desk_appends(
        r#"{"type":"risk_changed","at":"2026-03-02T01:30:00Z","episode":"E1","risk":"high","reason":"Known to be with an older adult"}"#,
        t0(),
    );
    assert!(d.ctl.poll(t0()));
    assert_eq!(d.live(), d.full_fold(t0()));
    let lines = timeline(&mut d.ctl, "E1");
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.to_lowercase().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {lines:?}"))
    };
    let (regraded, update) = (at("risk regraded to high"), at("update: seen near"));
    assert!(regraded < update, "in the order they happened: {lines:?}");
    let row = &d.ctl.app.snapshot.board.rows[0];
    assert_eq!(row.risk, Risk::High, "the board shows the late regrading");
}

#[test]
fn after_a_mixed_sequence_the_board_is_the_full_fold_board() {
    let mut d = desk();
    let later = t0() + Duration::minutes(6);

    // In time order: folded on top.
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:55:00Z","episode":"E1","text":"Phone off"}"#,
        t0(),
    );
    assert!(d.ctl.poll(t0()));
    assert_eq!(d.live(), d.full_fold(t0()), "after an update in time order");

    // A new episode: onto the board with its whole timeline.
    d.other_desk_appends(
        r#"{"type":"episode_reported","at":"2026-03-02T03:00:00Z","episode":"E2","child":"C2","last_seen_at":"2026-03-02T02:00:00Z","category":"missing","risk":"medium"}"#,
        t0(),
    );
    assert!(d.ctl.poll(t0()));
    assert_eq!(d.live(), d.full_fold(t0()), "after a new episode");

    // From a desk whose clock is ahead of this board's: shown at once, the skew named.
    d.other_desk_appends(
        r#"{"type":"child_returned","at":"2026-03-02T03:05:00Z","episode":"E1","location_found":"Home"}"#,
        t0() + Duration::minutes(10),
    );
    assert!(d.ctl.poll(t0()));
    assert_eq!(d.live(), d.full_fold(t0()), "an event dated ahead is shown");
    assert!(d.ctl.detail("E1").is_none_or(|e| e.returned.is_some()));
    assert!(d.ctl.app.snapshot.board.clock_skew.is_some());
    d.ctl.tick(later);
    assert_eq!(
        d.live(),
        d.full_fold(later),
        "and is folded once the clock reaches it"
    );
    assert!(d.ctl.detail("E1").is_none_or(|e| e.returned.is_some()));

    // Entered late: before both updates already folded.
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T02:10:00Z","episode":"E1","text":"Friend called"}"#,
        later,
    );
    assert!(d.ctl.poll(later));
    assert_eq!(d.live(), d.full_fold(later), "after an event entered late");

    // And after all that, a second desk starting cold sees the same.
    assert_eq!(
        every_detail(&mut open(&d.path(), later)),
        d.full_fold(later)
    );
}

#[test]
fn an_episode_settled_long_ago_leaves_the_board_as_a_full_fold_has_it() {
    // Forty days on, E1 has long been back; the board (folded on top, the episode's
    // timeline let go if it left the board) still matches a full fold.
    let mut d = desk();
    d.other_desk_appends(
        r#"{"type":"child_returned","at":"2026-03-02T02:30:00Z","episode":"E1","location_found":"Home"}"#,
        t0(),
    );
    assert!(d.ctl.poll(t0()));
    let much_later = t0() + Duration::days(40);
    d.ctl.tick(much_later);
    assert_eq!(d.live(), d.full_fold(much_later));
}

#[test]
fn a_clock_turned_back_and_forward_again_loses_no_event_dated_ahead() {
    // The last event stored is dated ahead of the board; once folded, the board's
    // clock goes back before it (folding afresh) and forward again.
    let mut d = desk();
    let ahead_at = t0() + Duration::minutes(5);
    d.other_desk_appends(
        r#"{"type":"update_recorded","at":"2026-03-02T03:05:00Z","episode":"E1","text":"Seen on the bus"}"#,
        t0() + Duration::minutes(10),
    );
    assert!(d.ctl.poll(t0()));
    d.ctl.tick(ahead_at + Duration::minutes(1));
    d.ctl.tick(t0() + Duration::minutes(1));
    assert_eq!(
        d.live(),
        d.full_fold(t0() + Duration::minutes(1)),
        "back before it"
    );
    let later = ahead_at + Duration::minutes(2);
    d.ctl.tick(later);
    assert_eq!(d.live(), d.full_fold(later), "and forward past it again");
    assert!(timeline(&mut d.ctl, "E1")
        .iter()
        .any(|l| l.contains("Seen on the bus")));
}

#[test]
fn the_first_frame_shows_the_full_board_and_the_detail_panes_complete_straight_after() {
    let d = desk();
    // A returned episode too, so settled actions exist for the detail pane to show.
    d.other_desk_appends(
        r#"{"type":"police_informed","at":"2026-03-02T01:10:00Z","episode":"E1","police_ref":"CC-1"}
{"type":"update_recorded","at":"2026-03-02T02:00:00Z","episode":"E1","text":"Seen near the station"}"#,
        t0(),
    );
    let desk_of = || Desk {
        store: Store::open(&d.path()).unwrap(),
        governs: dutyboard::procedures::governs::Governs::single(policy()),
        policy: policy(),
        calendar: Calendar::embedded(),
        operator: "Test Officer".into(),
        privacy: false,
    };
    let theme = || Theme::built_in("default").unwrap();
    let full = Controller::new(desk_of(), theme(), false, t0(), (100, 30)).unwrap();
    let mut first = Controller::first_frame(desk_of(), theme(), false, t0(), (100, 30)).unwrap();
    assert!(first.is_partial());
    assert_eq!(
        serde_json::to_string(&first.app.snapshot.board).unwrap(),
        serde_json::to_string(&full.app.snapshot.board).unwrap(),
        "the first frame's board is the board"
    );
    assert!(
        (first.app.snapshot.detail("E1")).is_none_or(|d| d.timeline.is_empty()),
        "the timeline waits for the second pass"
    );
    first.complete(t0());
    assert!(!first.is_partial());
    assert_eq!(view(&first.app.snapshot), view(&full.app.snapshot));
    assert_eq!(
        timeline(&mut first, "E1").len(),
        3,
        "{:?}",
        timeline(&mut first, "E1")
    );
}
