//! The record: a log of events, kept append-only. Everything else is derived from it.

pub mod event;
pub mod import;
pub mod state;
pub mod store;
pub mod vocab;

pub use event::{Event, EventKind, RawEvent};
pub use import::{import, ImportError, Parsed, Refusal};
pub use state::State;
pub use store::{EventLog, Store, StoreError, StoredEvent};
