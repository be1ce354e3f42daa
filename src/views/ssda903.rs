//! The DfE SSDA903 "Missing" table: every period a looked-after child was missing
//! (`M`) or away from placement without authorisation (`A`) in a collection year
//! (1 April to 31 March, Europe/London dates), as the CSV the DfE's validator
//! (`csc-validator-be-903`) reads.
//!
//! Choices, following the rules that validator encodes:
//! - a period is in the year when it overlaps it: it starts on or before 31 March
//!   (rule 570) and has not ended before 1 April (rule 571). A period that started
//!   before 1 April keeps its real start date; one still open on 31 March, or that
//!   ended after it, has an empty `MIS_END` (571: an end date after the year is an
//!   error).
//! - periods of one child may not overlap (rule 574: a period may not start while the
//!   previous one is open or before it ended). Overlapping periods are **merged** into
//!   one running from the earliest start to the latest end (open if either is), `M` if
//!   either was missing. A period starting on the day the previous ended is kept apart.
//! - a period starting before the child's date of birth is dropped (rule 586), and an
//!   end before the start (a mis-keyed return) is taken as the start date (rule 567).
//! - looked-after children only: the child's status in the state given.
//! - per authority (`--authority A`): the children A is responsible for, its own and
//!   those it placed here from elsewhere on the record; a child another council placed
//!   here is in that council's return (the responsible authority makes the SSDA903).

use crate::calendar::local_date;
use crate::record::vocab::{Category, Status};
use crate::record::{Child, State};
use chrono::NaiveDate;

/// One row of the Missing table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub child: String,
    pub dob: NaiveDate,
    /// `M` (missing) or `A` (away from placement without authorisation).
    pub missing: char,
    pub start: NaiveDate,
    /// `None`: still open at the end of the collection year.
    pub end: Option<NaiveDate>,
}

/// The first and last dates of the collection year ending 31 March `year`.
pub fn collection_year(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year - 1, 4, 1)?,
        NaiveDate::from_ymd_opt(year, 3, 31)?,
    ))
}

/// `A` for `absent` (away from placement without authorisation, whereabouts known),
/// `M` for missing and every whereabouts-unknown category.
pub fn code(category: Category) -> char {
    if category == Category::Absent {
        'A'
    } else {
        'M'
    }
}

/// The rows for the collection year ending 31 March `year`, by child reference then
/// start date.
pub fn build(state: &State, year: i32) -> Vec<Row> {
    rows(state, year, &|_| true)
}

/// The council responsible for `child` (INTERFACE): the one that placed it here
/// (`placing_authority`), else its own authority (`default` when none is recorded:
/// a record of one authority).
pub fn responsible_authority<'a>(child: &'a Child, default: &'a str) -> &'a str {
    child
        .placing_authority
        .as_deref()
        .or(child.authority.as_deref())
        .unwrap_or(default)
}

/// The rows of the return `authority` makes (`export ssda903 --authority A`): the
/// children it is responsible for (INTERFACE: "its own, and those elsewhere on the
/// record whose `placing_authority` it is"). A child placed here by another council
/// is that council's return, not the host's. `default` is the authority of a child
/// with none recorded.
pub fn build_for(state: &State, year: i32, authority: &str, default: &str) -> Vec<Row> {
    rows(state, year, &|c| {
        responsible_authority(c, default).eq_ignore_ascii_case(authority)
    })
}

fn rows(state: &State, year: i32, include: &dyn Fn(&Child) -> bool) -> Vec<Row> {
    let Some((first, last)) = collection_year(year) else {
        return Vec::new();
    };
    let mut children: Vec<_> = state
        .children
        .values()
        .filter(|c| c.status == Status::LookedAfter && include(c))
        .collect();
    children.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut rows = Vec::new();
    for child in children {
        let mut periods: Vec<Row> = child
            .episodes
            .iter()
            .map(|&i| &state.episodes[i])
            .filter_map(|e| {
                let start = local_date(e.last_seen_at);
                let end = e.returned.as_ref().map(|r| local_date(r.at).max(start));
                if start > last || start < child.dob || end.is_some_and(|d| d < first) {
                    return None;
                }
                Some(Row {
                    child: child.reference.clone(),
                    dob: child.dob,
                    missing: code(e.category),
                    start,
                    end: end.filter(|&d| d <= last),
                })
            })
            .collect();
        periods.sort_by_key(|p| (p.start, p.end.is_none(), p.end));
        let mut merged: Vec<Row> = Vec::new();
        for p in periods {
            match merged.last_mut() {
                Some(prev) if prev.end.is_none_or(|end| p.start < end) => {
                    prev.end = match (prev.end, p.end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    if p.missing == 'M' {
                        prev.missing = 'M';
                    }
                }
                _ => merged.push(p),
            }
        }
        rows.extend(merged);
    }
    rows
}
