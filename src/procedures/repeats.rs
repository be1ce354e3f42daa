//! Repeat-episode windows: "3 episodes within 90 days", "3 unauthorised absences in a
//! calendar month". Counted by `reported_at`, the current episode included, over the
//! window before (and including) the current report.

use super::policy::Window;
use crate::calendar::sub_months;
use crate::record::vocab::Category;
use crate::record::{Episode, State};
use chrono::Duration;

/// How many of the child's episodes fall in the window ending at `current`'s report.
pub fn episodes_in_window(state: &State, current: &Episode, window: &Window) -> u32 {
    let end = current.reported_at;
    let start = match (window.days, window.months) {
        (Some(days), _) => end - Duration::days(i64::from(days)),
        (None, Some(months)) => match sub_months(end, months) {
            Ok(t) => t,
            Err(_) => return 0,
        },
        (None, None) => return 0,
    };
    let child = &state.children[&current.child];
    child
        .episodes
        .iter()
        .map(|&i| &state.episodes[i])
        .filter(|e| counts(window, e.category) && e.reported_at >= start && e.reported_at <= end)
        .count() as u32
}

/// How many episodes the window ending at `current`'s report holds, if `current` is
/// one the window counts (an absence ends no "3 missing episodes" window). The one
/// definition the rules, the board and `report stats` share (PROCEDURES.md, Repeat
/// windows: "The same window is used everywhere").
pub fn counted_at(state: &State, current: &Episode, window: &Window) -> Option<u32> {
    counts(window, current.category).then(|| episodes_in_window(state, current, window))
}

/// Whether the window holds its count at this episode.
pub fn window_holds(state: &State, current: &Episode, window: &Window) -> bool {
    counted_at(state, current, window).is_some_and(|n| n >= window.count)
}

/// Whether episodes of `category` count towards the window: those it names, else
/// every episode but an absence with whereabouts known.
fn counts(window: &Window, category: Category) -> bool {
    match &window.categories {
        Some(list) => list.contains(&category),
        None => !category.is_whereabouts_known(),
    }
}
