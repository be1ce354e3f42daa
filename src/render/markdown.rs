//! The handover as Markdown: for printing, and for reading aloud at the handover.
//! Times are Europe/London local time (`Mon 02 Mar 09:00`); the header names the zone.

use crate::calendar::time::{elapsed, when, when_full};
use crate::views::handover::{DueItem, Entry, EntryKind, Handover};
use crate::views::wording::{
    breach_outcome, category_label, describe_entry, due_status, due_when, risk_label,
};
use chrono::{DateTime, Utc};
use std::fmt::Write;

/// Characters Markdown would read as formatting, in text an officer typed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// "Jade Smith (C2, E1)": who an item is about.
fn who(name: &str, child: &str, episode: Option<&str>) -> String {
    match episode {
        Some(e) => format!("{} ({child}, {e})", escape(name)),
        None => format!("{} ({child})", escape(name)),
    }
}

/// What a report's header says it was worked out under: ", cumbria policy" on a
/// record of one authority; on one of several, each authority and its policy.
fn under(policy: Option<&str>, authorities: &[crate::views::AuthorityPolicy]) -> String {
    if authorities.is_empty() {
        return policy
            .map(|p| format!(", {} policy", escape(p)))
            .unwrap_or_default();
    }
    let each: Vec<String> = authorities
        .iter()
        .map(|a| {
            format!(
                "{} ({} policy, {})",
                escape(&a.authority),
                escape(&a.policy),
                escape(&a.version)
            )
        })
        .collect();
    let noun = if authorities.len() == 1 {
        "authority"
    } else {
        "authorities"
    };
    format!(", {noun} {}", each.join(", "))
}

/// What an entry says, without its time and recorder (Markdown-escaped).
pub fn describe(e: &Entry) -> String {
    describe_entry(e, escape)
}

/// One line of the "what happened" sections.
pub fn entry_line(e: &Entry) -> String {
    format!(
        "{}: {}: {}. By {}.",
        when(e.at),
        who(&e.name, &e.child, e.episode.as_deref()),
        describe(e),
        escape(&e.by)
    )
}

fn due_line(n: usize, d: &DueItem, at: DateTime<Utc>, several: bool) -> String {
    let mut s = format!(
        "{n}. **{}** ({}): {}, {}",
        due_status(d, at),
        due_when(d),
        escape(&d.title),
        who(&d.name, &d.child, Some(&d.episode)),
    );
    if several {
        let _ = write!(s, ", {}", escape(&d.authority));
    }
    if let Some(r) = &d.risk {
        let _ = write!(s, ", risk {}", risk_label(r));
    }
    if d.escalated {
        s.push_str(". ESCALATED");
    }
    match &d.acknowledged_by {
        Some(by) => {
            let _ = write!(s, ". Breach acknowledged by {}", escape(by));
        }
        None if d.state == "overdue" => s.push_str(". Breach NOT acknowledged"),
        None => {}
    }
    if let Some(detail) = &d.detail {
        let _ = write!(s, ". {}", escape(detail));
    }
    s.push('.');
    s
}

/// The sections of "what happened", in the order they are read out.
pub const SECTIONS: &[(&str, &[EntryKind])] = &[
    ("New episodes", &[EntryKind::Reported]),
    ("Returns", &[EntryKind::Returned]),
    ("Risk regradings", &[EntryKind::Regraded]),
    ("Breaches acknowledged", &[EntryKind::Acknowledged]),
    (
        "Actions completed and waived",
        &[EntryKind::Completed, EntryKind::Waived],
    ),
    ("Updates", &[EntryKind::Update]),
    (
        "Other records",
        &[
            EntryKind::PoliceInformed,
            EntryKind::RhiAttempt,
            EntryKind::RhiDeclined,
            EntryKind::DetailsAdded,
            EntryKind::EpisodesLinked,
            EntryKind::ChildRegistered,
            EntryKind::ChildUpdated,
            EntryKind::Corrected,
            EntryKind::CategoryChanged,
            EntryKind::ChildrenMerged,
        ],
    ),
];

