//! A batch of events in: parsed, checked whole against the record and the policy,
//! then stored in one transaction, or refused with every reason and nothing stored.

pub use super::event::Refusal;
use super::event::{Event, EventKind, FieldError};
use super::fold::State;
use super::intake::{admit, admit_new, check_links, check_void, Rules};
use super::json::diagnose_json;
use super::log::{AppendOutcome, EventLog, MemoryLog, StoreError, StoredEvent};
use super::schema::EventType;
use super::schema::RawEvent;
use crate::calendar::time::rfc;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("\n"))]
    Refused(Vec<Refusal>),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Events parsed from input, each with its line and its canonical stored form.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub line: usize,
    pub event: Event,
    pub body: String,
    pub resent: Resent,
}

/// How an event whose id is already stored is told apart from a re-send of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resent {
    /// Skipped only when its content is the same as stored; otherwise refused (INTERFACE:
    /// "Same `id`, different content: refused"). `by_sent`: whether `by` was sent, or
    /// filled in from the operator (then it is not compared).
    SameContent { by_sent: bool },
    /// The id itself says what the event is: a police notification's is a hash of
    /// force, reference and report time, and its `at` is when this desk received it.
    SameId,
}

/// At most this many reasons are listed; the rest are counted.
const MAX_REFUSALS: usize = 50;

/// A fresh event id: unique across processes without a central counter.
pub fn new_event_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = Utc::now();
    format!(
        "ev-{}-{:x}-{:x}-{n:x}",
        now.format("%Y%m%dT%H%M%S%.6f"),
        std::process::id(),
        now.timestamp_subsec_nanos()
    )
}

