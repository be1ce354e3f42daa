//! The detail pane (Enter): the child and the episode; the police information
//! checklist with what the record still lacks; every rule instance with its state,
//! due time and source; the timeline of events with who and when.

use super::{Handled, OPEN_PANES};
use crate::calendar::time::{elapsed, when};
use crate::procedures::{InstanceState, RuleInstance};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::bindings::*;
use crate::tui::forms::FormKind;
use crate::tui::widgets::{fit, pad, risk_style, state_style, wrap};
use crate::views::detail::EpisodeDetail;
use crate::views::wording::{board_countdown, state_label};
use crossterm::event::KeyCode::{Backspace, Enter, Esc, Left, Right};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub static KEYS: Table = Table {
    title: " Keys: the detail pane ",
    rows: &[
        &SCROLL,
        &SCROLL_PAGE,
        &Row {
            label: "Left/Right",
            help: "previous / next child",
            binds: &[
                bind(plain(Left), Action::PrevChild),
                bind(plain(Right), Action::NextChild),
            ],
        },
        &Row {
            label: "Esc",
            help: "back to the board",
            binds: &[
                bind(plain(Esc), Action::Back),
                bind(plain(Backspace), Action::Back),
                bind(plain(Enter), Action::Back),
            ],
        },
        &REPORT,
        &UPDATE,
        &POLICE,
        &RISK,
        &COMPLETE,
        &WAIVE,
        &RETURN,
        &ACKNOWLEDGE,
        &RHI,
        &LINK,
        &DETAILS,
        &CORRECTIONS,
        &UNDO,
        &PRIVACY,
        &THEME,
        &OPERATOR_OWNER,
        &OPEN_PANES,
        &HELP,
        &QUIT,
        &BOARD_CTRL,
        // The board's keys still work from here; the help lists the pane's own.
        &line(HOME_END_BINDS, ""),
        &Row {
            label: "",
            help: "",
            binds: &[
                bind(ch('/'), Action::StartFilter),
                bind(ch('s'), Action::CycleSort),
                bind(ch('S'), Action::ReverseSort),
            ],
        },
    ],
    hints: &[
        (&[Action::Back], "board"),
        (&[Action::Up, Action::Down], "scroll"),
        (&[Action::OpenForm(FormKind::Update)], "update"),
        (&[Action::OpenForm(FormKind::Complete)], "done"),
        (&[Action::OpenForm(FormKind::Waive)], "waive"),
        (&[Action::OpenForm(FormKind::Acknowledge)], "ack"),
        (&[Action::OpenForm(FormKind::Details)], "add info"),
        (&[Action::OpenForm(FormKind::Correct)], "correct"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Quit], "quit"),
    ],
    otherwise: Otherwise::Nothing,
    legend: true,
};

/// Opens the selected child's episode.
pub fn open(app: &mut App) -> Option<crate::tui::action::Effect> {
    if app.selected.is_some() {
        app.screen = Screen::Detail { scroll: 0 };
    } else {
        app.say("No child is selected", true);
    }
    None
}

/// Scrolling (kept within the episode's length), and moving to the previous or next
/// child on the board.
pub fn update(app: &mut App, action: &Action) -> Handled {
    let page = app.page() as i32;
    let by = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => -i32::from(u16::MAX),
        Action::Bottom => i32::from(u16::MAX),
        Action::Resize(..) => 0,
        Action::PrevChild => {
            app.move_selection(-1);
            return Handled::Done;
        }
        Action::NextChild => {
            app.move_selection(1);
            return Handled::Done;
        }
        _ => return Handled::Pass,
    };
    if let Screen::Detail { scroll } = app.screen {
        let max = max_scroll(app);
        app.screen = Screen::Detail {
            scroll: (i32::from(scroll) + by).clamp(0, i32::from(max)) as u16,
        };
    }
    Handled::Done
}

/// The rows the detail pane has on a terminal of `size`.
fn body_height(app: &App) -> u16 {
    let errors = u16::from(!app.snapshot.board.errors.is_empty());
    app.size.1.saturating_sub(4 + errors)
}

