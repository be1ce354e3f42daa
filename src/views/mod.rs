//! Read models: what the board, the panes, the reports and the export show, built from
//! the folded state, the engine's evaluation and `now`. Pure: nothing here reads a
//! clock, a file or a database, and nothing knows of terminals. The words they are
//! shown in live in [`wording`]; the bytes of each output format in `crate::render`.

pub mod board;
pub mod board_update;
pub mod daily;
pub mod detail;
pub mod due;
pub mod escalation;
pub mod handover;
pub mod log;
pub mod owned;
pub mod preview;
pub mod shift;
pub mod ssda903;
pub mod stats;
pub mod watch;
pub mod wording;

pub use handover::{build as build_handover, Handover, HANDOVER_HORIZON_HOURS};

use crate::procedures::Evaluation;
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

/// One authority of a record of several, and the policy (and its version) it follows
/// at the report's instant: what a report of the whole desk names in its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// Fields in sorted order: JSON keys come out as declared (tests/goldens pins them).
pub struct AuthorityPolicy {
    pub authority: String,
    pub policy: String,
    pub version: String,
}

/// The authority whose procedure `episode` follows in `evaluation` (INTERFACE: each
/// episode its child's authority at the report), if the evaluation reached it.
pub fn authority_of<'a>(evaluation: &'a Evaluation, episode: &str) -> Option<&'a str> {
    evaluation.governed.get(episode).map(|f| &*f.authority)
}

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

/// Each authority of a record of several, with the policy it follows for an episode
/// reported at `at` (as the record stood then); none on a record of one authority,
/// whose reports name its policy alone, as before.
pub fn authorities_in_force(
    governs: &crate::procedures::governs::Governs,
    at: DateTime<Utc>,
) -> Vec<AuthorityPolicy> {
    if !governs.several() {
        return Vec::new();
    }
    governs
        .authorities
        .iter()
        .map(|a| {
            let g = governs.at_report(Some(&a.name), at, at);
            AuthorityPolicy {
                authority: a.name.clone(),
                policy: g.policy.name.clone(),
                version: g.version.unwrap_or("for this call").to_string(),
            }
        })
        .collect()
}
