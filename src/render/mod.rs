//! Output formats: each file turns a read model into one format's bytes. Nothing here
//! reads a clock, a file or a database.

pub mod json;
pub mod policy;
pub mod text;