/// How far the pane can scroll (`update` keeps the scroll in range).
pub fn max_scroll(app: &App) -> u16 {
    let Some(d) = app.selected.as_deref().and_then(|e| app.snapshot.detail(e)) else {
        return 0;
    };
    let n = lines(app, d, app.size.0).len() as u16;
    let h = body_height(app);
    if n > h {
        n.saturating_sub(h - 1)
    } else {
        0
    }
}

pub fn draw(f: &mut Frame, app: &App, scroll: u16, area: Rect) {
    let s = app.styles();
    let Some(d) = app.selected.as_deref().and_then(|e| app.snapshot.detail(e)) else {
        f.render_widget(
            Paragraph::new(" This child is no longer on the board. Esc goes back.").style(s.dim),
            area,
        );
        return;
    };
    let all = lines(app, d, area.width);
    let overflow = all.len() as u16 > area.height;
    let view = Rect {
        height: area.height - u16::from(overflow),
        ..area
    };
    let max = (all.len() as u16).saturating_sub(view.height);
    let scroll = scroll.min(max);
    f.render_widget(Paragraph::new(all).style(s.base).scroll((scroll, 0)), view);
    if overflow {
        let text = if scroll < max {
            format!(
                " lines {}-{} of {}  (Down/PgDn for more) ",
                scroll + 1,
                scroll + view.height,
                max + view.height
            )
        } else {
            format!(
                " lines {}-{} of {}  (end) ",
                scroll + 1,
                scroll + view.height,
                max + view.height
            )
        };
        let w = text.len() as u16;
        f.buffer_mut().set_stringn(
            area.x + area.width.saturating_sub(w) / 2,
            area.y + area.height - 1,
            text,
            w as usize,
            s.dim,
        );
    }
}

fn heading(text: String, style: Style) -> Line<'static> {
    Line::from(Span::styled(text, style))
}

