//! The record: a log of events, kept append-only. Everything else is derived from it.

pub mod entities;
pub mod event;
pub mod files;
pub mod fold;
pub mod import;
pub mod intake;
pub mod json;
pub mod schema;
pub mod snapshot;
pub mod store;
pub mod vocab;

pub use entities::*;
pub use event::{Event, EventKind};
pub use fold::State;
pub use import::{import, ImportError, Parsed, Refusal};
pub use intake::{admit, Rules};
pub use schema::{EventType, RawEvent};
pub use snapshot::state_at;
pub use store::{EventLog, FoldCache, Store, StoreError, StoredEvent};
