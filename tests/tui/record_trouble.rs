//! The board and the record under it going wrong (review D11, D12): a save while
//! another process holds the record's write lock never freezes the screen (it waits
//! aside, the board keeps ticking and says so, and the update is stored once the lock
//! is let go); a record replaced or overwritten under an open board is shown as stale
//! in a banner, and a save then is refused rather than reported "Saved".

use crate::support::tui::*;
use crossterm::event::KeyCode;
use std::time::{Duration, Instant};

fn updates_for(f: &Fixture, episode: &str) -> usize {
    stored(&f.ctl, "update_recorded")
        .iter()
        .filter(|(_, e)| e.episode() == Some(episode))
        .count()
}

/// Opens the update form on `episode` and types `text` (not yet saved).
fn update_typed(f: &mut Fixture, episode: &str, text: &str) {
    select(&mut f.ctl, episode);
    press(&mut f.ctl, KeyCode::Char('u'));
    type_text(&mut f.ctl, text);
}

#[test]
fn a_save_while_another_process_holds_the_record_never_freezes_the_board() {
    let mut f = fixture();
    let before = updates_for(&f, "E202");
    // Another process in the middle of a write (a suspended import, a hung share).
    let holder = rusqlite::Connection::open(f.path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    update_typed(&mut f, "E202", "Seen at the park.");
    let started = Instant::now();
    ctrl(&mut f.ctl, 's');
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the save held the screen for {:?}",
        started.elapsed()
    );
    let shown = screen(&f.ctl, 100, 30);
    assert!(shown.contains("waiting for the record"), "{shown}");
    assert!(!shown.contains("Saved"), "{shown}");
    // The board goes on: the clock moves, and nothing is stored twice meanwhile.
    let later = now() + chrono::Duration::seconds(61);
    let ticked = Instant::now();
    f.ctl.tick(later);
    assert!(ticked.elapsed() < Duration::from_secs(2));
    assert_eq!(f.ctl.app.snapshot.now, later, "the board kept ticking");
    ctrl(&mut f.ctl, 's');
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut t = later;
    while updates_for(&f, "E202") == before || !screen(&f.ctl, 100, 30).contains("Saved") {
        assert!(
            Instant::now() < deadline,
            "never saved: {}",
            screen(&f.ctl, 100, 30)
        );
        std::thread::sleep(Duration::from_millis(100));
        t += chrono::Duration::seconds(1);
        f.ctl.tick(t);
    }
    assert_eq!(updates_for(&f, "E202"), before + 1, "stored once");
    assert!(f.ctl.app.form.is_none(), "the form closes once saved");
}

#[test]
fn a_record_replaced_under_an_open_board_is_shown_stale_and_a_save_is_refused() {
    let mut f = fixture();
    let path = f.path();
    let garbage = f.dir.path().join("garbage");
    std::fs::write(&garbage, vec![b'x'; 8192]).unwrap();
    std::fs::rename(&garbage, &path).unwrap();
    f.ctl.tick(now() + chrono::Duration::seconds(1));
    let shown = screen(&f.ctl, 100, 30);
    assert!(
        shown.contains("replaced"),
        "no banner says the record is stale:\n{shown}"
    );
    update_typed(&mut f, "E202", "Seen at the park.");
    ctrl(&mut f.ctl, 's');
    let shown = screen(&f.ctl, 100, 30);
    assert!(
        !shown.contains("Saved"),
        "a save that went nowhere: {shown}"
    );
    assert!(f.ctl.app.form.is_some(), "the form is kept: {shown}");
}

#[test]
fn a_record_overwritten_in_place_under_an_open_board_is_shown_unreadable() {
    let mut f = fixture();
    std::fs::write(f.path(), vec![b'x'; 8192]).unwrap();
    f.ctl.tick(now() + chrono::Duration::seconds(1));
    let shown = screen(&f.ctl, 100, 30);
    assert!(
        shown.contains("not a dutyboard record") || shown.contains("cannot be read"),
        "no banner says the record is stale:\n{shown}"
    );
}
