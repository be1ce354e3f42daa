//! Writing an event in its wire shape: the typed [`Event`] as the [`RawEvent`] that
//! is stored (and exported). The inverse of [`super::json`]: what the program records
//! (a form, a triage decision) is built typed and written here, never parsed back
//! from text. `RawEvent::from(&e).to_event() == Ok(e)` for every well-formed event.

use super::event::{ChildDetails, Event, EventKind, PoliceInfo, Screened, TriageEvent};
use super::schema::RawEvent;
use chrono::{DateTime, SecondsFormat, Utc};

/// An instant as RFC 3339 in UTC, as precise as it is: to the second where it has no
/// fraction (as officers and the police write them), else to the microsecond (a
/// triage decision's own time), so what is stored reads back as the same instant.
fn rfc(t: DateTime<Utc>) -> String {
    let format = match t.timestamp_subsec_nanos() {
        0 => SecondsFormat::Secs,
        n if n % 1000 == 0 => SecondsFormat::Micros,
        _ => SecondsFormat::Nanos,
    };
    t.to_rfc3339_opts(format, true)
}

/// A list field is left out when empty, as a writer leaves it out.
fn listed(v: &[String]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| v.to_vec())
}

impl From<&Event> for RawEvent {
    fn from(e: &Event) -> RawEvent {
        let mut raw = RawEvent {
            kind: Some(e.type_name().to_string()),
            at: Some(rfc(e.at)),
            id: Some(e.id.clone()),
            by: Some(e.by.clone()),
            note: e.note.clone(),
            ..RawEvent::default()
        };
        match &e.kind {
            EventKind::ChildRegistered { child, details }
            | EventKind::ChildUpdated { child, details } => {
                raw.child = Some(child.clone());
                put_child(&mut raw, details);
            }
            EventKind::EpisodeReported {
                episode,
                child,
                last_seen_at,
                category,
                risk,
                police_ref,
                missing_with,
                info,
            } => {
                raw.episode = Some(episode.clone());
                raw.child = Some(child.clone());
                raw.last_seen_at = Some(rfc(*last_seen_at));
                raw.category = Some(category.as_str().to_string());
                raw.risk = Some(risk.as_str().to_string());
                raw.police_ref = police_ref.clone();
                raw.missing_with = listed(missing_with);
                put_info(&mut raw, info);
            }
            EventKind::DetailsAdded { episode, info } => {
                raw.episode = Some(episode.clone());
                put_info(&mut raw, info);
            }
            EventKind::PoliceInformed {
                episode,
                police_ref,
            } => {
                raw.episode = Some(episode.clone());
                raw.police_ref = Some(police_ref.clone());
            }
            EventKind::RiskChanged {
                episode,
                risk,
                reason,
            } => {
                raw.episode = Some(episode.clone());
                raw.risk = Some(risk.as_str().to_string());
                raw.reason = reason.clone();
            }
            EventKind::UpdateRecorded { episode, text } => {
                raw.episode = Some(episode.clone());
                raw.text = Some(text.clone());
            }
            EventKind::ActionCompleted { episode, rule } => {
                raw.episode = Some(episode.clone());
                raw.rule = Some(rule.clone());
            }
            EventKind::BreachAcknowledged {
                episode,
                rule,
                until,
            } => {
                raw.episode = Some(episode.clone());
                raw.rule = Some(rule.clone());
                raw.until = until.map(rfc);
            }
            EventKind::EpisodeAssigned { episode, owner } => {
                raw.episode = Some(episode.clone());
                raw.owner = Some(owner.clone());
            }
            EventKind::ShiftStarted { ends_at, manager } => {
                raw.ends_at = Some(rfc(*ends_at));
                raw.manager = manager.clone();
            }
            EventKind::HandoverAcknowledged => {}
            EventKind::ActionWaived {
                episode,
                rule,
                reason,
            } => {
                raw.episode = Some(episode.clone());
                raw.rule = Some(rule.clone());
                raw.reason = Some(reason.clone());
            }
            EventKind::ChildReturned {
                episode,
                found_report_at,
                location_found,
                injured,
                victim_of_crime,
            } => {
                raw.episode = Some(episode.clone());
                raw.found_report_at = found_report_at.map(rfc);
                raw.location_found = location_found.clone();
                raw.injured = *injured;
                raw.victim_of_crime = *victim_of_crime;
            }
            EventKind::RhiAttempt { episode } | EventKind::RhiDeclined { episode } => {
                raw.episode = Some(episode.clone());
            }
            EventKind::EpisodesLinked {
                episode,
                with,
                lead_officer,
            } => {
                raw.episode = Some(episode.clone());
                raw.with = listed(with);
                raw.lead_officer = lead_officer.clone();
            }
            EventKind::EpisodeCorrected {
                episode,
                reason,
                correction,
            } => {
                raw.episode = Some(episode.clone());
                raw.reason = Some(reason.clone());
                raw.last_seen_at = correction.last_seen_at.map(rfc);
                raw.reported_at = correction.reported_at.map(rfc);
                raw.category = correction.category.map(|c| c.as_str().to_string());
                raw.last_seen_location = correction.last_seen_location.clone();
            }
            EventKind::CategoryChanged {
                episode,
                category,
                last_seen_at,
                reason,
            } => {
                raw.episode = Some(episode.clone());
                raw.category = Some(category.as_str().to_string());
                raw.last_seen_at = last_seen_at.map(rfc);
                raw.reason = reason.clone();
            }
            EventKind::EventVoided { event, reason } => {
                raw.event = Some(event.clone());
                raw.reason = Some(reason.clone());
            }
            EventKind::ChildrenMerged {
                child,
                into,
                reason,
            } => {
                raw.child = Some(child.clone());
                raw.into = Some(into.clone());
                raw.reason = Some(reason.clone());
            }
            EventKind::PolicyAdopted(a) => {
                raw.authority = Some(a.authority.clone());
                raw.policy = a.policy.clone();
                raw.policy_text = a.policy_text.clone();
                raw.policy_version = a.policy_version.clone();
                raw.effective_from = a.effective_from.map(rfc);
            }
            EventKind::CalendarLoaded {
                bank_holidays,
                removes,
            } => {
                raw.bank_holidays = Some(bank_holidays.clone());
                raw.removes = (!removes.is_empty()).then(|| {
                    removes
                        .iter()
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .collect()
                });
            }
            EventKind::Triage(t) => put_triage(&mut raw, t),
        }
        raw
    }
}

