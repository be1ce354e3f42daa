//! `M`: merge two records of one child (`children_merged`): the selected child and
//! another, chosen by typing into a searchable chooser (200 looked-after children
//! are found by name or reference). Which record is kept is asked; the duplicate's
//! episodes become the kept child's and the duplicate leaves the board.

use super::{Ctx, Field, Form, On, Opening, Opt, Problem, Spec};
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Merge two records of one child",
    saved: "records merged",
    on: On::Episode {
        fields: |o, d| fields(o, d),
        events: |f, c, _| event(f, c).map(|e| vec![e]),
    },
};

/// The "which is kept" choice: the other record, or the selected one.
pub const KEEP_OTHER: &str = "other";
pub const KEEP_THIS: &str = "this";

pub fn fields(opening: &Opening, d: &EpisodeDetail) -> Result<Vec<Field>, String> {
    let mut others = vec![Opt::new("", "- type a name or reference -")];
    others.extend(
        opening
            .snapshot
            .children
            .iter()
            .filter(|c| c.child != d.child)
            .map(|c| {
                let open = c
                    .open_episode
                    .as_ref()
                    .map(|e| format!(", missing: {e}"))
                    .unwrap_or_default();
                Opt::private(
                    c.child.clone(),
                    format!("{} ({}{open})", c.name, c.child),
                    format!("{} ({}{open})", c.initials, c.child),
                )
            }),
    );
    if others.len() == 1 {
        return Err("no other child is on the record".into());
    }
    let keep = vec![
        Opt::new(
            KEEP_OTHER,
            format!("The other record: this one ({}) is the duplicate", d.child),
        ),
        Opt::new(
            KEEP_THIS,
            format!("This record ({}): the other is the duplicate", d.child),
        ),
    ];
    Ok(vec![
        Field::choice("other", "The same child as", others, 0)
            .required()
            .hint("Type a name or reference, Enter takes it"),
        Field::choice("keep", "Record kept", keep, 0),
        Field::text("reason", "Reason")
            .required()
            .hint("How you know they are one child (recorded with your name)"),
    ])
}

/// The duplicate and the child kept, as the form reads them.
pub fn pair(form: &Form) -> Option<(String, String)> {
    let this = form.subject.as_ref()?.child.clone();
    let other = form.value("other");
    if other.is_empty() {
        return None;
    }
    Some(if form.value("keep") == KEEP_THIS {
        (other, this)
    } else {
        (this, other)
    })
}

pub fn event(form: &Form, ctx: &Ctx) -> Result<NewEvent, Vec<Problem>> {
    let Some((child, into)) = pair(form) else {
        return Err(vec![(Some("other".into()), "is required".into())]);
    };
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::ChildrenMerged {
            child,
            into,
            reason: form.value("reason"),
        },
    ))
}

/// The name shown for child `reference` in the chooser ("Amy Smith (C12)").
pub fn label_of(form: &Form, reference: &str, privacy: bool) -> String {
    if let Some(s) = form.subject.as_ref().filter(|s| s.child == reference) {
        let name = if privacy { &s.initials } else { &s.name };
        return format!("{name} ({reference})");
    }
    match form.field("other").map(|f| &f.input) {
        Some(super::Input::Choice { options, .. }) => options
            .iter()
            .find(|o| o.value == reference)
            .map(|o| o.shown(privacy).to_string())
            .unwrap_or_else(|| reference.to_string()),
        _ => reference.to_string(),
    }
}
