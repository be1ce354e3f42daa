//! A policy's rules as an officer reads them (`policy show`).

use crate::procedures::policy::{ByCompletion, Conditions, Phase, ReturnFact, Satisfier};
use crate::procedures::Policy;

/// A policy's rules as a table an officer can read, with sources.
pub fn policy_table(p: &Policy) -> String {
    let mut out = format!(
        "{} ({})\nsource document: {}\n\n",
        p.title, p.name, p.document
    );
    out.push_str(&validations(p));
    for rule in &p.rules {
        out.push_str(&format!("{}  {}\n", rule.id, rule.title));
        for v in &rule.variants {
            let mut when = describe(&v.when);
            match v.phase {
                Phase::Missing => when.push("while still missing".into()),
                Phase::Returned => when.push("after the return".into()),
                Phase::Any => {}
            }
            let opens: Vec<String> = v
                .triggers
                .iter()
                .map(|t| {
                    let cond = describe(&t.when);
                    let mut s = t.at.to_string();
                    if !cond.is_empty() {
                        s.push_str(&format!(" if {}", cond.join(", ")));
                    }
                    if t.missing_at_trigger {
                        s.push_str(" if still missing then");
                    }
                    s
                })
                .collect();
            let mut opens = opens.join(" or ");
            if v.triggers.len() > 1 {
                opens = format!("first of: {opens}");
            }
            for t in &v.then_at {
                opens.push_str(&format!(", again at {t}"));
            }
            if let (Some(every), Some(until)) = (v.every, &v.until) {
                opens.push_str(&format!(", then every {every} before {until}"));
            }
            if v.rolling {
                opens.push_str(" (restarts at each completion)");
            }
            let due = v
                .due
                .as_ref()
                .map_or("as soon as possible".to_string(), |d| d.to_string());
            out.push_str(&format!(
                "    when:   {}\n    opens:  {}\n    due:    {}\n",
                if when.is_empty() {
                    "always".into()
                } else {
                    when.join(", ")
                },
                opens,
                due
            ));
            if let Some(e) = &v.escalates {
                out.push_str(&format!("    escalates: {e}\n"));
            }
            out.push_str(&format!(
                "    settled by: {}\n",
                settled_by(&v.satisfied_by, &v.satisfied_by_completion)
            ));
            for (c, text) in &v.details {
                let cond = describe(c);
                out.push_str(&format!(
                    "    note:   {text}{}\n",
                    if cond.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", cond.join(", "))
                    }
                ));
            }
            out.push_str(&format!("    source: {}\n", v.source));
        }
        out.push('\n');
    }
    out
}

/// What the record refuses or flags under this policy: the categories it uses, the
/// grades it forbids, the RHI decline's attempts, and the violations shown on the board.
fn validations(p: &Policy) -> String {
    let mut out = String::from("validations (checked when an event is recorded):\n");
    out.push_str(&format!(
        "    categories: {} (any other is refused)\n",
        names(&p.categories).join(", ")
    ));
    for g in &p.forbidden_grades {
        let mut whom = g
            .age_under
            .map_or("any age".to_string(), |n| format!("under {n}"));
        if let Some(c) = &g.categories {
            whom.push_str(&format!(", on a {} episode", names(c).join(" or ")));
        }
        out.push_str(&format!(
            "    grade refused: {} ({whom}): {}\n",
            g.risk, g.message
        ));
    }
    if let Some(n) = p.rhi_decline_min_attempts {
        out.push_str(&format!(
            "    rhi_declined: refused before {n} rhi_attempt contact attempts (dated no later than the decline)\n"
        ));
    }
    for v in &p.violations {
        let when = describe(&v.when);
        out.push_str(&format!(
            "    violation (shown on the board, not refused): {}{}\n      source: {}\n",
            v.text,
            if when.is_empty() {
                String::new()
            } else {
                format!(" when {}", when.join(", "))
            },
            v.source
        ));
    }
    out.push('\n');
    out
}

/// The events that settle a rule: a completion always, and its other satisfiers.
fn settled_by(satisfiers: &[Satisfier], by_completion: &[ByCompletion]) -> String {
    let mut out = vec!["action_completed".to_string()];
    for s in satisfiers {
        out.push(
            match s {
                Satisfier::PoliceInformed => {
                    "police_informed (or an episode_reported carrying a police_ref)"
                }
                Satisfier::RhiDeclined => "rhi_declined",
            }
            .to_string(),
        );
    }
    for c in by_completion {
        let mut held = format!("a {} completed (on any episode of the child)", c.rule);
        match (&c.from, &c.until) {
            (Some(f), Some(u)) => held.push_str(&format!(" between {f} and {u}")),
            (Some(f), None) => held.push_str(&format!(" at or after {f}")),
            (None, Some(u)) => held.push_str(&format!(" at or before {u}")),
            (None, None) => {}
        }
        out.push(held);
    }
    out.join(", ")
}

fn return_fact(f: &ReturnFact) -> &'static str {
    match f {
        ReturnFact::Injured => "injured",
        ReturnFact::VictimOfCrime => "victim_of_crime",
    }
}

fn names<T: std::fmt::Display>(v: &[T]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn describe(c: &Conditions) -> Vec<String> {
    let list = |v: &[String]| v.join(" or ");
    let mut out = Vec::new();
    if let Some(n) = c.age_under {
        out.push(format!("under {n}"));
    }
    if let Some(n) = c.age_at_least {
        out.push(format!("{n} or over"));
    }
    if let Some(s) = &c.status {
        out.push(format!("status {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.status_not {
        out.push(format!("status not {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.flags_any {
        out.push(format!("flagged {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.category {
        out.push(format!("category {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.category_not {
        out.push(format!("category not {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.risk {
        out.push(format!("risk {}", list(&names(s.as_slice()))));
    }
    if let Some(s) = &c.risk_not {
        out.push(format!("risk not {}", list(&names(s.as_slice()))));
    }
    if let Some(w) = &c.episodes_within {
        let span = match (w.days, w.months) {
            (Some(d), _) => format!("{d} days"),
            (_, Some(m)) => format!("{m} calendar month(s)"),
            _ => String::new(),
        };
        out.push(format!("{} episodes within {span}", w.count));
    }
    if let Some(r) = &c.done {
        out.push(format!("after {}", r.join(", ")));
    }
    if let Some(r) = &c.done_any {
        out.push(format!("after any of {}", r.join(", ")));
    }
    if let Some(r) = &c.not_done {
        out.push(format!("while not done: {}", r.join(", ")));
    }
    if let Some(d) = &c.child_done_within {
        out.push(format!(
            "a {} completed for the child in the {} days before the report",
            d.rule, d.days
        ));
    }
    if let Some(d) = &c.child_not_done_within {
        out.push(format!(
            "no {} completed for the child in the {} days before the report",
            d.rule, d.days
        ));
    }
    if let Some(f) = &c.returned_with_any {
        let facts: Vec<&str> = f.iter().map(return_fact).collect();
        out.push(format!("returned {}", facts.join(" or ")));
    }
    match c.first_missing_episode {
        Some(true) => out.push("the child's first missing episode on record".into()),
        Some(false) => out.push("not the child's first missing episode".into()),
        None => {}
    }
    out
}
