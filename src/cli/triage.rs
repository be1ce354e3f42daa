//! `triage scan|list|accept|dismiss|rate|decide`: MASH triage of police
//! notifications (src/triage, docs/NOTIFICATIONS.md).

use super::exit_soon;
use super::{config, Cli, TriageAcceptArgs, TriageCommand, TriageFormat, TriageListArgs};
use crate::desk::{Desk, DeskError};
use crate::record::import::{self, ImportError};

use crate::record::State;
use crate::render;
use chrono::Utc;
use std::path::Path;

/// `triage ...`: MASH triage of police notifications (src/triage, docs/NOTIFICATIONS.md).
pub(super) fn triage(cli: &Cli, cmd: &TriageCommand) -> Result<(), DeskError> {
    use crate::triage::decisions;
    let mut desk = Desk::open(&config(cli), None)?;
    let now = Utc::now();
    if let TriageCommand::Scan = cmd {
        return triage_scan(&mut desk, &config(cli).inbox_path());
    }
    let state = crate::record::state_at(&desk.store, Some(now))?;
    let refused = |e: String| DeskError::Failed(format!("triage: {e}"));
    let events = match cmd {
        TriageCommand::Scan => unreachable!("handled above"),
        TriageCommand::List(args) => return triage_list(&desk, &state, args, now),
        TriageCommand::Accept(args) => {
            let how = acceptance(args)?;
            decisions::accept(&state, &args.id, &how, now).map_err(refused)?
        }
        TriageCommand::Dismiss { id, reason } => {
            if reason.trim().is_empty() {
                return Err(DeskError::Usage(
                    "a dismissal needs a reason: --reason TEXT".into(),
                ));
            }
            vec![decisions::dismiss(&state, id, reason, now).map_err(refused)?]
        }
        TriageCommand::Rate { id, rag, reason } => {
            let rag = crate::record::vocab::Rag::parse(rag).map_err(DeskError::Usage)?;
            vec![decisions::rate(&state, id, rag, reason.as_deref(), now).map_err(refused)?]
        }
        TriageCommand::Decide { id, decision, note } => {
            let decision =
                crate::record::vocab::Decision::parse(decision).map_err(DeskError::Usage)?;
            vec![decisions::decide(&state, id, decision, note.as_deref(), now).map_err(refused)?]
        }
    };
    exit_soon(state);
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.event_type().name()).collect();
    let explain = |refusals: Vec<import::Refusal>| {
        let mut lines = vec!["triage: refused, nothing stored:".to_string()];
        for r in refusals {
            let kind = r
                .line
                .and_then(|l| kinds.get(l - 1))
                .map_or("the record", |k| *k);
            lines.push(format!("triage: {kind}: {}", r.error));
        }
        DeskError::Failed(lines.join("\n"))
    };
    let operator = desk.operator.clone();
    match desk.record(&operator, events, now) {
        Ok(recorded) => {
            for e in &recorded {
                outln!("recorded {} {}", e.type_name(), e.id);
            }
            Ok(())
        }
        Err(ImportError::Refused(refusals)) => Err(explain(refusals)),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

pub(super) fn acceptance(
    args: &TriageAcceptArgs,
) -> Result<crate::triage::decisions::Acceptance, DeskError> {
    use crate::record::vocab::{Category, Status};
    use crate::triage::decisions::{Acceptance, Whom};
    let usage = |e: String| DeskError::Usage(e);
    let whom = match (&args.child, args.new) {
        (Some(child), false) => Whom::Child(child.clone()),
        (None, true) => Whom::New {
            status: args
                .status
                .as_deref()
                .map_or(Ok(Status::NotOpen), Status::parse)
                .map_err(usage)?,
        },
        _ => return Err(usage("give exactly one of --child REF or --new".into())),
    };
    Ok(Acceptance {
        whom,
        category: Category::parse(&args.category).map_err(usage)?,
        episode: args.episode.clone(),
        risk: args
            .risk
            .as_deref()
            .map(crate::record::vocab::Risk::parse)
            .transpose()
            .map_err(usage)?,
        registered_at: None,
    })
}

pub(super) fn triage_scan(desk: &mut Desk, inbox: &Path) -> Result<(), DeskError> {
    let settings = crate::desk::inbox::Settings::new(desk.operator.clone());
    let reports = crate::desk::inbox::process_once(inbox, desk, &settings)
        .map_err(|e| failed!("triage scan: {e}"))?;
    if reports.is_empty() {
        outln!("no new notifications in {}", inbox.display());
    }
    for r in &reports {
        outln!("{}", r.line());
    }
    Ok(())
}

pub(super) fn triage_list(
    desk: &Desk,
    state: &State,
    args: &TriageListArgs,
    now: chrono::DateTime<Utc>,
) -> Result<(), DeskError> {
    use crate::record::{initials, NotificationStatus};
    let items = crate::triage::triage_list(state, args.all);
    let shown = |name: &str| {
        if desk.privacy {
            initials(name)
        } else {
            name.to_string()
        }
    };
    // Privacy hides more than the name (review D23): an address, a placement, who
    // reported and what happened each say who the child is, and a police file is often
    // named after the child. Withheld as null, so a reader can tell "not shown" apart.
    let withheld = |value: &Option<String>| {
        if desk.privacy {
            None
        } else {
            value.clone()
        }
    };
    match args.format {
        TriageFormat::Json => {
            let list: Vec<serde_json::Value> = items
                .iter()
                .map(|item| {
                    let n = &item.notification;
                    let d = &n.details;
                    let (child, episode, settled_at, settled_by, reason) = match &n.status {
                        NotificationStatus::Pending => (None, None, None, None, None),
                        NotificationStatus::Accepted {
                            child,
                            episode,
                            at,
                            by,
                        } => (
                            Some(child.clone()),
                            Some(episode.clone()),
                            Some(*at),
                            Some(by.clone()),
                            None,
                        ),
                        NotificationStatus::Dismissed { reason, at, by } => (
                            None,
                            None,
                            Some(*at),
                            Some(by.clone()),
                            Some(reason.clone()),
                        ),
                    };
                    serde_json::json!({
                        "notification": n.id,
                        "status": n.status.as_str(),
                        "police_force": d.police_force,
                        "police_ref": d.police_ref,
                        "reported_at": crate::calendar::time::rfc(d.reported_at),
                        "received_at": crate::calendar::time::rfc(n.received_at),
                        "name": shown(&d.name),
                        "dob": d.dob.to_string(),
                        "address": withheld(&d.address),
                        "placement": withheld(&d.placement),
                        "last_seen_at": crate::calendar::time::rfc(d.last_seen_at),
                        "last_seen_location": withheld(&d.last_seen_location),
                        "risk": d.risk.as_str(),
                        "circumstances": withheld(&d.circumstances),
                        "reported_by": withheld(&d.reported_by),
                        "source_file": withheld(&d.source_file),
                        "rag": n.screening.rag.as_ref().map(|r| r.rag.as_str()),
                        "decision": n.screening.decision.as_ref().map(|r| r.decision.as_str()),
                        "child": child,
                        "episode": episode,
                        "settled_at": settled_at.map(crate::calendar::time::rfc),
                        "settled_by": settled_by,
                        "dismissed_reason": reason,
                        // Re-sent with different content (review D4): what changed.
                        "supersedes": d.supersedes,
                        "changes": crate::triage::resent::changes_since_first(n),
                        "candidates": item.candidates.iter().map(|c| serde_json::json!({
                            "child": c.child,
                            "name": shown(&c.name),
                            "similarity": c.similarity,
                            "reason": c.reason,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            jsonln!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serialisable")
            );
        }
        TriageFormat::Table => {
            outln!(
                "{:<13} {:<9} {:<4} {:<16} {:<22} {:<10} {:<6} {:<19} POLICE",
                "NOTIFICATION",
                "STATUS",
                "RISK",
                "REPORTED",
                "NAME",
                "DOB",
                "RAG",
                "DECISION"
            );
            for item in &items {
                let n = &item.notification;
                let d = &n.details;
                outln!(
                    "{:<13} {:<9} {:<4} {:<16} {:<22} {:<10} {:<6} {:<19} {} {}",
                    n.id,
                    n.status.as_str(),
                    d.risk.label(),
                    crate::calendar::time::when(d.reported_at),
                    render::text::truncate(&shown(&d.name), 22),
                    d.dob,
                    n.screening.rag.as_ref().map_or("-", |r| r.rag.label()),
                    n.screening
                        .decision
                        .as_ref()
                        .map_or("-", |r| r.decision.as_str()),
                    d.police_force,
                    d.police_ref
                );
                let changes = crate::triage::resent::changes_since_first(n);
                if !changes.is_empty() {
                    outln!("    re-sent by the police: {}", changes.join(", "));
                }
                if item.candidates.is_empty() {
                    outln!("    no registered child matches (accept with --new to register)");
                }
                for c in &item.candidates {
                    outln!(
                        "    candidate {} {} ({}%): {}",
                        c.child,
                        shown(&c.name),
                        c.similarity,
                        c.reason
                    );
                }
            }
            if items.is_empty() {
                outln!("No notification is waiting.");
            }
            // Refused files, from the record: on every desk, not only the one that
            // scanned (review D3). A file is often named after the child.
            for r in crate::triage::pending::recent_refusals(state, now, args.all) {
                let file = if desk.privacy {
                    "(name withheld)".to_string()
                } else {
                    r.file.clone()
                };
                outln!(
                    "refused file {file} at {} by {}: {} (nothing from it is recorded; it is in rejected/)",
                    crate::calendar::time::when(r.at),
                    r.by,
                    r.reason.replace('\n', "; ")
                );
            }
        }
    }
    Ok(())
}
