//! Personal data: with privacy mode on (`i`, or `--privacy`), no child's name appears
//! anywhere on screen (every pane, popup, form and confirmation) nor in a report that
//! can be shown on screen; and no name ever leaves in a log line, an error message or
//! a desktop notification, privacy mode or not.
//!
//! The demo caseload is recorded with each child's name replaced by a marker no other
//! text contains ("Zqf3 Wqs3"), so a name shown anywhere is found by a plain search.

use crate::support::bin;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use dutyboard::calendar::Calendar;
use dutyboard::desk::Desk;
use dutyboard::procedures::Policy;
use dutyboard::record::{import, Store};
use dutyboard::tui::forms::FormKind;
use dutyboard::tui::theme::Theme;
use dutyboard::tui::Controller;
use std::path::Path;
use std::process::Output;

const MARKERS: [&str; 2] = ["Zqf", "Wqs"];

/// The demo caseload with every child's name replaced by a marker.
fn marked_caseload(policy: &Policy) -> String {
    let lines = dutyboard::demo::caseload_for(now(), policy);
    let mut names: Vec<String> = Vec::new();
    lines
        .lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(name) = v.get("name").and_then(|n| n.as_str()).map(str::to_string) {
                let k = names.iter().position(|n| *n == name).unwrap_or_else(|| {
                    names.push(name.clone());
                    names.len() - 1
                });
                v["name"] = format!("Zqf{k} Wqs{k}").into();
            }
            v.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn marked_record(dir: &Path) -> (std::path::PathBuf, Policy) {
    let path = dir.join("record.db");
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&path).unwrap();
    store.initialise(&policy.name, &policy.text, now()).unwrap();
    let lines = marked_caseload(&policy);
    import::import(&mut store, lines.as_bytes(), &policy, "demo", now()).unwrap();
    (path, policy)
}

fn controller(dir: &Path, privacy: bool, size: (u16, u16)) -> Controller {
    let (path, policy) = marked_record(dir);
    let desk = Desk {
        store: Store::open(&path).unwrap(),
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy,
        calendar: Calendar::embedded(),
        operator: OPERATOR.to_string(),
        privacy: false,
    };
    let mut ctl = Controller::new(
        desk,
        Theme::built_in("default").unwrap(),
        privacy,
        now(),
        size,
    )
    .unwrap();
    ctl.resize(size.0, size.1);
    ctl
}

fn names_in(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| MARKERS.iter().any(|m| l.contains(m)))
        .map(str::to_string)
        .collect()
}

/// Every screen the board can show, as it walks through them.
struct Walk<'a> {
    ctl: &'a mut Controller,
    size: (u16, u16),
    screens: Vec<(String, String)>,
}

impl Walk<'_> {
    fn look(&mut self, what: impl Into<String>) {
        let text = screen(self.ctl, self.size.0, self.size.1);
        self.screens.push((what.into(), text));
    }

    fn key(&mut self, code: KeyCode) {
        press(self.ctl, code);
    }

    fn leaks(&self) -> Vec<String> {
        self.screens
            .iter()
            .filter_map(|(what, text)| {
                let found = names_in(text);
                (!found.is_empty()).then(|| format!("{what}:\n{}", found.join("\n")))
            })
            .collect()
    }
}