fn put_child(raw: &mut RawEvent, d: &ChildDetails) {
    raw.name = d.name.clone();
    raw.dob = d.dob.map(|d| d.format("%Y-%m-%d").to_string());
    raw.status = d.status.map(|s| s.as_str().to_string());
    raw.flags = d
        .flags
        .as_ref()
        .map(|f| f.iter().map(|f| f.as_str().to_string()).collect());
    raw.authority = d.authority.clone();
    raw.allocated_worker = d.allocated_worker.clone();
    raw.placement = d.placement.clone();
    raw.placing_authority = d.placing_authority.clone();
}

fn put_info(raw: &mut RawEvent, i: &PoliceInfo) {
    raw.last_seen_location = i.last_seen_location.clone();
    raw.circumstances = i.circumstances.clone();
    raw.with_whom = i.with_whom.clone();
    raw.clothing = i.clothing.clone();
    raw.description = i.description.clone();
    raw.photo_ref = i.photo_ref.clone();
    raw.medical = i.medical.clone();
    raw.associates = i.associates.clone();
    raw.previous_locations = i.previous_locations.clone();
    raw.social_media = i.social_media.clone();
    raw.actions_taken = i.actions_taken.clone();
}

fn put_triage(raw: &mut RawEvent, t: &TriageEvent) {
    let target = |raw: &mut RawEvent, target: &Screened| match target {
        Screened::Notification(n) => raw.notification = Some(n.clone()),
        Screened::Episode(e) => raw.episode = Some(e.clone()),
    };
    match t {
        TriageEvent::Received {
            notification,
            details: d,
        } => {
            raw.notification = Some(notification.clone());
            raw.police_force = Some(d.police_force.clone());
            raw.police_ref = Some(d.police_ref.clone());
            raw.reported_at = Some(rfc(d.reported_at));
            raw.name = Some(d.name.clone());
            raw.dob = Some(d.dob.format("%Y-%m-%d").to_string());
            raw.address = d.address.clone();
            raw.placement = d.placement.clone();
            raw.last_seen_at = Some(rfc(d.last_seen_at));
            raw.last_seen_location = d.last_seen_location.clone();
            raw.risk = Some(d.risk.as_str().to_string());
            raw.circumstances = d.circumstances.clone();
            raw.reported_by = d.reported_by.clone();
            raw.source_file = d.source_file.clone();
            raw.supersedes = d.supersedes.clone();
        }
        TriageEvent::Accepted {
            notification,
            child,
            episode,
        } => {
            raw.notification = Some(notification.clone());
            raw.child = Some(child.clone());
            raw.episode = Some(episode.clone());
        }
        TriageEvent::Dismissed {
            notification,
            reason,
        } => {
            raw.notification = Some(notification.clone());
            raw.reason = Some(reason.clone());
        }
        TriageEvent::Refused { file, reason } => {
            raw.file = Some(file.clone());
            raw.reason = Some(reason.clone());
        }
        TriageEvent::Rated {
            target: on,
            rag,
            reason,
        } => {
            target(raw, on);
            raw.rag = Some(rag.as_str().to_string());
            raw.reason = reason.clone();
        }
        TriageEvent::Decided {
            target: on,
            decision,
        } => {
            target(raw, on);
            raw.decision = Some(decision.as_str().to_string());
        }
    }
}
