//! Regrade the police risk, with the reason: `risk_changed`. When the police re-sent
//! the notification an episode was opened from with another grade (review D4), the
//! form offers the officer both answers to it: take the police grade up (a
//! `risk_changed`), or keep the risk and dismiss the police regrade (a
//! `notification_dismissed` of the accepted notification), so the board's "police
//! re-sent ... record the risk change, or dismiss the regrade" has a key for each.

use super::{Ctx, Field, Form, On, Opt, Problem, Spec};
use crate::record::vocab::Risk;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Regrade risk",
    saved: "risk regraded",
    on: On::Episode {
        fields: |_, d| Ok(fields(d)),
        events: |f, c, e| event(f, c, e).map(|e| vec![e]),
    },
};

/// The value of the "police" choice that takes the police grade up; its other option's
/// value is the notification whose regrade is dismissed.
pub const TAKE: &str = "take";

pub fn risk_options() -> Vec<Opt> {
    Risk::ALL
        .iter()
        .map(|r| Opt::new(r.as_str(), format!("{} ({})", r.label(), r.as_str())))
        .collect()
}

pub fn fields(detail: &EpisodeDetail) -> Vec<Field> {
    let place = |risk: Risk| Risk::ALL.iter().position(|r| *r == risk).unwrap_or(0);
    let Some(regrade) = &detail.regrade else {
        return vec![
            Field::choice("risk", "New risk grade", risk_options(), place(detail.risk))
                .required(),
            reason(),
        ];
    };
    let police = vec![
        Opt::new(
            TAKE,
            format!(
                "take it up: record the risk below (police: {})",
                regrade.to.label()
            ),
        ),
        Opt::new(
            regrade.notification.clone(),
            format!(
                "dismiss it: keep the risk {} and dismiss the police regrade",
                detail.risk.label()
            ),
        ),
    ];
    vec![
        Field::choice("police", "Police regrade", police, 0)
            .required()
            .hint("The police re-sent their notification with another risk grade"),
        Field::choice("risk", "New risk grade", risk_options(), place(regrade.to))
            .required()
            .show_if("police", TAKE),
        reason(),
    ]
}

fn reason() -> Field {
    Field::text("reason", "Reason")
        .required()
        .hint("Why the grading changed, or why the police grade is not taken (recorded)")
}

/// The notification whose police regrade the form dismisses, if that is its answer.
pub fn dismissing(form: &Form) -> Option<String> {
    form.field("police")?;
    Some(form.value("police")).filter(|v| v != TAKE && !v.is_empty())
}

/// What saving the form records, in words.
pub fn saved(form: &Form) -> &'static str {
    match dismissing(form) {
        Some(_) => "police regrade dismissed",
        None => SPEC.saved,
    }
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    if let Some(notification) = dismissing(form) {
        let reason = form.text("reason").unwrap_or_default();
        return Ok(crate::triage::decisions::dismissal(
            &notification,
            &reason,
            ctx.now,
        ));
    }
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::RiskChanged {
            episode: episode.to_string(),
            risk: form.word("risk", Risk::parse)?,
            reason: form.text("reason"),
        },
    ))
}
