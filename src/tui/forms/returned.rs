//! Record the return: `child_returned` (time, found report time, where found,
//! injured, victim of crime).

use super::{local_input, put_text, Ctx, Field, Form};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub fn fields(now: DateTime<Utc>) -> Vec<Field> {
    vec![
        Field::time("at", "Returned at", &local_input(now)).required(),
        Field::time("found_report_at", "Found report at", "")
            .hint("When the police found report reached us; blank if the same as the return"),
        Field::text("location_found", "Where found"),
        Field::toggle("injured", "Injured"),
        Field::toggle("victim_of_crime", "Victim of crime"),
    ]
}

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> Map<String, Value> {
    let at = form.time("at", ctx.now).unwrap_or(ctx.now);
    let mut m = ctx.event("child_returned", at);
    m.insert("episode".into(), episode.into());
    if let Some(found) = form.time("found_report_at", ctx.now) {
        m.insert("found_report_at".into(), super::rfc(found).into());
    }
    put_text(&mut m, "location_found", form.value("location_found"));
    m.insert("injured".into(), form.toggled("injured").into());
    m.insert(
        "victim_of_crime".into(),
        form.toggled("victim_of_crime").into(),
    );
    m
}
