//! Return home interview: an unsuccessful attempt (`rhi_attempt`) or the child
//! declining it (`rhi_declined`).

use super::{Ctx, Field, Form};
use crate::record::{EventKind, NewEvent};

pub fn fields() -> Vec<Field> {
    vec![Field::text("note", "Note").hint("Optional: how contact was tried, what was said")]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str, declined: bool) -> NewEvent {
    let episode = episode.to_string();
    let kind = if declined {
        EventKind::RhiDeclined { episode }
    } else {
        EventKind::RhiAttempt { episode }
    };
    let mut event = NewEvent::new(ctx.now, kind);
    event.note = form.text("note");
    event
}
