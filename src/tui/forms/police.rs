//! Police informed, with their reference: `police_informed`.

use super::{Ctx, Field, Form};
use crate::tui::snapshot::EpisodeDetail;
use serde_json::{Map, Value};

pub fn fields(detail: &EpisodeDetail) -> Vec<Field> {
    let hint = if detail.police_ref.is_some() {
        "The police reference (one is already recorded; this adds another)"
    } else {
        "The reference the police gave for this report"
    };
    vec![Field::text("police_ref", "Police reference")
        .required()
        .hint(hint)]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Map<String, Value> {
    let mut m = ctx.event("police_informed", ctx.now);
    m.insert("episode".into(), episode.into());
    m.insert("police_ref".into(), form.value("police_ref").into());
    m
}
