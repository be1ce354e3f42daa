//! `O`: who owns the episode from now on: `episode_assigned` (issue 17, "Owned"). A
//! chooser of the officers the record has seen (its search line finds one by typing),
//! or a name typed in.

use super::{Ctx, Field, Form, On, Opening, Opt, Problem, Spec};
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Assign an owner",
    saved: "owner assigned",
    on: On::Episode {
        fields,
        events: |f, c, e| Ok(vec![event(f, c, e)?]),
    },
};

/// The choice that lets a name be typed instead.
const SOMEONE_ELSE: &str = "(someone else)";

fn fields(opening: &Opening, detail: &EpisodeDetail) -> Result<Vec<Field>, String> {
    let board = &opening.snapshot.board;
    let owner = board
        .rows
        .iter()
        .find(|r| r.episode == detail.episode)
        .map(|r| r.owner.clone())
        .unwrap_or_default();
    let mut options: Vec<Opt> = board
        .officers
        .iter()
        .map(|(name, _)| Opt::new(name.clone(), name.clone()))
        .collect();
    if !opening.operator.is_empty() && !options.iter().any(|o| o.value == opening.operator) {
        options.push(Opt::new(opening.operator, opening.operator));
    }
    options.push(Opt::new(SOMEONE_ELSE, "someone else: type the name below"));
    let chosen = options
        .iter()
        .position(|o| o.value == opening.operator && o.value != owner)
        .unwrap_or(0);
    Ok(vec![
        Field::choice("owner", "New owner", options, chosen).required(),
        Field::text("name", "Name")
            .hint("The officer who owns this child's episode from now on")
            .show_if("owner", SOMEONE_ELSE),
    ])
}

fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    let owner = match form.value("owner") {
        v if v == SOMEONE_ELSE => form.text("name").unwrap_or_default(),
        v => v,
    };
    if owner.trim().is_empty() {
        return Err(vec![(
            Some("name".to_string()),
            "type the name of the officer who owns it".to_string(),
        )]);
    }
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::EpisodeAssigned {
            episode: episode.to_string(),
            owner: owner.trim().to_string(),
        },
    ))
}
