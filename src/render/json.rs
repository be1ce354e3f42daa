//! The machine-readable outputs (`--format json`): instants in RFC 3339 UTC to the
//! second and states in their contract spelling, whatever the Rust types print.

use crate::views::board::Board;
use crate::views::due::Due;
use crate::views::handover::Handover;
use serde::Serialize;

/// One `due` item: the instance and its policy, serialised straight
/// ([`crate::views::due::Due`] sets the keys and the time format).
pub fn due_json(i: &crate::procedures::RuleInstance) -> Due<'_> {
    Due::of(i)
}

/// The board's rows, for `board --format json`: serialised straight (their field
/// order and time format are set on [`crate::views::board::BoardRow`]).
pub fn board_json(board: &Board) -> &[crate::views::board::BoardRow] {
    &board.rows
}

// ---- Reports: tagged with their name, shapes documented in docs/INTERFACE.md ----

/// The handover as a pretty-printed JSON object (no trailing newline):
/// `{"at": ..., "report": "handover", ...}`, serialised straight (keys in the sorted
/// order [`Handover`] declares its fields in).
pub fn render(h: &Handover) -> String {
    serde_json::to_string_pretty(h).expect("a handover is always serialisable")
}

#[derive(Serialize)]
struct TaggedDaily<'a> {
    report: &'static str,
    #[serde(flatten)]
    daily: &'a crate::views::daily::Daily,
}

/// The daily report as a pretty-printed JSON object: `{"report": "daily", ...}`.
pub fn render_daily(d: &crate::views::daily::Daily) -> String {
    serde_json::to_string_pretty(&TaggedDaily {
        report: "daily",
        daily: d,
    })
    .expect("a daily report is always serialisable")
}

/// The statistics as a pretty-printed JSON object (`"report": "stats"` among the
/// keys), serialised straight in the sorted order [`crate::views::stats::Stats`] declares.
pub fn render_stats(s: &crate::views::stats::Stats) -> String {
    serde_json::to_string_pretty(s).expect("statistics are always serialisable")
}
