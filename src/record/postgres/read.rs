//! Reading the record on the server, in the log's time order (`at`, then `seq`), as
//! row security lets the login see it: the [`EventLog`] the fold, the checks and the
//! follower walk.

use super::client::Param;
use super::PgStore;
use crate::record::event::Refusal;
use crate::record::log::{AppendOutcome, Check, EventLog, FoldCache, StoreError, StoredEvent};
use crate::record::schema::{EventType, RawEvent};
use crate::record::Event;
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::{BTreeSet, HashSet};

/// Each event as the log gives it: seq, recorded_at (as the chain hashes it), body.
const EVENTS: &str = "SELECT seq, dutyboard.rfc3339(recorded_at), body FROM dutyboard.events";

type Row = (i64, String, String);

fn row(r: &postgres::Row) -> Result<Row, postgres::Error> {
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

fn placed_row(r: &postgres::Row) -> Result<(i64, Row), postgres::Error> {
    Ok((r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
}

/// An instant as the server compares it: to the microsecond, as SQLite's `at_us`.
pub(super) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn until_param(until: Option<DateTime<Utc>>) -> Param {
    Box::new(until.map_or_else(|| "infinity".to_string(), instant))
}

pub(super) fn decode((seq, recorded_at, body): Row) -> Result<StoredEvent, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt { seq, message };
    let raw: RawEvent = serde_json::from_str(&body).map_err(|e| corrupt(e.to_string()))?;
    let event = raw.to_stored_event().map_err(|e| corrupt(e.to_string()))?;
    Ok(StoredEvent {
        seq,
        recorded_at,
        event,
    })
}

impl PgStore {
    fn events(
        &self,
        filter: &str,
        params: Vec<Param>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let sql = format!("{EVENTS} WHERE {filter} ORDER BY at, seq");
        self.client.each(sql, params, row, &mut |r| {
            f(decode(r)?);
            Ok(())
        })
    }

    /// The events at these places in the log's time order (0 is the earliest), given
    /// in ascending order: the places the follower's fold numbers its events by.
    pub fn visit_places(
        &self,
        places: &[usize],
        f: &mut dyn FnMut(usize, StoredEvent),
    ) -> Result<(), StoreError> {
        if places.is_empty() {
            return Ok(());
        }
        let wanted: Param = Box::new(places.iter().map(|&p| p as i64).collect::<Vec<i64>>());
        let sql = "WITH placed AS (
                       SELECT seq, row_number() OVER (ORDER BY at, seq) - 1 AS place
                       FROM dutyboard.events)
                   SELECT p.place, e.seq, dutyboard.rfc3339(e.recorded_at), e.body
                   FROM placed p JOIN dutyboard.events e ON e.seq = p.seq
                   WHERE p.place = ANY($1) ORDER BY p.place";
        self.client
            .each(
                sql.to_string(),
                vec![wanted],
                placed_row,
                &mut |(place, r)| {
                    f(place as usize, decode(r)?);
                    Ok(())
                },
            )
    }
}

impl EventLog for PgStore {
    fn visit(
        &self,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.events("at <= $1::text::timestamptz", vec![until_param(until)], f)
    }

    fn visit_after(
        &self,
        seq: i64,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.events(
            "seq > $1 AND at <= $2::text::timestamptz",
            vec![Box::new(seq), until_param(until)],
            f,
        )
    }

    fn visit_between(
        &self,
        since: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        self.events(
            "at > $1::text::timestamptz AND at <= $2::text::timestamptz",
            vec![Box::new(instant(since)), until_param(until)],
            f,
        )
    }

    fn last_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .client
            .one(
                "SELECT coalesce(max(seq), 0)::bigint FROM dutyboard.events",
                vec![],
                |r| r.try_get(0),
            )?
            .unwrap_or(0))
    }

    fn backdated_since(&self, seq: i64, at_us: i64) -> Result<bool, StoreError> {
        let at = DateTime::from_timestamp_micros(at_us).unwrap_or(DateTime::<Utc>::MIN_UTC);
        Ok(self
            .client
            .one(
                "SELECT EXISTS (SELECT 1 FROM dutyboard.events
                                WHERE seq > $1 AND at < $2::text::timestamptz)",
                vec![Box::new(seq), Box::new(instant(at))],
                |r| r.try_get(0),
            )?
            .unwrap_or(false))
    }

    fn change_token(&self) -> Result<i64, StoreError> {
        self.follow_token()
    }

    fn visible_count(&self) -> Result<i64, StoreError> {
        self.count()
    }

    fn sight(&self) -> Result<Option<String>, StoreError> {
        self.login_sight()
    }

    fn fold_cache(&self) -> Result<Option<FoldCache>, StoreError> {
        self.cached_fold()
    }

    fn save_fold_cache(&self, cache: &FoldCache) {
        self.keep_fold(cache)
    }

    fn append_checked(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        self.append(batch, check)
    }

    fn stored_with_ids(&self, ids: &HashSet<String>) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        if !ids.is_empty() {
            let ids: Param = Box::new(ids.iter().cloned().collect::<Vec<String>>());
            self.events("id = ANY($1)", vec![ids], &mut |s| out.push(s.event))?;
        }
        Ok(out)
    }

    fn voids(&self, until: Option<DateTime<Utc>>) -> Result<BTreeSet<String>, StoreError> {
        let mut out = BTreeSet::new();
        self.events(
            "type = 'event_voided' AND at <= $1::text::timestamptz",
            vec![until_param(until)],
            &mut |s| {
                if let crate::record::EventKind::EventVoided { event, .. } = s.event.kind {
                    out.insert(event);
                }
            },
        )?;
        Ok(out)
    }

    fn visit_types(
        &self,
        types: &[EventType],
        f: &mut dyn FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let names: Param = Box::new(
            types
                .iter()
                .map(|t| t.name().to_string())
                .collect::<Vec<_>>(),
        );
        self.events("type = ANY($1)", vec![names], f)
    }
}
