//! Complete an action, or waive it with a recorded reason: `action_completed`,
//! `action_waived`.

use super::{On, Spec, Ctx, Field, Form, Opt};
use crate::procedures::InstanceState;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::{EpisodeDetail, PolicyInfo};
use crate::views::wording::state_label;

pub static COMPLETE: Spec = Spec {
    title: "Complete an action",
    saved: "action completed",
    on: On::Episode {
        fields: |o, d| Ok(fields(d, o.policy, false)),
        events: |f, c, e| Ok(vec![event(f, c, e, false)]),
    },
};

pub static WAIVE: Spec = Spec {
    title: "Waive an action",
    saved: "action waived",
    on: On::Episode {
        fields: |o, d| waive_fields(d, o.policy),
        events: |f, c, e| Ok(vec![event(f, c, e, true)]),
    },
};

/// The policy the episode follows (its authority's), else the record's.
fn governing<'a>(detail: &'a EpisodeDetail, policy: &'a PolicyInfo) -> &'a PolicyInfo {
    detail.procedure.as_ref().map_or(policy, |p| &p.policy)
}

/// The episode's actions still to do, most urgent first; every rule of the policy it
/// follows when none is open.
pub fn rule_options(detail: &EpisodeDetail, policy: &PolicyInfo) -> Vec<Opt> {
    let policy = governing(detail, policy);
    let mut out: Vec<Opt> = Vec::new();
    for i in &detail.instances {
        if !(i.state.is_open() || i.state == InstanceState::Upcoming) {
            continue;
        }
        let state = state_label(i.state);
        if out.iter().any(|o| o.value == i.rule) {
            continue;
        }
        out.push(Opt::new(i.rule.clone(), format!("{} [{state}]", i.title)));
    }
    if out.is_empty() {
        out = policy
            .rules
            .iter()
            .map(|(id, title)| Opt::new(id.clone(), title.clone()))
            .collect();
    }
    out
}

/// Only the rules the policy allows a waiver of on this episode (PROCEDURES.md,
/// "Waivers"); none: the form does not open, and says what to do instead.
fn waive_fields(detail: &EpisodeDetail, policy: &PolicyInfo) -> Result<Vec<Field>, String> {
    let policy = governing(detail, policy);
    if detail.waivable.is_empty() {
        return Err(format!(
            "nothing on {} can be waived under the {} policy: complete a duty done another way with a note (c)",
            detail.episode, policy.name
        ));
    }
    let mut options: Vec<Opt> = rule_options(detail, policy)
        .into_iter()
        .filter(|o| detail.waivable.contains(&o.value))
        .collect();
    for id in &detail.waivable {
        if !options.iter().any(|o| &o.value == id) {
            let title = policy
                .rules
                .iter()
                .find(|(r, _)| r == id)
                .map_or(id.clone(), |(_, t)| t.clone());
            options.push(Opt::new(id.clone(), title));
        }
    }
    Ok(vec![
        Field::choice("rule", "Action", options, 0).required(),
        Field::multiline("reason", "Reason")
            .required()
            .hint("A waiver needs a recorded reason: the decision and why. Ctrl+S saves."),
    ])
}

pub fn fields(detail: &EpisodeDetail, policy: &PolicyInfo, waive: bool) -> Vec<Field> {
    let rule = Field::choice("rule", "Action", rule_options(detail, policy), 0).required();
    if waive {
        vec![
            rule,
            Field::multiline("reason", "Reason")
                .required()
                .hint("A waiver needs a recorded reason: the decision and why. Ctrl+S saves."),
        ]
    } else {
        vec![
            rule,
            Field::text("note", "Note").hint("Optional: who, where, outcome"),
        ]
    }
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str, waive: bool) -> NewEvent {
    let (episode, rule) = (episode.to_string(), form.value("rule"));
    if waive {
        let reason = form.value("reason");
        NewEvent::new(
            ctx.at(),
            EventKind::ActionWaived {
                episode,
                rule,
                reason,
            },
        )
    } else {
        let mut event = NewEvent::new(ctx.at(), EventKind::ActionCompleted { episode, rule });
        event.note = form.text("note");
        event
    }
}
