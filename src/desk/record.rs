//! The one write path. Import, every form of the board and the triage commands hand
//! the desk events; each is checked whole against the record and the policy (the
//! same checks, in the same words, whoever wrote it) and the batch is appended in
//! one transaction, or refused with every reason and nothing stored.

use super::Desk;
use crate::record::event::FieldError;
use crate::record::import::{self, new_event_id, ImportError, Parsed, Refusal, Resent};
use crate::record::{AppendOutcome, Event, NewEvent, RawEvent};
use chrono::{DateTime, Utc};

/// One event for [`Desk::record_keyed`]: its id, how a re-send of it is told apart,
/// and the line it came from (for a refusal; its place in the batch when `None`).
#[derive(Debug, Clone)]
pub struct Keyed {
    pub id: String,
    pub resent: Resent,
    pub line: Option<usize>,
    pub event: NewEvent,
}

impl Desk {
    /// Records typed events by `by`: each gets a fresh id, is written in its wire shape
    /// (what is stored must read back as what was recorded), then the batch is checked
    /// against the record and appended. A refusal's `line` is the event's place in
    /// `events`, from 1. Gives back the events as recorded (with their ids).
    pub fn record(
        &mut self,
        by: &str,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, ImportError> {
        let keyed = events
            .into_iter()
            .map(|new| Keyed {
                id: new_event_id(),
                resent: Resent::SameContent { by_sent: true },
                line: None,
                event: new,
            })
            .collect();
        let (parsed, _) = self.record_keyed(by, keyed, now)?;
        Ok(parsed)
    }

    /// As [`Desk::record`], for events whose ids say what they are (a police
    /// notification's is derived from the notification): an id already stored is told
    /// apart from a re-send by `resent`, so recording the same again is a no-op. Gives
    /// back the events as recorded and what the store made of them (the skipped ids).
    pub fn record_keyed(
        &mut self,
        by: &str,
        events: Vec<Keyed>,
        now: DateTime<Utc>,
    ) -> Result<(Vec<Event>, AppendOutcome), ImportError> {
        let parsed = prepare(by, events)?;
        let outcome = self.append(&parsed, now)?;
        Ok((parsed.into_iter().map(|p| p.event).collect(), outcome))
    }

    /// Checks typed events by `by` exactly as [`Desk::record`] would, and stores
    /// nothing: a form that shows what it will change first asks whether it can be
    /// saved at all.
    pub fn check(
        &self,
        by: &str,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<(), ImportError> {
        let keyed = events
            .into_iter()
            .map(|new| Keyed {
                id: new_event_id(),
                resent: Resent::SameContent { by_sent: true },
                line: None,
                event: new,
            })
            .collect();
        let mut parsed = prepare(by, keyed)?;
        Desk::fill_adoptions(&mut parsed).map_err(ImportError::Refused)?;
        let (rules, before) = self
            .rules_for_batch(&parsed)
            .map_err(ImportError::Refused)?;
        import::check_against(
            &std::collections::HashSet::new(),
            &self.store,
            &parsed,
            (&rules, &before),
            now,
        )
        .map_err(ImportError::Refused)
    }

    /// Records JSON Lines (`import`): `operator` fills in `by` where a line leaves it
    /// out. All of it, or none of it.
    pub fn import(
        &mut self,
        input: &[u8],
        operator: &str,
        now: DateTime<Utc>,
    ) -> Result<AppendOutcome, ImportError> {
        let parsed = import::parse_lines(input, operator).map_err(ImportError::Refused)?;
        self.append(&parsed, now)
    }

    fn append(
        &mut self,
        parsed: &[Parsed],
        now: DateTime<Utc>,
    ) -> Result<AppendOutcome, ImportError> {
        let mut parsed = parsed.to_vec();
        Desk::fill_adoptions(&mut parsed).map_err(ImportError::Refused)?;
        let (rules, before) = self
            .rules_for_batch(&parsed)
            .map_err(ImportError::Refused)?;
        import::append_under(&mut self.store, &parsed, (&rules, &before), now)
    }
}

/// Each event as recorded by `by` (its id given), written in its wire shape and read
/// by the wire shape's own checks (required fields, non-empty texts), so a typed
/// writer is refused exactly as the same event imported would be.
fn prepare(by: &str, events: Vec<Keyed>) -> Result<Vec<Parsed>, ImportError> {
    let mut parsed = Vec::new();
    let mut refusals = Vec::new();
    for (i, keyed) in events.into_iter().enumerate() {
        let line = keyed.line.unwrap_or(i + 1);
        let event = keyed.event.recorded(keyed.id, by);
        let raw = RawEvent::from(&event);
        if let Err(error) = import::refuse_controls(&raw).and_then(|_| raw.to_event()) {
            refusals.push(Refusal {
                line: Some(line),
                error,
            });
            continue;
        }
        let body = match serde_json::to_string(&raw) {
            Ok(body) => body,
            Err(e) => {
                refusals.push(Refusal {
                    line: Some(line),
                    error: FieldError::general(e.to_string()),
                });
                continue;
            }
        };
        parsed.push(Parsed {
            line,
            event,
            body,
            resent: keyed.resent,
        });
    }
    if refusals.is_empty() {
        Ok(parsed)
    } else {
        Err(ImportError::Refused(refusals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::import::parse_lines;

    /// Every event of the demo caseloads, written back in its wire shape, reads as
    /// the same event: the writer and the reader agree on every field of every type.
    #[test]
    fn every_demo_event_reads_back_as_itself() {
        let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let mut seen = std::collections::HashSet::new();
        for (name, _) in crate::procedures::policy::SHIPPED {
            let policy = crate::procedures::Policy::shipped(name).unwrap();
            let lines = crate::demo::caseload_for(now, &policy);
            for p in parse_lines(lines.as_bytes(), "demo").unwrap() {
                seen.insert(p.event.type_name());
                let raw = RawEvent::from(&p.event);
                assert_eq!(raw.to_event().as_ref(), Ok(&p.event), "{}", p.body);
            }
        }
        // The types the demo does not write, by hand (parse_lines checks them as import does).
        let n = crate::record::event::notification_id("Kent", "KP-1", now);
        let more = [
            r#"{"type":"child_updated","at":"2026-03-01T09:00:00Z","child":"C1","placement":"Home"}"#.to_string(),
            r#"{"type":"details_added","at":"2026-03-01T09:00:00Z","episode":"E1","clothing":"Red coat"}"#.to_string(),
            r#"{"type":"action_waived","at":"2026-03-01T09:00:00Z","episode":"E1","rule":"r1","reason":"Seen"}"#.to_string(),
            r#"{"type":"rhi_declined","at":"2026-03-01T09:00:00Z","episode":"E1","note":"Declined"}"#.to_string(),
            r#"{"type":"breach_acknowledged","at":"2026-03-01T09:00:00Z","episode":"E1","rule":"r1","until":"2026-03-01T20:00:00Z"}"#.to_string(),
            r#"{"type":"episode_assigned","at":"2026-03-01T09:00:00Z","episode":"E1","owner":"Sam Duty"}"#.to_string(),
            r#"{"type":"shift_started","at":"2026-03-01T08:00:00Z","ends_at":"2026-03-01T20:00:00Z","manager":"Dana Reed"}"#.to_string(),
            r#"{"type":"handover_acknowledged","at":"2026-03-01T08:05:00Z","note":"Read"}"#.to_string(),
            format!(r#"{{"type":"notification_received","at":"2026-03-02T09:00:00Z","notification":"{n}","police_force":"Kent","police_ref":"KP-1","reported_at":"2026-03-02T09:00:00Z","name":"A Child","dob":"2012-05-01","last_seen_at":"2026-03-02T08:00:00Z","risk":"high","address":"1 Road"}}"#),
            format!(r#"{{"type":"notification_accepted","at":"2026-03-02T09:00:00.250000Z","notification":"{n}","child":"C1","episode":"E2"}}"#),
            format!(r#"{{"type":"notification_dismissed","at":"2026-03-02T09:00:00Z","notification":"{n}","reason":"Duplicate"}}"#),
            r#"{"type":"notification_refused","at":"2026-03-02T09:00:00Z","file":"n1.json","reason":"line 4, field `reported_at`: is in the future\nsecond line"}"#.to_string(),
            r#"{"type":"rag_rated","at":"2026-03-02T09:00:00Z","episode":"E1","rag":"amber","reason":"Known"}"#.to_string(),
            format!(r#"{{"type":"mash_decision","at":"2026-03-02T09:00:00Z","notification":"{n}","decision":"nfa"}}"#),
            r#"{"type":"episode_corrected","at":"2026-03-02T09:00:00Z","episode":"E1","last_seen_at":"2026-03-01T07:00:00Z","reported_at":"2026-03-01T08:00:00Z","category":"missing","last_seen_location":"Park","reason":"Typed wrongly"}"#.to_string(),
            r#"{"type":"category_changed","at":"2026-03-02T09:00:00Z","episode":"E1","category":"missing","last_seen_at":"2026-03-02T08:00:00Z","reason":"Whereabouts lost"}"#.to_string(),
            r#"{"type":"event_voided","at":"2026-03-02T09:00:00Z","event":"ev-9","reason":"Wrong child"}"#.to_string(),
            r#"{"type":"children_merged","at":"2026-03-02T09:00:00Z","child":"C9","into":"C1","reason":"Registered twice"}"#.to_string(),
            r#"{"type":"policy_adopted","at":"2026-03-02T09:00:00Z","authority":"medway","policy":"medway","policy_text":"name = \"medway\"\n","policy_version":"sha256:0","effective_from":"2026-04-01T00:00:00+01:00"}"#.to_string(),
            r#"{"type":"calendar_loaded","at":"2026-03-02T09:00:00Z","bank_holidays":{"england-and-wales":{"division":"england-and-wales","events":[{"title":"Extra","date":"2026-06-03"}]}},"removes":["2026-05-04"]}"#.to_string(),
        ]
        .join("\n");
        for p in parse_lines(more.as_bytes(), "desk").unwrap() {
            seen.insert(p.event.type_name());
            let raw = RawEvent::from(&p.event);
            assert_eq!(raw.to_event().as_ref(), Ok(&p.event), "{}", p.body);
        }
        let all: std::collections::HashSet<&str> =
            crate::record::schema::EVENT_TYPES.iter().copied().collect();
        assert_eq!(seen, all);
    }

    /// A triage decision keeps its own time to the microsecond (it may fall in the
    /// same second as the notification it settles): written and read back unchanged.
    #[test]
    fn a_decision_written_to_the_microsecond_reads_back_to_the_microsecond() {
        use crate::record::event::{Screened, TriageEvent};
        use crate::record::vocab::Rag;
        let at: DateTime<Utc> = "2026-03-02T09:00:00.123456Z".parse().unwrap();
        let event = NewEvent::new(
            at,
            crate::record::EventKind::Triage(Box::new(TriageEvent::Rated {
                target: Screened::Notification("N-1".into()),
                rag: Rag::Red,
                reason: None,
            })),
        )
        .recorded("ev-1".into(), "A. Officer");
        let raw = RawEvent::from(&event);
        assert_eq!(raw.at.as_deref(), Some("2026-03-02T09:00:00.123456Z"));
        assert_eq!(raw.to_event(), Ok(event));
    }

    /// What the wire shape refuses of a typed event is refused in the import's words.
    #[test]
    fn a_typed_event_the_wire_shape_refuses_is_refused_as_import_would() {
        let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let new = NewEvent::new(
            at,
            crate::record::EventKind::UpdateRecorded {
                episode: "E1".into(),
                text: "  ".into(),
            },
        );
        let event = new.recorded("ev-1".into(), "A. Officer");
        let refused = RawEvent::from(&event).to_event().unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("text"));
        assert_eq!(refused.reason, "must not be empty");
    }
}
