//! This binary's throwaway servers (tests/support/postgres.rs): one with `--tls` (a CA
//! and a server certificate for `localhost`, password logins over TCP with TLS only,
//! the socket trusted) and `--archive`, started once and shared, each test in a
//! database of its own; and a second server made from it by the replica commands of
//! docs/DEPLOYMENT.md (tests/sites/replica.rs), stopped the same way.

pub(crate) use crate::support::postgres::server_or_skip;
pub use crate::support::postgres::{
    as_postgres, free_port, is_root, scratch, stop_when_done, Server,
};

/// The shared server, or `None` (said once on stderr) where there is none to start.
pub fn server() -> Option<&'static Server> {
    crate::support::postgres::shared(crate::support::postgres::Setup::TlsArchive)
}
