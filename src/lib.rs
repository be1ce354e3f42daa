//! dutyboard: a live board of missing children for children's services duty desks.
//!
//! Data flows one way: events ([`record`]) fold into state, the pure procedures
//! engine ([`procedures`]) turns state into rule instances, the [`board`] snapshot
//! orders them for the screen, and the views draw it. The domain knows nothing of
//! terminals.

pub mod alerts;
pub mod board;
pub mod calendar;
pub mod cli;
pub mod demo;
pub mod desk;
pub mod procedures;
pub mod record;
pub mod render;
pub mod reports;
pub mod triage;
pub mod tui;
