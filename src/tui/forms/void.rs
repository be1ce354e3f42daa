//! `X`: mark an entry of the selected episode's timeline as made in error
//! (`event_voided`, with the reason). It stays in the record and the timeline,
//! struck through, with who voided it and why.

use super::{Ctx, Field, Form, On, Opt, Problem, Spec};
use crate::calendar::time::when;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Mark an entry as made in error",
    saved: "entry voided",
    on: On::Episode {
        fields: |_, d| fields(d),
        events: |f, c, _| event(f, c).map(|e| vec![e]),
    },
};

/// The entries that can be voided, the latest first.
pub fn fields(d: &EpisodeDetail) -> Result<Vec<Field>, String> {
    let mut entries = vec![Opt::new("", "- choose the entry -")];
    entries.extend(d.timeline.iter().rev().filter(|t| t.voidable).map(|t| {
        Opt::new(
            t.id.clone(),
            format!("{}  {}  ({})", when(t.at), t.what, t.by),
        )
    }));
    if entries.len() == 1 {
        return Err("no entry of this episode can be voided".into());
    }
    Ok(vec![
        Field::choice("event", "Entry made in error", entries, 0)
            .required()
            .hint("Type to search, Enter takes the match"),
        Field::text("reason", "Reason")
            .required()
            .hint("Why it was made in error (recorded with your name)"),
    ])
}

pub fn event(form: &Form, ctx: &Ctx) -> Result<NewEvent, Vec<Problem>> {
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::EventVoided {
            event: form.value("event"),
            reason: form.value("reason"),
        },
    ))
}

/// The chosen entry, as the chooser shows it.
pub fn chosen(form: &Form) -> String {
    match form.field("event").map(|f| &f.input) {
        Some(super::Input::Choice { options, index }) => options
            .get(*index)
            .map(|o| o.label.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}
