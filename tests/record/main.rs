//! The record: storing, checking and folding events, the fold cache, following the log, concurrent desks, faults, permissions and privacy.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod clock_behind;
mod concurrency;
mod faults;
mod fold_cache;
mod follow;
mod fuzz;
mod grades_and_dates;
mod integrity;
mod messages;
mod not_applied;
mod notify_log;
mod permissions;
mod privacy;
mod privacy_errors;
mod record;
mod time_order;
mod validation;
