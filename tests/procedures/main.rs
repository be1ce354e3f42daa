//! The councils' procedures: each policy's rules worked by hand, every rule's scenario, time and calendar, and the engine's properties.
//!
//! One test binary for the group (each binary links the whole crate), one module a file.

#[path = "../support/mod.rs"]
mod support;

mod acknowledge;
mod as_stood;
mod cambridgeshire;
mod cambridgeshire_duties;
mod camden;
mod camden_duties;
mod cumbria;
mod every_rule;
mod medway;
mod medway_duties;
mod practice_guidance;
mod properties;
mod shifts;
mod time_and_calendar;
mod waivers;
mod window_agreement;
mod working_set;
