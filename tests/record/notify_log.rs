//! Review D16: the notification log (`DUTYBOARD_NOTIFY_LOG`) is the desk's own file.
//! It never writes through a symbolic link planted in its place (to the officer's
//! shell start-up file, say), one notification is one line whatever its text holds,
//! and the text a desktop notification daemon renders carries no markup or control
//! character from an episode reference.

use dutyboard::desk::alerts::notify::for_desktop;
use dutyboard::desk::alerts::{DesktopNotifier, Notifier};

#[test]
fn the_notification_log_never_writes_through_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("bashrc");
    std::fs::write(&victim, "# the officer's start-up file\n").unwrap();
    let log = dir.path().join("notify.log");
    std::os::unix::fs::symlink(&victim, &log).unwrap();
    let mut n = DesktopNotifier::new(Some(log.clone()));
    n.notify(
        "dutyboard: deadline breached",
        "OVERDUE: Strategy meeting (episode E9)",
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "# the officer's start-up file\n",
        "the log wrote through the link"
    );
    // A dangling link is no way in either.
    let dangling = dir.path().join("dangling.log");
    std::os::unix::fs::symlink(dir.path().join("made-by-the-log"), &dangling).unwrap();
    DesktopNotifier::new(Some(dangling)).notify("s", "b");
    assert!(!dir.path().join("made-by-the-log").exists());
}

#[test]
fn one_notification_is_one_line_of_the_log_whatever_its_text_holds() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("notify.log");
    let mut n = DesktopNotifier::new(Some(log.clone()));
    n.notify(
        "dutyboard: deadline breached",
        "OVERDUE: Strategy meeting (episode E9)\ntouch PWNED-BY-LOG #\r\u{1b}]0;T\u{7})",
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 1, "a line was injected:\n{text}");
    assert!(!text.lines().any(|l| l.starts_with("touch")), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
}

#[test]
fn a_desktop_notification_carries_no_markup_or_control_from_a_reference() {
    let shown =
        for_desktop("OVERDUE: Strategy meeting (episode <b>E9</b><a href=\"x\">\u{1b}[2J\nnext)");
    assert!(!shown.contains('<') && !shown.contains('>'), "{shown}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\n'),
        "{shown:?}"
    );
    assert!(
        shown.contains("E9"),
        "the reference is still shown: {shown}"
    );
}
