//! Acknowledge a breached deadline: `breach_acknowledged` (episode, rule, optional
//! until and note). It completes and waives nothing; the ticker shows who saw it, and
//! it stops alerting on every board until `until`, or the end of the shift.

use super::{Ctx, Field, Form, On, Opt, Problem, Spec};
use crate::procedures::InstanceState;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Acknowledge a breached deadline",
    saved: "breach acknowledged",
    on: On::Episode {
        fields: |_, d| fields(d),
        events: |f, c, e| Ok(vec![event(f, c, e)?]),
    },
};

/// The episode's breached deadlines not yet acknowledged, most urgent first.
pub fn rule_options(detail: &EpisodeDetail) -> Vec<Opt> {
    let mut out: Vec<Opt> = Vec::new();
    for i in &detail.instances {
        if i.state != InstanceState::Overdue || out.iter().any(|o| o.value == i.rule) {
            continue;
        }
        out.push(Opt::new(i.rule.clone(), format!("{} [OVERDUE]", i.title)));
    }
    out
}

pub fn fields(detail: &EpisodeDetail) -> Result<Vec<Field>, String> {
    let options = rule_options(detail);
    if options.is_empty() {
        return Err("this child has no breached deadline".into());
    }
    Ok(vec![
        Field::choice("rule", "Breached action", options, 0).required(),
        Field::text("until", "Until")
            .hint("Optional: 07:00 or 2026-03-05 07:00; else the end of the shift"),
        Field::text("note", "Note").hint("Optional: what is being done about it"),
    ])
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    let until = match form.text("until") {
        Some(t) => Some(
            super::parse_ahead(&t, ctx.at())
                .map_err(|e| vec![(Some("until".to_string()), e)])?,
        ),
        None => None,
    };
    let kind = EventKind::BreachAcknowledged {
        episode: episode.to_string(),
        rule: form.value("rule"),
        until,
    };
    let mut event = NewEvent::new(ctx.at(), kind);
    event.note = form.text("note");
    Ok(event)
}
