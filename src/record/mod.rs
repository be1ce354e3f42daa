//! The record: a log of events, kept append-only. Everything else is derived from it.

pub mod event;
pub mod files;
pub mod import;
pub mod json;
pub mod schema;
pub mod snapshot;
pub mod state;
pub mod store;
pub mod vocab;

pub use event::{Event, EventKind};
pub use import::{import, ImportError, Parsed, Refusal};
pub use schema::{EventType, RawEvent};
pub use snapshot::state_at;
pub use state::State;
pub use store::{EventLog, FoldCache, Store, StoreError, StoredEvent};
