//! `C`: correct the selected episode. It asks first what happened: the episode was
//! "recorded wrongly" (`episode_corrected`: every rule as if it had been reported
//! with the right facts, the original kept beside it), or it "changed now"
//! (`category_changed`: an absence became a missing episode; from now the rules of
//! the new category, their clocks from the new last-seen time).

use super::time::local_input;
use super::{Ctx, Field, Form, On, Opt, Problem, Spec};
use crate::record::event::EpisodeFacts;
use crate::record::vocab::Category;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::{EpisodeDetail, PolicyInfo};

pub static SPEC: Spec = Spec {
    title: "Correct the episode",
    saved: "episode corrected",
    on: On::Episode {
        fields: |o, d| Ok(fields(o.policy, d)),
        events: |f, c, e| event(f, c, e).map(|e| vec![e]),
    },
};

pub const WRONGLY: &str = "wrongly";
pub const CHANGED: &str = "changed";

fn categories(policy: &PolicyInfo, current: Category) -> (Vec<Opt>, usize) {
    let options: Vec<Opt> = policy
        .categories
        .iter()
        .map(|c| Opt::new(c.as_str(), format!("{} ({})", c.label(), c.as_str())))
        .collect();
    let at = policy
        .categories
        .iter()
        .position(|c| *c == current)
        .unwrap_or(0);
    (options, at)
}

pub fn fields(policy: &PolicyInfo, d: &EpisodeDetail) -> Vec<Field> {
    let how = vec![
        Opt::new(WRONGLY, "It was recorded wrongly (a correction)"),
        Opt::new(CHANGED, "It changed now (a new category from now)"),
    ];
    let (cats, current) = categories(policy, d.category);
    vec![
        Field::choice("how", "What happened?", how, 0).hint("Wrongly: as if reported so. Changed: from now on"),
        Field::time("last_seen_at", "Last seen at", &local_input(d.last_seen_at))
            .show_if("how", WRONGLY),
        Field::time("reported_at", "Reported at", &local_input(d.reported_at))
            .show_if("how", WRONGLY),
        Field::choice("category", "Category", cats.clone(), current).show_if("how", WRONGLY),
        Field::text("last_seen_location", "Where last seen")
            .initial(d.info.last_seen_location.as_deref().unwrap_or(""))
            .show_if("how", WRONGLY),
        Field::choice("category", "New category", cats, current).show_if("how", CHANGED),
        Field::time("last_seen_at", "Last seen at", "")
            .hint("When the new category's clocks start; blank: now")
            .show_if("how", CHANGED),
        Field::text("reason", "Reason").hint("What was wrong, or what changed (recorded with your name)"),
    ]
}

fn category(form: &Form) -> Result<Category, Vec<Problem>> {
    let value = form
        .shown_field("category")
        .map(|f| f.text_value())
        .unwrap_or_default();
    Category::parse(&value).map_err(|e| vec![(Some("category".into()), e)])
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    let reason = form.text("reason");
    if form.value("how") == CHANGED {
        return Ok(NewEvent::new(
            ctx.at(),
            EventKind::CategoryChanged {
                episode: episode.to_string(),
                category: category(form)?,
                last_seen_at: form.shown_time("last_seen_at", ctx.now),
                reason,
            },
        ));
    }
    let Some(reason) = reason else {
        return Err(vec![(
            Some("reason".into()),
            "is required: say what was recorded wrongly".into(),
        )]);
    };
    let correction = EpisodeFacts {
        last_seen_at: form
            .changed("last_seen_at")
            .then(|| form.shown_time("last_seen_at", ctx.now))
            .flatten(),
        reported_at: form
            .changed("reported_at")
            .then(|| form.shown_time("reported_at", ctx.now))
            .flatten(),
        category: if form.changed("category") {
            Some(category(form)?)
        } else {
            None
        },
        last_seen_location: form
            .changed("last_seen_location")
            .then(|| form.value("last_seen_location")),
    };
    if correction == EpisodeFacts::default() {
        return Err(vec![(None, "nothing was changed".into())]);
    }
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::EpisodeCorrected {
            episode: episode.to_string(),
            reason,
            correction: Box::new(correction),
        },
    ))
}
