//! Which breaches this session has already alerted: each breach alerts once, an
//! acknowledged breach never, and the breaches already on the ticker when the board
//! opens are shown, not alerted (they did not become overdue while it was open). An
//! acknowledgement that lapsed makes its breach new again (it alerts once more), and
//! an action due within the hour alerts once (DUE SOON).

use super::Alert;
use crate::views::board::TickerItem;
use crate::views::shift::DueSoon;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// A breach: the episode, the rule and the deadline that passed (a repeating rule's
/// later breach is a new one), and when its acknowledgement lapsed, if one did.
type Key = (String, String, DateTime<Utc>, Option<DateTime<Utc>>);

#[derive(Debug, Clone, Default)]
pub struct Memory {
    seen: HashSet<Key>,
    primed: bool,
    /// Actions alerted as due soon: the episode, the rule, the deadline.
    soon: HashSet<(String, String, DateTime<Utc>)>,
    soon_primed: bool,
}

impl Memory {
    /// A memory that alerts even the breaches of its first ticker (tests).
    pub fn primed() -> Memory {
        Memory {
            seen: HashSet::new(),
            primed: true,
            soon: HashSet::new(),
            soon_primed: true,
        }
    }

    /// Takes in a ticker and returns the breaches to alert now: new to this session,
    /// and not acknowledged. The first ticker seen only primes the memory.
    pub fn observe(&mut self, ticker: &[TickerItem]) -> Vec<Alert> {
        let first = !self.primed;
        self.primed = true;
        let mut out = Vec::new();
        for item in ticker {
            let key = (
                item.episode.clone(),
                item.rule.clone(),
                item.due_at,
                item.lapsed_at,
            );
            if !self.seen.insert(key) {
                continue;
            }
            if first || item.acknowledged_by.is_some() {
                continue;
            }
            out.push(Alert::of(item));
        }
        out
    }

    /// Takes in the actions due within the hour and returns those to alert now: each
    /// once. As with breaches, the first list seen only primes the memory.
    pub fn observe_due_soon(&mut self, due_soon: &[DueSoon]) -> Vec<Alert> {
        let first = !self.soon_primed;
        self.soon_primed = true;
        let mut out = Vec::new();
        for item in due_soon {
            let key = (item.episode.clone(), item.rule.clone(), item.due_at);
            if self.soon.insert(key) && !first {
                out.push(Alert::soon(item));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(episode: &str, rule: &str, ack: bool) -> TickerItem {
        TickerItem {
            episode: episode.into(),
            rule: rule.into(),
            initials: "A.B.".into(),
            title: format!("Do {rule}"),
            due_at: "2026-03-02T01:00:00Z".parse().unwrap(),
            overdue_s: 60,
            acknowledged_by: ack.then(|| "Sam Duty".to_string()),
            acknowledged_at: ack.then(|| "2026-03-02T02:00:00Z".parse().unwrap()),
            acknowledged_until: None,
            lapsed_at: None,
        }
    }

    #[test]
    fn breaches_on_the_first_ticker_are_shown_not_alerted() {
        let mut m = Memory::default();
        assert!(m.observe(&[item("E1", "police", false)]).is_empty());
        assert!(m.observe(&[item("E1", "police", false)]).is_empty());
    }

    #[test]
    fn a_new_breach_alerts_once_per_session() {
        let mut m = Memory::default();
        m.observe(&[]);
        let a = m.observe(&[item("E1", "police", false)]);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].episode, "E1");
        assert!(m.observe(&[item("E1", "police", false)]).is_empty());
        // It leaves the ticker and comes back: still once.
        assert!(m.observe(&[]).is_empty());
        assert!(m.observe(&[item("E1", "police", false)]).is_empty());
        // Another breach alerts on its own.
        assert_eq!(
            m.observe(&[item("E1", "police", false), item("E2", "police", false)])
                .len(),
            1
        );
    }

    #[test]
    fn an_acknowledged_breach_never_alerts() {
        let mut m = Memory::default();
        m.observe(&[]);
        assert!(m.observe(&[item("E1", "strategy", true)]).is_empty());
        assert!(m.observe(&[item("E1", "strategy", true)]).is_empty());
    }

    #[test]
    fn a_later_breach_of_a_repeating_rule_is_new() {
        let mut m = Memory::primed();
        assert_eq!(m.observe(&[item("E1", "review", false)]).len(), 1);
        let mut later = item("E1", "review", false);
        later.due_at = "2026-03-03T01:00:00Z".parse().unwrap();
        assert_eq!(m.observe(&[later]).len(), 1);
    }

    #[test]
    fn a_lapsed_acknowledgement_alerts_the_breach_again_once() {
        let mut m = Memory::default();
        m.observe(&[]);
        assert!(m.observe(&[item("E1", "strategy", true)]).is_empty());
        let mut lapsed = item("E1", "strategy", false);
        lapsed.lapsed_at = Some("2026-03-02T08:00:00Z".parse().unwrap());
        assert_eq!(m.observe(&[lapsed.clone()]).len(), 1);
        assert!(m.observe(&[lapsed]).is_empty());
    }

    #[test]
    fn an_action_due_soon_alerts_once() {
        let soon = DueSoon {
            episode: "E1".into(),
            rule: "police".into(),
            title: "Tell the police".into(),
            due_at: "2026-03-02T01:00:00Z".parse().unwrap(),
        };
        let mut m = Memory::default();
        m.observe_due_soon(&[]);
        let a = m.observe_due_soon(std::slice::from_ref(&soon));
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].body(), "DUE SOON: Tell the police (episode E1)");
        assert!(m.observe_due_soon(std::slice::from_ref(&soon)).is_empty());
        assert!(m.observe_due_soon(&[]).is_empty());
        assert!(m.observe_due_soon(&[soon]).is_empty(), "still once");
    }
}
