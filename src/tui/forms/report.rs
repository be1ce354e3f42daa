//! Report a child missing: an existing child, or a new one registered in the same
//! batch (`child_registered` then `episode_reported`). It collects what the police
//! need (PROCEDURES.md, "Every policy").

use super::{put_text, Ctx, Field, Form, Opt, Problem};
use crate::calendar::local;
use crate::record::vocab::Status;
use crate::tui::forms::risk::risk_options;
use crate::tui::snapshot::{PolicyInfo, Snapshot};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub const NEW: &str = "new";

const FLAGS_HINT: &str = "Optional, comma-separated: uasc, other_la_placement, ce_risk, \
    ce_police_report_open, learning_disability, mental_health, court_order";

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
            .hint("A new child, or one already known (left/right, or type the first letter)"),
        Field::text("child", "Child reference")
            .initial(&format!("C{stamp}"))
            .required()
            .show_if("who", NEW),
        Field::text("name", "Name").required().show_if("who", NEW),
        Field::text("dob", "Date of birth")
            .required()
            .hint("YYYY-MM-DD")
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

pub fn events(form: &Form, ctx: &Ctx) -> Result<Vec<Value>, Vec<Problem>> {
    let mut out = Vec::new();
    let who = form.value("who");
    let child = if who == NEW {
        let mut m = ctx.event("child_registered", ctx.now);
        let child = form.value("child");
        m.insert("child".into(), child.clone().into());
        m.insert("name".into(), form.value("name").into());
        m.insert("dob".into(), form.value("dob").into());
        m.insert("status".into(), form.value("status").into());
        let flags: Vec<Value> = form
            .value("flags")
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|f| !f.is_empty())
            .map(|f| Value::from(f.to_string()))
            .collect();
        if !flags.is_empty() {
            m.insert("flags".into(), flags.into());
        }
        for key in ["authority", "allocated_worker", "placement"] {
            put_text(&mut m, key, form.value(key));
        }
        out.push(Value::Object(m));
        child
    } else {
        who
    };
    let last_seen = form.time("last_seen_at", ctx.now).unwrap_or(ctx.now);
    let mut m: Map<String, Value> = ctx.event("episode_reported", ctx.now);
    m.insert("episode".into(), form.value("episode").into());
    m.insert("child".into(), child.into());
    m.insert("last_seen_at".into(), super::rfc(last_seen).into());
    m.insert("category".into(), form.value("category").into());
    m.insert("risk".into(), form.value("risk").into());
    let keys =
        std::iter::once("police_ref").chain(crate::record::schema::INFO_FIELDS.iter().copied());
    for key in keys {
        put_text(&mut m, key, form.value(key));
    }
    out.push(Value::Object(m));
    Ok(out)
}
