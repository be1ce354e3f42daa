//! `verify` on the server: the chain recomputed from the genesis over the events as
//! stored (their bodies, seqs, ids and recorded_at), against each event's stored hash.
//! Row security hides other authorities' children from an officer, so a whole check
//! runs as a login that sees everything (`dutyboard_auditor`).

use super::PgStore;
use crate::record::chain::{self, ChainReport, Link};
use crate::record::log::StoreError;

impl PgStore {
    /// The chain head: the last event's hash (the genesis when there is none).
    pub fn head(&self) -> Result<Option<String>, StoreError> {
        let last = self.client.one(
            "SELECT hash FROM dutyboard.events ORDER BY seq DESC LIMIT 1",
            vec![],
            |r| r.try_get::<_, String>(0),
        )?;
        match last {
            Some(hash) => Ok(Some(hash)),
            None => Ok(Some(chain::genesis(&self.record_id()?))),
        }
    }

    pub(super) fn record_id(&self) -> Result<String, StoreError> {
        self.meta("record_id")?.ok_or_else(|| StoreError::Server {
            url: self.url.shown().into(),
            message: "the record has no record_id: the schema was not loaded whole".into(),
        })
    }

    /// Recomputes the chain over the events as stored.
    pub fn check_chain(&self) -> Result<Option<ChainReport>, StoreError> {
        let mut prev = chain::genesis(&self.record_id()?);
        let mut events = 0;
        let mut broken = None;
        self.client.each(
            "SELECT seq, id, dutyboard.rfc3339(recorded_at), body, hash
             FROM dutyboard.events ORDER BY seq"
                .into(),
            vec![],
            link_row,
            &mut |(seq, id, recorded_at, body, stored)| {
                events += 1;
                let hash = chain::link(&prev, seq, &id, &recorded_at, &body);
                if broken.is_none() {
                    if seq != events {
                        broken = Some(format!(
                            "seq {events} is missing: event {id} is stored as seq {seq} \
                             (or this login may not see every child: verify as a member of \
                             dutyboard_auditor)"
                        ));
                    } else if stored != hash {
                        broken = Some(format!(
                            "event {id} (seq {seq}) no longer matches the chain: it was changed \
                             after it was stored"
                        ));
                    }
                }
                prev = hash;
                Ok(())
            },
        )?;
        // A record migrated from a file chained on upgrade says so still.
        let upgraded_upto = self
            .meta("chain_upgraded_upto")?
            .and_then(|v| v.parse().ok());
        Ok(Some(ChainReport {
            events,
            head: prev,
            upgraded_upto,
            broken,
        }))
    }
}

impl PgStore {
    /// Every event in seq order with its stored hash.
    pub fn visit_links(
        &self,
        f: &mut dyn FnMut(Link) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.client.each(
            "SELECT seq, id, dutyboard.rfc3339(recorded_at), body, hash
             FROM dutyboard.events ORDER BY seq"
                .into(),
            vec![],
            link_row,
            &mut |(seq, id, recorded_at, body, hash)| {
                f(Link {
                    seq,
                    id,
                    recorded_at,
                    body,
                    hash: Some(hash),
                })
            },
        )
    }
}

type LinkRow = (i64, String, String, String, String);

fn link_row(r: &postgres::Row) -> Result<LinkRow, postgres::Error> {
    Ok((
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
    ))
}
