//! Several sites on one record on PostgreSQL (issue 16; docs/DEPLOYMENT.md): desks at
//! other sites over TLS with the URLs DBAs hand out, each council's officers seeing
//! only their own children (row security per child), and the replica and backup
//! commands of DEPLOYMENT.md, each against throwaway servers this binary starts
//! (tests/sites/server.rs).

#[path = "../support/mod.rs"]
mod support;

mod server;

mod replica;
mod tls;
mod visibility;
