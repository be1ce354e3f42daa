//! Issue 12's screens drawn from the hand-built detail: the four correction forms
//! (`E`, `C` both ways, `X`, `M`), a chooser's search line with its matches, and the
//! one confirmation that shows the deadlines before and after.

use super::{app, text};
use crate::tui::app::{App, Screen};
use crate::tui::forgiving::{Changes, Then};
use crate::tui::forms::{Form, FormKind};
use crate::views::detail::ChildChoice;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;

/// The detail pane of the hand-built episode, with two more children on record.
fn on_detail() -> App {
    let mut app = app(Screen::Detail { scroll: 0 }, (80, 24));
    app.selected = Some("E-1".into());
    app.policy.categories = vec![
        crate::record::vocab::Category::Missing,
        crate::record::vocab::Category::Absent,
    ];
    app.snapshot.children = ["Alfie Evans:C-E-1", "Alfie Evens:C-77", "Bella Shah:C-E-2"]
        .iter()
        .map(|s| {
            let (name, child) = s.split_once(':').unwrap();
            ChildChoice {
                child: child.into(),
                name: name.into(),
                initials: crate::record::initials(name),
                open_episode: None,
                registered_at: "2025-01-01T09:00:00Z".parse().unwrap(),
            }
        })
        .collect();
    app
}

fn open(app: &mut App, kind: FormKind) {
    let form = Form::open(kind, &app.snapshot, &app.policy, Some("E-1"), &app.operator).unwrap();
    app.form = Some(form);
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        let form = app.form.as_mut().unwrap();
        form.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.form
        .as_mut()
        .unwrap()
        .key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The screen, 80x24, as the board lays it out under its header (the pane in front,
/// the open form over it, a correction's changes over that, the hint bar).
fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| {
        let area = Rect::new(0, 0, 80, 24);
        super::super::draw(f, app, Rect::new(0, 0, 80, 23));
        if let Some(form) = &app.form {
            super::super::form::draw(f, app, form, area);
        }
        if let Some(changes) = app.confirm.as_ref().and_then(|c| c.changes.as_ref()) {
            super::super::confirm::draw_changes(f, app, changes, area);
        }
        super::super::hints::draw(f, app, Rect::new(0, 23, 80, 1));
    })
    .unwrap();
    text(term.backend().buffer())
}

#[test]
fn the_edit_child_form_opens_on_the_childs_details() {
    let mut app = on_detail();
    open(&mut app, FormKind::EditChild);
    let s = screen(&app);
    assert!(s.contains("Alfie Evans") && s.contains("01/06/2011"), "{s}");
    assert!(s.contains("Since when?"), "{s}");
    assert_snapshot!("form_edit_child_80x24", s);
}

#[test]
fn the_correct_form_recorded_wrongly_offers_the_reported_facts() {
    let mut app = on_detail();
    open(&mut app, FormKind::Correct);
    let s = screen(&app);
    assert!(
        s.contains("recorded wrongly") && s.contains("Reported at"),
        "{s}"
    );
    assert_snapshot!("form_correct_wrongly_80x24", s);
}

#[test]
fn the_correct_form_changed_now_asks_for_the_new_category() {
    let mut app = on_detail();
    open(&mut app, FormKind::Correct);
    key(&mut app, KeyCode::Right);
    let s = screen(&app);
    assert!(s.contains("New category"), "{s}");
    assert!(!s.contains("Reported at"), "{s}");
    assert_snapshot!("form_correct_changed_80x24", s);
}

#[test]
fn the_void_form_searches_the_timeline() {
    let mut app = on_detail();
    open(&mut app, FormKind::Void);
    keys(&mut app, "report");
    let s = screen(&app);
    assert!(s.contains("find: report_") && s.contains("> "), "{s}");
    assert_snapshot!("form_void_search_80x24", s);
}

#[test]
fn the_merge_form_finds_the_other_record_by_typing() {
    let mut app = on_detail();
    open(&mut app, FormKind::Merge);
    keys(&mut app, "alfie");
    let s = screen(&app);
    assert!(s.contains("Alfie Evens (C-77)"), "{s}");
    assert!(!s.contains("Bella Shah"), "filtered out:\n{s}");
    assert!(
        !s.contains("Alfie Evans (C-E-1)"),
        "not the child itself:\n{s}"
    );
    assert_snapshot!("form_merge_search_80x24", s);
}

#[test]
fn the_confirmation_shows_the_deadlines_before_and_after() {
    let mut app = on_detail();
    open(&mut app, FormKind::Correct);
    super::super::confirm::ask_showing(
        &mut app,
        "Correct Alfie Evans's episode as recorded wrongly? y/n".into(),
        Changes {
            about: "Alfie Evans (C-E-1)".into(),
            lines: vec![
                "Strategy meeting due 14:10 -> 09:30".into(),
                "Report to the police OVERDUE since 10:00 -> not required".into(),
            ],
        },
        Then::Save,
    );
    let s = screen(&app);
    assert!(s.contains("Strategy meeting due 14:10 -> 09:30"), "{s}");
    assert!(s.contains("before -> after"), "{s}");
    assert!(s.contains("recorded wrongly? y/n"), "{s}");
    assert_snapshot!("confirm_changes_80x24", s);
}
