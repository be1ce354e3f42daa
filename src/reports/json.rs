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
