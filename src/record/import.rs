//! A batch of events in: parsed, checked whole against the record and the policy,
//! then stored in one transaction, or refused with every reason and nothing stored.

use super::event::{diagnose_json, Event, FieldError, RawEvent};
use super::state::rfc;
use super::state::State;
use super::store::{AppendOutcome, EventLog, StoreError, StoredEvent, Visit};
use crate::procedures::Policy;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// One reason a batch was refused: where (line, field) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line of the input; `None` for a problem with the record as a whole.
    pub line: Option<usize>,
    pub error: FieldError,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

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
        if text.trim().is_empty() {
            continue;
        }
        match parse_one(text, operator) {
            Ok((event, body)) => parsed.push(Parsed { line, event, body }),
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
    let mut raw: RawEvent = serde_json::from_str(text).map_err(|e| diagnose_json(text, &e))?;
    if raw.id.is_none() {
        raw.id = Some(new_event_id());
    }
    if raw.by.as_deref().is_none_or(|b| b.trim().is_empty()) {
        raw.by = Some(operator.to_string());
    }
    let event = raw.to_event()?;
    let body = serde_json::to_string(&raw).map_err(|e| FieldError::general(e.to_string()))?;
    Ok((event, body))
}

/// Checks a batch against stored events already in memory (see [`check_against`]).
pub fn check_batch(
    stored: &[StoredEvent],
    batch: &[Parsed],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<(), Vec<Refusal>> {
    let ids: HashSet<&str> = batch.iter().map(|p| p.event.id.as_str()).collect();
    let known: HashSet<String> = stored
        .iter()
        .filter(|s| ids.contains(s.event.id.as_str()))
        .map(|s| s.event.id.clone())
        .collect();
    let mut walk = |f: &mut dyn FnMut(StoredEvent)| {
        stored.iter().cloned().for_each(&mut *f);
        Ok(())
    };
    check_against(&known, &mut walk, batch, policy, now)
}

/// Checks a batch against the record as it stands and the policy: the same fold that
/// derives state, run with checks on, over the stored events (walked in time order)
/// and the new ones merged in. `known` are the batch's ids already stored (skipped);
/// `now` is the wall clock: no event may be dated after it.
pub fn check_against(
    known: &HashSet<String>,
    walk: &mut Visit,
    batch: &[Parsed],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    let mut seen: HashMap<&str, &Parsed> = HashMap::new();
    let mut fresh: Vec<&Parsed> = Vec::new();
    for p in batch {
        if p.event.at > now {
            refusals.push(Refusal {
                line: Some(p.line),
                error: FieldError::field(
                    "at",
                    format!(
                        "{} is in the future: events record what has happened",
                        rfc(p.event.at)
                    ),
                ),
            });
            continue;
        }
        if known.contains(&p.event.id) {
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
    // At the same instant, stored events come first, then the batch in file order.
    fresh.sort_by_key(|p| (p.event.at, p.line));
    let mut state = State::default();
    let mut index = 0;
    let mut lines: Vec<Option<usize>> = Vec::new();
    let mut next = 0;
    let apply_fresh =
        |state: &mut State, p: &Parsed, index: &mut usize, refusals: &mut Vec<Refusal>| {
            if let Err(error) = state.apply(*index, &p.event, Some(policy)) {
                refusals.push(Refusal {
                    line: Some(p.line),
                    error,
                });
            }
            *index += 1;
        };
    let walked = walk(&mut |s: StoredEvent| {
        while next < fresh.len() && fresh[next].event.at < s.event.at {
            lines.push(Some(fresh[next].line));
            apply_fresh(&mut state, fresh[next], &mut index, &mut refusals);
            next += 1;
        }
        lines.push(None);
        if let Err(error) = state.apply(index, &s.event, Some(policy)) {
            refusals.push(Refusal {
                line: None,
                error: FieldError::general(format!(
                    "this import would make the stored event `{}` ({}, at {}) invalid: {error}",
                    s.event.id,
                    s.event.type_name(),
                    rfc(s.event.at)
                )),
            });
        }
        index += 1;
    });
    if let Err(e) = walked {
        return Err(vec![Refusal {
            line: None,
            error: FieldError::general(e.to_string()),
        }]);
    }
    for p in &fresh[next..] {
        lines.push(Some(p.line));
        apply_fresh(&mut state, p, &mut index, &mut refusals);
    }
    if let Err((i, error)) = state.finish(true) {
        refusals.push(Refusal {
            line: lines.get(i).copied().flatten(),
            error,
        });
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

/// Parses, checks and stores a batch: all of it, or none of it.
pub fn import<L: EventLog>(
    log: &mut L,
    input: &[u8],
    policy: &Policy,
    operator: &str,
    now: DateTime<Utc>,
) -> Result<AppendOutcome, ImportError> {
    let parsed = parse_lines(input, operator).map_err(ImportError::Refused)?;
    append(log, &parsed, policy, now)
}

/// Checks and stores events already parsed (the board's forms come through here).
pub fn append<L: EventLog>(
    log: &mut L,
    parsed: &[Parsed],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<AppendOutcome, ImportError> {
    let batch: Vec<(Event, String)> = parsed
        .iter()
        .map(|p| (p.event.clone(), p.body.clone()))
        .collect();
    let outcome = log.append_checked(&batch, |known, walk| {
        check_against(known, walk, parsed, policy, now)
    })?;
    outcome.map_err(ImportError::Refused)
}
