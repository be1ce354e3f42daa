//! Each pane drawn from data built here by hand, with no record, no SQLite and no
//! controller: the board, the detail pane, the handover, triage and the statistics.
//! A change to a pane's drawing fails here until its snapshot is reviewed
//! (`cargo insta review`); where colour carries meaning the cell's style is asserted
//! as well as its text.

use crate::procedures::{InstanceState, RuleInstance};
use crate::record::event::{NotificationDetails, PoliceInfo};
use crate::record::vocab::{Category, Risk, Status};
use crate::record::{Notification, NotificationStatus, Screening};
use crate::triage::matching::Candidate;
use crate::triage::pending::TriageItem;
use crate::tui::app::{App, Screen};
use crate::tui::theme::Theme;
use crate::views::board::{Board, BoardRow, Counts, Section, TickerItem};
use crate::views::detail::{CheckItem, EpisodeDetail, PolicyInfo, Snapshot, TimelineEntry};
use crate::views::handover::{DueItem, Handover, Summary};
use crate::views::stats::{Overview, Rhi, RuleBreaches};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Terminal;

mod corrections;

/// A Wednesday in March (GMT, so local times read as UTC).
pub(super) fn now() -> DateTime<Utc> {
    "2026-03-04T12:00:00Z".parse().unwrap()
}

pub(super) fn hours_ago(h: i64) -> DateTime<Utc> {
    now() - Duration::hours(h)
}

pub(super) fn row(episode: &str, name: &str, risk: Risk, missing_h: i64) -> BoardRow {
    BoardRow {
        authority: "cumbria".into(),
        episode: episode.into(),
        child: format!("C-{episode}"),
        name: name.into(),
        age: 14,
        status: Status::LookedAfter,
        category: Category::Missing,
        risk,
        risk_label: risk.label(),
        section: Section::Missing,
        missing_since: hours_ago(missing_h),
        reported_at: hours_ago(missing_h),
        returned_at: None,
        elapsed_s: missing_h * 3600,
        next_action: None,
        next_title: None,
        next_due_at: None,
        next_opens_at: None,
        next_state: None,
        next_asap: false,
        open_actions: 1,
        owner: "Sam Duty".into(),
        still_due: vec![],
        breaches: 0,
        violations: vec![],
        police_ref: None,
        linked: vec![],
        lead_officer: None,
    }
}

/// Two missing children: Alfie's strategy meeting is 3 hours overdue, Bella's
/// police notification is due in 2 hours.
pub(super) fn board_rows() -> Vec<BoardRow> {
    let mut alfie = row("E-1", "Alfie Evans", Risk::High, 30);
    alfie.next_action = Some("strategy_meeting".into());
    alfie.next_title = Some("Strategy meeting".into());
    alfie.next_opens_at = Some(hours_ago(30));
    alfie.next_due_at = Some(hours_ago(3));
    alfie.next_state = Some(InstanceState::Overdue);
    alfie.breaches = 1;
    alfie.police_ref = Some("CU-2026-0117".into());
    let mut bella = row("E-2", "Bella Shah", Risk::Medium, 4);
    bella.next_action = Some("police_notified".into());
    bella.next_title = Some("Notify the police".into());
    bella.next_opens_at = Some(hours_ago(4));
    bella.next_due_at = Some(now() + Duration::hours(2));
    bella.next_state = Some(InstanceState::Due);
    vec![alfie, bella]
}

fn instance(rule: &str, title: &str, state: InstanceState, due_at: DateTime<Utc>) -> RuleInstance {
    RuleInstance {
        episode: "E-1".into(),
        child: "C-E-1".into(),
        rule: rule.into(),
        title: title.into(),
        occurrence: 1,
        opens_at: hours_ago(30),
        due_at,
        asap: false,
        escalates_at: None,
        escalated: false,
        state,
        resolved_at: None,
        resolved_by: None,
        waiver_reason: None,
        closed_at: None,
        breached: state == InstanceState::Overdue,
        source: "Cumbria joint protocol 4.2".into(),
        detail: None,
        policy: "cumbria".into(),
        authority: "cumbria".into(),
    }
}

