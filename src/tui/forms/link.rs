//! Link children missing together and name a lead officer: `episodes_linked`.

use super::{On, Spec, Ctx, Field, Form, Opt};
use crate::record::{EventKind, NewEvent};
use crate::views::detail::{EpisodeDetail, Snapshot};
use crate::views::board::Section;

pub static SPEC: Spec = Spec {
    title: "Link children missing together",
    saved: "link recorded",
    on: On::Episode {
        fields: |o, d| Ok(fields(d, o.snapshot, o.operator)),
        events: |f, c, e| Ok(vec![event(f, c, e)]),
    },
};

pub fn fields(detail: &EpisodeDetail, snapshot: &Snapshot, operator: &str) -> Vec<Field> {
    let options: Vec<Opt> = snapshot
        .board
        .rows
        .iter()
        .filter(|r| r.section != Section::Returned)
        .filter(|r| r.episode != detail.episode && !detail.linked.contains(&r.episode))
        .map(|r| {
            let initials = crate::record::initials(&r.name);
            Opt::private(
                r.episode.clone(),
                format!("{} ({})", r.name, r.episode),
                format!("{initials} ({})", r.episode),
            )
        })
        .collect();
    let lead = detail
        .lead_officer
        .clone()
        .unwrap_or_else(|| operator.to_string());
    vec![
        Field::multi("with", "Missing with", options),
        Field::text("lead_officer", "Lead officer")
            .initial(&lead)
            .hint("The one officer who leads for the children missing together"),
    ]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> NewEvent {
    NewEvent::new(
        ctx.at(),
        EventKind::EpisodesLinked {
            episode: episode.to_string(),
            with: form.chosen("with"),
            lead_officer: form.text("lead_officer"),
        },
    )
}
