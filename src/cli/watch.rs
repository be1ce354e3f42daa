//! `dutyboard watch`: one line a change, for logs and screen readers (issue 17). It
//! reads only; any number can follow one record beside the boards.

use super::{config, Cli, Format, WatchArgs};
use crate::desk::{Desk, DeskError};
use crate::record::EventLog;
use crate::views::watch::{recorded, summary, Change, Seen};
use chrono::Utc;
use std::time::Duration;

pub(super) fn watch(cli: &Cli, args: &WatchArgs) -> Result<(), DeskError> {
    let desk = Desk::open_read_only(&config(cli), None)?;
    let say = |change: &Change| match args.format {
        Format::Text => outln!("{}", change.line()),
        Format::Json => jsonln!(
            "{}",
            serde_json::to_string(change).expect("a change serialises")
        ),
    };
    let mut seq = desk.store.last_seq()?;
    let now = Utc::now();
    let (state, evaluation, _) = desk.evaluate_now(now)?;
    let mut seen = Seen::primed(&evaluation);
    if let Format::Text = args.format {
        outln!(
            "watching the record: {} (one line a change; Ctrl+C stops)",
            summary(&state, &evaluation)
        );
    }
    let mut next_change = crate::views::detail::next_change(&evaluation, now);
    let mut minute = now.timestamp().div_euclid(60);
    loop {
        std::thread::sleep(Duration::from_millis(args.interval_ms.max(50)));
        let now = Utc::now();
        let mut fresh = Vec::new();
        desk.store.visit_after(seq, None, &mut |s| fresh.push(s))?;
        // The clock alone moves actions on: at their next change, or each minute.
        let clock_moved =
            next_change.is_some_and(|t| t <= now) || now.timestamp().div_euclid(60) != minute;
        if fresh.is_empty() && !clock_moved {
            continue;
        }
        minute = now.timestamp().div_euclid(60);
        let (state, evaluation, _) = desk.evaluate_now(now)?;
        for s in &fresh {
            seq = seq.max(s.seq);
            say(&recorded(
                s.seq,
                &s.event,
                &state,
                &desk.policy,
                desk.privacy,
            ));
        }
        for change in seen.moved(&state, &evaluation, now, desk.privacy) {
            say(&change);
        }
        next_change = crate::views::detail::next_change(&evaluation, now);
    }
}