pub(super) fn detail() -> EpisodeDetail {
    EpisodeDetail {
        episode: "E-1".into(),
        child: "C-E-1".into(),
        name: "Alfie Evans".into(),
        initials: "A.E.".into(),
        dob: NaiveDate::from_ymd_opt(2011, 6, 1).unwrap(),
        age: 14,
        status: Status::LookedAfter,
        flags: vec![],
        authority: Some("Cumbria".into()),
        allocated_worker: Some("Jo Worker".into()),
        placement: Some("Oak House".into()),
        registered_at: hours_ago(24 * 400),
        category: Category::Missing,
        risk: Risk::High,
        gradings: vec![],
        reported_at: hours_ago(30),
        reported_by: "Sam Duty".into(),
        last_seen_at: hours_ago(31),
        police_ref: Some("CU-2026-0117".into()),
        police_informed_at: Some(hours_ago(29)),
        info: PoliceInfo {
            last_seen_location: Some("Carlisle bus station".into()),
            ..PoliceInfo::default()
        },
        returned: None,
        rhi_attempts: 0,
        rhi_declined_at: None,
        linked: vec![],
        lead_officer: None,
        checklist: vec![
            CheckItem {
                label: "Last seen location",
                field: Some("last_seen_location"),
                present: true,
            },
            CheckItem {
                label: "Clothing",
                field: Some("clothing"),
                present: false,
            },
        ],
        instances: vec![
            instance(
                "strategy_meeting",
                "Strategy meeting",
                InstanceState::Overdue,
                hours_ago(3),
            ),
            instance(
                "manager_review",
                "Manager review",
                InstanceState::Due,
                now() + Duration::hours(5),
            ),
        ],
        waivable: vec![],
        violations: vec![],
        regrade: None,
        timeline: vec![TimelineEntry {
            id: "ev-report-1".into(),
            voidable: true,
            at: hours_ago(30),
            by: "Sam Duty".into(),
            what: "Reported missing (high risk)".into(),
            voided: false,
        }],
        procedure: None,
    }
}

fn ticker() -> Vec<TickerItem> {
    vec![TickerItem {
        episode: "E-1".into(),
        rule: "strategy_meeting".into(),
        initials: "A.E.".into(),
        title: "Strategy meeting".into(),
        due_at: hours_ago(3),
        overdue_s: 3 * 3600,
        acknowledged_by: None,
        acknowledged_at: None,
        acknowledged_until: None,
        lapsed_at: None,
    }]
}

pub(super) fn snapshot() -> Snapshot {
    Snapshot {
        now: now(),
        board: Board {
            now: Some(now()),
            rows: board_rows(),
            ticker: ticker(),
            counts: Counts {
                missing: 2,
                high_risk: 1,
                breached: 1,
                ..Counts::default()
            },
            errors: vec![],
            not_applied: vec![],
            clock_skew: None,
            by_authority: vec![],
            generation: 0,
            shift: None,
            due_soon: vec![],
            officers: vec![],
        },
        details: [("E-1".to_string(), detail())].into_iter().collect(),
        triage: vec![triage_item()],
        ..Snapshot::default()
    }
}

fn triage_item() -> TriageItem {
    TriageItem {
        notification: Notification {
            id: "N-7".into(),
            details: NotificationDetails {
                police_force: "Cumbria".into(),
                police_ref: "CU-2026-0190".into(),
                reported_at: hours_ago(2),
                name: "Alfie Evens".into(),
                dob: NaiveDate::from_ymd_opt(2011, 6, 1).unwrap(),
                address: None,
                placement: Some("Oak House".into()),
                last_seen_at: hours_ago(3),
                last_seen_location: Some("Penrith".into()),
                risk: Risk::High,
                circumstances: Some("Did not return from school".into()),
                reported_by: Some("PC Reed".into()),
                source_file: None,
                supersedes: None,
            },
            event: "ev-7".into(),
            received_at: hours_ago(1),
            received_by: "inbox".into(),
            status: NotificationStatus::Pending,
            screening: Screening::default(),
            revisions: Vec::new(),
            regrade_dismissed: None,
        },
        candidates: vec![Candidate {
            child: "C-E-1".into(),
            name: "Alfie Evans".into(),
            similarity: 92,
            reason: "one letter apart, same date of birth".into(),
        }],
    }
}

pub(super) fn app(screen: Screen, size: (u16, u16)) -> App {
    let theme = Theme::built_in("default").unwrap();
    let mut app = App::new(
        snapshot(),
        PolicyInfo {
            name: "cumbria".into(),
            ..PolicyInfo::default()
        },
        "Sam Duty".into(),
        theme,
        false,
        size,
    );
    app.screen = screen;
    app
}

/// Draws the pane in front alone into a TestBackend of `w` x `h`.
pub(super) fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| super::draw(f, app, Rect::new(0, 0, w, h)))
        .unwrap();
    term.backend().buffer().clone()
}

