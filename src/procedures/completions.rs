//! Conditions on the child's record of another rule's completions: "a stage two
//! meeting held in the 90 days before this report" (cumbria's Service Manager review,
//! raised instead of the stage meetings). Read across all the child's episodes, over the
//! window before (and including) the current report, as repeat windows are.

use super::policy::DoneWithin;
use crate::record::{Episode, Resolution, State};
use chrono::Duration;

/// Whether an `action_completed` for `d.rule` on any of the child's episodes is dated
/// in [`current.reported_at` - `d.days` x 24 h, `current.reported_at`]. A waiver is a
/// decision not to hold it, so it does not count; nor does a completion after the
/// report (it was held for this episode, and must not make its own rule vanish).
pub fn done_within(state: &State, current: &Episode, d: &DoneWithin) -> bool {
    let end = current.reported_at;
    let start = end - Duration::days(i64::from(d.days));
    let child = &state.children[&current.child];
    child
        .episodes
        .iter()
        .flat_map(|&i| state.episodes[i].actions.iter())
        .any(|a| {
            *a.rule == *d.rule
                && a.resolution == Resolution::Completed
                && a.at >= start
                && a.at <= end
        })
}

#[cfg(test)]
mod tests {
    use crate::procedures::Policy;

    fn with_when(when: &str) -> String {
        format!(
            "name = \"test\"\ntitle = \"T\"\ndocument = \"d\"\n\n[[rule]]\nid = \"meeting\"\ntitle = \"M\"\nsource = \"s\"\nopens = \"reported_at\"\n\n[[rule]]\nid = \"review\"\ntitle = \"R\"\nsource = \"s\"\nopens = \"reported_at\"\nwhen = {when}\n"
        )
    }

    #[test]
    fn policy_check_accepts_a_completion_window_naming_a_rule_of_the_policy() {
        let p = Policy::parse(&with_when(
            "{ child_done_within = { rule = \"meeting\", days = 90 } }",
        ))
        .unwrap();
        let when = &p.rule("review").unwrap().variants[0].when;
        assert_eq!(when.child_done_within.as_ref().unwrap().days, 90);
    }

    #[test]
    fn policy_check_refuses_a_completion_window_naming_no_rule_of_the_policy() {
        let err = Policy::parse(&with_when(
            "{ child_not_done_within = { rule = \"stage_2\", days = 90 } }",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("rule 2 (`review`): field `when`: `stage_2` is not a rule of this policy"),
            "{err}"
        );
    }

    #[test]
    fn policy_check_refuses_a_completion_window_of_no_days() {
        let err = Policy::parse(&with_when(
            "{ child_done_within = { rule = \"meeting\", days = 0 } }",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("field `when.child_done_within.days` must be 1 or more"),
            "{err}"
        );
    }
}
