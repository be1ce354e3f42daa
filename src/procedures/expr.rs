//! The small language policy files use for times: an anchor, then spans added to it.
//!
//! ```text
//! reported_at                     the moment the episode was reported
//! last_seen_at + 48h              two days of exact time after going missing
//! opens_at + 10wd                 23:59:59 on the 10th working day after opening
//! last_seen_at + 28d + 2mo        28 days, then two calendar months on the local clock
//! latest(reported_at, update_recorded, done:daily_update)
//! due_of(return_home_interview) + 14d
//! ```

use crate::calendar::Span;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    LastSeenAt,
    ReportedAt,
    ReturnedAt,
    FoundReportAt,
    /// When the child declined the return home interview (undefined until then).
    RhiDeclinedAt,
    /// The occurrence's own opening time (only in `due` and `escalates`).
    OpensAt,
    /// Another rule's deadline on the same episode (a rule defined earlier in the file).
    DueOf(String),
    /// The first completion of a rule on the episode (undefined until then; a waiver
    /// is not a meeting held): medway tells the MIO once the first UASC meeting is held.
    FirstDone(String),
    /// The latest of several moments that exist; undefined if none does.
    Latest(Vec<Item>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Anchor(Anchor),
    /// The latest `update_recorded` on the episode.
    UpdateRecorded,
    /// The latest completion or waiver of a rule on the episode.
    Done(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    pub anchor: Anchor,
    pub spans: Vec<Span>,
}

fn simple_anchor(word: &str) -> Option<Anchor> {
    Some(match word {
        "last_seen_at" => Anchor::LastSeenAt,
        "reported_at" => Anchor::ReportedAt,
        "returned_at" => Anchor::ReturnedAt,
        "found_report_at" => Anchor::FoundReportAt,
        "rhi_declined_at" => Anchor::RhiDeclinedAt,
        "opens_at" => Anchor::OpensAt,
        _ => return None,
    })
}

const ANCHORS: &str = "last_seen_at, reported_at, returned_at, found_report_at, rhi_declined_at, opens_at, due_of(RULE), first_done(RULE), latest(...)";

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, String> {
        let mut parts = text.split('+');
        let head = parts.next().unwrap_or("").trim();
        let anchor = parse_anchor(head)?;
        let spans = parts
            .map(|p| Span::parse(p.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Expr { anchor, spans })
    }

    /// Rules this expression reads from (for checking references in a policy file).
    pub fn rule_references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        match &self.anchor {
            Anchor::DueOf(rule) | Anchor::FirstDone(rule) => out.push(rule.as_str()),
            Anchor::Latest(items) => {
                for item in items {
                    if let Item::Done(rule) = item {
                        out.push(rule.as_str());
                    }
                }
            }
            _ => {}
        }
        out
    }
}

fn parse_anchor(head: &str) -> Result<Anchor, String> {
    if head.is_empty() {
        return Err(format!(
            "an expression starts with a moment: one of {ANCHORS}"
        ));
    }
    if let Some(anchor) = simple_anchor(head) {
        return Ok(anchor);
    }
    if let Some(inner) = call(head, "due_of") {
        let rule = inner.trim();
        if rule.is_empty() {
            return Err("due_of(...) needs a rule id".into());
        }
        return Ok(Anchor::DueOf(rule.to_string()));
    }
    if let Some(inner) = call(head, "first_done") {
        let rule = inner.trim();
        if rule.is_empty() {
            return Err("first_done(...) needs a rule id".into());
        }
        return Ok(Anchor::FirstDone(rule.to_string()));
    }
    if let Some(inner) = call(head, "latest") {
        let mut items = Vec::new();
        for word in inner.split(',').map(str::trim) {
            let item = if word == "update_recorded" {
                Item::UpdateRecorded
            } else if let Some(rule) = word.strip_prefix("done:") {
                if rule.is_empty() {
                    return Err("done: needs a rule id, as in done:strategy_meeting".into());
                }
                Item::Done(rule.to_string())
            } else if let Some(anchor) = simple_anchor(word) {
                Item::Anchor(anchor)
            } else {
                return Err(format!(
                    "`{word}` cannot stand in latest(...): use last_seen_at, reported_at, returned_at, found_report_at, rhi_declined_at, update_recorded or done:RULE"
                ));
            };
            items.push(item);
        }
        if items.is_empty() {
            return Err("latest(...) needs at least one moment".into());
        }
        return Ok(Anchor::Latest(items));
    }
    Err(format!(
        "`{head}` is not a moment; expected one of {ANCHORS}"
    ))
}

