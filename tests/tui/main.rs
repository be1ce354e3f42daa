//! The full-screen board drawn on a TestBackend: panes, forms, styles, alerts, operators and the live fold.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod alerts;
mod authorities;
mod backlog;
mod command;
mod controller_fold;
mod corrections;
mod filters;
mod forgiving;
mod forms;
mod handover;
mod live;
mod operators;
mod record_trouble;
mod regrade;
mod screens;
mod stale;
mod stats;
mod styles;
mod timeline;
mod triage;
mod wallboard;
