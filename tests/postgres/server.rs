//! This binary's throwaway server (tests/support/postgres.rs): a plain one on a Unix
//! socket, started once and shared, each test in a database of its own.

pub(crate) use crate::support::postgres::server_or_skip;
pub use crate::support::postgres::Server;

/// The shared server, or `None` (said once on stderr) where there is none to start.
pub fn server() -> Option<&'static Server> {
    crate::support::postgres::shared(crate::support::postgres::Setup::Plain)
}
