//! MASH triage of police notifications of missing children (docs/NOTIFICATIONS.md):
//! the format, the inbox they arrive in, matching them to known children, and the
//! list a screener works through. Decisions are events in the record like any other.

pub mod csv;
pub mod decisions;
pub mod matching;
pub mod notification;
pub mod pending;
pub mod permissions;
pub mod resent;

pub use matching::{compare, Candidate};
pub use pending::{pending_count, triage_list, TriageItem};
