//! Regrade the police risk, with the reason: `risk_changed`.

use super::{put_text, Ctx, Field, Form, Opt};
use crate::record::vocab::Risk;
use crate::tui::snapshot::EpisodeDetail;
use serde_json::{Map, Value};

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

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Map<String, Value> {
    let mut m = ctx.event("risk_changed", ctx.now);
    m.insert("episode".into(), episode.into());
    m.insert("risk".into(), form.value("risk").into());
    put_text(&mut m, "reason", form.value("reason"));
    m
}
