//! A local procedure as data: one TOML file per authority, rules with their sources.
//!
//! The engine interprets these files; adding a council's procedure needs a file, not
//! Rust. `dutyboard policy check FILE` runs the checks below and names what is wrong.
//! The format is documented in `docs/POLICY_FORMAT.md`.

use super::expr::{Anchor, Expr, Item};
use crate::calendar::{Span, Unit};
use crate::record::vocab::{Category, Flag, Risk, Status};
use serde::Deserialize;

/// The five procedures shipped in the binary.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "cambridgeshire",
        include_str!("policies/cambridgeshire.toml"),
    ),
    ("cumbria", include_str!("policies/cumbria.toml")),
    ("medway", include_str!("policies/medway.toml")),
    ("camden", include_str!("policies/camden.toml")),
    (
        "practice-guidance",
        include_str!("policies/practice-guidance.toml"),
    ),
];

// ---------------------------------------------------------------- the file format

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    name: String,
    title: String,
    document: String,
    #[serde(default)]
    categories: Option<Vec<Category>>,
    #[serde(default)]
    rhi_decline_min_attempts: Option<u32>,
    #[serde(default)]
    forbidden_grade: Vec<ForbiddenGrade>,
    #[serde(default)]
    violation: Vec<ViolationSpec>,
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// A risk grade the procedure does not allow (refused at entry).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenGrade {
    pub risk: Risk,
    #[serde(default)]
    pub age_under: Option<u32>,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViolationSpec {
    when: Conditions,
    text: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    #[serde(default)]
    title: Option<String>,
    source: String,
    #[serde(default)]
    when: Conditions,
    #[serde(default)]
    phase: Phase,
    #[serde(default)]
    opens: Option<String>,
    #[serde(default)]
    trigger: Vec<TriggerSpec>,
    #[serde(default)]
    then_at: Vec<String>,
    #[serde(default)]
    every: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    escalates: Option<String>,
    #[serde(default)]
    rolling: bool,
    #[serde(default)]
    one_per_child: Option<RepeatAnchor>,
    #[serde(default)]
    satisfied_by: Vec<Satisfier>,
    #[serde(default)]
    detail: Vec<DetailSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerSpec {
    at: String,
    #[serde(default)]
    when: Conditions,
    #[serde(default)]
    missing_at_trigger: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DetailSpec {
    #[serde(default)]
    when: Conditions,
    text: String,
}

/// When a rule holds for an episode (every condition given must hold).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    pub age_under: Option<u32>,
    pub age_at_least: Option<u32>,
    pub status: Option<Vec<Status>>,
    pub status_not: Option<Vec<Status>>,
    pub flags_any: Option<Vec<Flag>>,
    pub category: Option<Vec<Category>>,
    pub category_not: Option<Vec<Category>>,
    pub risk: Option<Vec<Risk>>,
    pub risk_not: Option<Vec<Risk>>,
    pub episodes_within: Option<Window>,
    pub done: Option<Vec<String>>,
    pub not_done: Option<Vec<String>>,
    pub returned_with_any: Option<Vec<ReturnFact>>,
}

/// "N episodes within a window": counted by `reported_at`, the current one included.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub count: u32,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub months: Option<u32>,
    /// Only episodes of these categories count (default: every category but `absent`).
    #[serde(default)]
    pub categories: Option<Vec<Category>>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReturnFact {
    Injured,
    VictimOfCrime,
}

/// Which part of an episode a rule lives in.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// From opening until dealt with, whether or not the child is back.
    #[default]
    Any,
    /// Only while the child is still missing: closes on return, without a breach.
    Missing,
    /// Only once the child has returned.
    Returned,
}

/// How a repeat rule stands once per child when later episodes trigger it again.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RepeatAnchor {
    /// "Within N days of the last episode": a later trigger takes over an open instance.
    Latest,
    /// "From the 3rd (or 5th) episode": the first open instance stands; later triggers
    /// while it is open are covered by it.
    First,
}

/// Events other than `action_completed` that discharge a rule.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Satisfier {
    /// The police were told: `police_informed`, or a report that carried a `police_ref`.
    PoliceInformed,
    /// The child declined the return home interview (`rhi_declined`).
    RhiDeclined,
}

// ---------------------------------------------------------------- the compiled policy

