//! Police notifications: parsing, matching to children, triage events and commands, the inbox folder.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod commands;
mod events;
mod inbox;
mod matching;
mod notification_properties;
mod resent;
mod shared_inbox;
