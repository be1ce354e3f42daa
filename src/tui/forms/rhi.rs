//! Return home interview: an unsuccessful attempt (`rhi_attempt`) or the child
//! declining it (`rhi_declined`).

use super::{put_text, Ctx, Field, Form};
use serde_json::{Map, Value};

pub fn fields() -> Vec<Field> {
    vec![Field::text("note", "Note").hint("Optional: how contact was tried, what was said")]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str, declined: bool) -> Map<String, Value> {
    let kind = if declined {
        "rhi_declined"
    } else {
        "rhi_attempt"
    };
    let mut m = ctx.event(kind, ctx.now);
    m.insert("episode".into(), episode.into());
    put_text(&mut m, "note", form.value("note"));
    m
}