/// Parses JSON Lines. `operator` fills in `by` where an event leaves it out.
pub fn parse_lines(input: &[u8], operator: &str) -> Result<Vec<Parsed>, Vec<Refusal>> {
    let mut parsed = Vec::new();
    let mut refusals = Vec::new();
    for (n, bytes) in input.split(|&b| b == b'\n').enumerate() {
        let line = n + 1;
        let Ok(text) = std::str::from_utf8(bytes) else {
            refusals.push(Refusal {
                line: Some(line),
                error: FieldError::general("is not UTF-8 text"),
            });
            continue;
        };
        let text = text.trim_end_matches('\r');
        // A byte order mark, as Windows tools save UTF-8, is no part of the first event.
        let text = if n == 0 {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_sent(text, operator) {
            Ok((event, body, by_sent)) => parsed.push(Parsed {
                line,
                event,
                body,
                resent: Resent::SameContent { by_sent },
            }),
            Err(error) => refusals.push(Refusal {
                line: Some(line),
                error,
            }),
        }
    }
    if refusals.is_empty() {
        if parsed.is_empty() {
            return Err(vec![Refusal {
                line: None,
                error: FieldError::general("the input holds no events"),
            }]);
        }
        Ok(parsed)
    } else {
        Err(refusals)
    }
}

/// Parses one JSON object into an event and the canonical body that will be stored.
pub fn parse_one(text: &str, operator: &str) -> Result<(Event, String), FieldError> {
    parse_sent(text, operator).map(|(event, body, _)| (event, body))
}

/// As [`parse_one`], also saying whether the line gave its own `by`.
fn parse_sent(text: &str, operator: &str) -> Result<(Event, String, bool), FieldError> {
    let raw: RawEvent =
        serde_json::from_str(text).map_err(|e| within_line(diagnose_json(text, &e), &e))?;
    let by_sent = raw.by.as_deref().is_some_and(|b| !b.trim().is_empty());
    let (event, body) = parse_raw(raw, operator)?;
    Ok((event, body, by_sent))
}

/// serde places an error "at line 1 column N" of the one line it was given: the
/// refusal already names the file's line, so only the column is said (review D21).
fn within_line(mut error: FieldError, serde_error: &serde_json::Error) -> FieldError {
    let place = format!("at line {} column", serde_error.line());
    error.reason = error.reason.replace(&place, "at column");
    error
}

/// As [`parse_one`], for an event built in the program (triage) rather than read.
pub fn parse_raw(mut raw: RawEvent, operator: &str) -> Result<(Event, String), FieldError> {
    if raw.id.is_none() {
        raw.id = Some(new_event_id());
    }
    if raw.by.as_deref().is_none_or(|b| b.trim().is_empty()) {
        raw.by = Some(operator.to_string());
    }
    refuse_controls(&raw)?;
    let event = raw.to_event()?;
    let body = serde_json::to_string(&raw).map_err(|e| FieldError::general(e.to_string()))?;
    Ok((event, body))
}

/// A control character in any value is refused before anything else is read of it
/// (INTERFACE: control characters), so no name can rewrite a terminal's title or line.
pub fn refuse_controls(raw: &RawEvent) -> Result<(), FieldError> {
    use super::characters::{control_refusal, forbidden_control};
    for (field, value) in raw.text_values() {
        let free_text = super::schema::FREE_TEXT.contains(&field);
        if let Some((at, c)) = forbidden_control(value, free_text) {
            return Err(FieldError::field(field, control_refusal(at, c)));
        }
    }
    Ok(())
}

/// Checks a batch against stored events already in memory (see [`check_against`]).
pub fn check_batch(
    stored: &[StoredEvent],
    batch: &[Parsed],
    rules: &dyn Rules,
    now: DateTime<Utc>,
) -> Result<(), Vec<Refusal>> {
    let ids: HashSet<&str> = batch.iter().map(|p| p.event.id.as_str()).collect();
    let known: HashSet<String> = stored
        .iter()
        .filter(|s| ids.contains(s.event.id.as_str()))
        .map(|s| s.event.id.clone())
        .collect();
    check_against(&known, &MemoryLog::of(stored), batch, (rules, rules), now)
}

/// Checks a batch against the record as it stands and the policy: the same fold that
/// derives state, run with checks on, over the stored events (walked in time order)
/// and the new ones merged in. `known` are the batch's ids already stored (skipped);
/// `now` is the wall clock: no event may be dated further ahead of it than
/// [`super::clock::TOLERANCE`]. `rules` are the record's with the batch's adoptions,
/// `before` without them: a stored event valid under `before` that `rules` refuse was
/// made invalid by the batch (a backdated `policy_adopted` is a correction, refused
/// when it would leave a stored event invalid: PROCEDURES, `policy_adopted`).
pub fn check_against(
    known: &HashSet<String>,
    log: &dyn EventLog,
    batch: &[Parsed],
    (rules, before): (&dyn Rules, &dyn Rules),
    now: DateTime<Utc>,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    let stored_known: HashMap<String, Event> = log
        .stored_with_ids(known)
        .map_err(|e| {
            vec![Refusal {
                line: None,
                error: FieldError::general(e.to_string()),
            }]
        })?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    let mut seen: HashMap<&str, &Parsed> = HashMap::new();
    let mut fresh: Vec<&Parsed> = Vec::new();
    for p in batch {
        if let Some(why) = super::clock::too_far_ahead(p.event.at, now) {
            refusals.push(Refusal {
                line: Some(p.line),
                error: FieldError::field("at", format!("{} {why}", rfc(p.event.at))),
            });
            continue;
        }
        if known.contains(&p.event.id) {
            if let Some(error) = resent_differently(p, &stored_known) {
                refusals.push(Refusal {
                    line: Some(p.line),
                    error,
                });
            }
            continue; // already stored: importing the same file twice changes nothing
        }
        if let Some(first) = seen.get(p.event.id.as_str()) {
            if first.body != p.body {
                refusals.push(Refusal {
                    line: Some(p.line),
                    error: FieldError::field(
                        "id",
                        format!(
                            "`{}` is already used by line {} for a different event",
                            p.event.id, first.line
                        ),
                    ),
                });
            }
            continue;
        }
        seen.insert(p.event.id.as_str(), p);
        fresh.push(p);
    }
    if fresh.is_empty() {
        return if refusals.is_empty() {
            Ok(())
        } else {
            Err(refusals)
        };
    }
    // At the same instant, stored events come first, then the batch in file order.
    fresh.sort_by_key(|p| (p.event.at, p.line));
    // Start from the snapshot when every new event comes after it: the stored events
    // it holds were checked when they were imported, so only those stored since are
    // walked again (a form saved on a large record need not re-read years of it).
    let first_new = fresh[0].event.at.timestamp_micros();
    let resumed = super::fold_cache::resume(log, first_new).map_err(|e| {
        vec![Refusal {
            line: None,
            error: FieldError::general(e.to_string()),
        }]
    })?;
    // Voids in the batch undo stored events: the record is walked again from the
    // start without their targets, so whatever the targets made valid is checked anew.
    let fresh_voids: Vec<(&Parsed, &str)> = fresh
        .iter()
        .filter_map(|p| match &p.event.kind {
            EventKind::EventVoided { event, .. } => Some((*p, event.as_str())),
            _ => None,
        })
        .collect();
    // An adoption may change the policy of episodes already stored (an authority's
    // first governs its children's every episode; a backdated one those reported since
    // its `effective_from`): their events are checked again, from the start.
    let adopts = fresh
        .iter()
        .any(|p| matches!(p.event.kind, EventKind::PolicyAdopted(_)));
    let stored_voids = if fresh_voids.is_empty() && !adopts {
        BTreeSet::new()
    } else {
        log.voids(None).map_err(|e| {
            vec![Refusal {
                line: None,
                error: FieldError::general(e.to_string()),
            }]
        })?
    };
    let resumed = if fresh_voids.is_empty() && !adopts {
        resumed
    } else {
        None
    };
    let (mut state, mut index, after_seq) = match resumed {
        Some((state, events, upto_seq)) => (state, events, Some(upto_seq)),
        None => {
            let mut voided = stored_voids.clone();
            voided.extend(fresh_voids.iter().map(|(_, t)| t.to_string()));
            (State::voiding(voided), 0, None)
        }
    };
    // The type of each event a void in the batch names, as the walk finds it.
    let mut targets: HashMap<String, EventType> = HashMap::new();
    let void_targets: HashSet<&str> = fresh_voids.iter().map(|(_, t)| *t).collect();
    let base = index;
    let mut lines: Vec<Option<usize>> = Vec::new();
    let mut next = 0;
    for p in &fresh {
        if void_targets.contains(p.event.id.as_str()) {
            targets.insert(p.event.id.clone(), p.event.event_type());
        }
    }
    // The episodes and children whose report or registration in this batch was
    // refused: a later line about one of them that fails only because it is not in the
    // record says nothing the first refusal does not (review B3's "report it first").
    let mut unrecorded: HashSet<String> = HashSet::new();
    let apply_fresh = |state: &mut State,
                       p: &Parsed,
                       index: &mut usize,
                       refusals: &mut Vec<Refusal>,
                       unrecorded: &mut HashSet<String>| {
        if state.voided.contains(&p.event.id) {
            *index += 1;
            return;
        }
        match admit_new(state, &p.event, rules) {
            Ok(()) => state.apply(*index, &p.event),
            Err(error) => {
                let follows_a_refusal = p.event.episode().is_some_and(|e| {
                    unrecorded.contains(e) && !state.episode_index.contains_key(e)
                }) || matches!(&p.event.kind, EventKind::EpisodeReported { child, .. }
                    if unrecorded.contains(child) && !state.children.contains_key(child));
                match &p.event.kind {
                    EventKind::EpisodeReported { episode, .. } => {
                        unrecorded.insert(episode.clone());
                    }
                    EventKind::ChildRegistered { child, .. } => {
                        unrecorded.insert(child.clone());
                    }
                    _ => {}
                }
                if !follows_a_refusal {
                    refusals.push(Refusal {
                        line: Some(p.line),
                        error,
                    })
                }
            }
        }
        *index += 1;
    };
    let mut suspects: Vec<(String, FieldError)> = Vec::new();
    let mut on_stored = |s: StoredEvent| {
        while next < fresh.len() && fresh[next].event.at < s.event.at {
            lines.push(Some(fresh[next].line));
            apply_fresh(
                &mut state,
                fresh[next],
                &mut index,
                &mut refusals,
                &mut unrecorded,
            );
            next += 1;
        }
        lines.push(None);
        if void_targets.contains(s.event.id.as_str()) {
            targets.insert(s.event.id.clone(), s.event.event_type());
        }
        if state.voided.contains(&s.event.id) {
            index += 1;
            return;
        }
        // A stored event the check now refuses is the batch's fault only if it was
        // valid without the batch: one a wedged desk already holds (issue 13 D1) is
        // folded as the views fold it, and settled after the walk.
        if let Err(error) = admit(&state, &s.event, rules) {
            suspects.push((s.event.id.clone(), error));
        }
        state.apply(index, &s.event);
        index += 1;
    };
    let walked = match after_seq {
        Some(seq) => log.visit_after(seq, None, &mut on_stored),
        None => log.visit(None, &mut on_stored),
    };
    if let Err(e) = walked {
        return Err(vec![Refusal {
            line: None,
            error: FieldError::general(e.to_string()),
        }]);
    }
    match refused_because_of_batch(log, suspects, before) {
        Ok(made_invalid) => refusals.extend(made_invalid),
        Err(e) => {
            return Err(vec![Refusal {
                line: None,
                error: FieldError::general(e.to_string()),
            }])
        }
    }
    for p in &fresh[next..] {
        lines.push(Some(p.line));
        apply_fresh(&mut state, p, &mut index, &mut refusals, &mut unrecorded);
    }
    for (p, target) in &fresh_voids {
        if let Err(error) = check_void(
            target,
            targets.get(*target).copied(),
            stored_voids.contains(*target),
        ) {
            refusals.push(Refusal {
                line: Some(p.line),
                error,
            });
        }
    }
    refusals.extend(super::adoption::check_authorities(
        &rules.authorities(),
        fresh.iter().map(|p| (p.line, &p.event)),
    ));
    if let Err((i, error)) = check_links(&state) {
        // Event positions count from the snapshot's; `lines` from where the walk began.
        let line = i
            .checked_sub(base)
            .and_then(|k| lines.get(k).copied().flatten());
        refusals.push(Refusal { line, error });
    }
    if refusals.is_empty() {
        return Ok(());
    }
    refusals.sort_by_key(|r| r.line.unwrap_or(0));
    if refusals.len() > MAX_REFUSALS {
        let more = refusals.len() - MAX_REFUSALS;
        refusals.truncate(MAX_REFUSALS);
        refusals.push(Refusal {
            line: None,
            error: FieldError::general(format!("... and {more} more problems")),
        });
    }
    Err(refusals)
}

/// The refusals of stored events the batch made invalid: each suspect (a stored event
/// the check refused with the batch in place) is checked again against the record
/// without the batch, under the rules without its adoptions (`before`). One refused there too was already invalid when this batch came
/// (a record a desk with a bug wrote: issue 13 D1); the fold shows it as not applied,
/// and refusing every later batch for it would wedge the desk for good.
fn refused_because_of_batch(
    log: &dyn EventLog,
    suspects: Vec<(String, FieldError)>,
    before: &dyn Rules,
) -> Result<Vec<Refusal>, super::log::StoreError> {
    if suspects.is_empty() {
        return Ok(Vec::new());
    }
    let mut pending: HashMap<String, FieldError> = suspects.into_iter().collect();
    let mut made_invalid = Vec::new();
    let mut alone = State::voiding(log.voids(None)?);
    let mut index = 0;
    log.visit(None, &mut |s: StoredEvent| {
        if let Some(error) = pending.remove(&s.event.id) {
            if admit(&alone, &s.event, before).is_ok() {
                made_invalid.push(Refusal {
                    line: None,
                    error: FieldError::general(format!(
                        "this import would make the stored event `{}` ({}, at {}) invalid: {error}",
                        s.event.id,
                        s.event.type_name(),
                        rfc(s.event.at)
                    )),
                });
            }
        }
        alone.apply(index, &s.event);
        index += 1;
    })?;
    Ok(made_invalid)
}

/// Why an event whose id is stored is not a re-send of the stored one, if it is not.
fn resent_differently(p: &Parsed, stored: &HashMap<String, Event>) -> Option<FieldError> {
    let Resent::SameContent { by_sent } = p.resent else {
        return None;
    };
    let stored = stored.get(&p.event.id)?;
    let mut sent = p.event.clone();
    if !by_sent {
        sent.by.clone_from(&stored.by);
    }
    (sent != *stored).then(|| {
        FieldError::field(
            "id",
            format!(
                "`{}` is already stored with different content (the stored event `{}`, {} at {}): a correction is a new event with its own id",
                p.event.id,
                stored.id,
                stored.type_name(),
                rfc(stored.at)
            ),
        )
    })
}

/// Parses, checks and stores a batch: all of it, or none of it.
pub fn import<L: EventLog>(
    log: &mut L,
    input: &[u8],
    rules: &dyn Rules,
    operator: &str,
    now: DateTime<Utc>,
) -> Result<AppendOutcome, ImportError> {
    let parsed = parse_lines(input, operator).map_err(ImportError::Refused)?;
    append(log, &parsed, rules, now)
}

/// Checks and stores events already parsed (the desk's one write path ends here).
pub fn append<L: EventLog>(
    log: &mut L,
    parsed: &[Parsed],
    rules: &dyn Rules,
    now: DateTime<Utc>,
) -> Result<AppendOutcome, ImportError> {
    append_under(log, parsed, (rules, rules), now)
}

/// As [`append`], `rules` holding the batch's adoptions and `before` the record's
/// without them (see [`check_against`]).
pub fn append_under<L: EventLog>(
    log: &mut L,
    parsed: &[Parsed],
    (rules, before): (&dyn Rules, &dyn Rules),
    now: DateTime<Utc>,
) -> Result<AppendOutcome, ImportError> {
    let batch: Vec<(Event, String)> = parsed
        .iter()
        .map(|p| (p.event.clone(), p.body.clone()))
        .collect();
    let outcome = log.append_checked(&batch, &mut |known, walk| {
        check_against(known, walk, parsed, (rules, before), now)
    })?;
    outcome.map_err(ImportError::Refused)
}
