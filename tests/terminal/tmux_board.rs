//! The live board in a real terminal: tmux runs the binary in an 80x24 pane, keys
//! are typed into it, the screen is read back. Open `demo`, filter, open a form,
//! record an update, quit; then the record (and `dutyboard due`) shows the update
//! stored with the operator's name, and the pane is a normal terminal again. SIGTERM
//! and SIGHUP (a dropped SSH link) also give the terminal back.
//!
//! Skipped, with a message saying so, only when tmux is not installed.

use crate::support::tmux::{self, Pane};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");

/// The terminal's settings as `stty -g` prints them, written by the pane's shell.
fn stty(t: &Pane, dir: &Path, name: &str) -> String {
    let file = dir.join(name);
    t.shell(&format!("stty -g > {}", file.display()));
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(&file) {
            if !s.trim().is_empty() {
                return s;
            }
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("stty wrote nothing:\n{}", t.screen());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn skip() -> bool {
    if tmux::available() {
        return false;
    }
    eprintln!("SKIPPED: tmux is not installed, so the real-terminal tests did not run");
    true
}

#[test]
fn open_demo_filter_record_an_update_and_quit() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let t = Pane::start(dir.path(), 80, 24);
    let before = stty(&t, dir.path(), "stty.before");
    // Camden: its daily update rule restarts from the latest update, so `due` shows it.
    t.shell(&format!(
        "DUTYBOARD_OPERATOR='Tmux Officer' {BIN} demo --policy camden --keep {}",
        db.display()
    ));
    t.wait_for("MISSING (", "the board");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the board uses the alternate screen"
    );
    // Filter to one child.
    t.keys(&["/"]);
    t.literal("Bella");
    t.keys(&["Enter"]);
    let s = t.wait_for("filter: Bella", "the filter");
    assert!(s.contains("Bella Sample"), "{s}");
    assert!(!s.contains("Alfie"), "the filter hides the rest:\n{s}");
    // Record an update.
    t.keys(&["u"]);
    t.wait_for("Record an update: Bella Sample (E202)", "the update form");
    t.literal("Seen at the park by a PCSO");
    t.keys(&["Enter"]);
    t.literal("Carer told.");
    t.keys(&["C-s"]);
    t.wait_for(
        "Saved: update recorded for Bella Sample",
        "the confirmation",
    );
    // Quit: the terminal is normal again.
    t.keys(&["q"]);
    t.wait_normal_screen();
    t.wait_for("$", "the prompt after quitting");
    assert_eq!(t.format("#{cursor_flag}"), "1", "the cursor is shown");
    let after = stty(&t, dir.path(), "stty.after");
    assert_eq!(
        before, after,
        "raw mode is off: the terminal settings are as before"
    );

    // The record has the update, with the operator's name.
    let store = dutyboard::record::Store::open(&db).unwrap();
    let events = dutyboard::record::EventLog::read_all(&store).unwrap();
    let update = events
        .iter()
        .map(|s| &s.event)
        .find(|e| {
            e.type_name() == "update_recorded"
                && e.episode() == Some("E202")
                && e.by == "Tmux Officer"
        })
        .expect("the update is stored with the operator's name");
    match &update.kind {
        dutyboard::record::EventKind::UpdateRecorded { text, .. } => {
            assert_eq!(text, "Seen at the park by a PCSO\nCarer told.")
        }
        other => panic!("{other:?}"),
    }
    // And `dutyboard due` sees it: Camden's daily update now runs from it.
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "due", "--format", "json"])
        .output()
        .unwrap();
    let due: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let daily = due
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["episode"] == "E202" && i["rule"] == "daily_update")
        .expect("E202's daily update is listed");
    let due_at: chrono::DateTime<chrono::Utc> = daily["due_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(due_at, update.at + chrono::Duration::hours(24), "{daily}");
}

fn start_board(t: &Pane, db: &Path) -> u32 {
    t.shell(&format!("{BIN} demo --keep {}", db.display()));
    t.wait_for("MISSING (", "the board");
    t.board_pid()
}

