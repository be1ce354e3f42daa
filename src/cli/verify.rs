//! `verify` and `upgrade`: the record proves it is whole (INTERFACE), and an older
//! record is brought up to the current schema (chained) only when asked or written.

use super::{config, Cli};
use crate::desk::DeskError;
use crate::record::{fold_cache, EventLog, State, Store};

pub(super) fn verify(cli: &Cli, expect: Option<&str>) -> Result<(), DeskError> {
    let path = config(cli).database_path();
    let store = Store::open_read_only(&path)?;
    let integrity = store.integrity_check()?;
    if integrity != "ok" {
        return Err(failed!(
            "{}: the database's own check fails: {integrity}",
            path.display()
        ));
    }
    let Some(chain) = store.check_chain()? else {
        return Err(failed!(
            "{} was made before the hash chain: run `dutyboard --db {} upgrade` to chain it",
            path.display(),
            path.display()
        ));
    };
    if let Some(broken) = &chain.broken {
        return Err(failed!("{}: {broken}", path.display()));
    }
    let stored_head = store.head()?.unwrap_or_default();
    if stored_head != chain.head {
        return Err(failed!(
            "{}: the chain's last link {stored_head} is not the head the events give, {}",
            path.display(),
            chain.head
        ));
    }
    check_fold_cache(&store)?;
    if let Some(want) = expect.filter(|want| *want != chain.head) {
        return Err(failed!(
            "{}: the chain head is {}, not the {want} expected: the record was rewritten \
             since that head was printed",
            path.display(),
            chain.head
        ));
    }
    let not_applied = not_applied(&store)?;
    if !not_applied.is_empty() {
        let list: Vec<String> = not_applied.iter().map(|n| n.describe()).collect();
        return Err(failed!(
            "{}: the chain is whole (head {}), but {} stored event(s) cannot be applied: \
             void each, or the event it conflicts with, to repair the record\n  {}",
            path.display(),
            chain.head,
            not_applied.len(),
            list.join("\n  ")
        ));
    }
    let since = match chain.upgraded_upto {
        Some(n) => format!(
            "events 1..{n} chained on upgrade up to seq {n}, from seq {} as stored",
            n + 1
        ),
        None => "chained as stored from seq 1".to_string(),
    };
    outln!(
        "dutyboard: {} is whole: {} events, {since}; chain head {}",
        path.display(),
        chain.events,
        chain.head
    );
    Ok(())
}

/// The stored events the fold cannot place (a record a desk with a bug wrote).
fn not_applied(store: &Store) -> Result<Vec<crate::record::not_applied::NotApplied>, DeskError> {
    let mut events = Vec::new();
    store.visit(None, &mut |stored| events.push(stored.event))?;
    Ok(State::fold(&events).not_applied)
}

/// The fold cache must be exactly the fold of the events it says it covers.
fn check_fold_cache(store: &Store) -> Result<(), DeskError> {
    let Some(cache) = store.fold_cache()? else {
        return Ok(());
    };
    let Ok(cached) = postcard::from_bytes::<State>(&cache.state) else {
        return Ok(()); // another format: never used, so nothing it says is shown
    };
    let mut state = State::default();
    let mut n = 0;
    store.visit(None, &mut |stored| {
        if stored.seq <= cache.upto_seq {
            state.apply(n, &stored.event);
            n += 1;
        }
    })?;
    state.finish();
    if cache.format == fold_cache::FORMAT && cached != state {
        return Err(failed!(
            "{}: the fold cache (up to seq {}) is not the fold of the events: it was \
             changed behind the desk's back (it is ignored from now on only if removed)",
            store.path().display(),
            cache.upto_seq
        ));
    }
    Ok(())
}

pub(super) fn upgrade(cli: &Cli) -> Result<(), DeskError> {
    let path = config(cli).database_path();
    let store = Store::open(&path)?;
    match store.upgraded() {
        Some(note) => outln!("dutyboard: {note}"),
        None => outln!(
            "dutyboard: {} is up to date: nothing upgraded",
            path.display()
        ),
    }
    Ok(())
}