fn call<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.strip_prefix(name)?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.anchor {
            Anchor::LastSeenAt => f.write_str("last_seen_at")?,
            Anchor::ReportedAt => f.write_str("reported_at")?,
            Anchor::ReturnedAt => f.write_str("returned_at")?,
            Anchor::FoundReportAt => f.write_str("found_report_at")?,
            Anchor::RhiDeclinedAt => f.write_str("rhi_declined_at")?,
            Anchor::OpensAt => f.write_str("opens_at")?,
            Anchor::DueOf(rule) => write!(f, "due_of({rule})")?,
            Anchor::FirstDone(rule) => write!(f, "first_done({rule})")?,
            Anchor::Latest(items) => {
                let words: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Item::Anchor(a) => Expr {
                            anchor: a.clone(),
                            spans: vec![],
                        }
                        .to_string(),
                        Item::UpdateRecorded => "update_recorded".into(),
                        Item::Done(rule) => format!("done:{rule}"),
                    })
                    .collect();
                write!(f, "latest({})", words.join(", "))?
            }
        }
        for span in &self.spans {
            write!(f, " + {span}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Unit;

    #[test]
    fn an_anchor_with_spans_parses_in_order() {
        let e = Expr::parse("last_seen_at + 28d + 2mo").unwrap();
        assert_eq!(e.anchor, Anchor::LastSeenAt);
        assert_eq!(
            e.spans,
            vec![
                Span {
                    count: 28,
                    unit: Unit::Days
                },
                Span {
                    count: 2,
                    unit: Unit::Months
                }
            ]
        );
        assert_eq!(e.to_string(), "last_seen_at + 28d + 2mo");
    }

    #[test]
    fn latest_and_due_of_parse() {
        let e =
            Expr::parse("latest(reported_at, update_recorded, done:daily_update) + 24h").unwrap();
        assert_eq!(e.rule_references(), vec!["daily_update"]);
        let e = Expr::parse("due_of(return_home_interview) + 14d").unwrap();
        assert_eq!(e.anchor, Anchor::DueOf("return_home_interview".into()));
    }

    #[test]
    fn the_decline_of_a_return_home_interview_is_a_moment() {
        let e = Expr::parse("rhi_declined_at").unwrap();
        assert_eq!(e.anchor, Anchor::RhiDeclinedAt);
        assert_eq!(e.to_string(), "rhi_declined_at");
        let e = Expr::parse("latest(returned_at, rhi_declined_at)").unwrap();
        assert_eq!(e.to_string(), "latest(returned_at, rhi_declined_at)");
    }

    #[test]
    fn first_done_names_the_rule_it_reads() {
        let e = Expr::parse("first_done(uasc_professionals_meeting)").unwrap();
        assert_eq!(
            e.anchor,
            Anchor::FirstDone("uasc_professionals_meeting".into())
        );
        assert_eq!(e.rule_references(), vec!["uasc_professionals_meeting"]);
        assert_eq!(e.to_string(), "first_done(uasc_professionals_meeting)");
        assert!(Expr::parse("first_done()").is_err());
    }

    #[test]
    fn a_misspelt_anchor_is_named_in_the_error() {
        let err = Expr::parse("reportedat + 24h").unwrap_err();
        assert!(err.contains("`reportedat` is not a moment"), "{err}");
        let err = Expr::parse("reported_at + 24 hours").unwrap_err();
        assert!(err.contains("not a unit"), "{err}");
    }
}
