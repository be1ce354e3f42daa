//! Reports drawn from the record: pure functions from events, state and an evaluation
//! to a data structure, then one renderer per format. Nothing here reads a clock, a
//! file or a database; `commands.rs` gathers the inputs and prints the output.

pub mod csv;
pub mod daily;
pub mod handover;
pub mod html;
pub mod json;
pub mod markdown;
pub mod ssda903;
pub mod stats;

pub use handover::{build as build_handover, Handover, HANDOVER_HORIZON_HOURS};

use chrono::{DateTime, Utc};
use serde::Serializer;

/// Serialises an instant as RFC 3339 in UTC, whole seconds (`2026-03-02T09:00:00Z`),
/// as every other JSON output of the program does.
pub(crate) fn rfc<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::calendar::time::rfc(*t))
}

pub(crate) fn rfc_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc(t, s),
        None => s.serialize_none(),
    }
}
