//! Record the return: `child_returned` (time, found report time, where found,
//! injured, victim of crime).

use super::{On, Spec, local_input, Ctx, Field, Form};
use crate::record::{EventKind, NewEvent};
use chrono::{DateTime, Utc};

pub static SPEC: Spec = Spec {
    title: "Record the return",
    saved: "return recorded",
    on: On::Episode {
        fields: |o, _| Ok(fields(o.now)),
        events: |f, c, e| Ok(vec![event(f, c, e)]),
    },
};

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

pub fn event(form: &Form, ctx: &Ctx, episode: &str) -> NewEvent {
    let at = form.time("at", ctx.now).unwrap_or(ctx.at());
    NewEvent::new(
        at,
        EventKind::ChildReturned {
            episode: episode.to_string(),
            found_report_at: form.time("found_report_at", ctx.now),
            location_found: form.text("location_found"),
            injured: Some(form.toggled("injured")),
            victim_of_crime: Some(form.toggled("victim_of_crime")),
        },
    )
}
