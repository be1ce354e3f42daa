//! The command line end to end: import, due, board, the demo caseload, the policy commands, and the
//! layering of the code itself (layers.rs).
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod authorities;
mod demo;
mod end_to_end;
mod layers;
mod per_authority;
mod policy_commands;
mod repro;
mod terminal_injection;
mod watch;
