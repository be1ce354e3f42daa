//! The MASH screener's forms on a police notification: accept it onto a known
//! child or a new one (which opens the missing episode, so the policy's clocks
//! start), dismiss it with a reason, rate it red/amber/green, record the MASH
//! decision. Each writes the same events as `dutyboard triage …` and goes through
//! the same checks as `import`.

use super::{On, Spec, Ctx, Field, Form, Opt, Problem};
use crate::record::event::Screened;
use crate::record::initials;
use crate::record::vocab::{Category, Decision, Rag, Risk, Status};
use crate::record::NewEvent;
use crate::record::Notification;
use crate::triage::decisions::{self, Acceptance, Whom};
use crate::triage::pending::TriageItem;
use crate::views::detail::PolicyInfo;

pub static ACCEPT: Spec = Spec {
    title: "Police notification: accept onto a child",
    saved: "notification accepted, episode opened",
    on: On::Notification {
        fields: |o, item, candidate| accept_fields(item, candidate, o.policy, false),
        events: accept_events,
    },
};

pub static NEW_CHILD: Spec = Spec {
    title: "Police notification: register a new child",
    saved: "notification accepted, episode opened",
    on: On::Notification {
        fields: |o, item, _| accept_fields(item, None, o.policy, true),
        events: accept_events,
    },
};

pub static DISMISS: Spec = Spec {
    title: "Police notification: dismiss",
    saved: "notification dismissed",
    on: On::Notification {
        fields: |_, _, _| dismiss_fields(),
        events: |f, c, n| dismiss_events(f, c, &n.id),
    },
};

pub static RATE: Spec = Spec {
    title: "Police notification: RAG rating",
    saved: "RAG rating recorded",
    on: On::Notification {
        fields: |_, item, _| rate_fields(item.notification.screening.rag.as_ref().map(|r| r.rag)),
        events: |f, c, n| rate_events(f, c, &n.id),
    },
};

pub static DECIDE: Spec = Spec {
    title: "Police notification: MASH decision",
    saved: "MASH decision recorded",
    on: On::Notification {
        fields: |_, item, _| decide_fields(item.notification.screening.decision.as_ref().map(|d| d.decision)),
        events: |f, c, n| decide_events(f, c, &n.id),
    },
};

/// The `who` choice for a child not known to the service.
pub const NEW: &str = "new";
/// The `who` choice for a known child the matching did not offer.
pub const OTHER: &str = "other";

/// Accept: the candidates (the one chosen in the pane first), a new child, or
/// another known child by reference.
pub fn accept_fields(
    item: &TriageItem,
    candidate: Option<usize>,
    policy: &PolicyInfo,
    new_child: bool,
) -> Vec<Field> {
    let id = &item.notification.id;
    let mut who: Vec<Opt> = item
        .candidates
        .iter()
        .map(|c| {
            Opt::private(
                c.child.clone(),
                format!("{} ({}) {}% match", c.name, c.child, c.similarity),
                format!(
                    "{} ({}) {}% match",
                    initials(&c.name),
                    c.child,
                    c.similarity
                ),
            )
        })
        .collect();
    let new_index = who.len();
    who.push(Opt::new(NEW, "New child (register from the notification)"));
    who.push(Opt::new(OTHER, "Another known child (type the reference)"));
    let initial = if new_child {
        new_index
    } else {
        candidate
            .filter(|&i| i < item.candidates.len())
            .unwrap_or(if item.candidates.is_empty() {
                new_index
            } else {
                0
            })
    };
    let statuses: Vec<Opt> = Status::ALL
        .iter()
        .map(|s| Opt::new(s.as_str(), format!("{} ({})", s.label(), s.as_str())))
        .collect();
    let not_open = Status::ALL
        .iter()
        .position(|s| *s == Status::NotOpen)
        .unwrap_or(0);
    let categories: Vec<Opt> = policy
        .categories
        .iter()
        .map(|c| Opt::new(c.as_str(), format!("{} ({})", c.label(), c.as_str())))
        .collect();
    let missing = policy
        .categories
        .iter()
        .position(|c| *c == Category::Missing)
        .unwrap_or(0);
    vec![
        Field::choice("who", "Child", who, initial)
            .hint("A matched child, a new child, or another known child"),
        Field::choice("status", "Status", statuses, not_open)
            .required()
            .hint("Not open unless the service already works with the child")
            .show_if("who", NEW),
        Field::text("other", "Child reference")
            .required()
            .hint("The reference of the known child this notification is about")
            .show_if("who", OTHER),
        Field::text("episode", "Episode reference")
            .initial(&decisions::new_episode_ref(id))
            .required(),
        Field::choice("category", "Category", categories, missing).required(),
        Field::choice(
            "risk",
            "Risk grade",
            super::risk::risk_options(),
            Risk::ALL
                .iter()
                .position(|r| *r == item.notification.details.risk)
                .unwrap_or(0),
        )
        .required()
        .hint("The police's grade; change it if the procedure forbids it for this child"),
    ]
}

