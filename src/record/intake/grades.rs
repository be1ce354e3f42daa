//! The grade checks (PROCEDURES.md, Every policy, "Grades"): a grade must suit the
//! child's age at the report and the episode's category. They run on every event that
//! sets a grade or changes what it is judged against; an event that would leave a stored
//! grade forbidden is refused naming the episode and the event that set the grade.

use super::Rules;
use crate::calendar::age_on;
use crate::calendar::time::rfc;
use crate::record::vocab::Category;
use crate::record::Episode;
use chrono::{DateTime, NaiveDate, Utc};

/// The category `episode` held at `t`: the one it had before its change until the
/// change, the one it has now from then.
pub(super) fn category_at(episode: &Episode, t: DateTime<Utc>) -> Category {
    match &episode.changed {
        Some(change) if t < change.at => change.from,
        _ => episode.category,
    }
}

/// Every grade `episode` holds (its report's and each regrade's), judged for a child
/// born on `dob` under the category the episode held when the grade was set: the first
/// one the policy forbids, as a sentence naming the episode and the event.
pub(super) fn check_stored_grades(
    rules: &dyn Rules,
    episode: &Episode,
    dob: NaiveDate,
) -> Result<(), String> {
    let age = age_on(dob, episode.reported_at);
    for (n, grading) in episode.gradings.iter().enumerate() {
        let category = category_at(episode, grading.at);
        if let Err(why) = rules.check_grading(grading.risk, age, category) {
            let event = if n == 0 {
                "its report (episode_reported"
            } else {
                "a regrade (risk_changed"
            };
            return Err(format!(
                "episode `{}` is graded {} by {} at {}): {why}",
                episode.reference,
                grading.risk,
                event,
                rfc(grading.at)
            ));
        }
    }
    Ok(())
}