/// Board pages, ticker items, help, sign-in, the handover pane, every child's detail
/// pane (scrolled to the end), every form on a missing and a returned child, a filter,
/// and a saved form's confirmation.
fn walk_everything(ctl: &mut Controller, size: (u16, u16)) -> Vec<(String, String)> {
    let episodes = ctl.app.visible.clone();
    let mut w = Walk {
        ctl,
        size,
        screens: Vec::new(),
    };
    w.look("the board");
    for page in 0..episodes.len() {
        w.key(KeyCode::PageDown);
        w.look(format!("board page {}", page + 2));
    }
    w.key(KeyCode::Home);
    let breaches = w.ctl.app.snapshot.board.ticker.len();
    for item in 0..breaches {
        for _ in 0..dutyboard::tui::app::TICKER_SECONDS {
            w.ctl.tick(now());
        }
        w.look(format!("ticker item {}", item + 2));
    }
    w.key(KeyCode::Char('?'));
    w.look("help");
    w.key(KeyCode::Esc);
    w.key(KeyCode::Char('o'));
    w.look("sign-in");
    w.key(KeyCode::Esc);
    w.key(KeyCode::Char('H'));
    w.look("handover");
    for page in 0..20 {
        w.key(KeyCode::PageDown);
        w.look(format!("handover page {}", page + 2));
    }
    w.key(KeyCode::Esc);
    // The statistics and MASH triage panes (tests/tui/triage.rs walks notifications).
    w.key(KeyCode::Char('G'));
    w.look("statistics");
    w.key(KeyCode::Esc);
    w.key(KeyCode::Char('T'));
    w.look("triage");
    w.key(KeyCode::Esc);
    for episode in &episodes {
        select(w.ctl, episode);
        w.key(KeyCode::Enter);
        w.look(format!("detail of {episode}"));
        for page in 0..6 {
            w.key(KeyCode::PageDown);
            w.look(format!("detail of {episode}, page {}", page + 2));
        }
        w.key(KeyCode::Esc);
    }
    for episode in ["E201", "E214"] {
        // The triage forms open on a notification, from the triage pane.
        // The shift form opens from the handover pane (S) and names no child.
        for kind in (FormKind::ALL.iter()).filter(|k| !k.is_triage() && **k != FormKind::Shift) {
            select(w.ctl, episode);
            w.key(KeyCode::Char(key_for(*kind)));
            if w.ctl.app.form.is_none() {
                w.look(format!("{kind:?} on {episode}: refused"));
                continue;
            }
            w.look(format!("{kind:?} form on {episode}"));
            // Through its fields, so a list of children is opened and moved through.
            for field in 0..8 {
                w.key(KeyCode::Down);
                w.key(KeyCode::Tab);
                w.look(format!("{kind:?} form on {episode}, field {}", field + 2));
            }
            w.key(KeyCode::Esc);
            w.key(KeyCode::Esc);
        }
    }
    w.key(KeyCode::Char('/'));
    type_text(w.ctl, "E20");
    w.look("filtering");
    w.key(KeyCode::Enter);
    w.look("filtered");
    w.key(KeyCode::Esc);
    select(w.ctl, "E201");
    w.key(KeyCode::Char('u'));
    type_text(w.ctl, "Seen by a PCSO near the station");
    ctrl(w.ctl, 's');
    w.look("the confirmation of a saved update");
    w.screens
}

#[test]
fn with_privacy_off_the_marked_names_are_on_screen() {
    // The walk can find a name: without privacy mode it does.
    let dir = tempfile::tempdir().unwrap();
    let mut ctl = controller(dir.path(), false, (160, 48));
    let screens = walk_everything(&mut ctl, (160, 48));
    let shown: usize = screens.iter().map(|(_, s)| names_in(s).len()).sum();
    assert!(shown > 20, "only {shown} lines showed a name");
}

#[test]
fn privacy_mode_hides_every_name_on_every_pane_at_160x48() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctl = controller(dir.path(), true, (160, 48));
    let screens = walk_everything(&mut ctl, (160, 48));
    assert!(screens.len() > 100, "{} screens", screens.len());
    let w = Walk {
        ctl: &mut ctl,
        size: (160, 48),
        screens,
    };
    let leaks = w.leaks();
    assert!(leaks.is_empty(), "names shown:\n{}", leaks.join("\n\n"));
    assert!(
        w.screens.iter().any(|(_, s)| s.contains("Z.W.")),
        "initials stand in for names"
    );
}

#[test]
fn privacy_mode_toggled_with_i_hides_every_name_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctl = controller(dir.path(), false, (80, 24));
    press(&mut ctl, KeyCode::Char('i'));
    assert!(ctl.app.privacy);
    let screens = walk_everything(&mut ctl, (80, 24));
    let w = Walk {
        ctl: &mut ctl,
        size: (80, 24),
        screens,
    };
    let leaks = w.leaks();
    assert!(leaks.is_empty(), "names shown:\n{}", leaks.join("\n\n"));
}

fn dutyboard(db: &Path, args: &[&str]) -> Output {
    bin::dutyboard(db, "privacy-test", args, None)
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every report and listing that can be printed to a screen, in every format.
fn every_report(db: &Path, privacy: bool) -> Vec<(String, String)> {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for f in ["md", "json"] {
        runs.push(vec![
            "report",
            "handover",
            "--since",
            "2026-03-01T03:00:00Z",
            "--at",
            NOW,
            "--format",
            f,
        ]);
        runs.push(vec![
            "report",
            "stats",
            "--from",
            "2025-04-01",
            "--to",
            "2026-03-02",
            "--at",
            NOW,
            "--format",
            f,
        ]);
    }
    for f in ["md", "csv", "json", "html"] {
        runs.push(vec!["report", "daily", "--at", NOW, "--format", f]);
    }
    for f in ["text", "json"] {
        runs.push(vec!["board", "--at", NOW, "--format", f]);
        runs.push(vec!["due", "--at", NOW, "--format", f]);
    }
    runs.into_iter()
        .map(|mut args| {
            if privacy {
                args.insert(0, "--privacy");
            }
            let out = stdout_of(&dutyboard(db, &args));
            (args.join(" "), out)
        })
        .collect()
}

#[test]
fn every_report_with_privacy_shows_initials_and_no_name() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = marked_record(dir.path());
    let open = every_report(&db, false);
    let daily = &open
        .iter()
        .find(|(a, _)| a.contains("daily --at"))
        .unwrap()
        .1;
    assert!(
        !names_in(daily).is_empty(),
        "the names are in the open report"
    );

    let mut leaks = Vec::new();
    for (args, text) in every_report(&db, true) {
        let found = names_in(&text);
        if !found.is_empty() {
            leaks.push(format!("{args}:\n{}", found.join("\n")));
        }
        if args.contains("daily") || args.contains("board") {
            assert!(text.contains("Z.W."), "{args} shows initials:\n{text}");
        }
    }
    assert!(
        leaks.is_empty(),
        "names in reports:\n{}",
        leaks.join("\n\n")
    );
}

