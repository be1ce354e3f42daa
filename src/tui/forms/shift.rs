//! `S` in the handover pane: a shift begins now: `shift_started` (ends at, duty
//! manager). Acknowledgements made in it lapse at its end; breaches left
//! unacknowledged are escalated to its duty manager on every board.

use super::{Ctx, Field, Form, On, Problem, Spec};
use crate::record::{EventKind, NewEvent};

pub static SPEC: Spec = Spec {
    title: "Start a shift",
    saved: "shift started",
    on: On::Board {
        fields: |o| fields(o.operator),
        events: |f, c| Ok(vec![event(f, c)?]),
    },
};

fn fields(operator: &str) -> Vec<Field> {
    vec![
        Field::text("ends_at", "Ends at")
            .required()
            .hint("Local time: 08:00 or 2026-03-05 08:00"),
        Field::text("manager", "Duty manager")
            .initial(operator)
            .hint("Who breaches left unacknowledged are escalated to"),
    ]
}

fn event(form: &Form, ctx: &Ctx) -> Result<NewEvent, Vec<Problem>> {
    let ends_at = super::parse_ahead(&form.value("ends_at"), ctx.at())
        .map_err(|e| vec![(Some("ends_at".to_string()), e)])?;
    Ok(NewEvent::new(
        ctx.at(),
        EventKind::ShiftStarted {
            ends_at,
            manager: form.text("manager"),
        },
    ))
}
