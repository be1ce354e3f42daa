//! A `child_updated` applied to the child's record.

use super::super::entities::Child;
use super::super::event::ChildDetails;
use super::super::vocab::Flag;
use chrono::{DateTime, Utc};

pub(super) fn apply_child_details(record: &mut Child, details: &ChildDetails, at: DateTime<Utc>) {
    if let Some(name) = &details.name {
        record.name = name.clone();
    }
    if let Some(dob) = details.dob {
        record.dob = dob;
    }
    // A change of status or flags is a fact of its time: the history keeps what stood
    // before it (rules read the conditions as they stood when they opened).
    if let Some(status) = details.status {
        if status != record.status {
            record.status_history.push((at, status));
        }
        record.status = status;
    }
    if let Some(flags) = &details.flags {
        let same = |a: &[Flag], b: &[Flag]| a.iter().all(|f| b.contains(f));
        if !(same(flags, &record.flags) && same(&record.flags, flags)) {
            record.flags_history.push((at, flags.clone()));
        }
        record.flags = flags.clone();
    }
    if details.authority.is_some() {
        record.authority = details.authority.clone();
    }
    if details.allocated_worker.is_some() {
        record.allocated_worker = details.allocated_worker.clone();
    }
    if details.placement.is_some() {
        record.placement = details.placement.clone();
    }
    if details.placing_authority.is_some() {
        record.placing_authority = details.placing_authority.clone();
    }
}
