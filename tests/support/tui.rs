//! Shared by the live board's tests: the demo caseload in a temporary record at a
//! fixed moment, a controller over it, and a TestBackend to draw into.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutyboard::calendar::Calendar;
use dutyboard::desk::Desk;
use dutyboard::procedures::Policy;
use dutyboard::record::{import, Store};
use dutyboard::tui::theme::Theme;
use dutyboard::tui::{ui, Controller};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

/// 03:00 on a Monday in March (GMT): the desk at its quietest and most tired.
pub const NOW: &str = "2026-03-02T03:00:00Z";
pub const OPERATOR: &str = "Test Officer";

pub fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub ctl: Controller,
}

impl Fixture {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("record.db")
    }
}

/// The demo caseload under `policy`, drawn with `theme`, on a `size` terminal.
pub fn fixture_with(policy: &str, theme: &str, size: (u16, u16)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.db");
    let policy = Policy::shipped(policy).unwrap();
    let mut store = Store::create(&path).unwrap();
    store.initialise(&policy.name, &policy.text, now()).unwrap();
    let lines = dutyboard::demo::caseload_for(now(), &policy);
    import::import(&mut store, lines.as_bytes(), &policy, "demo", now()).unwrap();
    let ctl = board_over(store, policy, OPERATOR, theme, now(), size);
    Fixture { dir, ctl }
}

/// The live board over `store` under `policy`, signed in as `operator`, at `at`.
pub fn board_over(
    store: Store,
    policy: Policy,
    operator: &str,
    theme: &str,
    at: DateTime<Utc>,
    size: (u16, u16),
) -> Controller {
    let desk = Desk {
        store,
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy,
        calendar: Calendar::embedded(),
        operator: operator.to_string(),
        privacy: false,
    };
    Controller::new(desk, Theme::built_in(theme).unwrap(), false, at, size).unwrap()
}

/// Another desk's board (its own connection) over the fixture's record, at now.
pub fn another_board(f: &Fixture, operator: &str) -> Controller {
    let store = Store::open(&f.path()).unwrap();
    board_over(
        store,
        f.ctl.desk.policy.clone(),
        operator,
        "default",
        now(),
        (80, 24),
    )
}

pub fn fixture() -> Fixture {
    fixture_with("cumbria", "default", (80, 24))
}

/// Draws the app on a fresh `w` x `h` TestBackend.
pub fn render(ctl: &Controller, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, &ctl.app)).unwrap();
    t
}

pub fn buffer(ctl: &Controller, w: u16, h: u16) -> Buffer {
    render(ctl, w, h).backend().buffer().clone()
}

/// The screen as plain lines.
pub fn lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

pub fn screen(ctl: &Controller, w: u16, h: u16) -> String {
    lines(&buffer(ctl, w, h)).join("\n")
}

pub fn press(ctl: &mut Controller, code: KeyCode) {
    ctl.key(KeyEvent::new(code, KeyModifiers::NONE), now());
}

pub fn ctrl(ctl: &mut Controller, c: char) {
    ctl.key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        now(),
    );
}

pub fn type_text(ctl: &mut Controller, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            press(ctl, KeyCode::Enter);
        } else {
            press(ctl, KeyCode::Char(c));
        }
    }
}

/// Moves the selection to `episode`.
pub fn select(ctl: &mut Controller, episode: &str) {
    press(ctl, KeyCode::Home);
    for _ in 0..ctl.app.visible.len() {
        if ctl.app.selected.as_deref() == Some(episode) {
            return;
        }
        press(ctl, KeyCode::Down);
    }
    assert_eq!(
        ctl.app.selected.as_deref(),
        Some(episode),
        "{episode} is not on the board"
    );
}

/// The screen row that shows `text`, if any.
pub fn row_of(buf: &Buffer, text: &str) -> Option<u16> {
    lines(buf)
        .iter()
        .position(|l| l.contains(text))
        .map(|y| y as u16)
}

/// The column where `text` starts on row `y`.
pub fn col_of(buf: &Buffer, y: u16, text: &str) -> Option<u16> {
    let line: Vec<String> = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    let joined = line.concat();
    joined
        .find(text)
        .map(|byte| joined[..byte].chars().count() as u16)
}

/// Every stored event of `kind`, as (by, body).
pub fn stored(ctl: &Controller, kind: &str) -> Vec<(String, dutyboard::record::Event)> {
    use dutyboard::record::EventLog;
    ctl.desk
        .store
        .read_all()
        .unwrap()
        .into_iter()
        .filter(|s| s.event.type_name() == kind)
        .map(|s| (s.event.by.clone(), s.event))
        .collect()
}

/// An alerter whose notifications are kept for the test to read (bell on).
pub fn capturing_alerter(
    primed: bool,
) -> (
    dutyboard::desk::alerts::Alerter,
    dutyboard::desk::alerts::CaptureNotifier,
) {
    let capture = dutyboard::desk::alerts::CaptureNotifier::default();
    let mut alerter = dutyboard::desk::alerts::Alerter::new(
        dutyboard::desk::alerts::Settings::default(),
        Box::new(capture.clone()),
    );
    if primed {
        alerter.memory = dutyboard::desk::alerts::Memory::primed();
    }
    (alerter, capture)
}

/// Appends JSON Lines to the fixture's record as another desk would (its own
/// connection), stamped by `by`.
pub fn import_as_other_desk(f: &Fixture, lines: &str) {
    let policy = f.ctl.desk.policy.clone();
    let mut other = Store::open(&f.path()).unwrap();
    import::import(&mut other, lines.as_bytes(), &policy, "Other Desk", now()).unwrap();
}

/// The key that opens a form of `kind` on the board.
pub fn key_for(kind: dutyboard::tui::forms::FormKind) -> char {
    dutyboard::tui::keys::FORM_KEYS
        .iter()
        .find(|(_, k)| *k == kind)
        .unwrap()
        .0
}

/// The detail of a returned demo child (back home, no episode open) with a given and
/// a family name: a child a police notification can be about.
pub fn a_returned_child(f: &mut Fixture) -> dutyboard::views::detail::EpisodeDetail {
    let returned: Vec<String> = (f.ctl.app.snapshot.board.rows.iter())
        .filter(|r| r.section == dutyboard::views::board::Section::Returned)
        .map(|r| r.episode.clone())
        .collect();
    returned
        .iter()
        .filter_map(|e| f.ctl.detail(e))
        .find(|d| d.name.split_whitespace().count() == 2)
        .expect("a returned demo child with a given and a family name")
}
