//! The record on PostgreSQL (`--db postgres://...`, issue 16): the same record
//! semantics as the SQLite file, on a throwaway server this binary starts
//! (tests/postgres/server.rs): the same refusals, the hash chain and `verify`, many
//! writers at once with nothing lost or doubled, append-only enforced by the server,
//! live updates by LISTEN/NOTIFY, and `migrate` from a file.

#[path = "../support/mod.rs"]
mod support;

mod server;

mod concurrency;
mod kill;
mod live;
mod migrate;
mod record;
