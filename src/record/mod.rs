//! The record: a log of events, kept append-only. Everything else is derived from it.

pub mod adoption;
pub mod backdate;
pub mod chain;
pub mod characters;
pub mod clock;
pub mod entities;
pub mod event;
pub mod files;
pub mod fold;
pub mod fold_cache;
pub mod follow;
pub mod import;
pub mod intake;
pub mod json;
pub mod log;
pub mod not_applied;
pub mod postgres;
pub mod schema;
pub mod sqlite;
mod sqlite_chain;
mod sqlite_io;
mod sqlite_view;
mod store;
pub mod vocab;
pub mod wire;

pub use chain::ChainReport;
pub use entities::*;
pub use event::{Event, EventKind, NewEvent};
pub use fold::State;
pub use fold_cache::state_at;
pub use import::{import, ImportError, Parsed, Refusal};
pub use intake::{admit, Rules};
pub use log::{AppendOutcome, EventLog, FoldCache, MemoryLog, StoreError, StoredEvent};
pub use schema::{EventType, RawEvent};
pub use store::Store;
