//! The board as plain text, for a terminal that is not the live board.

use crate::views::board::{Board, Section, BACKLOG_AFTER};
use crate::views::wording as fmt;
use chrono::{DateTime, Utc};

/// The board as plain text (for `board --format text` and `demo --print`).
pub fn board_text(board: &Board, policy: &str, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let c = board.counts;
    out.push_str(&format!(
        "dutyboard - {policy} - {} - missing {}  high risk {}  breached {}\n",
        crate::calendar::time::when_full(now),
        c.missing,
        c.high_risk,
        c.breached
    ));
    // A record of several authorities: each one's counts, and an AUTH column.
    let several = board.several_authorities();
    for a in &board.by_authority {
        out.push_str(&format!(
            "  {}: missing {}  high risk {}  breached {}\n",
            a.authority, a.counts.missing, a.counts.high_risk, a.counts.breached
        ));
    }
    let auth = |text: &str| {
        if several {
            format!("{:<17} ", truncate(text, 17))
        } else {
            String::new()
        }
    };
    if let Some(skew) = &board.clock_skew {
        out.push_str(&format!("! {skew}\n"));
    }
    for n in &board.not_applied {
        out.push_str(&format!("! {n}: void it to repair the record\n"));
    }
    let mut section = None;
    for r in board.rows.iter().filter(|r| r.section != Section::Backlog) {
        if section != Some(r.section) {
            section = Some(r.section);
            out.push_str(&format!("\n{}\n", r.section.title()));
            out.push_str(&format!(
                "{:<22} {}{:>3} {:<10} {:<4} {:<16} {:<8} {:<28} {:<16} {}\n",
                "NAME",
                auth("AUTH"),
                "AGE",
                "STATUS",
                "RISK",
                "MISSING SINCE",
                "ELAPSED",
                "NEXT ACTION",
                "DUE",
                "BR"
            ));
        }
        let due = match (r.next_state, r.next_opens_at, r.next_due_at) {
            (Some(s), Some(o), Some(d)) => fmt::countdown(s, o, d, now),
            _ => "-".into(),
        };
        let mut name = r.name.clone();
        if !r.violations.is_empty() {
            name.push_str(" !");
        }
        out.push_str(&format!(
            "{:<22} {}{:>3} {:<10} {:<4} {:<16} {:<8} {:<28} {:<16} {}\n",
            truncate(&name, 22),
            auth(&r.authority),
            r.age,
            r.status.label(),
            r.risk_label,
            crate::calendar::time::when(r.missing_since),
            crate::calendar::time::elapsed(r.elapsed_s),
            truncate(r.next_title.as_deref().unwrap_or("-"), 28),
            due,
            r.breaches
        ));
        for v in &r.violations {
            out.push_str(&format!("    ! policy: {v}\n"));
        }
    }
    if board.counts.backlog > 0 {
        out.push_str(&format!(
            "\n{} ({}): returned, every open action due more than {} days ago; `board --format json` lists them\n",
            Section::Backlog.title(),
            board.counts.backlog,
            BACKLOG_AFTER.num_days()
        ));
    }
    if board.rows.is_empty() {
        out.push_str("\nNo child is missing and no action is open.\n");
    }
    out
}

/// Cuts a cell to its column with a `~`, so a long name never shifts the columns after it.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('~');
        t
    }
}
