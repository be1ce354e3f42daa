//! Add what the police need that the record still lacks: `details_added`.

use super::{On, Spec, Ctx, Field, Form, Problem};
use crate::record::event::PoliceInfo;
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Add police information",
    saved: "police information added",
    on: On::Episode {
        fields: |_, d| Ok(fields(d)),
        events: |f, c, e| event(f, c, e).map(|e| vec![e]),
    },
};

/// The checklist items an officer can add, as (event field, label).
pub const ITEMS: &[(&str, &str)] = &[
    ("last_seen_location", "Where last seen"),
    ("with_whom", "With whom"),
    ("clothing", "Clothing, belongings"),
    ("description", "Description"),
    ("photo_ref", "Photo reference"),
    ("medical", "Medical, mental health"),
    ("circumstances", "Circumstances"),
    ("associates", "Associates"),
    ("previous_locations", "Previous locations"),
    ("social_media", "Social media"),
    ("actions_taken", "Actions taken"),
];

pub fn fields(detail: &EpisodeDetail) -> Vec<Field> {
    let lacking: Vec<&str> = detail
        .checklist
        .iter()
        .filter(|c| !c.present)
        .filter_map(|c| c.field)
        .collect();
    ITEMS
        .iter()
        .filter(|(key, _)| lacking.is_empty() || lacking.contains(key))
        .map(|(key, label)| Field::text(key, label))
        .collect()
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<NewEvent, Vec<Problem>> {
    let info = police_info(form);
    if info.is_empty() {
        return Err(vec![(None, "fill in at least one item".to_string())]);
    }
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::DetailsAdded {
            episode: episode.to_string(),
            info: Box::new(info),
        },
    ))
}

/// What the police need, from the form's fields of the same names (blank ones left out).
pub fn police_info(form: &Form) -> PoliceInfo {
    PoliceInfo::from_fields(|key| form.text(key))
}
