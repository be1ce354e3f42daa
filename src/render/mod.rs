//! Output formats: each file turns a read model (`crate::views`) into one format's
//! bytes. Nothing here reads a clock, a file or a database.

pub mod csv;
pub mod html;
pub mod json;
pub mod json_stream;
pub mod markdown;
pub mod policy;
pub mod ssda903;
pub mod terminal;
pub mod text;
