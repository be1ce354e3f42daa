//! PROCEDURES: "The missing categories are `missing`, `absconded` and `abducted`; the
//! rest are absences", and camden's reading: "absences have whereabouts known (2.2,
//! 2.3)". A camden child on an unauthorised or concerning absence is away, not missing:
//! the board lists them with the children away and the handover does not count them as
//! missing now. An absence that becomes missing (`category_changed`) moves to MISSING.

use crate::support::*;
use dutyboard::views::board::{self, Section};
use dutyboard::views::handover;
use serde_json::json;

fn absence(episode: &str, child: &str, category: &str) -> serde_json::Value {
    with(
        reported(
            episode,
            child,
            "2026-03-02T01:00:00Z",
            "2026-03-02T00:00:00Z",
        ),
        "category",
        category,
    )
}

fn record() -> Vec<serde_json::Value> {
    vec![
        child("C1", "2011-04-12", "looked_after"),
        child("C2", "2010-09-01", "looked_after"),
        child("C3", "2012-01-20", "looked_after"),
        absence("E1", "C1", "unauthorised_absence"),
        absence("E2", "C2", "concerning_absence_medium"),
        absence("E3", "C3", "absconded"),
    ]
}

#[test]
fn camden_absences_are_away_and_an_absconded_child_is_missing() {
    let r = Record::new("camden", &record());
    let view = r.at("2026-03-02T03:00:00Z");
    let b = board::build(&view.state, &view.eval, view.now, false);
    let section = |e: &str| b.rows.iter().find(|r| r.episode == e).map(|r| r.section);
    assert_eq!(section("E1"), Some(Section::Away));
    assert_eq!(section("E2"), Some(Section::Away));
    assert_eq!(section("E3"), Some(Section::Missing));
    assert_eq!((b.counts.missing, b.counts.away), (1, 2));
    let h = handover::build(
        &r.events,
        &view.state,
        &view.eval,
        t("2026-03-01T21:00:00Z"),
        view.now,
        view.now,
        false,
    );
    assert_eq!(h.summary.missing_now, 1, "the absconded child only");
}

#[test]
fn camden_an_unauthorised_absence_that_becomes_missing_moves_to_the_missing_list() {
    let mut events = record();
    events.push(
        json!({"type": "category_changed", "at": "2026-03-02T02:00:00Z",
        "episode": "E1", "category": "missing", "reason": "whereabouts lost"}),
    );
    let r = Record::new("camden", &events);
    let view = r.at("2026-03-02T03:00:00Z");
    let b = board::build(&view.state, &view.eval, view.now, false);
    let e1 = b.rows.iter().find(|r| r.episode == "E1").unwrap();
    assert_eq!(e1.section, Section::Missing);
}
