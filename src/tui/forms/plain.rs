//! A refusal from the record's checks, in the words of the form it is shown in:
//! times in London local time ("21:40", "Mon 30 Nov 21:53"), never UTC, and the
//! record's own words (`last_seen_at`, `looked_after`, `episode_corrected`) as an
//! officer reads them. The checks write for `import` too; the form reads them here.

use super::confirm::clock;
use crate::record::vocab::{Category, Flag, Risk, Status};
use chrono::{DateTime, Utc};

/// The event format's words as a form says them.
const WORDS: &[(&str, &str)] = &[
    ("last_seen_at", "the last-seen time"),
    ("reported_at", "the report time"),
    ("found_report_at", "the found report time"),
    ("last_seen_location", "where last seen"),
    ("dob", "date of birth"),
    ("allocated_worker", "allocated worker"),
    ("placing_authority", "placing authority"),
    ("police_ref", "police reference"),
    ("episode_reported", "the report"),
    ("episode_corrected", "a correction (C)"),
    ("category_changed", "a change of category (C)"),
    ("risk_changed", "a regrade (g)"),
    ("event_voided", "marking it as made in error (X)"),
    ("children_merged", "a merge (M)"),
    ("child_updated", "a change of the child's details (E)"),
    ("child_registered", "the registration"),
    ("child_returned", "the return"),
    ("action_completed", "a completion"),
    ("action_waived", "a waiver"),
    ("details_added", "police information added"),
    ("update_recorded", "an update"),
];

/// One word of the record as a form says it, if it is one.
fn word(w: &str) -> Option<String> {
    if let Some((_, plain)) = WORDS.iter().find(|(k, _)| *k == w) {
        return Some(plain.to_string());
    }
    if let Ok(c) = Category::parse(w) {
        return Some(c.label().to_lowercase());
    }
    if let Ok(s) = Status::parse(w) {
        return Some(s.label().to_lowercase());
    }
    if let Ok(r) = Risk::parse(w) {
        return Some(r.label().to_string());
    }
    if w.contains('_') {
        if let Ok(f) = Flag::parse(w) {
            return Some(f.as_str().replace('_', " "));
        }
    }
    None
}

/// The RFC 3339 instant that starts `text`, if one does, and how long it is.
fn instant(text: &str) -> Option<(DateTime<Utc>, usize)> {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(10) == Some(&b'T')) {
        return None;
    }
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | '+' | 'T' | 'Z')))
        .map_or(text.len(), |(i, _)| i);
    (11..=end).rev().find_map(|n| {
        let t = text.get(..n)?;
        DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|t| (t.with_timezone(&Utc), n))
    })
}

/// `reason` in a form's words: local times, the record's words said plainly.
pub fn plain(reason: &str, now: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(c) = rest.chars().next() {
        if let Some((t, n)) = instant(rest) {
            out.push_str(&clock(t, now));
            rest = &rest[n..];
            continue;
        }
        if c == '`' {
            if let Some(close) = rest[1..].find('`') {
                let inner = &rest[1..1 + close];
                out.push_str(&word(inner).unwrap_or_else(|| plain(inner, now)));
                rest = &rest[close + 2..];
                continue;
            }
        }
        if c.is_alphanumeric() || c == '_' {
            let end = rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(rest.len(), |(i, _)| i);
            let w = &rest[..end];
            match word(w).filter(|_| w.contains('_')) {
                Some(p) => out.push_str(&p),
                None => out.push_str(w),
            }
            rest = &rest[end..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_refusal_reads_in_local_time_and_the_desks_words() {
        // 1 July: London is on BST, an hour ahead of UTC.
        let now = at("2026-07-01T22:00:00Z");
        let said = plain(
            "episode `E1`: last_seen_at 2026-07-01T21:40:00Z would be after the report (2026-06-30T08:00:00Z)",
            now,
        );
        assert_eq!(
            said,
            "episode E1: the last-seen time 22:40 would be after the report (Tue 30 Jun 09:00)"
        );
        assert!(!said.contains('Z') && !said.contains('`'), "{said}");
    }

    #[test]
    fn the_records_words_for_a_category_and_an_event_are_said_plainly() {
        let now = at("2026-03-04T12:00:00Z");
        let said = plain(
            "episode `E1` is already unauthorised_absence; to put a wrong report right, use episode_corrected",
            now,
        );
        assert!(!said.contains('_'), "{said}");
        assert!(said.contains("a correction (C)"), "{said}");
    }
}