#[test]
fn no_name_in_what_import_and_init_write_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("record.db");
    let init = dutyboard(&db, &["init", "--policy", "cumbria"]);
    assert!(init.status.success());
    let policy = Policy::shipped("cumbria").unwrap();
    let file = dir.path().join("caseload.jsonl");
    std::fs::write(&file, marked_caseload(&policy)).unwrap();
    let stored = dutyboard(&db, &["import", file.to_str().unwrap()]);
    assert!(stored.status.success());

    // Refused: a marked name with each thing that can be wrong beside it.
    let refused = [
        r#"{"type":"child_registered","child":"C9","name":"Zqf90 Wqs90","dob":"not a date","status":"looked_after","at":"2026-01-01T00:00:00Z"}"#,
        r#"{"type":"child_registered","child":"C9","name":"Zqf91 Wqs91","dob":"2011-01-01","status":"unheard_of","at":"2026-01-01T00:00:00Z"}"#,
        r#"{"type":"child_registered","child":"C9","name":"Zqf92 Wqs92","dob":"2011-01-01","status":"looked_after","at":"2099-01-01T00:00:00Z"}"#,
        r#"{"type":"child_registered","child":"C9","name":"Zqf93 Wqs93","dob":"2011-01-01","status":"looked_after","at":"2026-01-01T00:00:00Z","nickname":"Zqf93"}"#,
        r#"{"type":"child_registered","child":"C9","name":"Zqf94 Wqs94","dob":"2011-01-01","status":"looked_after","at":"2026-01-01T00:00:00Z","flags":"Zqf94"}"#,
        r#"{"type":"child_updated","child":"C9","name":"Zqf95 Wqs95","at":"2026-01-01T00:00:00Z"}"#,
        concat!(
            r#"{"type":"child_registered","child":"C9","name":"Zqf96 Wqs96","dob":"2011-01-01","status":"looked_after","at":"2026-01-01T00:00:00Z"}"#,
            "\n",
            r#"{"type":"child_registered","child":"C9","name":"Zqf98 Wqs98","dob":"2011-01-01","status":"looked_after","at":"2026-01-02T00:00:00Z"}"#
        ),
        r#"{"type":"child_registered","child":"C9","name":"Zqf97 Wqs97","dob":"2011-01-01","status":"looked_after","at":"2026-01-01T00:00:00Z"} trailing"#,
    ];
    let mut leaks = Vec::new();
    for line in refused {
        std::fs::write(&file, line).unwrap();
        let out = dutyboard(&db, &["import", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "refused: {line}\n{err}");
        assert!(err.contains(": line "), "names the line: {err}");
        if !names_in(&err).is_empty() {
            leaks.push(format!("{line}\n  -> {err}"));
        }
    }
    for out in [&init, &stored] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(names_in(&err).is_empty(), "{err}");
    }
    assert!(leaks.is_empty(), "names echoed:\n{}", leaks.join("\n"));
}

#[test]
fn no_name_in_the_desktop_notifications_or_their_log() {
    use dutyboard::desk::alerts::{Alerter, DesktopNotifier, Settings};
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("notify.log");
    let ctl = controller(dir.path(), false, (160, 48));
    // A fresh alerter over the board as it stands: every breach on it is news.
    let mut alerter = Alerter::new(
        Settings {
            bell: false,
            desktop: true,
        },
        Box::new(DesktopNotifier::new(Some(log.clone()))),
    );
    alerter.memory = dutyboard::desk::alerts::Memory::primed();
    let sent = alerter.observe(&ctl.app.snapshot.board.ticker);
    assert!(!sent.is_empty(), "the demo caseload has breaches");
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), sent.len(), "{text}");
    assert!(names_in(&text).is_empty(), "{text}");
    assert!(!text.contains("Z.W."), "not even initials:\n{text}");
}
