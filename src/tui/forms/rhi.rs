//! Return home interview: an unsuccessful attempt (`rhi_attempt`) or the child
//! declining it (`rhi_declined`).

use super::{On, Spec, Ctx, Field, Form};
use crate::record::{EventKind, NewEvent};

pub static ATTEMPT: Spec = Spec {
    title: "Return home interview: attempt",
    saved: "RHI attempt recorded",
    on: On::Episode {
        fields: |_, _| Ok(fields()),
        events: |f, c, e| Ok(vec![event(f, c, e, false)]),
    },
};

pub static DECLINED: Spec = Spec {
    title: "Return home interview: declined",
    saved: "RHI declined recorded",
    on: On::Episode {
        fields: |_, _| Ok(fields()),
        events: |f, c, e| Ok(vec![event(f, c, e, true)]),
    },
};

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
    let mut event = NewEvent::new(ctx.at(), kind);
    event.note = form.text("note");
    event
}
