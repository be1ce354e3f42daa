//! Record an update (multi-line text): `update_recorded`.

use super::{On, Spec, Ctx, Field, Form};
use crate::record::{EventKind, NewEvent};

pub static SPEC: Spec = Spec {
    title: "Record an update",
    saved: "update recorded",
    on: On::Episode {
        fields: |_, _| Ok(fields()),
        events: |f, c, e| Ok(vec![event(f, c, e)]),
    },
};

pub fn fields() -> Vec<Field> {
    vec![Field::multiline("text", "Update")
        .required()
        .hint("What happened: calls, checks, sightings. Enter for a new line, Ctrl+S saves.")]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> NewEvent {
    NewEvent::new(
        ctx.at(),
        EventKind::UpdateRecorded {
            episode: episode.to_string(),
            text: form.value("text"),
        },
    )
}