/// The whole handover as Markdown.
pub fn render(h: &Handover) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Shift handover\n");
    let _ = writeln!(
        out,
        "Shift from **{}** to **{}**{}. Times are Europe/London local time.\n",
        when_full(h.since),
        when_full(h.at),
        under(h.policy.as_deref(), &h.authorities)
    );
    let several = h.authorities.len() > 1;
    let s = &h.summary;
    let _ = writeln!(
        out,
        "Missing now: **{}** ({} high risk). In the shift: {} reported, {} returned, \
         {} regraded, {} breach(es) ({} not acknowledged), {} action(s) completed, {} waived, \
         {} update(s).\n",
        s.missing_now,
        s.high_risk_now,
        s.reported,
        s.returned,
        s.regraded,
        s.breaches,
        s.breaches_unacknowledged,
        s.completed,
        s.waived,
        s.updates
    );
    if s.backlog > 0 {
        let _ = writeln!(
            out,
            "Backlog: **{}** returned episode(s) whose open actions were all due more than four weeks ago (not listed below).\n",
            s.backlog
        );
    }

    let _ = writeln!(
        out,
        "## Due by {}, most urgent first ({})\n",
        when(h.due_until),
        h.due.len()
    );
    if h.due.is_empty() {
        out.push_str("Nothing is overdue or falls due.\n\n");
    } else {
        for (n, d) in h.due.iter().enumerate() {
            out.push_str(&due_line(n + 1, d, h.at, several));
            out.push('\n');
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "## Deadlines missed in the shift ({})\n",
        h.breaches.len()
    );
    if h.breaches.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for b in &h.breaches {
            let _ = writeln!(
                out,
                "- {}: **BREACH** {}, {}{}: {}.",
                when(b.due_at),
                escape(&b.title),
                who(&b.name, &b.child, Some(&b.episode)),
                if several {
                    format!(", {}", escape(&b.authority))
                } else {
                    String::new()
                },
                breach_outcome(b, h.at, escape)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## What happened in the shift\n");
    for (title, kinds) in SECTIONS {
        let items: Vec<&Entry> = h
            .events
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .collect();
        if items.is_empty() && *title == "Other records" {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", items.len());
        if items.is_empty() {
            out.push_str("None.\n\n");
            continue;
        }
        for e in items {
            let _ = writeln!(out, "- {}", entry_line(e));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "_Made {}{}._",
        when_full(h.generated_at),
        if h.privacy {
            "; children's names as initials"
        } else {
            ""
        }
    );
    out
}

/// The daily missing report as Markdown (local times).
pub fn render_daily(d: &crate::views::daily::Daily) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Daily missing report\n");
    let _ = writeln!(
        out,
        "Children missing between **{}** and **{}**, or still missing{}. Times are \
         Europe/London local time.\n",
        when_full(d.window_from),
        when_full(d.at),
        under(d.policy.as_deref(), &d.authorities)
    );
    // The whole desk of several authorities: each row says whose procedure it follows.
    let several = d.authorities.len() > 1;
    let s = &d.summary;
    let _ = writeln!(
        out,
        "Episodes: **{}**. Still missing: **{}** ({} high risk). Actions due: {}. \
         Actions overdue: {} (on {} episode(s)).\n",
        s.episodes, s.still_missing, s.high_risk, s.actions_due, s.actions_overdue, s.with_overdue
    );
    if d.episodes.is_empty() {
        out.push_str("No child was missing in the period.\n\n");
    } else {
        let (auth_head, auth_rule) = if several {
            ("Authority | ", "---|")
        } else {
            ("", "")
        };
        let _ = writeln!(
            out,
            "| Risk | Child | Episode | {auth_head}Category | Missing since | Returned | Elapsed | Due | Overdue | Next action | Worker |",
        );
        let _ = writeln!(
            out,
            "|---|---|---|{auth_rule}---|---|---|---|---|---|---|---|"
        );
        for r in &d.episodes {
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
                r.risk_label,
                escape(&r.name),
                escape(&r.child),
                escape(&r.episode),
                if several {
                    format!("{} | ", escape(&r.authority))
                } else {
                    String::new()
                },
                category_label(r.category),
                when(r.missing_since),
                r.returned_at
                    .map(when)
                    .unwrap_or_else(|| "STILL MISSING".into()),
                elapsed(r.elapsed_s),
                r.actions_due,
                r.actions_overdue,
                escape(&crate::views::daily::next_text(r, d.at)),
                r.allocated_worker
                    .as_deref()
                    .map(escape)
                    .unwrap_or_else(|| "none".into()),
            );
        }
        out.push('\n');
        let _ = writeln!(out, "## Recommended next actions, most urgent first\n");
        for r in &d.episodes {
            let _ = writeln!(
                out,
                "### {} ({}, {}), risk {}\n",
                escape(&r.name),
                escape(&r.child),
                escape(&r.episode),
                r.risk_label
            );
            if r.actions.is_empty() {
                out.push_str("No action open.\n\n");
                continue;
            }
            for (n, a) in r.actions.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{}. **{}**: {} ({}).",
                    n + 1,
                    crate::views::wording::action_status(a.state, a.opens_at, a.due_at, d.at),
                    escape(&a.title),
                    if a.asap {
                        format!("as soon as possible, open since {}", when(a.opens_at))
                    } else {
                        format!("due {}", when(a.due_at))
                    }
                );
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "_Made {}{}._",
        when_full(d.generated_at),
        if d.privacy {
            "; children's names as initials"
        } else {
            ""
        }
    );
    out
}

/// A span of seconds for the statistics (`2d 04h`), or `n/a`.
fn span(s: Option<i64>) -> String {
    s.map(elapsed).unwrap_or_else(|| "n/a".into())
}

/// The statistics as Markdown.
pub fn render_stats(st: &crate::views::stats::Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Missing statistics\n");
    let _ = writeln!(
        out,
        "Episodes reported from **{}** to **{}** inclusive (Europe/London dates){}; the record \
         as it stood at {}.\n",
        st.from,
        st.to,
        under(st.policy.as_deref(), &st.authorities),
        when_full(st.at)
    );
    let _ = writeln!(
        out,
        "Episodes: **{}**. Distinct children: **{}**.\n",
        st.episodes, st.children
    );
    for (title, map) in [
        ("By category", &st.by_category),
        ("By status", &st.by_status),
        ("By risk", &st.by_risk),
    ] {
        let _ = writeln!(out, "## {title}\n");
        out.push_str("| | Episodes | Children |\n|---|---|---|\n");
        for (k, t) in map {
            let _ = writeln!(out, "| {} | {} | {} |", escape(k), t.episodes, t.children);
        }
        out.push('\n');
    }
    let d = &st.duration;
    let _ = writeln!(out, "## Duration (last seen to return)\n");
    let _ = writeln!(
        out,
        "Returned: {}. Still missing: {}. Median: {}. 90th percentile: {} (nearest rank).\n",
        d.returned,
        d.still_missing,
        span(d.median_s),
        span(d.p90_s)
    );
    let r = &st.rhi;
    let _ = writeln!(out, "## Return home interviews\n");
    let _ = writeln!(
        out,
        "Done within 72 hours of the return: {} of {} returned ({}). Declined: {}.\n",
        r.within_72h,
        r.returned,
        r.within_72h_percent
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "n/a".into()),
        r.declined
    );
    let _ = writeln!(
        out,
        "## Children missing 3 or more times in 90 days ({})\n",
        st.repeat_children.len()
    );
    if st.repeat_children.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for c in &st.repeat_children {
            let _ = writeln!(
                out,
                "- {} ({}): {} episodes",
                escape(&c.name),
                escape(&c.child),
                c.episodes_in_90_days
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Breaches by rule ({})\n", st.breaches);
    if st.breaches_by_rule.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for (rule, n) in &st.breaches_by_rule {
            let _ = writeln!(out, "- {}: {n}", escape(rule));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Report to first strategy meeting\n");
    let _ = writeln!(
        out,
        "Held: {}. Median time from report: {} (nearest rank).",
        st.strategy_meeting.held,
        span(st.strategy_meeting.median_s)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_become_markdown_formatting() {
        assert_eq!(
            escape("*seen* at [the] park_2"),
            "\\*seen\\* at \\[the\\] park\\_2"
        );
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
