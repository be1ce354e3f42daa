//! Record an update (multi-line text): `update_recorded`.

use super::{Ctx, Field, Form};
use serde_json::{Map, Value};

pub fn fields() -> Vec<Field> {
    vec![Field::multiline("text", "Update")
        .required()
        .hint("What happened: calls, checks, sightings. Enter for a new line, Ctrl+S saves.")]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Map<String, Value> {
    let mut m = ctx.event("update_recorded", ctx.now);
    m.insert("episode".into(), episode.into());
    m.insert("text".into(), form.value("text").into());
    m
}
