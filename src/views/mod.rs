//! Read models: what the board, the panes, the reports and the export show, built from
//! the folded state, the engine's evaluation and `now`. Pure: nothing here reads a
//! clock, a file or a database, and nothing knows of terminals. The words they are
//! shown in live in [`wording`]; the bytes of each output format in `crate::render`.

pub mod board;
pub mod daily;
pub mod detail;
pub mod due;
pub mod handover;
pub mod log;
pub mod ssda903;
pub mod stats;
pub mod watch;
pub mod wording;

pub use handover::{build as build_handover, Handover, HANDOVER_HORIZON_HOURS};

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

/// A report's name as its JSON tags it (`"report": "handover"`): a field of the view,
/// so the keys come out in the order the view declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    Handover,
    Stats,
}

/// Serialises an instant as RFC 3339 in UTC, whole seconds (`2026-03-02T09:00:00Z`),
/// as every JSON output of the program does.
pub(crate) fn rfc<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::calendar::time::rfc(*t))
}

pub(crate) fn rfc_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc(t, s),
        None => s.serialize_none(),
    }
}
