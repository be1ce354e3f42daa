//! The daily report as CSV (RFC 4180): one row per episode, the header names
//! documented in docs/INTERFACE.md ("report daily"). Instants are RFC 3339 in UTC.

use crate::calendar::time::rfc;
use crate::views::daily::{actions_text, Daily};

/// The header, in column order.
pub const DAILY_HEADER: &[&str] = &[
    "episode",
    "child",
    "name",
    "status",
    "category",
    "risk",
    "section",
    "missing_since",
    "reported_at",
    "returned_at",
    "elapsed_s",
    "allocated_worker",
    "police_ref",
    "actions_due",
    "actions_overdue",
    "next_action",
    "next_state",
    "next_due_at",
    "recommended_actions",
];

/// One field: quoted when it holds a comma, quote or line break (quotes doubled); a
/// field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab) is
/// prefixed with `'`.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The daily report as CSV, lines ended by CRLF (RFC 4180), header first.
pub fn render_daily(d: &Daily) -> String {
    let mut out = DAILY_HEADER.join(",");
    out.push_str("\r\n");
    for r in &d.episodes {
        let cells: Vec<String> = vec![
            r.episode.clone(),
            r.child.clone(),
            r.name.clone(),
            r.status.to_string(),
            r.category.to_string(),
            r.risk.to_string(),
            r.section.to_string(),
            rfc(r.missing_since),
            rfc(r.reported_at),
            r.returned_at.map(rfc).unwrap_or_default(),
            r.elapsed_s.to_string(),
            r.allocated_worker.clone().unwrap_or_default(),
            r.police_ref.clone().unwrap_or_default(),
            r.actions_due.to_string(),
            r.actions_overdue.to_string(),
            r.next_action.clone().unwrap_or_default(),
            r.next_state.unwrap_or_default().to_string(),
            r.next_due_at.map(rfc).unwrap_or_default(),
            actions_text(r, d.at),
        ];
        let cells: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
    }
}
