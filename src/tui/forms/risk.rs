//! Regrade the police risk, with the reason: `risk_changed`.

use super::{On, Spec, Ctx, Field, Form, Opt, Problem};
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

pub fn risk_options() -> Vec<Opt> {
    Risk::ALL
        .iter()
        .map(|r| Opt::new(r.as_str(), format!("{} ({})", r.label(), r.as_str())))
        .collect()
}

pub fn fields(detail: &EpisodeDetail) -> Vec<Field> {
    let current = Risk::ALL
        .iter()
        .position(|r| *r == detail.risk)
        .unwrap_or(0);
    vec![
        Field::choice("risk", "New risk grade", risk_options(), current).required(),
        Field::text("reason", "Reason")
            .required()
            .hint("Why the grading changed (recorded with your name)"),
    ]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::RiskChanged {
            episode: episode.to_string(),
            risk: form.word("risk", Risk::parse)?,
            reason: form.text("reason"),
        },
    ))
}