#[derive(Debug, Clone)]
pub struct Trigger {
    pub at: Expr,
    pub when: Conditions,
    pub missing_at_trigger: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub source: String,
    pub when: Conditions,
    pub phase: Phase,
    pub triggers: Vec<Trigger>,
    pub then_at: Vec<Expr>,
    pub every: Option<Span>,
    pub until: Option<Expr>,
    pub due: Option<Expr>,
    pub escalates: Option<Expr>,
    pub rolling: bool,
    pub one_per_child: Option<RepeatAnchor>,
    pub satisfied_by: Vec<Satisfier>,
    pub details: Vec<(Conditions, String)>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    /// Tried in file order; the first whose conditions hold applies.
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Violation {
    pub when: Conditions,
    pub text: String,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub title: String,
    pub document: String,
    pub categories: Vec<Category>,
    pub forbidden_grades: Vec<ForbiddenGrade>,
    pub rhi_decline_min_attempts: Option<u32>,
    pub rules: Vec<Rule>,
    pub violations: Vec<Violation>,
    /// The file's text, kept so a database records exactly the procedure it runs.
    pub text: String,
}

/// A policy file's problem, precise enough to fix: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PolicyError(pub String);

impl Policy {
    pub fn shipped(name: &str) -> Result<Policy, PolicyError> {
        let (_, text) = SHIPPED.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            PolicyError(format!(
                "`{name}` is not a shipped policy; choose one of {} (or use --policy-file)",
                SHIPPED
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        Policy::parse(text)
    }

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
                        rule.variants.push(variant);
                    } else {
                        match &spec.title {
                            Some(title) if !title.trim().is_empty() => rules.push(Rule {
                                id: spec.id.clone(),
                                title: title.clone(),
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
            let exprs = spec.opens.iter().chain(spec.trigger.iter().map(|t| &t.at));
            for text in exprs {
                if let Ok(expr) = Expr::parse(text) {
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
            categories: file
                .categories
                .unwrap_or_else(|| vec![Category::Missing, Category::Absent]),
            forbidden_grades: file.forbidden_grade,
            rhi_decline_min_attempts: file.rhi_decline_min_attempts,
            rules,
            violations,
            text: text.to_string(),
        })
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn knows_rule(&self, id: &str) -> bool {
        self.rule(id).is_some()
    }

    pub fn rule_ids(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.id.as_str()).collect()
    }

    pub fn rhi_decline_min_attempts(&self) -> Option<u32> {
        self.rhi_decline_min_attempts
    }

    pub fn check_category(&self, category: Category) -> Result<(), String> {
        if self.categories.contains(&category) {
            return Ok(());
        }
        Err(format!(
            "`{category}` is not a category of the {} policy; use one of {}",
            self.name,
            self.categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// Refuses a grade the procedure forbids for a child of this age.
    pub fn check_grading(&self, risk: Risk, age: u32) -> Result<(), String> {
        for rule in &self.forbidden_grades {
            if rule.risk == risk && rule.age_under.is_none_or(|limit| age < limit) {
                return Err(format!("{} (the child is {age})", rule.message));
            }
        }
        Ok(())
    }
}

/// The record's checks ask the policy only these facts.
impl crate::record::Rules for Policy {
    fn name(&self) -> &str {
        &self.name
    }
    fn knows_rule(&self, rule: &str) -> bool {
        Policy::knows_rule(self, rule)
    }
    fn rule_ids(&self) -> Vec<&str> {
        Policy::rule_ids(self)
    }
    fn check_category(&self, category: Category) -> Result<(), String> {
        Policy::check_category(self, category)
    }
    fn check_grading(&self, risk: Risk, age: u32) -> Result<(), String> {
        Policy::check_grading(self, risk, age)
    }
    fn rhi_decline_min_attempts(&self) -> Option<u32> {
        Policy::rhi_decline_min_attempts(self)
    }
}

fn compile_variant(spec: &RuleSpec, place: &str, earlier: &[Rule]) -> Result<Variant, Vec<String>> {
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
        details: spec
            .detail
            .iter()
            .map(|d| (d.when.clone(), d.text.clone()))
            .collect(),
    })
}

fn named_rules(c: &Conditions) -> Vec<String> {
    c.done
        .iter()
        .chain(c.not_done.iter())
        .flatten()
        .cloned()
        .collect()
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// toml's message, with the line and column it points at made plain.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_policy_parses_and_names_itself() {
        for (name, _) in SHIPPED {
            let p = Policy::shipped(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(&p.name, name);
        }
    }

    #[test]
    fn an_unknown_policy_lists_the_shipped_ones() {
        let err = Policy::shipped("kent").unwrap_err().to_string();
        assert!(
            err.contains("cumbria") && err.contains("practice-guidance"),
            "{err}"
        );
    }

    fn minimal(rule: &str) -> String {
        format!("name = \"test\"\ntitle = \"T\"\ndocument = \"d\"\n\n[[rule]]\n{rule}\n")
    }

    #[test]
    fn policy_check_names_the_line_of_a_misspelt_field() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\ndeu = \"opens_at + 1h\"");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("line 10") && err.contains("deu"), "{err}");
    }

    #[test]
    fn policy_check_names_the_rule_and_field_of_a_bad_expression() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\ndue = \"opens_at + 3 weeks\"");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("rule 1 (`x`): field `due`"), "{err}");
    }

    #[test]
    fn policy_check_refuses_a_repeat_without_an_end() {
        let text = minimal(
            "id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nevery = \"2mo\"",
        );
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("needs `until`"), "{err}");
    }

    #[test]
    fn policy_check_refuses_due_of_a_later_rule() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"due_of(y)\"");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("due_of(y) must name a rule defined earlier"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_an_unknown_status_by_name() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nwhen = { status = [\"in_care\"] }");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("in_care"), "{err}");
    }
}
