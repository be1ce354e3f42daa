//! A local procedure as data: one TOML file per authority, rules with their sources.
//!
//! The engine interprets these files; adding a council's procedure needs a file, not
//! Rust. `dutyboard policy check FILE` runs the checks below and names what is wrong.
//! The format is documented in `docs/POLICY_FORMAT.md`.

use super::expr::Expr;
use crate::calendar::Span;
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
pub(super) struct PolicyFile {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) document: String,
    #[serde(default)]
    pub(super) categories: Option<Vec<Category>>,
    #[serde(default)]
    pub(super) rhi_decline_min_attempts: Option<u32>,
    #[serde(default)]
    pub(super) forbidden_grade: Vec<ForbiddenGrade>,
    #[serde(default)]
    pub(super) violation: Vec<ViolationSpec>,
    #[serde(default)]
    pub(super) rule: Vec<RuleSpec>,
}

/// A risk grade the procedure does not allow (refused at entry): for a child under
/// `age_under` at the report (any age if left out), on an episode of one of
/// `categories` (any category if left out).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenGrade {
    pub risk: Risk,
    #[serde(default)]
    pub age_under: Option<u32>,
    #[serde(default)]
    pub categories: Option<Vec<Category>>,
    pub message: String,
}

impl ForbiddenGrade {
    /// Whether this entry forbids `risk` for a child of `age` on a `category` episode.
    pub fn forbids(&self, risk: Risk, age: u32, category: Category) -> bool {
        self.risk == risk
            && self.age_under.is_none_or(|limit| age < limit)
            && self
                .categories
                .as_ref()
                .is_none_or(|c| c.contains(&category))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ViolationSpec {
    pub(super) when: Conditions,
    pub(super) text: String,
    pub(super) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSpec {
    pub(super) id: String,
    #[serde(default)]
    pub(super) title: Option<String>,
    pub(super) source: String,
    #[serde(default)]
    pub(super) when: Conditions,
    #[serde(default)]
    pub(super) phase: Phase,
    #[serde(default)]
    pub(super) opens: Option<String>,
    #[serde(default)]
    pub(super) trigger: Vec<TriggerSpec>,
    #[serde(default)]
    pub(super) then_at: Vec<String>,
    #[serde(default)]
    pub(super) every: Option<String>,
    #[serde(default)]
    pub(super) until: Option<String>,
    #[serde(default)]
    pub(super) due: Option<String>,
    #[serde(default)]
    pub(super) escalates: Option<String>,
    #[serde(default)]
    pub(super) rolling: bool,
    #[serde(default)]
    pub(super) one_per_child: Option<RepeatAnchor>,
    #[serde(default)]
    pub(super) satisfied_by: Vec<Satisfier>,
    #[serde(default)]
    pub(super) satisfied_by_completion: Vec<ByCompletionSpec>,
    #[serde(default)]
    pub(super) detail: Vec<DetailSpec>,
    /// The recorded decision not to act that the procedure allows, if any (PROCEDURES.md,
    /// "Waivers"): only a rule with one can be waived. Given on the first variant.
    #[serde(default)]
    pub(super) waivable: Option<Waivable>,
    /// Once the rule is completed on an episode, the daily missing report no longer
    /// lists it (medway: a UASC child once the Missing Information Officer is told);
    /// the board still shows it. Given on the first variant.
    #[serde(default)]
    pub(super) leaves_daily_report: bool,
}

/// Where a seed allows a recorded decision not to act: what that decision is, its
/// source, and the conditions under which it may be made (read at the waiver).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waivable {
    /// The decision the seed allows, in its words ("not reasonably practicable").
    pub decision: String,
    pub source: String,
    /// Only these facts of the child and episode may be named: age at the report,
    /// status, flags, category and grade (`policy check` refuses any other).
    #[serde(default)]
    pub when: Conditions,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TriggerSpec {
    pub(super) at: String,
    #[serde(default)]
    pub(super) when: Conditions,
    #[serde(default)]
    pub(super) missing_at_trigger: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DetailSpec {
    #[serde(default)]
    pub(super) when: Conditions,
    pub(super) text: String,
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
    /// At least one of these rules has been completed or satisfied (cambridgeshire: the
    /// return is passed on to whoever was told of the missing).
    pub done_any: Option<Vec<String>>,
    pub not_done: Option<Vec<String>>,
    pub returned_with_any: Option<Vec<ReturnFact>>,
    /// Another rule completed for the child in the days before this report (cumbria:
    /// a stage two meeting held in the 90 days before, so the Service Manager reviews).
    pub child_done_within: Option<DoneWithin>,
    /// No such completion: the stage meetings are raised only then.
    pub child_not_done_within: Option<DoneWithin>,
    /// `true`: no earlier episode of the child (by `reported_at`) was of a missing
    /// category; `false`: one was. The episode itself is read as the rule reads it.
    pub first_missing_episode: Option<bool>,
}

/// "A `rule` completed for the child within the `days` x 24 h before this report":
/// an `action_completed` for `rule` on any of the child's episodes, dated in the closed
/// interval [`reported_at` - `days` x 24 h, `reported_at`] (`completions.rs`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DoneWithin {
    pub rule: String,
    pub days: u32,
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

/// Another rule's completion that also discharges this one, when it was held between
/// `from` and `until` (either may be left out): cumbria's stage one meeting held within
/// 24 h of the report is the strategy meeting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ByCompletionSpec {
    pub(super) rule: String,
    #[serde(default)]
    pub(super) from: Option<String>,
    #[serde(default)]
    pub(super) until: Option<String>,
}

/// A compiled [`ByCompletionSpec`]: an `action_completed` for `rule` on any of the
/// child's episodes, dated in `[from, until]` (the bounds read on this episode).
#[derive(Debug, Clone)]
pub struct ByCompletion {
    pub rule: String,
    pub from: Option<Expr>,
    pub until: Option<Expr>,
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
    pub satisfied_by_completion: Vec<ByCompletion>,
    pub details: Vec<(Conditions, String)>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    /// Whether, and when, a recorded decision not to act settles it (`waivers.rs`).
    pub waivable: Option<Waivable>,
    /// Its completion takes the episode off the daily missing report.
    pub leaves_daily_report: bool,
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

    /// Refuses a grade the procedure forbids for a child of this age on an episode of
    /// this category.
    pub fn check_grading(&self, risk: Risk, age: u32, category: Category) -> Result<(), String> {
        match self
            .forbidden_grades
            .iter()
            .find(|g| g.forbids(risk, age, category))
        {
            Some(g) => Err(format!(
                "`{risk}` is refused: {} (the child is {age}, the episode {category})",
                g.message
            )),
            None => Ok(()),
        }
    }
}

/// The record's checks ask the policy only these facts.
impl crate::record::Rules for Policy {
    fn governing<'s>(
        &'s self,
        _state: &crate::record::State,
        _event: &crate::record::Event,
    ) -> &'s dyn crate::record::Rules {
        self
    }
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
    fn check_grading(&self, risk: Risk, age: u32, category: Category) -> Result<(), String> {
        Policy::check_grading(self, risk, age, category)
    }
    fn rhi_decline_min_attempts(&self) -> Option<u32> {
        Policy::rhi_decline_min_attempts(self)
    }
    fn check_waiver(
        &self,
        rule: &str,
        episode: &crate::record::Episode,
        child: &crate::record::Child,
    ) -> Result<(), String> {
        Policy::check_waiver(self, rule, episode, child)
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

    #[test]
    fn policy_check_refuses_done_any_naming_no_rule_of_the_policy() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nwhen = { done_any = [\"police\"] }");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("`police` is not a rule of this policy"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_done_conditions_that_go_round_in_a_circle() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nwhen = { not_done = [\"y\"] }\n\n[[rule]]\nid = \"y\"\ntitle = \"Y\"\nsource = \"s\"\nopens = \"reported_at\"\nwhen = { done_any = [\"x\"] }");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("depends on itself (x -> y -> x)"), "{err}");
    }

    #[test]
    fn policy_check_refuses_first_done_naming_no_rule_of_the_policy() {
        let text =
            minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"first_done(meeting)\"");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("`first_done(meeting)` names no rule of this policy"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_keeps_leaves_daily_report_on_the_first_variant() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\n\n[[rule]]\nid = \"x\"\nsource = \"s\"\nopens = \"reported_at\"\nleaves_daily_report = true");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("`leaves_daily_report` belongs on the rule's first variant"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_a_completion_satisfier_naming_no_rule_of_the_policy() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nsatisfied_by_completion = [{ rule = \"stage_1\", from = \"reported_at\" }]");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("rule 1 (`x`): field `satisfied_by_completion`: `stage_1` is not a rule of this policy"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_a_rule_satisfied_by_its_own_completion() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nsatisfied_by_completion = [{ rule = \"x\" }]");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(err.contains("own completion already settles it"), "{err}");
    }

    #[test]
    fn policy_check_names_the_bound_of_a_completion_satisfier_that_does_not_parse() {
        let text = minimal("id = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\nsatisfied_by_completion = [{ rule = \"x\", until = \"reported_at + a day\" }]");
        let err = Policy::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("rule 1 (`x`): field `satisfied_by_completion[1].until`"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_a_forbidden_grade_on_a_category_the_policy_does_not_use() {
        let text =
            "name = \"test\"\ntitle = \"T\"\ndocument = \"d\"\ncategories = [\"missing\"]\n\n\
            [[forbidden_grade]]\nrisk = \"low\"\ncategories = [\"absent\"]\nmessage = \"m\"\n\n\
            [[rule]]\nid = \"x\"\ntitle = \"X\"\nsource = \"s\"\nopens = \"reported_at\"\n";
        let err = Policy::parse(text).unwrap_err().to_string();
        assert!(
            err.contains(
                "forbidden_grade 1: field `categories`: `absent` is not a category of this policy"
            ),
            "{err}"
        );
    }
}
