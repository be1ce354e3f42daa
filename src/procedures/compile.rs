//! Compiling a policy file's rules: each `[[rule]]` block checked and turned into
//! the [`Variant`] the engine runs, with every problem named by its place (the
//! checks `dutyboard policy check` reports). `Policy::parse` lives here, not beside
//! `Policy`, so that this file depends on the policy types and not the other way round.

use super::expr::{Anchor, Expr, Item};
use super::policy::*;
use crate::calendar::{Span, Unit};
use crate::record::vocab::Category;

pub(super) fn compile_variant(
    spec: &RuleSpec,
    place: &str,
    earlier: &[Rule],
) -> Result<Variant, Vec<String>> {
    let mut problems = Vec::new();
    if !is_identifier(&spec.id) {
        problems.push(format!(
            "{place}: field `id`: use lower-case letters, digits and _"
        ));
    }
    if spec.source.trim().is_empty() {
        problems.push(format!(
            "{place}: field `source` must cite the document and section"
        ));
    }
    let mut expr = |field: &str, text: &str, allow_opens_at: bool| -> Option<Expr> {
        match Expr::parse(text) {
            Ok(e) => {
                if !allow_opens_at && e.anchor == Anchor::OpensAt {
                    problems.push(format!("{place}: field `{field}`: opens_at can only be used in `due` and `escalates`"));
                }
                if let Anchor::DueOf(rule) = &e.anchor {
                    if !earlier.iter().any(|r| &r.id == rule) {
                        problems.push(format!("{place}: field `{field}`: due_of({rule}) must name a rule defined earlier in the file"));
                    }
                }
                Some(e)
            }
            Err(reason) => {
                problems.push(format!("{place}: field `{field}`: {reason}"));
                None
            }
        }
    };
    let mut triggers = Vec::new();
    if let Some(text) = &spec.opens {
        if let Some(at) = expr("opens", text, false) {
            triggers.push(Trigger {
                at,
                when: Conditions::default(),
                missing_at_trigger: false,
            });
        }
    }
    for (k, t) in spec.trigger.iter().enumerate() {
        if let Some(at) = expr(&format!("trigger[{}].at", k + 1), &t.at, false) {
            triggers.push(Trigger {
                at,
                when: t.when.clone(),
                missing_at_trigger: t.missing_at_trigger,
            });
        }
    }
    let then_at: Vec<Expr> = spec
        .then_at
        .iter()
        .enumerate()
        .filter_map(|(k, t)| expr(&format!("then_at[{}]", k + 1), t, false))
        .collect();
    let until = spec.until.as_deref().and_then(|t| expr("until", t, false));
    // A bound that does not parse is a problem named by `expr`: the variant is refused.
    let satisfied_by_completion: Vec<ByCompletion> = spec
        .satisfied_by_completion
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let field = format!("satisfied_by_completion[{}]", k + 1);
            ByCompletion {
                rule: c.rule.clone(),
                from: c
                    .from
                    .as_deref()
                    .and_then(|t| expr(&format!("{field}.from"), t, false)),
                until: c
                    .until
                    .as_deref()
                    .and_then(|t| expr(&format!("{field}.until"), t, false)),
            }
        })
        .collect();
    let due = spec.due.as_deref().and_then(|t| expr("due", t, true));
    let escalates = spec
        .escalates
        .as_deref()
        .and_then(|t| expr("escalates", t, true));
    let every = match spec.every.as_deref().map(Span::parse) {
        None => None,
        Some(Ok(span)) if span.count == 0 => {
            problems.push(format!(
                "{place}: field `every`: a repeat interval of 0 would never end"
            ));
            None
        }
        Some(Ok(span)) => Some(span),
        Some(Err(reason)) => {
            problems.push(format!("{place}: field `every`: {reason}"));
            None
        }
    };
    if spec.opens.is_some() != spec.trigger.is_empty() {
        problems.push(format!(
            "{place}: give exactly one of `opens` (one moment) or [[rule.trigger]] entries (the earliest that holds)"
        ));
    }
    if every.is_some() && spec.until.is_none() {
        problems.push(format!(
            "{place}: field `every` needs `until`, or the repeats would never end"
        ));
    }
    if spec.until.is_some() && every.is_none() {
        problems.push(format!(
            "{place}: field `until` only has meaning with `every`"
        ));
    }
    if spec.rolling && (every.is_some() || !then_at.is_empty()) {
        problems.push(format!("{place}: a rolling rule re-anchors on each completion; it cannot also have `every` or `then_at`"));
    }
    if spec.rolling {
        let self_anchored = spec
            .opens
            .as_deref()
            .and_then(|t| Expr::parse(t).ok())
            .is_some_and(|e| matches!(&e.anchor, Anchor::Latest(items) if items.contains(&Item::Done(spec.id.clone()))));
        if !self_anchored {
            problems.push(format!(
                "{place}: a rolling rule's `opens` must be latest(..., done:{}) so that each completion starts the next",
                spec.id
            ));
        }
    }
    for e in due
        .iter()
        .chain(escalates.iter())
        .chain(then_at.iter())
        .chain(until.iter())
    {
        for span in &e.spans {
            if span.unit == Unit::WorkingDays && span.count == 0 {
                problems.push(format!(
                    "{place}: `0wd` has no meaning: working days count from the next day"
                ));
            }
        }
    }
    if let Some(w) = spec.when.episodes_within.as_ref() {
        if w.days.is_some() == w.months.is_some() {
            problems.push(format!(
                "{place}: field `when.episodes_within`: give exactly one of `days` or `months`"
            ));
        }
        if w.count < 2 {
            problems.push(format!(
                "{place}: field `when.episodes_within.count` must be 2 or more"
            ));
        }
    }
    for (field, d) in [
        ("child_done_within", &spec.when.child_done_within),
        ("child_not_done_within", &spec.when.child_not_done_within),
    ] {
        if d.as_ref().is_some_and(|d| d.days == 0) {
            problems.push(format!(
                "{place}: field `when.{field}.days` must be 1 or more"
            ));
        }
    }
    if let Some(w) = &spec.waivable {
        problems.extend(super::waivers::check_spec(w, place));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Variant {
        source: spec.source.clone(),
        when: spec.when.clone(),
        phase: spec.phase,
        triggers,
        then_at,
        every,
        until,
        due,
        escalates,
        rolling: spec.rolling,
        one_per_child: spec.one_per_child,
        satisfied_by: spec.satisfied_by.clone(),
        satisfied_by_completion,
        details: spec
            .detail
            .iter()
            .map(|d| (d.when.clone(), d.text.clone()))
            .collect(),
    })
}