/// The pane's lines for `width` columns (no wrapping happens later, so the count is
/// exact).
pub fn lines(app: &App, d: &EpisodeDetail, width: u16) -> Vec<Line<'static>> {
    let s = app.styles();
    let w = width as usize;
    let now = app.snapshot.now;
    let mut out: Vec<Line<'static>> = Vec::new();
    let label = |t: &str| Span::styled(pad(t, 13), s.dim);
    let text = |t: String| Span::styled(t, s.base);

    // The child.
    let mut flags: Vec<&str> = d.flags.iter().map(|f| f.as_str()).collect();
    if flags.is_empty() {
        flags.push("none");
    }
    out.push(Line::from(vec![
        Span::styled(format!(" {} ", d.display_name(app.privacy)), s.title),
        text(format!(
            " child {}  age {}  {} ({})  flags: {}",
            d.child,
            d.age,
            d.status.label(),
            d.status.as_str(),
            flags.join(", ")
        )),
    ]));
    let mut episode = vec![
        Span::raw(" "),
        label("Episode"),
        text(format!("{}  {}  risk ", d.episode, d.category.label())),
        Span::styled(d.risk.label(), risk_style(app.styles(), d.risk)),
    ];
    match &d.police_ref {
        Some(r) => episode.push(text(format!("  police ref {r}"))),
        None => episode.push(Span::styled("  police not yet informed", s.missing)),
    }
    out.push(Line::from(episode));
    out.push(Line::from(vec![
        Span::raw(" "),
        label("Last seen"),
        text(format!(
            "{}{}   missing {}",
            when(d.last_seen_at),
            d.info
                .last_seen_location
                .as_deref()
                .map(|l| format!(" at {l}"))
                .unwrap_or_default(),
            elapsed((d.returned.as_ref().map_or(now, |r| r.at) - d.last_seen_at).num_seconds())
        )),
    ]));
    out.push(Line::from(vec![
        Span::raw(" "),
        label("Reported"),
        text(format!(
            "{} by {}   owner {}",
            when(d.reported_at),
            d.reported_by,
            app.row(&d.episode)
                .map_or(d.reported_by.as_str(), |r| r.owner.as_str())
        )),
    ]));
    if let Some(r) = &d.returned {
        let mut t = when(r.at);
        if let Some(l) = &r.location_found {
            t.push_str(&format!(", found at {l}"));
        }
        if r.found_report_at != r.at {
            t.push_str(&format!(", found report {}", when(r.found_report_at)));
        }
        let mut spans = vec![Span::raw(" "), label("Returned"), text(t)];
        if r.injured {
            spans.push(Span::styled("  INJURED", s.missing));
        }
        if r.victim_of_crime {
            spans.push(Span::styled("  VICTIM OF CRIME", s.missing));
        }
        out.push(Line::from(spans));
        let mut rhi = format!("{} unsuccessful attempt(s)", d.rhi_attempts);
        if let Some(t) = d.rhi_declined_at {
            rhi.push_str(&format!(", declined {}", when(t)));
        }
        out.push(Line::from(vec![Span::raw(" "), label("RHI"), text(rhi)]));
    }
    let mut care = Vec::new();
    if let Some(p) = &d.placement {
        care.push(p.clone());
    }
    if let Some(wk) = &d.allocated_worker {
        care.push(format!("worker {wk}"));
    }
    if let Some(a) = &d.authority {
        care.push(a.clone());
    }
    if !care.is_empty() {
        out.push(Line::from(vec![
            Span::raw(" "),
            label("Placement"),
            text(fit(&care.join("  |  "), w.saturating_sub(15))),
        ]));
    }
    if !d.linked.is_empty() || d.lead_officer.is_some() {
        let linked: Vec<String> = d
            .linked
            .iter()
            .map(|e| match app.row(e) {
                Some(o) => format!("{} ({e})", app.shown_name(o)),
                None => e.clone(),
            })
            .collect();
        let mut t = if linked.is_empty() {
            "-".to_string()
        } else {
            linked.join(", ")
        };
        if let Some(l) = &d.lead_officer {
            t.push_str(&format!("   lead officer {l}"));
        }
        out.push(Line::from(vec![
            Span::raw(" "),
            label("Missing with"),
            text(t),
        ]));
    }
    for v in &d.violations {
        for (i, l) in wrap(
            &format!("POLICY: {} ({})", v.text, v.source),
            w.saturating_sub(4),
        )
        .into_iter()
        .enumerate()
        {
            let mark = if i == 0 { " ! " } else { "   " };
            out.push(Line::from(Span::styled(format!("{mark}{l}"), s.violation)));
        }
    }

    // The police information checklist.
    out.push(Line::from(""));
    let missing = d.checklist_missing();
    let recorded = d.checklist.len() - missing;
    out.push(Line::from(vec![
        Span::styled(" POLICE INFORMATION", s.section),
        Span::styled(
            format!(
                "  {recorded} of {} recorded{}",
                d.checklist.len(),
                if missing == 0 {
                    String::new()
                } else {
                    format!(", {missing} missing (e adds)")
                }
            ),
            if missing == 0 { s.ok } else { s.missing },
        ),
    ]));
    let per_row = if w >= 120 {
        4
    } else if w >= 78 {
        3
    } else {
        2
    };
    let cell = (w.saturating_sub(2)) / per_row;
    for chunk in d.checklist.chunks(per_row) {
        let mut spans = vec![Span::raw(" ")];
        for c in chunk {
            let (mark, style) = if c.present {
                ("[x] ", s.ok)
            } else {
                ("[ ] ", s.missing)
            };
            spans.push(Span::styled(mark, style));
            spans.push(Span::styled(
                pad(c.label, cell.saturating_sub(5)) + " ",
                if c.present { s.base } else { s.missing },
            ));
        }
        out.push(Line::from(spans));
    }

    // Every rule instance.
    out.push(Line::from(""));
    out.push(heading(
        match &d.procedure {
            // The procedure the episode follows: its authority's, as adopted.
            Some(p) => format!(
                " ACTIONS  ({}: policy {}{})",
                p.authority,
                p.policy.name,
                p.version
                    .as_deref()
                    .map(|v| format!(", {v}"))
                    .unwrap_or_default()
            ),
            None => format!(" ACTIONS  (policy {})", app.policy.name),
        },
        s.section,
    ));
    if d.instances.is_empty() {
        out.push(Line::from(Span::styled(
            "   No action applies to this episode.",
            s.dim,
        )));
    }
    let title_w = w.saturating_sub(2 + 9 + 23 + 17).max(10);
    for i in &d.instances {
        out.push(instance_line(app, i, title_w));
        let mut more = Vec::new();
        if i.asap && i.state != InstanceState::Upcoming {
            more.push(format!("opened {}", when(i.opens_at)));
        }
        more.push(format!("source: {}", i.source));
        match i.state {
            InstanceState::Completed | InstanceState::Waived => {
                let by = i.resolved_by.as_deref().unwrap_or("?");
                let at = i.resolved_at.map(when).unwrap_or_default();
                let verb = if i.state == InstanceState::Waived {
                    "waived"
                } else {
                    "completed"
                };
                more.push(format!("{verb} by {by} {at}"));
                if let Some(r) = &i.waiver_reason {
                    more.push(format!("reason: {r}"));
                }
                if i.breached {
                    more.push("after its deadline".into());
                }
            }
            InstanceState::Closed => {
                if let Some(t) = i.closed_at {
                    more.push(format!("closed {}", when(t)));
                }
            }
            _ => {}
        }
        if let Some(e) = i.escalates_at {
            more.push(format!(
                "escalates {}{}",
                when(e),
                if i.escalated { " (ESCALATED)" } else { "" }
            ));
        }
        if let Some(dt) = &i.detail {
            more.push(dt.clone());
        }
        for l in wrap(&more.join("; "), w.saturating_sub(13)) {
            out.push(Line::from(Span::styled(format!("{:12} {l}", ""), s.dim)));
        }
    }

    // The timeline.
    out.push(Line::from(""));
    out.push(heading(" TIMELINE".to_string(), s.section));
    let text_w = w.saturating_sub(2 + 17 + 15).max(10);
    for t in &d.timeline {
        let wrapped = wrap(&t.what, text_w);
        // An entry voided as made in error is struck through (its words say VOIDED
        // too, for a terminal or theme without the attribute).
        let text = if t.voided {
            s.base.add_modifier(ratatui::style::Modifier::CROSSED_OUT)
        } else {
            s.base
        };
        for (k, l) in wrapped.into_iter().enumerate() {
            if k == 0 {
                out.push(Line::from(vec![
                    Span::styled(format!(" {} ", when(t.at)), s.dim),
                    Span::styled(format!("{} ", pad(&t.by, 14)), s.dim),
                    Span::styled(l, text),
                ]));
            } else {
                out.push(Line::from(Span::styled(format!("{:33}{l}", ""), text)));
            }
        }
    }
    out
}

fn instance_line(app: &App, i: &RuleInstance, title_w: usize) -> Line<'static> {
    let s = app.styles();
    let now = app.snapshot.now;
    let due = match i.state {
        InstanceState::Upcoming => format!("opens {}", when(i.opens_at)),
        _ if i.asap => "asap".to_string(),
        _ => format!("by {}", when(i.due_at)),
    };
    let count = if i.state.is_open() || i.state == InstanceState::Upcoming {
        board_countdown(i.state, i.opens_at, i.due_at, now)
    } else {
        String::new()
    };
    let style = state_style(app.styles(), i.state);
    Line::from(vec![
        Span::raw("  "),
        Span::styled(pad(state_label(i.state), 8), style),
        Span::raw(" "),
        Span::styled(pad(&due, 22), s.base),
        Span::raw(" "),
        Span::styled(pad(&i.title, title_w), s.base),
        Span::raw(" "),
        Span::styled(count, style),
    ])
}
