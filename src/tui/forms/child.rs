//! `E`: edit the selected child's details (`child_updated`): name, date of birth,
//! status, flags, placement, worker. A change of status or flags asks "since when?":
//! now is a change of its time; "it was always so" is a correction, dated at the
//! registration, so the record reads it for every moment since.

use super::time::parse_form_date;
use super::{Ctx, Field, Form, On, Opt, Problem, Spec};
use crate::calendar::time::{rfc, when};
use crate::record::event::{ChildDetails, FieldError};
use crate::record::json::parse_word;
use crate::record::vocab::{Flag, Status};
use crate::record::{EventKind, NewEvent};
use crate::views::detail::EpisodeDetail;

pub static SPEC: Spec = Spec {
    title: "Edit the child's details",
    saved: "child's details changed",
    on: On::Episode {
        fields: |_, d| Ok(fields(d)),
        events: |f, c, _| event(f, c).map(|e| vec![e]),
    },
};

/// The "since when?" choice's value for a change made now.
pub const NOW: &str = "now";

pub fn fields(d: &EpisodeDetail) -> Vec<Field> {
    let statuses: Vec<Opt> = Status::ALL
        .iter()
        .map(|s| Opt::new(s.as_str(), format!("{} ({})", s.label(), s.as_str())))
        .collect();
    let status = Status::ALL.iter().position(|s| *s == d.status).unwrap_or(0);
    let flags: Vec<&str> = d.flags.iter().map(|f| f.as_str()).collect();
    let since = vec![
        Opt::new(NOW, "Changed now"),
        Opt::new(
            rfc(d.registered_at),
            format!(
                "It was always so (a correction, dated at the registration {})",
                when(d.registered_at)
            ),
        ),
    ];
    vec![
        Field::text("name", "Name")
            .initial(&d.name)
            .required()
            .private(),
        Field::text("dob", "Date of birth")
            .initial(&d.dob.format("%d/%m/%Y").to_string())
            .required()
            .hint("DD/MM/YYYY or YYYY-MM-DD"),
        Field::choice("status", "Status", statuses, status),
        Field::text("flags", "Flags")
            .initial(&flags.join(", "))
            .hint("Comma-separated: uasc, other_la_placement, ce_risk, court_order, ..."),
        Field::choice("since", "Since when?", since, 0)
            .hint("For a status or flags: changed now, or a correction of how it always was"),
        Field::text("placement", "Placement").initial(d.placement.as_deref().unwrap_or("")),
        Field::text("allocated_worker", "Allocated worker")
            .initial(d.allocated_worker.as_deref().unwrap_or("")),
    ]
}

fn flags(form: &Form) -> Result<Vec<Flag>, Vec<Problem>> {
    let mut out = Vec::new();
    for f in form
        .value("flags")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|f| !f.is_empty())
    {
        let flag = parse_word("flags", f, Flag::parse).map_err(problem)?;
        if !out.contains(&flag) {
            out.push(flag);
        }
    }
    Ok(out)
}

fn problem(e: FieldError) -> Vec<Problem> {
    vec![(e.field, e.reason)]
}

/// What changed, as a `child_updated` dated now, or at the registration for "it
/// was always so".
pub fn event(form: &Form, ctx: &Ctx) -> Result<NewEvent, Vec<Problem>> {
    let Some(subject) = &form.subject else {
        return Err(vec![(None, "no child is selected".into())]);
    };
    let changed = |key| form.changed(key).then(|| form.value(key));
    let details = ChildDetails {
        name: changed("name"),
        dob: match changed("dob") {
            Some(d) => Some(parse_form_date("dob", &d).map_err(problem)?),
            None => None,
        },
        status: match changed("status") {
            Some(_) => Some(form.word("status", Status::parse)?),
            None => None,
        },
        flags: match changed("flags") {
            Some(_) => Some(flags(form)?),
            None => None,
        },
        authority: None,
        allocated_worker: changed("allocated_worker"),
        placement: changed("placement"),
        placing_authority: None,
    };
    let nothing = details.name.is_none()
        && details.dob.is_none()
        && details.status.is_none()
        && details.flags.is_none()
        && details.allocated_worker.is_none()
        && details.placement.is_none();
    if nothing {
        return Err(vec![(None, "nothing was changed".into())]);
    }
    let since = form.value("since");
    let at = if since == NOW {
        ctx.at()
    } else {
        chrono::DateTime::parse_from_rfc3339(&since)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or(ctx.at())
    };
    Ok(NewEvent::new(
        at,
        EventKind::ChildUpdated {
            child: subject.child.clone(),
            details: Box::new(details),
        },
    ))
}
