//! What a condition reads of the child's other episodes beyond repeat windows: whether
//! this is the child's first missing episode on record (cambridgeshire 000 3.1.2,
//! "after the first occasion when a young person has run away").

use crate::record::vocab::Category;
use crate::record::{Episode, State};

/// PROCEDURES.md, Vocabulary: "The missing categories are `missing`, `absconded` and
/// `abducted`; the rest are absences."
fn is_missing_category(c: Category) -> bool {
    matches!(
        c,
        Category::Missing | Category::Absconded | Category::Abducted
    )
}

/// Whether the episode was ever of a missing category: as it stands, or as it was
/// reported before a `category_changed`.
fn was_missing(e: &Episode) -> bool {
    is_missing_category(e.category)
        || e.changed
            .as_ref()
            .is_some_and(|c| is_missing_category(c.from))
}

/// No earlier episode of the child was of a missing category. Earlier is by
/// `reported_at` (an episode entered late counts at its own report); of two reported
/// at the same instant, the one recorded first.
pub(super) fn first_missing_episode(state: &State, current: &Episode) -> bool {
    let Some(child) = state.children.get(&current.child) else {
        return true;
    };
    let episodes: Vec<&Episode> = child.episodes.iter().map(|&i| &state.episodes[i]).collect();
    let Some(pos) = episodes.iter().position(|e| std::ptr::eq(*e, current)) else {
        return true;
    };
    !episodes.iter().enumerate().any(|(k, e)| {
        k != pos
            && was_missing(e)
            && (e.reported_at < current.reported_at
                || (e.reported_at == current.reported_at && k < pos))
    })
}
