//! Police informed, with their reference: `police_informed`.

use super::{On, Spec, Ctx, Field, Form};
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Police informed",
    saved: "police informed recorded",
    on: On::Episode {
        fields: |_, d| Ok(fields(d)),
        events: |f, c, e| Ok(vec![event(f, c, e)]),
    },
};

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

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> NewEvent {
    NewEvent::new(
        ctx.at(),
        EventKind::PoliceInformed {
            episode: episode.to_string(),
            police_ref: form.value("police_ref"),
        },
    )
}
