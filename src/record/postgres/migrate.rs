//! `dutyboard migrate --from desk.db --to postgres://...`: a record copied onto a
//! server, all or nothing, and verified by its hash chain. The source must be whole
//! (`verify`'s chain check); the target database is made if need be and must hold no
//! record. In one transaction the record's id is adopted (so the genesis, and with it
//! every link, is the source's), its settings copied, and every event appended in seq
//! order through `append_migrated`, which keeps each event's `by` and `recorded_at`
//! and refuses unless each hash comes out as the source's chain has it. The head is
//! checked before COMMIT, and the whole chain recomputed after.

use super::client::Param;
use super::PgStore;
use crate::record::chain::Link;
use crate::record::log::StoreError;
use crate::record::Store;
use chrono::{DateTime, SecondsFormat};

/// Events sent to the server in one call.
const CHUNK: usize = 500;

/// What was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    pub events: i64,
    pub head: String,
}

fn refused(message: String) -> StoreError {
    StoreError::Io(message)
}

/// Copies the record `source` holds onto the server at `to`.
pub fn migrate(source: &Store, to: &str) -> Result<Migrated, StoreError> {
    let from = source.path().display().to_string();
    let Some(chain) = source.check_chain()? else {
        return Err(refused(format!(
            "{from} was made before the hash chain: run `dutyboard --db {from} upgrade` \
             first; nothing was copied"
        )));
    };
    if let Some(broken) = &chain.broken {
        return Err(refused(format!("{from}: {broken}: nothing was copied")));
    }
    let record_id = source
        .meta("record_id")?
        .ok_or_else(|| refused(format!("{from} has no record_id: nothing was copied")))?;
    let settings = source.settings()?;
    let settings: Vec<(String, String)> = settings
        .into_iter()
        .filter(|(k, _)| k != "record_id" && k != "schema_version")
        .collect();
    let setting = |key: &str| {
        settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let authority = setting("authority").or_else(|| setting("policy_name"));

    let target = PgStore::create(to)?;
    let shown = target.url.shown().to_string();
    if target.meta("policy_name")?.is_some() || target.count()? > 0 {
        return Err(refused(format!(
            "{shown} already holds a record: migrate copies into an empty one; nothing was copied"
        )));
    }
    target.client.run(|pg| pg.batch_execute("BEGIN"))?;
    let copied = copy(
        source,
        &target,
        &record_id,
        &settings,
        authority.as_deref(),
        &chain.head,
    );
    match copied {
        Ok(events) if events == chain.events => {
            target.client.run(|pg| pg.batch_execute("COMMIT"))?;
        }
        Ok(events) => {
            let _ = target.client.run(|pg| pg.batch_execute("ROLLBACK"));
            return Err(refused(format!(
                "{shown}: {events} events copied of {}: rolled back, nothing was copied",
                chain.events
            )));
        }
        Err(e) => {
            let _ = target.client.run(|pg| pg.batch_execute("ROLLBACK"));
            return Err(refused(format!("{e}: rolled back, nothing was copied")));
        }
    }
    // Recomputed from the genesis over the rows as the server now holds them.
    let check = target
        .check_chain()?
        .expect("the server's record is chained");
    if let Some(broken) = check.broken {
        return Err(refused(format!("{shown}: after the copy, {broken}")));
    }
    if check.head != chain.head || check.events != chain.events {
        return Err(refused(format!(
            "{shown}: after the copy the chain head is {} over {} events, not the source's {} \
             over {}",
            check.head, check.events, chain.head, chain.events
        )));
    }
    Ok(Migrated {
        events: check.events,
        head: check.head,
    })
}

/// Everything inside the target's transaction; how many events were appended.
fn copy(
    source: &Store,
    target: &PgStore,
    record_id: &str,
    settings: &[(String, String)],
    authority: Option<&str>,
    head: &str,
) -> Result<i64, StoreError> {
    let id: Param = Box::new(record_id.to_string());
    target
        .client
        .execute("SELECT dutyboard.adopt_record_id($1)", vec![id])?;
    for (k, v) in settings {
        let (k, v): (Param, Param) = (Box::new(k.clone()), Box::new(v.clone()));
        target.client.execute(
            "INSERT INTO dutyboard.meta (key, value) VALUES ($1, $2)",
            vec![k, v],
        )?;
    }
    if let Some(a) = authority {
        let a: Param = Box::new(a.to_string());
        target
            .client
            .execute("CALL dutyboard.adopt_first_authority($1)", vec![a])?;
    }
    let mut tail = 0;
    let mut chunk = Vec::with_capacity(CHUNK);
    source.visit_links(&mut |link| {
        chunk.push(link);
        if chunk.len() == CHUNK {
            tail = append_chunk(target, std::mem::take(&mut chunk), tail)?;
        }
        Ok(())
    })?;
    if !chunk.is_empty() {
        tail = append_chunk(target, chunk, tail)?;
    }
    let stored_head = target.head()?.unwrap_or_default();
    if stored_head != head {
        return Err(refused(format!(
            "the copied chain ends at {stored_head}, the source's at {head}"
        )));
    }
    Ok(tail)
}

/// Appends one chunk after `tail`, each event keeping its seq, recorded_at and hash.
fn append_chunk(target: &PgStore, links: Vec<Link>, tail: i64) -> Result<i64, StoreError> {
    let mut bodies = Vec::with_capacity(links.len());
    let mut recorded = Vec::with_capacity(links.len());
    let mut hashes = Vec::with_capacity(links.len());
    let mut want = Vec::with_capacity(links.len());
    for link in links {
        let Some(hash) = link.hash else {
            return Err(refused(format!(
                "event {} (seq {}) has no link in the source's chain",
                link.id, link.seq
            )));
        };
        // To the microsecond, cut as the chain cuts it (the server would round).
        let at = DateTime::parse_from_rfc3339(&link.recorded_at)
            .map(|t| t.to_utc().to_rfc3339_opts(SecondsFormat::Micros, true))
            .unwrap_or(link.recorded_at);
        bodies.push(link.body);
        recorded.push(at);
        hashes.push(hash);
        want.push((link.seq, link.id));
    }
    let params: Vec<Param> = vec![
        Box::new(bodies),
        Box::new(tail),
        Box::new(recorded),
        Box::new(hashes),
    ];
    let mut got = Vec::new();
    target.client.each(
        "SELECT id, seq FROM dutyboard.append_migrated($1::text[], $2, $3::text[]::timestamptz[], $4::text[])"
            .into(),
        params,
        |r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, Option<i64>>(1)?)),
        &mut |row| {
            got.push(row);
            Ok(())
        },
    )?;
    let mut last = tail;
    for ((seq, id), (got_id, got_seq)) in want.iter().zip(&got) {
        if got_id != id || *got_seq != Some(*seq) {
            return Err(refused(format!(
                "event {id} (seq {seq}) was stored as {got_id} seq {got_seq:?}"
            )));
        }
        last = *seq;
    }
    if got.len() != want.len() {
        return Err(refused(format!(
            "{} events sent, {} appended",
            want.len(),
            got.len()
        )));
    }
    Ok(last)
}
