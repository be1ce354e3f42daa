//! The daily report as one printable, self-contained HTML page: inline CSS, no script,
//! no external asset. Risk and breaches are written as text (HIGH, OVERDUE), never by
//! colour alone; everything from the record is escaped.

use crate::calendar::time::{elapsed, when, when_full};
use crate::views::daily::{next_text, Daily};
use crate::views::wording::action_status;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:1.5em;color:#000;background:#fff}\
table{border-collapse:collapse;width:100%;font-size:0.9em}\
th,td{border:1px solid #444;padding:0.25em 0.4em;text-align:left;vertical-align:top}\
th{background:#eee}.risk-high{font-weight:bold;border-left:4px solid #b00}\
.overdue{font-weight:bold;text-decoration:underline}\
ol{margin:0;padding-left:1.2em}\
@page{size:A4 landscape;margin:1cm}\
@media print{body{margin:0}tr{page-break-inside:avoid}}";

/// The daily report as an HTML document.
pub fn render_daily(d: &Daily) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<title>Daily missing report</title>\n");
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str("<h1>Daily missing report</h1>\n");
    let _ = writeln!(
        out,
        "<p>Children missing between <strong>{}</strong> and <strong>{}</strong>, or still \
         missing{}. Times are Europe/London local time.</p>",
        escape(&when_full(d.window_from)),
        escape(&when_full(d.at)),
        d.policy
            .as_deref()
            .map(|p| format!(", {} policy", escape(p)))
            .unwrap_or_default()
    );
    let s = &d.summary;
    let _ = writeln!(
        out,
        "<p>Episodes: <strong>{}</strong>. Still missing: <strong>{}</strong> ({} high risk). \
         Actions due: {}. Actions overdue: {} (on {} episode(s)).</p>",
        s.episodes, s.still_missing, s.high_risk, s.actions_due, s.actions_overdue, s.with_overdue
    );
    if d.episodes.is_empty() {
        out.push_str("<p>No child was missing in the period.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Child</th>\
             <th scope=\"col\">Episode</th><th scope=\"col\">Category</th>\
             <th scope=\"col\">Missing since</th>\
             <th scope=\"col\">Returned</th><th scope=\"col\">Elapsed</th>\
             <th scope=\"col\">Due</th><th scope=\"col\">Overdue</th>\
             <th scope=\"col\">Recommended next actions</th><th scope=\"col\">Worker</th></tr></thead>\n<tbody>\n",
        );
        for r in &d.episodes {
            let class = if r.risk == "high" {
                " class=\"risk-high\""
            } else {
                ""
            };
            let mut actions = String::new();
            if r.actions.is_empty() {
                let _ = write!(actions, "{}", escape(&next_text(r, d.at)));
            } else {
                actions.push_str("<ol>");
                for a in &r.actions {
                    let status = action_status(a.state, a.opens_at, a.due_at, d.at);
                    let status = if a.state == "overdue" {
                        format!("<span class=\"overdue\">{}</span>", escape(&status))
                    } else {
                        escape(&status)
                    };
                    let _ = write!(actions, "<li>{}: {status}</li>", escape(&a.title));
                }
                actions.push_str("</ol>");
            }
            let _ = writeln!(
                out,
                "<tr><td{class}>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{actions}</td><td>{}</td></tr>",
                r.risk_label,
                escape(&r.name),
                escape(&r.child),
                escape(&r.episode),
                crate::record::vocab::Category::parse(r.category)
                    .map(|c| c.label())
                    .unwrap_or(r.category),
                escape(&when(r.missing_since)),
                r.returned_at
                    .map(|t| escape(&when(t)))
                    .unwrap_or_else(|| "STILL MISSING".into()),
                escape(&elapsed(r.elapsed_s)),
                r.actions_due,
                if r.actions_overdue > 0 {
                    format!("{} OVERDUE", r.actions_overdue)
                } else {
                    "0".into()
                },
                r.allocated_worker
                    .as_deref()
                    .map(escape)
                    .unwrap_or_else(|| "none".into()),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "<p><em>Made {}{}.</em></p>\n</body>\n</html>",
        escape(&when_full(d.generated_at)),
        if d.privacy {
            "; children&#39;s names as initials"
        } else {
            ""
        }
    );
    out
}
