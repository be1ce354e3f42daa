//! The reports: handover, daily, statistics and the SSDA903 export.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod absences;
mod backlog;
mod daily;
mod handover;
mod ssda903;
mod stats;
