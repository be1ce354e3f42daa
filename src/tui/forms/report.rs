//! Report a child missing: an existing child, or a new one registered in the same
//! batch (`child_registered` then `episode_reported`). It collects what the police
//! need (PROCEDURES.md, "Every policy").

use super::details::police_info;
use super::{On, Spec, Ctx, Field, Form, Opt, Problem};
use crate::calendar::local;
use crate::record::event::{ChildDetails, FieldError};
use super::time::parse_form_date;
use crate::record::json::parse_word;
use crate::record::vocab::{Category, Flag, Risk, Status};
use crate::record::{EventKind, NewEvent};
use crate::tui::forms::risk::risk_options;
use crate::views::detail::{PolicyInfo, Snapshot};
use chrono::{DateTime, Utc};

pub static SPEC: Spec = Spec {
    title: "Report a child missing",
    saved: "reported missing",
    on: On::Board {
        fields: |o| fields(o.snapshot, o.policy, o.now),
        events,
    },
};

pub const NEW: &str = "new";

const FLAGS_HINT: &str = "Optional, comma-separated: uasc, other_la_placement, ce_risk, \
    ce_police_report_open, learning_disability, mental_health, court_order, \
    immigration_restriction";

pub fn fields(snapshot: &Snapshot, policy: &PolicyInfo, now: DateTime<Utc>) -> Vec<Field> {
    let stamp = local(now).format("%y%m%d-%H%M%S").to_string();
    let mut who = vec![Opt::new(NEW, "New child (register now)")];
    for c in &snapshot.children {
        let open = c
            .open_episode
            .as_ref()
            .map(|e| format!(", already missing: {e}"))
            .unwrap_or_default();
        who.push(Opt::private(
            c.child.clone(),
            format!("{} ({}{open})", c.name, c.child),
            format!("{} ({}{open})", c.initials, c.child),
        ));
    }
    let mut statuses = vec![Opt::new("", "- choose -")];
    statuses.extend(
        Status::ALL
            .iter()
            .map(|s| Opt::new(s.as_str(), format!("{} ({})", s.label(), s.as_str()))),
    );
    let categories: Vec<Opt> = policy
        .categories
        .iter()
        .map(|c| Opt::new(c.as_str(), format!("{} ({})", c.label(), c.as_str())))
        .collect();
    let mut risks = vec![Opt::new("", "- choose -")];
    risks.extend(risk_options());
    vec![
        Field::choice("who", "Child", who, 0)
            .hint("A new child, or type to search known ones"),
        Field::text("child", "Child reference")
            .initial(&format!("C{stamp}"))
            .required()
            .show_if("who", NEW),
        Field::text("name", "Name").required().show_if("who", NEW),
        Field::text("dob", "Date of birth")
            .required()
            .hint("DD/MM/YYYY or YYYY-MM-DD")
            .show_if("who", NEW),
        Field::choice("status", "Status", statuses, 0)
            .required()
            .show_if("who", NEW),
        Field::text("flags", "Flags")
            .hint(FLAGS_HINT)
            .show_if("who", NEW),
        Field::text("authority", "Responsible authority").show_if("who", NEW),
        Field::text("allocated_worker", "Allocated worker").show_if("who", NEW),
        Field::text("placement", "Placement").show_if("who", NEW),
        Field::text("episode", "Episode reference")
            .initial(&format!("E{stamp}"))
            .required(),
        Field::time("last_seen_at", "Last seen at", "").required(),
        Field::text("last_seen_location", "Where last seen"),
        Field::choice("category", "Category", categories, 0).required(),
        Field::choice("risk", "Police risk", risks, 0).required(),
        Field::text("police_ref", "Police reference").hint("Blank if the police are not told yet"),
        Field::time("reported_at", "Reported to us at", "")
            .hint("Blank: now. When the desk was told, if that was earlier"),
        Field::multiline("circumstances", "Circumstances"),
        Field::text("with_whom", "With whom"),
        Field::text("clothing", "Clothing, belongings"),
        Field::text("description", "Description"),
        Field::text("photo_ref", "Photo reference"),
        Field::text("medical", "Medical, mental health"),
        Field::text("associates", "Associates"),
        Field::text("previous_locations", "Previous locations"),
        Field::text("social_media", "Social media"),
        Field::text("actions_taken", "Actions taken so far"),
    ]
}

pub fn events(form: &Form, ctx: &Ctx) -> Result<Vec<NewEvent>, Vec<Problem>> {
    let mut out = Vec::new();
    // A backdated report is dated when the desk was told: every clock runs from then.
    let reported = form.time("reported_at", ctx.now).unwrap_or(ctx.at());
    let who = form.value("who");
    let (child, registered_at) = if who == NEW {
        let child = form.value("child");
        out.push(NewEvent::new(
            reported,
            EventKind::ChildRegistered {
                child: child.clone(),
                details: Box::new(child_details(form)?),
            },
        ));
        (child, None)
    } else {
        let registered_at = ctx
            .children
            .iter()
            .find(|c| c.child == who)
            .map(|c| c.registered_at);
        (who, registered_at)
    };
    let last_seen_at = form.time("last_seen_at", ctx.now).unwrap_or(reported);
    let report = NewEvent::new(
        reported,
        EventKind::EpisodeReported {
            episode: form.value("episode"),
            child,
            last_seen_at,
            category: form.word("category", Category::parse)?,
            risk: form.word("risk", Risk::parse)?,
            police_ref: form.text("police_ref"),
            missing_with: Vec::new(),
            info: Box::new(police_info(form)),
        },
    );
    // A known child registered here after the report was made (record::backdate).
    out.extend(crate::record::backdate::dated_report(
        report,
        registered_at,
        ctx.at(),
    ));
    Ok(out)
}

/// A new child's details, read as the record reads them (flags, then the date of
/// birth, then the status: the first that does not read is said).
fn child_details(form: &Form) -> Result<ChildDetails, Vec<Problem>> {
    let problem = |e: FieldError| vec![(e.field, e.reason)];
    let mut flags = Vec::new();
    for f in form
        .value("flags")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|f| !f.is_empty())
    {
        let flag = parse_word("flags", f, Flag::parse).map_err(problem)?;
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    Ok(ChildDetails {
        name: Some(form.value("name")),
        dob: Some(parse_form_date("dob", &form.value("dob")).map_err(problem)?),
        status: Some(form.word("status", Status::parse)?),
        flags: (!flags.is_empty()).then_some(flags),
        authority: form.text("authority"),
        allocated_worker: form.text("allocated_worker"),
        placing_authority: None,
        placement: form.text("placement"),
    })
}
