//! Which children an event changes, for a desk that keeps its evaluation between
//! refreshes (procedures::engine::working_set): an event about a child or one of its
//! episodes touches that child; a merge touches both children; a `policy_adopted` or
//! `calendar_loaded` touches every child (they change how every episode is read). A
//! fold afresh (an event entered late, a void) is compared child by child with the
//! fold it replaces: a correction, void or merge touches every child it changed.

use super::entities::NotificationStatus;
use super::event::{Event, EventKind, TriageEvent};
use super::fold::State;
use std::collections::HashSet;

/// Children changed since a desk last evaluated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Every child (a policy or calendar event, a first fold).
    pub all: bool,
    pub children: HashSet<String>,
}

impl Touched {
    /// Everything, as a first fold is.
    pub fn everything() -> Touched {
        Touched {
            all: true,
            children: HashSet::new(),
        }
    }

    /// Adds what `event`, folded into `state`, touched.
    pub fn add_event(&mut self, state: &State, event: &Event) {
        if self.all {
            return;
        }
        // A merged child's events apply to the child kept: every name on the way
        // (a duplicate merged again merges the child it went into).
        let mut child = |c: &str| {
            let mut r = c;
            self.children.insert(r.to_string());
            while let Some(into) = state.merged.get(r) {
                self.children.insert(into.clone());
                r = into;
            }
        };
        match &event.kind {
            EventKind::PolicyAdopted(_) | EventKind::CalendarLoaded { .. } => {
                self.all = true;
                self.children.clear();
                return;
            }
            EventKind::ChildRegistered { child: c, .. }
            | EventKind::ChildUpdated { child: c, .. } => child(c),
            EventKind::ChildrenMerged { child: c, into, .. } => {
                child(c);
                child(into);
            }
            EventKind::EpisodeReported {
                child: c,
                missing_with,
                ..
            } => {
                child(c);
                for e in missing_with {
                    if let Some(e) = state.episode(e) {
                        child(&e.child);
                    }
                }
            }
            EventKind::EpisodesLinked { with, .. } => {
                for e in with {
                    if let Some(e) = state.episode(e) {
                        child(&e.child);
                    }
                }
            }
            // A police re-send, or the dismissal of its regrade, changes what the
            // episode opened from the notification shows (review D4).
            EventKind::Triage(t) => match t.as_ref() {
                TriageEvent::Received { notification, .. }
                | TriageEvent::Dismissed { notification, .. } => {
                    if let Some(NotificationStatus::Accepted { episode, .. }) =
                        state.notification(notification).map(|n| &n.status)
                    {
                        if let Some(e) = state.episode(episode) {
                            child(&e.child);
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if let Some(e) = event.episode().and_then(|e| state.episode(e)) {
            let c = e.child.clone();
            self.children.insert(c);
        }
        if matches!(event.kind, EventKind::EventVoided { .. }) {
            // A void is placed only by a fold afresh, which compares children; should
            // one ever be folded on top, every child is read again.
            self.all = true;
            self.children.clear();
        }
    }

    /// Adds every child that differs between `old` and `new` (a fold afresh). Places
    /// in the fold (an episode's timeline, a child's episode indices) are not compared:
    /// an event entered late moves every later place without changing what they hold.
    pub fn add_changed(&mut self, old: &mut State, new: &mut State) {
        if self.all {
            return;
        }
        for reference in old.children.keys() {
            if !new.children.contains_key(reference) {
                self.children.insert(reference.clone());
            }
        }
        let references: Vec<String> = new.children.keys().cloned().collect();
        for reference in references {
            if !same_child(old, new, &reference) {
                self.children.insert(reference);
            }
        }
    }
}

/// Whether the child `reference` folded the same in `old` and `new`, places aside.
fn same_child(old: &mut State, new: &mut State, reference: &str) -> bool {
    let (Some(a), Some(b)) = (
        old.children.get_mut(reference),
        new.children.get_mut(reference),
    ) else {
        return false;
    };
    let ea = std::mem::take(&mut a.episodes);
    let eb = std::mem::take(&mut b.episodes);
    let same = *a == *b && ea.len() == eb.len();
    a.episodes = ea.clone();
    b.episodes = eb.clone();
    same && ea
        .iter()
        .zip(&eb)
        .all(|(&i, &j)| same_episode(old, i, new, j))
}

fn same_episode(old: &mut State, i: usize, new: &mut State, j: usize) -> bool {
    let (Some(a), Some(b)) = (old.episodes.get_mut(i), new.episodes.get_mut(j)) else {
        return false;
    };
    let pa = std::mem::take(&mut a.events);
    let pb = std::mem::take(&mut b.events);
    let same = *a == *b;
    a.events = pa;
    b.events = pb;
    same
}