/// The buffer's text, one line a row.
pub(super) fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` starts in the buffer, as (column, row).
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = line.find(needle) {
            return (line[..i].chars().count() as u16, y);
        }
    }
    panic!("{needle:?} is not on screen:\n{}", text(buf));
}

/// The style of the cell where `needle` starts.
fn style_at(buf: &Buffer, needle: &str) -> Style {
    let (x, y) = find(buf, needle);
    buf[(x, y)].style()
}

fn styles() -> crate::tui::theme::Styles {
    Theme::built_in("default").unwrap().styles
}

/// Whether `cell` shows `want` (a cell's style is the patch of every layer drawn on it).
fn shows(cell: Style, want: Style) -> bool {
    (want.fg.is_none() || cell.fg == want.fg)
        && (want.bg.is_none() || cell.bg == want.bg)
        && cell.add_modifier.contains(want.add_modifier)
}

#[test]
fn the_board_from_two_hand_built_rows() {
    let app = app(Screen::Board, (80, 10));
    let buf = draw(&app, 80, 10);
    let screen = text(&buf);
    assert!(screen.contains("Alfie Evans"), "{screen}");
    assert_snapshot!("pane_board_80x10", screen);
    // The overdue countdown says so in words and in the theme's overdue colour.
    let s = styles();
    assert_ne!(s.overdue_label, s.base, "the default theme colours OVERDUE");
    assert!(screen.contains("OVERDUE"), "{screen}");
    let cell = style_at(&buf, "OVERDUE");
    assert!(shows(cell, s.overdue_label), "{cell:?}");
    // A high risk reads HIGH, in the high-risk colour: colour is never alone.
    let cell = style_at(&buf, "HIGH");
    assert!(shows(cell, s.risk_high), "{cell:?}");
    assert_ne!(s.risk_high.fg, s.risk_medium.fg);
}

#[test]
fn the_detail_pane_from_a_hand_built_episode() {
    let app = app(Screen::Detail { scroll: 0 }, (80, 30));
    let buf = draw(&app, 80, 30);
    let screen = text(&buf);
    assert!(screen.contains("Strategy meeting"), "{screen}");
    assert!(screen.contains("Carlisle bus station"), "{screen}");
    assert_snapshot!("pane_detail_80x30", screen);
    let cell = style_at(&buf, "OVERDUE");
    assert!(shows(cell, styles().overdue_label), "{cell:?}");
}

#[test]
fn the_handover_from_a_hand_built_report() {
    let report = Handover {
        report: crate::views::ReportName::Handover,
        policy: Some("cumbria".into()),
        authorities: vec![],
        since: hours_ago(12),
        at: now(),
        generated_at: now(),
        due_until: now() + Duration::hours(12),
        privacy: false,
        summary: Summary {
            missing_now: 2,
            high_risk_now: 1,
            overdue_now: 1,
            ..Summary::default()
        },
        events: vec![],
        breaches: vec![],
        due: vec![DueItem {
            authority: "cumbria".into(),
            episode: "E-1".into(),
            child: "C-E-1".into(),
            name: "Alfie Evans".into(),
            risk: Some("high".into()),
            rule: "strategy_meeting".into(),
            title: "Strategy meeting".into(),
            state: "overdue",
            opens_at: hours_ago(30),
            due_at: hours_ago(3),
            asap: false,
            escalated: false,
            escalates_at: None,
            acknowledged_by: None,
            detail: None,
        }],
    };
    let screen = Screen::Handover {
        report: Box::new(report),
        scroll: 0,
    };
    let buf = draw(&app(screen, (80, 20)), 80, 20);
    let screen = text(&buf);
    assert!(screen.contains("Strategy meeting"), "{screen}");
    assert_snapshot!("pane_handover_80x20", screen);
    let cell = style_at(&buf, "OVERDUE");
    assert!(shows(cell, styles().overdue_label), "{cell:?}");
}

#[test]
fn triage_from_a_hand_built_notification() {
    let mut app = app(Screen::Triage, (80, 20));
    app.keep_triage_selection();
    let buf = draw(&app, 80, 20);
    let screen = text(&buf);
    assert!(screen.contains("CU-2026-0190"), "{screen}");
    assert!(
        screen.contains("Alfie Evans"),
        "the candidate is offered:\n{screen}"
    );
    assert_snapshot!("pane_triage_80x20", screen);
    let cell = style_at(&buf, "HIGH");
    assert!(shows(cell, styles().risk_high), "{cell:?}");
}

#[test]
fn the_statistics_from_hand_built_figures() {
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let overview = Overview {
        at: now(),
        weeks: (0..12)
            .rev()
            .map(|k| (monday - Duration::weeks(k), (k as usize * 7) % 5))
            .collect(),
        breaches: vec![RuleBreaches {
            rule: "strategy_meeting".into(),
            title: "Strategy meeting".into(),
            now: 1,
            in_weeks: 3,
        }],
        breached_now: 1,
        breached_in_weeks: 3,
        rhi: Rhi {
            returned: 8,
            within_72h: 6,
            within_72h_percent: Some(75.0),
            declined: 1,
        },
    };
    let buf = draw(&app(Screen::Stats(Box::new(overview)), (80, 22)), 80, 22);
    let screen = text(&buf);
    assert!(screen.contains("Strategy meeting"), "{screen}");
    assert!(screen.contains("75"), "the RHI rate is a number:\n{screen}");
    assert_snapshot!("pane_stats_80x22", screen);
}

#[test]
fn a_question_in_the_hint_bar_from_a_hand_built_board() {
    let mut app = app(Screen::Board, (80, 1));
    super::confirm::ask(
        &mut app,
        "Record Alfie Evans's return at 11:40? y/n".into(),
        crate::tui::forgiving::Then::Save,
    );
    let mut term = Terminal::new(TestBackend::new(80, 1)).unwrap();
    term.draw(|f| super::hints::draw(f, &app, Rect::new(0, 0, 80, 1)))
        .unwrap();
    let buf = term.backend().buffer().clone();
    let screen = text(&buf);
    assert_snapshot!("pane_question_80x1", screen);
    // The question stands out from the keys after it.
    assert!(shows(style_at(&buf, "Record Alfie"), styles().focus));
    assert!(shows(style_at(&buf, "y yes"), styles().hints_key));
}