/// The events of an accept (the same as `dutyboard triage accept` writes): the
/// child if new, the episode as the police reported it, the acceptance.
pub fn accept_events(
    form: &Form,
    ctx: &Ctx,
    notification: &Notification,
) -> Result<Vec<NewEvent>, Vec<Problem>> {
    let whom = match form.value("who").as_str() {
        NEW => Whom::New {
            status: chosen(form, "status", Status::parse)?,
        },
        OTHER => Whom::Child(form.value("other")),
        known => Whom::Child(known.to_string()),
    };
    let registered_at = match &whom {
        Whom::Child(child) => ctx
            .children
            .iter()
            .find(|c| c.child == *child)
            .map(|c| c.registered_at),
        Whom::New { .. } => None,
    };
    let how = Acceptance {
        whom,
        category: chosen(form, "category", Category::parse)?,
        episode: Some(form.value("episode")),
        risk: Some(chosen(form, "risk", Risk::parse)?),
        registered_at,
    };
    Ok(decisions::acceptance_events(notification, &how, ctx.now))
}

pub fn dismiss_fields() -> Vec<Field> {
    vec![Field::multiline("reason", "Reason")
        .required()
        .hint("Why no episode is opened (e.g. not a child of this authority, duplicate)")]
}

pub fn dismiss_events(
    form: &Form,
    ctx: &Ctx,
    notification: &str,
) -> Result<Vec<NewEvent>, Vec<Problem>> {
    Ok(vec![decisions::dismissal(
        notification,
        &form.value("reason"),
        ctx.now,
    )])
}

pub fn rate_fields(current: Option<Rag>) -> Vec<Field> {
    let options: Vec<Opt> = Rag::ALL
        .iter()
        .map(|r| Opt::new(r.as_str(), r.label()))
        .collect();
    let index = current
        .and_then(|c| Rag::ALL.iter().position(|r| *r == c))
        .unwrap_or(0);
    vec![
        Field::choice("rag", "RAG rating", options, index).required(),
        Field::text("reason", "Reason").hint("Optional: what the rating rests on"),
    ]
}

pub fn rate_events(
    form: &Form,
    ctx: &Ctx,
    notification: &str,
) -> Result<Vec<NewEvent>, Vec<Problem>> {
    let rag = chosen(form, "rag", Rag::parse)?;
    let on = Screened::Notification(notification.to_string());
    let reason = optional(form, "reason");
    Ok(vec![decisions::rating(on, rag, reason.as_deref(), ctx.now)])
}

/// A choice field's word, read as the record's vocabulary (a refusal beside the field).
fn chosen<T>(
    form: &Form,
    key: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, Vec<Problem>> {
    parse(&form.value(key)).map_err(|e| vec![(Some(key.to_string()), e)])
}

/// A text field's value, if anything was typed.
fn optional(form: &Form, key: &str) -> Option<String> {
    Some(form.value(key)).filter(|v| !v.trim().is_empty())
}

pub fn decide_fields(current: Option<Decision>) -> Vec<Field> {
    let options: Vec<Opt> = Decision::ALL
        .iter()
        .map(|d| Opt::new(d.as_str(), decision_label(*d)))
        .collect();
    let index = current
        .and_then(|c| Decision::ALL.iter().position(|d| *d == c))
        .unwrap_or(0);
    vec![
        Field::choice("decision", "MASH decision", options, index).required(),
        Field::text("note", "Note").hint("Optional"),
    ]
}

pub fn decide_events(
    form: &Form,
    ctx: &Ctx,
    notification: &str,
) -> Result<Vec<NewEvent>, Vec<Problem>> {
    let decision = chosen(form, "decision", Decision::parse)?;
    let on = Screened::Notification(notification.to_string());
    let note = optional(form, "note");
    Ok(vec![decisions::decision_event(on, decision, note.as_deref(), ctx.now)])
}

/// A MASH decision in words (the stored word in brackets, as the CLI takes it).
pub fn decision_label(d: Decision) -> String {
    let words = match d {
        Decision::Nfa => "No further action",
        Decision::EarlyHelp => "Early help",
        Decision::Assessment => "Assessment",
        Decision::StrategyDiscussion => "Strategy discussion",
    };
    format!("{words} ({})", d.as_str())
}
