//! dutyboard: a live board of missing children for children's services duty desks.
//!
//! Data flows one way: events ([`record`]) fold into state, the pure procedures
//! engine ([`procedures`]) turns state into rule instances, the [`views`] read models
//! order and word them for the board and the reports, and [`render`] writes each
//! output format. The domain knows nothing of terminals.

pub mod calendar;
pub mod cli;
pub mod demo;
pub mod desk;
pub mod procedures;
pub mod record;
pub mod render;
pub mod triage;
pub mod tui;
pub mod views;