pub(super) fn named_rules(c: &Conditions) -> Vec<String> {
    c.done
        .iter()
        .chain(c.done_any.iter())
        .chain(c.not_done.iter())
        .flatten()
        .chain(c.child_done_within.iter().map(|d| &d.rule))
        .chain(c.child_not_done_within.iter().map(|d| &d.rule))
        .cloned()
        .collect()
}

/// A rule whose `when` reads whether another rule was done needs that rule's applying
/// variant, whose `when` may read others in turn: a chain that comes back to where it
/// started has no answer, so `policy check` refuses it.
fn done_cycles(specs: &[RuleSpec]) -> Vec<String> {
    let mut reads: Vec<(&str, Vec<String>)> = Vec::new();
    for spec in specs {
        // Only these conditions ask for the other rule's applying variant (others,
        // such as a count of completions, read the record alone).
        let c = &spec.when;
        let named: Vec<String> = [&c.done, &c.done_any, &c.not_done]
            .into_iter()
            .flatten()
            .flatten()
            .cloned()
            .collect();
        match reads.iter_mut().find(|(id, _)| *id == spec.id) {
            Some((_, list)) => list.extend(named),
            None => reads.push((spec.id.as_str(), named)),
        }
    }
    let next = |id: &str| -> Vec<String> {
        reads
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    for (start, _) in &reads {
        // Depth-first from `start`, looking for a way back to it.
        let mut path: Vec<String> = vec![start.to_string()];
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_string(), next(start))];
        let mut seen: Vec<String> = vec![start.to_string()];
        while let Some((_, todo)) = stack.last_mut() {
            let Some(n) = todo.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if n == *start {
                path.push(n);
                problems.push(format!(
                    "rule `{start}`: field `when`: whether it applies depends on itself ({})",
                    path.join(" -> ")
                ));
                break;
            }
            if !seen.contains(&n) {
                seen.push(n.clone());
                path.push(n.clone());
                let after = next(&n);
                stack.push((n, after));
            }
        }
    }
    problems
}

pub(super) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// toml's message, with the line and column it points at made plain.
pub(super) fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let line_text = text.lines().nth(line - 1).unwrap_or("").trim();
            format!("line {line}: {message}\n    {line_text}")
        }
        None => message,
    }
}

