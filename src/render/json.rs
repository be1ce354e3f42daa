//! The machine-readable outputs (`--format json`): instants in RFC 3339 UTC to the
//! second and states in their contract spelling, whatever the Rust types print.

use crate::views::board::Board;
use crate::views::due::Due;
use crate::views::handover::Handover;
use serde::Serialize;

/// One `due` item: the instance and its policy, serialised straight
/// ([`crate::views::due::Due`] sets the keys and the time format).
pub fn due_json<'a>(i: &'a crate::procedures::RuleInstance, policy: &'a str) -> Due<'a> {
    Due::of(i, policy)
}

/// The board's rows, for `board --format json`: serialised straight (their field
/// order and time format are set on [`crate::views::board::BoardRow`]).
pub fn board_json(board: &Board) -> &[crate::views::board::BoardRow] {
    &board.rows
}

// ---- Reports: tagged with their name, shapes documented in docs/INTERFACE.md ----

#[derive(Serialize)]
struct Tagged<'a> {
    report: &'static str,
    #[serde(flatten)]
    handover: &'a Handover,
}

/// The handover as a pretty-printed JSON object (no trailing newline).
pub fn render(h: &Handover) -> String {
    serde_json::to_string_pretty(&value(h)).expect("a handover is always serialisable")
}

/// The handover as a JSON value: `{"report": "handover", "since": ..., ...}`.
pub fn value(h: &Handover) -> serde_json::Value {
    serde_json::to_value(Tagged {
        report: "handover",
        handover: h,
    })
    .expect("a handover is always serialisable")
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

#[derive(Serialize)]
struct TaggedStats<'a> {
    report: &'static str,
    #[serde(flatten)]
    stats: &'a crate::views::stats::Stats,
}

/// The statistics as a pretty-printed JSON object: `{"report": "stats", ...}`.
pub fn render_stats(s: &crate::views::stats::Stats) -> String {
    serde_json::to_string_pretty(&value_stats(s)).expect("statistics are always serialisable")
}

/// The statistics as a JSON value.
pub fn value_stats(s: &crate::views::stats::Stats) -> serde_json::Value {
    serde_json::to_value(TaggedStats {
        report: "stats",
        stats: s,
    })
    .expect("statistics are always serialisable")
}
