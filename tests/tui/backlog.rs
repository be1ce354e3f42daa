//! Issue 15: the backlog folds under its count on the live board; `b` shows its rows
//! and folds them again.

use crate::support::tui::*;
use crossterm::event::KeyCode;

/// A child back home since 1 January 2026 whose return duties nobody closed: every
/// one was due two months before the board's 03:00 on 2 March.
const OLD_RETURN: &str = r#"{"type":"child_registered","at":"2025-12-01T09:00:00Z","child":"C900","name":"Wren Backlogged","dob":"2011-05-05","status":"child_in_need"}
{"type":"episode_reported","at":"2025-12-31T20:00:00Z","episode":"E900","child":"C900","last_seen_at":"2025-12-31T18:00:00Z","category":"missing","risk":"medium","police_ref":"PD-9"}
{"type":"child_returned","at":"2026-01-01T10:00:00Z","episode":"E900"}"#;

#[test]
fn the_backlog_is_a_count_until_b_shows_its_rows() {
    let mut f = fixture_with("cumbria", "default", (160, 48));
    import_as_other_desk(&f, OLD_RETURN);
    assert!(f.ctl.poll(now()));
    let folded = screen(&f.ctl, 160, 48);
    assert!(
        folded.contains("BACKLOG - RETURNED, ACTIONS LONG PAST (1)"),
        "{folded}"
    );
    assert!(folded.contains("folded: b shows them"), "{folded}");
    assert!(!folded.contains("Wren Backlogged"), "{folded}");
    press(&mut f.ctl, KeyCode::Char('b'));
    let shown = screen(&f.ctl, 160, 48);
    assert!(shown.contains("Wren Backlogged"), "{shown}");
    assert!(!shown.contains("folded: b shows them"), "{shown}");
    press(&mut f.ctl, KeyCode::Char('b'));
    assert!(!screen(&f.ctl, 160, 48).contains("Wren Backlogged"));
}