impl Policy {
    /// Reads and checks a policy file. Every problem found is listed, one a line.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile =
            toml::from_str(text).map_err(|e| PolicyError(describe_toml_error(text, &e)))?;
        let mut problems = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        if !is_identifier(&file.name) {
            problems.push(format!(
                "name `{}`: use lower-case letters, digits and - or _",
                file.name
            ));
        }
        for (n, spec) in file.rule.iter().enumerate() {
            let place = format!("rule {} (`{}`)", n + 1, spec.id);
            match compile_variant(spec, &place, &rules) {
                Ok(variant) => {
                    if let Some(rule) = rules.iter_mut().find(|r| r.id == spec.id) {
                        if spec.title.is_some()
                            && spec.title.as_deref() != Some(rule.title.as_str())
                        {
                            problems.push(format!(
                                "{place}: a second variant must not change the title (\"{}\")",
                                rule.title
                            ));
                        }
                        if spec.waivable.is_some() {
                            problems.push(format!(
                                "{place}: field `waivable` belongs on the rule's first variant (it is the rule's, not a variant's)"
                            ));
                        }
                        if spec.leaves_daily_report {
                            problems.push(format!(
                                "{place}: field `leaves_daily_report` belongs on the rule's first variant (it is the rule's, not a variant's)"
                            ));
                        }
                        rule.variants.push(variant);
                    } else {
                        match &spec.title {
                            Some(title) if !title.trim().is_empty() => rules.push(Rule {
                                id: spec.id.clone(),
                                title: title.clone(),
                                waivable: spec.waivable.clone(),
                                leaves_daily_report: spec.leaves_daily_report,
                                variants: vec![variant],
                            }),
                            _ => problems.push(format!(
                                "{place}: field `title` is required on a rule's first variant"
                            )),
                        }
                    }
                }
                Err(mut errs) => problems.append(&mut errs),
            }
        }
        // `done` conditions and `latest(done:...)` may name any rule of the file.
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        for (n, spec) in file.rule.iter().enumerate() {
            let place = format!("rule {} (`{}`)", n + 1, spec.id);
            for name in named_rules(&spec.when) {
                if !ids.contains(&name.as_str()) {
                    problems.push(format!(
                        "{place}: field `when`: `{name}` is not a rule of this policy"
                    ));
                }
            }
            for c in &spec.satisfied_by_completion {
                if c.rule == spec.id {
                    problems.push(format!(
                        "{place}: field `satisfied_by_completion`: a rule's own completion already settles it; name another rule"
                    ));
                } else if !ids.contains(&c.rule.as_str()) {
                    problems.push(format!(
                        "{place}: field `satisfied_by_completion`: `{}` is not a rule of this policy",
                        c.rule
                    ));
                }
            }
            let exprs = spec.opens.iter().chain(spec.trigger.iter().map(|t| &t.at));
            for text in exprs {
                if let Ok(expr) = Expr::parse(text) {
                    if let Anchor::FirstDone(rule) = &expr.anchor {
                        if !ids.contains(&rule.as_str()) {
                            problems.push(format!(
                                "{place}: `first_done({rule})` names no rule of this policy"
                            ));
                        }
                    }
                    if let Anchor::Latest(items) = &expr.anchor {
                        for item in items {
                            if let Item::Done(rule) = item {
                                if !ids.contains(&rule.as_str()) {
                                    problems.push(format!(
                                        "{place}: `done:{rule}` names no rule of this policy"
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
        if rules.is_empty() {
            problems.push("the policy has no [[rule]] entries".into());
        }
        problems.extend(done_cycles(&file.rule));
        let mut violations = Vec::new();
        for (n, v) in file.violation.into_iter().enumerate() {
            if v.text.trim().is_empty() {
                problems.push(format!(
                    "violation {}: field `text` must not be empty",
                    n + 1
                ));
            }
            violations.push(Violation {
                when: v.when,
                text: v.text,
                source: v.source,
            });
        }
        let categories = file
            .categories
            .unwrap_or_else(|| vec![Category::Missing, Category::Absent]);
        for (n, g) in file.forbidden_grade.iter().enumerate() {
            for c in g.categories.iter().flatten() {
                if !categories.contains(c) {
                    problems.push(format!(
                        "forbidden_grade {}: field `categories`: `{c}` is not a category of this policy",
                        n + 1
                    ));
                }
            }
        }
        if let Some(0) = file.rhi_decline_min_attempts {
            problems.push(
                "rhi_decline_min_attempts: 0 means no check; leave the field out instead".into(),
            );
        }
        if !problems.is_empty() {
            return Err(PolicyError(problems.join("\n")));
        }
        Ok(Policy {
            name: file.name,
            title: file.title,
            document: file.document,
            categories,
            forbidden_grades: file.forbidden_grade,
            rhi_decline_min_attempts: file.rhi_decline_min_attempts,
            rules,
            violations,
            text: text.to_string(),
        })
    }
}