fn gone(pid: u32) -> bool {
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        // A zombie waiting for the shell counts as gone.
        if std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| s.split_whitespace().nth(2) == Some("Z"))
        {
            return true;
        }
        if start.elapsed() > Duration::from_secs(10) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

#[test]
fn sigterm_with_a_form_open_restores_the_terminal_and_writes_nothing() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Pane::start(dir.path(), 80, 24);
    let before = stty(&t, dir.path(), "stty.before");
    // Half-way through a form: nothing of it may be written.
    let pid = start_board(&t, &dir.path().join("a.db"));
    t.keys(&["u"]);
    t.wait_for("Record an update", "the form");
    t.literal("half typed");
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(gone(pid), "the board ended on SIGTERM");
    t.wait_normal_screen();
    let s = t.wait_for("SIGTERM", "the message after the terminal came back");
    assert!(s.contains("terminal was restored"), "{s}");
    assert_eq!(t.format("#{cursor_flag}"), "1");
    assert_eq!(stty(&t, dir.path(), "stty.after"), before);
    let store = dutyboard::record::Store::open(&dir.path().join("a.db")).unwrap();
    let events = dutyboard::record::EventLog::read_all(&store).unwrap();
    assert!(!events.iter().any(|e| matches!(&e.event.kind, dutyboard::record::EventKind::UpdateRecorded { text, .. } if text.contains("half typed"))));
}

#[test]
fn sighup_a_dropped_link_with_a_form_open_restores_the_terminal_and_writes_nothing() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Pane::start(dir.path(), 80, 24);
    let before = stty(&t, dir.path(), "stty.before");
    let db = dir.path().join("b.db");
    let pid = start_board(&t, &db);
    let stored = |db: &Path| {
        let store = dutyboard::record::Store::open(db).unwrap();
        dutyboard::record::EventLog::read_all(&store).unwrap().len()
    };
    let count = stored(&db);
    // Half-way through a form when the link drops: nothing of it may be written.
    t.keys(&["u"]);
    t.wait_for("Record an update", "the form");
    t.literal("Unsaved: seen near the canal");
    t.wait_for("near the canal", "the typed text");
    let status = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(gone(pid), "the board ended on SIGHUP");
    t.wait_normal_screen();
    t.wait_for("SIGHUP", "the message after the terminal came back");
    assert_eq!(t.format("#{cursor_flag}"), "1");
    assert_eq!(stty(&t, dir.path(), "stty.after"), before);
    assert_eq!(stored(&db), count, "nothing of the form was written");
    let store = dutyboard::record::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_resize_redraws_and_a_small_pane_says_too_small() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Pane::start(dir.path(), 80, 24);
    let _pid = start_board(&t, &dir.path().join("c.db"));
    assert!(t
        .run(&["resize-window", "-t", "board", "-x", "60", "-y", "20"])
        .status
        .success());
    t.wait_for("Terminal too small", "the small-terminal message");
    assert!(t
        .run(&["resize-window", "-t", "board", "-x", "120", "-y", "30"])
        .status
        .success());
    t.wait_for("MISSING (", "the board again");
    t.keys(&["q"]);
    t.wait_normal_screen();
}

#[test]
fn a_panic_restores_the_terminal_before_the_message() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Pane::start(dir.path(), 80, 24);
    let before = stty(&t, dir.path(), "stty.before");
    t.shell(&format!(
        "DUTYBOARD_TEST_PANIC=1 {BIN} demo --keep {}",
        dir.path().join("p.db").display()
    ));
    t.wait_normal_screen();
    let s = t.wait_for(
        "panicking on purpose",
        "the panic message on the normal screen",
    );
    assert!(!s.contains("MISSING ("), "the board is gone:\n{s}");
    t.wait_for("$", "the prompt");
    assert_eq!(t.format("#{cursor_flag}"), "1");
    assert_eq!(stty(&t, dir.path(), "stty.after"), before);
}

