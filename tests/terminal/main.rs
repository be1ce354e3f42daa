//! The board in a real terminal: tmux, SSH, and changes propagating between desks.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod conventions;
mod propagation;
mod ssh_board;
mod tmux_board;
