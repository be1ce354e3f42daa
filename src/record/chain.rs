//! The record's hash chain: each stored event carries the hash of the one stored before
//! it, from a genesis made of the record's random id, so that a change to any stored
//! event (short of rewriting every later hash) is evident. Defined byte for byte as
//! sql/postgres/schema.sql does (`genesis()`, `chain_hash()`, `rfc3339()`), so that both
//! stores give the same head for the same record.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash before the first event: sha256_hex("dutyboard-genesis\n" || record_id).
pub fn genesis(record_id: &str) -> String {
    sha256_hex(format!("dutyboard-genesis\n{record_id}").as_bytes())
}

/// The hash of one stored event after `prev`: its seq, id, `recorded_at` (UTC, to the
/// microsecond, as PostgreSQL's `rfc3339()` writes it) and body exactly as stored.
pub fn link(prev: &str, seq: i64, id: &str, recorded_at: &str, body: &str) -> String {
    let at = DateTime::parse_from_rfc3339(recorded_at)
        .map(|t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Micros, true)
        })
        // A stored time that is not RFC 3339 is hashed as stored: it still binds.
        .unwrap_or_else(|_| recorded_at.to_string());
    sha256_hex(format!("{prev}\n{seq}\n{id}\n{at}\n{body}").as_bytes())
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What `verify` found in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// How many events are stored.
    pub events: i64,
    /// The head recomputed from the events (what a whole record's head is).
    pub head: String,
    /// Events up to this seq were linked on upgrade, not as they were stored.
    pub upgraded_upto: Option<i64>,
    /// The first event whose stored form no longer matches its link, in words.
    pub broken: Option<String>,
}

/// One stored event as the chain binds it, with the link stored for it (none where a
/// file's chain has no link for it): what `migrate` copies and checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub seq: i64,
    pub id: String,
    pub recorded_at: String,
    pub body: String,
    pub hash: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// sql/postgres/schema.sql: rfc3339() is to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    /// always six fractional digits, in UTC.
    #[test]
    fn recorded_at_is_hashed_in_utc_to_six_digits_as_postgresql_writes_it() {
        assert_eq!(
            link("p", 1, "e1", "2026-03-02T10:00:00+01:00", "{}"),
            sha256_hex(b"p\n1\ne1\n2026-03-02T09:00:00.000000Z\n{}")
        );
    }

    #[test]
    fn genesis_is_the_hash_of_the_record_id_after_its_label() {
        assert_eq!(
            genesis("abc"),
            // printf 'dutyboard-genesis\nabc' | sha256sum
            "ea3803ff1b4ae1fd46ac9a46434b838fb22bc92e7ebc1feea769ad1a105efce0"
        );
    }
}
