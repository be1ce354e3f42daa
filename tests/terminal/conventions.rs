//! Issue 17, "Conventions" and "Wallboard", in a real terminal (tmux): two boards on
//! one record, where the second's open form is told the first completed its action.
//!
//! Skipped, with a message saying so, only when tmux is not installed.

use crate::support::tmux::{self, Pane};
use dutyboard::record::{EventKind, EventLog, Store};
use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");

fn skip() -> bool {
    if tmux::available() {
        return false;
    }
    eprintln!("SKIPPED: tmux is not installed, so the real-terminal tests did not run");
    true
}

fn completions_by(db: &Path, who: &str) -> usize {
    let store = Store::open(db).unwrap();
    store
        .read_all()
        .unwrap()
        .iter()
        .filter(|s| s.event.by == who && matches!(s.event.kind, EventKind::ActionCompleted { .. }))
        .count()
}

/// Filters the board to Bella and opens "Complete an action" on her.
fn complete_on_bella(t: &Pane) {
    t.keys(&["/"]);
    t.literal("Bella");
    t.keys(&["Enter"]);
    t.wait_for("filter: Bella", "the filter");
    t.keys(&["c"]);
    t.wait_for("Complete an action: Bella Sample", "the complete form");
}

#[test]
fn two_boards_on_one_record_the_second_form_is_told_the_action_was_done() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let a = Pane::start(&a_dir, 80, 24);
    a.shell(&format!(
        "DUTYBOARD_OPERATOR='Ann Desk' {BIN} demo --keep {}",
        db.display()
    ));
    a.wait_for("MISSING (", "board 1");
    let b = Pane::start(&b_dir, 80, 24);
    b.shell(&format!(
        "DUTYBOARD_OPERATOR='Sam Day' {BIN} --db {}",
        db.display()
    ));
    b.wait_for("MISSING (", "board 2");
    complete_on_bella(&a);
    complete_on_bella(&b);
    // Board 1 saves.
    a.keys(&["C-s"]);
    a.wait_for("as done for Bella Sample", "board 1's question");
    a.keys(&["y"]);
    a.wait_for("Saved: action completed for Bella Sample", "board 1 saved");
    assert_eq!(completions_by(&db, "Ann Desk"), 1);
    // Board 2's open form says so without a key, naming who.
    let s = b.wait_for("While this form was open, Ann Desk", "the warning");
    assert!(s.contains("Ctrl+S again saves"), "{s}");
    // Its first Ctrl+S saves nothing.
    b.keys(&["C-s"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let s = b.screen();
    assert!(!s.contains("y/n"), "no question yet:\n{s}");
    assert_eq!(completions_by(&db, "Sam Day"), 0);
    b.keys(&["Escape"]);
    b.wait_for("nothing was written", "board 2 cancelled");
    for t in [&a, &b] {
        t.keys(&["q"]);
        t.wait_normal_screen();
    }
    assert_eq!(completions_by(&db, "Sam Day"), 0, "only one completion");
}

fn stored(db: &Path) -> usize {
    Store::open(db).unwrap().read_all().unwrap().len()
}

#[test]
fn the_wallboard_refuses_every_writing_key_and_records_nothing() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wall.db");
    let t = Pane::start(dir.path(), 80, 24);
    t.shell(&format!(
        "{BIN} --wallboard --wallboard-seconds 3 demo --keep {}",
        db.display()
    ));
    let s = t.wait_for("MISSING", "the wallboard");
    assert!(s.contains("next in"), "{s}");
    assert!(!s.contains("Sign in"), "nobody signs in:\n{s}");
    let before = stored(&db);
    for keys in [
        &["c"][..],
        &["f"],
        &["m"],
        &["u"],
        &["U"],
        &["o"],
        &["Enter"],
        &["C-s"],
    ] {
        t.keys(keys);
        let s = t.wait_for("read-only, nothing can be recorded here", "the refusal");
        for title in [
            "Complete an action",
            "Record the return",
            "Report",
            "Sign in",
        ] {
            assert!(!s.contains(title), "{keys:?} opened {title}:\n{s}");
        }
    }
    // The pages turn by themselves.
    t.wait_for(" RETURNED ", "the returned tab");
    let first = t.screen();
    let start = std::time::Instant::now();
    while t.screen() == first {
        assert!(start.elapsed().as_secs() < 10, "the page never turned");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    t.keys(&["q"]);
    t.wait_normal_screen();
    assert_eq!(stored(&db), before, "the wallboard recorded nothing");
}

#[test]
fn the_command_line_opens_a_child_and_quits() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cmd.db");
    let t = Pane::start(dir.path(), 80, 24);
    t.shell(&format!("{BIN} demo --keep {}", db.display()));
    t.wait_for("MISSING (", "the board");
    let store = Store::open(&db).unwrap();
    let bella = store
        .read_all()
        .unwrap()
        .into_iter()
        .find_map(|s| match s.event.kind {
            EventKind::ChildRegistered { child, details }
                if details.name.as_deref() == Some("Bella Sample") =>
            {
                Some(child)
            }
            _ => None,
        })
        .expect("Bella is in the demo");
    t.keys(&[":"]);
    t.literal("chi");
    t.keys(&["Tab"]);
    t.wait_for(":child ", "the completed command");
    t.literal(&bella);
    t.keys(&["Enter"]);
    t.wait_for("POLICE INFORMATION", "her detail pane");
    assert!(t.screen().contains("Bella Sample  child"), "{}", t.screen());
    t.keys(&["Escape"]);
    t.wait_for("MISSING (", "the board again");
    t.keys(&[":"]);
    t.literal("q");
    t.keys(&["Enter"]);
    t.wait_normal_screen();
}
