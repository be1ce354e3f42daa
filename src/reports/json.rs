//! The handover as JSON, for other systems. The shape is documented in
//! docs/INTERFACE.md ("report handover"); instants are RFC 3339 in UTC.

use super::handover::Handover;
use serde::Serialize;

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
    daily: &'a super::daily::Daily,
}

/// The daily report as a pretty-printed JSON object: `{"report": "daily", ...}`.
pub fn render_daily(d: &super::daily::Daily) -> String {
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
    stats: &'a super::stats::Stats,
}

/// The statistics as a pretty-printed JSON object: `{"report": "stats", ...}`.
pub fn render_stats(s: &super::stats::Stats) -> String {
    serde_json::to_string_pretty(&value_stats(s)).expect("statistics are always serialisable")
}

/// The statistics as a JSON value.
pub fn value_stats(s: &super::stats::Stats) -> serde_json::Value {
    serde_json::to_value(TaggedStats {
        report: "stats",
        stats: s,
    })
    .expect("statistics are always serialisable")
}