#[test]
fn a_notification_copied_into_the_watched_inbox_is_counted_within_two_seconds() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Pane::start(dir.path(), 80, 24);
    let inbox = dir.path().join("inbox");
    t.shell(&format!(
        "{BIN} --inbox {} demo --keep {}",
        inbox.display(),
        dir.path().join("t.db").display()
    ));
    let board = t.wait_for("MISSING (", "the board");
    assert!(!board.contains("TRIAGE"), "nothing waiting yet:\n{board}");
    let reported = chrono::Utc::now() - chrono::Duration::hours(1);
    let notification = serde_json::json!({
        "police_force": "Cumbria Constabulary",
        "police_ref": "CC-2026-7001",
        "reported_at": reported.to_rfc3339(),
        "name": "Ottoline Brackenbury",
        "dob": "2012-05-06",
        "address": "4 Example Lane, Penrith",
        "last_seen_at": (reported - chrono::Duration::hours(2)).to_rfc3339(),
        "last_seen_location": "the park",
        "risk": "high",
        "circumstances": "Did not come home.",
        "reported_by": "grandparent",
    });
    let outside = dir.path().join("n.json");
    std::fs::write(&outside, notification.to_string()).unwrap();
    // The watcher made the inbox when the board started.
    let start = Instant::now();
    while !inbox.is_dir() {
        assert!(start.elapsed() < Duration::from_secs(10), "no inbox made");
        std::thread::sleep(Duration::from_millis(20));
    }
    // A plain copy (not the write-then-rename convention): the harder case.
    let start = Instant::now();
    std::fs::copy(&outside, inbox.join("CC-2026-7001.json")).unwrap();
    let took = loop {
        if t.screen().contains("TRIAGE 1") {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("not counted after 10 s:\n{}", t.screen());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    eprintln!("copied into the inbox -> TRIAGE 1 on screen: {took:?}");
    assert!(
        took <= Duration::from_secs(2),
        "the count took {took:?}, more than the 2 s the MASH was promised"
    );
    assert!(inbox.join("processed/CC-2026-7001.json").exists());
    t.keys(&["T"]);
    t.wait_for(
        "Ottoline Brackenbury",
        "the notification on the triage pane",
    );
    t.keys(&["q"]);
    t.wait_normal_screen();
}

/// A reference copied with the line break after it and the lines that followed,
/// pasted as a real terminal pastes it (tmux `paste-buffer -p`: bracketed when the
/// program asks for it): it lands in the field, the form stays open, nothing is stored.
#[test]
fn a_reference_pasted_with_a_newline_stays_in_the_field() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("paste.db");
    let t = Pane::start(dir.path(), 80, 24);
    start_board(&t, &db);
    let stored = |db: &Path| {
        let store = dutyboard::record::Store::open(db).unwrap();
        dutyboard::record::EventLog::read_all(&store).unwrap().len()
    };
    let count = stored(&db);
    t.keys(&["p"]);
    t.wait_for("Police informed: ", "the police form");
    // Typed as keys, `f` and the Enters after the reference would save the form and
    // record a return.
    let set = t.run(&["set-buffer", "-b", "clip", "PD-4321\nf\n\n\n\n\n"]);
    assert!(set.status.success());
    let paste = t.run(&["paste-buffer", "-p", "-b", "clip", "-t", "board"]);
    assert!(paste.status.success());
    let s = t.wait_for("PD-4321 f", "the pasted reference in the field");
    assert!(
        s.contains("Police informed: "),
        "the form is still open:\n{s}"
    );
    t.keys(&["Escape"]);
    // Typed (pasted) text is asked about before it is thrown away.
    t.wait_for("Discard what you typed? y/n", "the discard question");
    t.keys(&["y"]);
    t.wait_for("nothing was written", "the cancelled form");
    t.keys(&["q"]);
    t.wait_normal_screen();
    assert_eq!(stored(&db), count, "the paste stored nothing");
}
