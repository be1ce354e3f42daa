//! Add what the police need that the record still lacks: `details_added`.

use super::{put_text, Ctx, Field, Form, Problem};
use crate::tui::snapshot::EpisodeDetail;
use serde_json::{Map, Value};

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

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Result<Map<String, Value>, Vec<Problem>> {
    let mut m = ctx.event("details_added", ctx.now);
    m.insert("episode".into(), episode.into());
    for (key, _) in ITEMS {
        put_text(&mut m, key, form.value(key));
    }
    if m.len() <= 4 {
        return Err(vec![(None, "fill in at least one item".to_string())]);
    }
    Ok(m)
}
