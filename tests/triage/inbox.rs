//! The inbox: every file ends in exactly one of processed/ or rejected/, a bad file
//! puts nothing in the record and says why, and a notification dropped twice is
//! counted once. The corpus is in tests/notifications/.

use dutyboard::desk::inbox::{process_once, FileReport, Settings};
use dutyboard::desk::inbox::{Outcome, OWNER, PROCESSED, REJECTED, WORK};
use dutyboard::procedures::Policy;
use dutyboard::record::{state_at, Store};
use dutyboard::triage::pending_count;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notifications");

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
    inbox: PathBuf,
    /// The desk the inbox records through (its one write path).
    board: dutyboard::desk::Desk,
}

/// A desk over the record at `db`, with a connection of its own.
fn desk_at(db: &Path) -> dutyboard::desk::Desk {
    let store = Store::open(db).unwrap();
    let policy = Policy::shipped("cumbria").unwrap();
    dutyboard::desk::Desk::over(store, policy, &dutyboard::desk::Config::default()).unwrap()
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&db).unwrap();
    store
        .initialise(
            &policy.name,
            &policy.text,
            "2026-01-01T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    drop(store);
    Desk {
        _dir: dir,
        board: desk_at(&db),
        db,
        inbox,
    }
}

/// A short settle, and a file cut short is rejected as soon as it has settled: for
/// the tests of what a complete file becomes.
fn quick() -> Settings {
    Settings {
        settle: Duration::from_millis(20),
        give_up: Duration::from_millis(20),
        ..Settings::new("mash-inbox")
    }
}

impl Desk {
    fn drop_in(&self, corpus_file: &str, as_name: &str) {
        std::fs::copy(
            Path::new(CORPUS).join(corpus_file),
            self.inbox.join(as_name),
        )
        .unwrap();
    }

    fn scan(&mut self) -> Vec<FileReport> {
        process_once(&self.inbox, &mut self.board, &quick()).unwrap()
    }

    fn notifications(&self) -> usize {
        state_at(&self.board.store, None)
            .unwrap()
            .notifications
            .len()
    }

    /// The files the record says the inbox refused (`notification_refused` events).
    fn refused(&self) -> std::collections::BTreeSet<String> {
        state_at(&self.board.store, None)
            .unwrap()
            .refused_files
            .iter()
            .map(|r| r.file.clone())
            .collect()
    }

    fn names_in(&self, sub: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.inbox.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// What is left in the inbox itself besides its own folders and the file that
    /// says whose inbox it is.
    fn left_in_inbox(&self) -> Vec<String> {
        self.names_in(".")
            .into_iter()
            .filter(|n| ![PROCESSED, REJECTED, WORK, OWNER].contains(&n.as_str()))
            .collect()
    }

    fn read(&self, sub: &str, name: &str) -> String {
        std::fs::read_to_string(self.inbox.join(sub).join(name)).unwrap()
    }
}

/// Each bad notification, and words its refusal must contain.
const BAD: &[(&str, &[&str])] = &[
    ("invalid-json.json", &["line 5", "not valid JSON"]),
    ("missing-dob.json", &["field `dob`", "required and missing"]),
    (
        "impossible-date.json",
        &["line 6", "field `dob`", "`2011-02-30` is not a real date"],
    ),
    (
        "dob-in-future.json",
        &["line 6", "field `dob`", "cannot be in the future"],
    ),
    (
        "last-seen-after-reported.json",
        &["line 7", "field `last_seen_at`", "after the report"],
    ),
    (
        "reported-in-future.json",
        &["line 4", "field `reported_at`", "is in the future"],
    ),
    (
        "unknown-risk.json",
        &["line 8", "field `risk`", "no longer a police risk grade"],
    ),
    (
        "unknown-field.json",
        &[
            "line 9",
            "field `ethnicity`",
            "not a field of a notification",
        ],
    ),
    ("not-utf8.json", &["line 5", "not UTF-8", "offset"]),
    ("empty.json", &["the file is empty"]),
    (
        "too-many-columns.csv",
        &["line 3", "has 8 columns; the header has 7"],
    ),
];

#[test]
fn every_bad_notification_is_rejected_with_its_reason_and_nothing_is_recorded() {
    let mut desk = desk();
    for (file, _) in BAD {
        desk.drop_in(&format!("bad/{file}"), file);
    }
    let reports = desk.scan();
    assert_eq!(reports.len(), BAD.len());
    for (file, words) in BAD {
        let report = reports.iter().find(|r| r.file == *file).unwrap();
        let Outcome::Rejected { reason } = &report.outcome else {
            panic!("{file} was not rejected: {report:?}");
        };
        let sidecar = desk.read(REJECTED, &format!("{file}.reason.txt"));
        for word in *words {
            assert!(reason.contains(word), "{file}: `{word}` not in: {reason}");
            assert!(
                sidecar.contains(word),
                "{file}: `{word}` not in the sidecar: {sidecar}"
            );
        }
        assert_eq!(
            std::fs::read(desk.inbox.join(REJECTED).join(file)).unwrap(),
            std::fs::read(Path::new(CORPUS).join("bad").join(file)).unwrap(),
            "{file} is kept as it came"
        );
    }
    assert!(
        desk.left_in_inbox().is_empty(),
        "{:?}",
        desk.left_in_inbox()
    );
    assert!(desk.names_in(PROCESSED).is_empty());
    assert_eq!(
        desk.notifications(),
        0,
        "nothing from the files reached the record"
    );
    assert_eq!(
        desk.refused(),
        BAD.iter()
            .map(|(f, _)| f.to_string())
            .collect::<std::collections::BTreeSet<_>>(),
        "but each refusal did"
    );
}

#[test]
fn a_50_megabyte_file_is_rejected_by_its_size_without_being_read() {
    let mut desk = desk();
    let huge = std::fs::File::create(desk.inbox.join("huge.json")).unwrap();
    huge.set_len(50_000_000).unwrap();
    drop(huge);
    let started = Instant::now();
    let reports = desk.scan();
    let Outcome::Rejected { reason } = &reports[0].outcome else {
        panic!("{reports:?}");
    };
    assert_eq!(
        reason,
        "file is 50.0 MB; the limit is 1.0 MB for a JSON notification"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        desk.names_in(REJECTED),
        ["huge.json", "huge.json.reason.txt"]
    );
    assert_eq!(desk.notifications(), 0);
    assert_eq!(desk.refused(), ["huge.json".to_string()].into());
}

#[test]
fn good_json_and_csv_notifications_are_recorded_and_the_files_say_which_events() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy-smith.json");
    desk.drop_in("good/two-children.csv", "two-children.csv");
    let reports = desk.scan();
    assert!(
        reports
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Processed { .. })),
        "{reports:?}"
    );
    let state = state_at(&desk.board.store, None).unwrap();
    assert_eq!(pending_count(&state), 3);
    let jordan = state
        .notifications
        .iter()
        .find(|n| n.details.police_ref == "CC-2026-0043")
        .unwrap();
    assert_eq!(jordan.details.name, "Jordan Ó Briain");
    assert_eq!(
        jordan.details.placement.as_deref(),
        Some("Rowan House, Penrith")
    );
    assert_eq!(
        jordan.details.circumstances.as_deref(),
        Some("Left after an argument; said \"don't look for me\".")
    );
    assert_eq!(
        jordan.details.source_file.as_deref(),
        Some("two-children.csv")
    );
    let events = desk.read(PROCESSED, "two-children.csv.events.txt");
    for n in &state.notifications {
        if n.details.source_file.as_deref() == Some("two-children.csv") {
            assert!(
                events.contains(&format!("{} {} line", n.id, n.event)),
                "{events}"
            );
        }
    }
    assert_eq!(
        desk.names_in(PROCESSED),
        [
            "amy-smith.json",
            "amy-smith.json.events.txt",
            "two-children.csv",
            "two-children.csv.events.txt"
        ]
    );
    assert!(desk.left_in_inbox().is_empty());
}

#[test]
fn the_same_file_dropped_twice_is_counted_once_and_neither_copy_is_overwritten() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy.json");
    desk.scan();
    desk.drop_in("good/amy-smith.json", "amy.json");
    let reports = desk.scan();
    assert!(
        matches!(reports[0].outcome, Outcome::Duplicate { .. }),
        "{reports:?}"
    );
    assert_eq!(desk.notifications(), 1);
    assert_eq!(
        desk.names_in(PROCESSED),
        [
            "amy-2.json",
            "amy-2.json.events.txt",
            "amy.json",
            "amy.json.events.txt"
        ]
    );
    let sidecar = desk.read(PROCESSED, "amy-2.json.events.txt");
    assert!(
        sidecar.contains("duplicate of the stored event received-N-"),
        "{sidecar}"
    );
}

#[test]
fn the_same_notification_in_json_and_csv_is_recognised_whatever_the_spelling_of_the_force() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy.json");
    desk.scan();
    desk.drop_in("good/amy-smith-again.csv", "amy-again.csv");
    let reports = desk.scan();
    assert!(
        matches!(reports[0].outcome, Outcome::Duplicate { .. }),
        "{reports:?}"
    );
    assert_eq!(desk.notifications(), 1);
}

#[test]
fn the_same_notification_in_two_files_at_once_is_counted_once() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "first.json");
    desk.drop_in("good/amy-smith-again.csv", "second.csv");
    let reports = desk.scan();
    let processed = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Processed { .. }))
        .count();
    let duplicate = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Duplicate { .. }))
        .count();
    assert_eq!((processed, duplicate), (1, 1), "{reports:?}");
    assert_eq!(desk.notifications(), 1);
}

#[test]
fn files_still_being_written_under_the_rename_convention_are_left_alone() {
    let mut desk = desk();
    for name in ["amy.json.tmp", "amy.json.part", ".amy.json"] {
        desk.drop_in("good/amy-smith.json", name);
    }
    assert!(desk.scan().is_empty());
    assert_eq!(desk.left_in_inbox().len(), 3);
    std::fs::rename(
        desk.inbox.join("amy.json.part"),
        desk.inbox.join("amy.json"),
    )
    .unwrap();
    assert_eq!(desk.scan().len(), 1);
    assert_eq!(desk.notifications(), 1);
}

#[test]
fn a_plain_copy_still_growing_waits_for_the_next_scan() {
    let mut desk = desk();
    let path = desk.inbox.join("slow.json");
    let text = std::fs::read(Path::new(CORPUS).join("good/amy-smith.json")).unwrap();
    std::fs::write(&path, &text[..40]).unwrap();
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            std::thread::sleep(Duration::from_millis(100));
            std::fs::write(&path, &text).unwrap();
        }
    });
    let settings = Settings {
        settle: Duration::from_millis(400),
        ..quick()
    };
    let reports = process_once(&desk.inbox, &mut desk.board, &settings).unwrap();
    writer.join().unwrap();
    assert_eq!(reports[0].outcome, Outcome::Waiting, "{reports:?}");
    assert_eq!(desk.left_in_inbox(), ["slow.json"]);
    let reports = desk.scan();
    assert!(
        matches!(reports[0].outcome, Outcome::Processed { .. }),
        "{reports:?}"
    );
}

#[cfg(unix)]
#[test]
fn what_the_inbox_writes_is_private_to_the_desk() {
    use std::os::unix::fs::PermissionsExt;
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy.json");
    desk.drop_in("bad/empty.json", "empty.json");
    desk.scan();
    let mode = |p: PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for dir in [PROCESSED, REJECTED, WORK] {
        assert_eq!(mode(desk.inbox.join(dir)), 0o700, "{dir}");
    }
    for file in ["amy.json", "amy.json.events.txt"] {
        assert_eq!(mode(desk.inbox.join(PROCESSED).join(file)), 0o600, "{file}");
    }
    for file in ["empty.json", "empty.json.reason.txt"] {
        assert_eq!(mode(desk.inbox.join(REJECTED).join(file)), 0o600, "{file}");
    }
}

#[test]
fn two_scans_racing_over_one_inbox_lose_nothing_and_count_nothing_twice() {
    let desk = desk();
    let csv = std::fs::read_to_string(Path::new(CORPUS).join("good/two-children.csv")).unwrap();
    for i in 0..12 {
        let row = format!(
            "police_force,police_ref,reported_at,name,dob,last_seen_at,risk\nCumbria,RACE-{i},2026-03-02T21:00:00Z,Child {i},2011-04-12,2026-03-02T18:30:00Z,high\n"
        );
        std::fs::write(desk.inbox.join(format!("race-{i:02}.csv")), row).unwrap();
    }
    std::fs::write(desk.inbox.join("two.csv"), csv).unwrap();
    let scans: Vec<_> = (0..2)
        .map(|_| {
            let (inbox, db) = (desk.inbox.clone(), desk.db.clone());
            std::thread::spawn(move || {
                let mut board = desk_at(&db);
                process_once(&inbox, &mut board, &quick()).unwrap()
            })
        })
        .collect();
    let reports: Vec<FileReport> = scans.into_iter().flat_map(|s| s.join().unwrap()).collect();
    assert_eq!(
        reports.len(),
        13,
        "each file is reported by exactly one scan: {reports:?}"
    );
    assert!(desk.left_in_inbox().is_empty());
    assert!(desk.names_in(WORK).is_empty());
    assert_eq!(
        desk.names_in(PROCESSED).len(),
        26,
        "13 files and their sidecars"
    );
    assert_eq!(desk.notifications(), 14);
}

#[test]
fn a_file_claimed_by_a_scan_that_died_is_read_again() {
    let mut desk = desk();
    std::fs::create_dir(desk.inbox.join(WORK)).unwrap();
    std::fs::copy(
        Path::new(CORPUS).join("good/amy-smith.json"),
        desk.inbox.join(WORK).join("4000000000-1-amy.json"),
    )
    .unwrap();
    let reports = desk.scan();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].file, "amy.json");
    assert_eq!(desk.notifications(), 1);
}

#[test]
fn a_file_copied_into_a_watched_inbox_is_recorded_within_two_seconds() {
    let desk = desk();
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = dutyboard::desk::inbox::watch(
        &desk.inbox,
        desk_at(&desk.db),
        quick(),
        Box::new(move |result| {
            let _ = tx.send(result.map(|r| r.len()));
        }),
    )
    .unwrap();
    // Let the watcher's first scan of the (empty) inbox pass.
    std::thread::sleep(Duration::from_millis(200));
    let copied = Instant::now();
    desk.drop_in("good/amy-smith.json", "amy.json");
    let mut seen = 0;
    while seen == 0 && copied.elapsed() < Duration::from_secs(2) {
        if let Ok(result) = rx.recv_timeout(Duration::from_millis(50)) {
            result.unwrap();
        }
        seen = pending_count(&state_at(&Store::open(&desk.db).unwrap(), None).unwrap());
    }
    assert_eq!(seen, 1, "not in the triage count within 2 s");
    println!("recorded {:?} after the copy", copied.elapsed());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_rejected_and_what_it_points_at_is_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mut desk = desk();
    let outside = desk.db.with_file_name("outside.json");
    std::fs::copy(Path::new(CORPUS).join("good/amy-smith.json"), &outside).unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&outside, desk.inbox.join("link.json")).unwrap();
    let reports = desk.scan();
    let Outcome::Rejected { reason } = &reports[0].outcome else {
        panic!("{reports:?}");
    };
    assert!(reason.contains("symbolic link"), "{reason}");
    assert_eq!(desk.notifications(), 0);
    assert_eq!(desk.refused(), ["link.json".to_string()].into());
    let mode = std::fs::metadata(&outside).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "the target's permissions are not changed");
}

#[cfg(unix)]
#[test]
fn a_file_whose_name_is_not_utf8_is_still_read_and_filed() {
    use std::os::unix::ffi::OsStrExt;
    let mut desk = desk();
    let name = std::ffi::OsStr::from_bytes(b"police-\xff.json");
    std::fs::copy(
        Path::new(CORPUS).join("good/amy-smith.json"),
        desk.inbox.join(name),
    )
    .unwrap();
    let reports = desk.scan();
    assert!(
        matches!(reports[0].outcome, Outcome::Processed { .. }),
        "{reports:?}"
    );
    assert_eq!(reports[0].file, "police-\u{fffd}.json");
    assert!(desk.left_in_inbox().is_empty());
    assert_eq!(desk.notifications(), 1);
}

/// The names in a folder, sorted (what a scan must leave as it was).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_inbox_that_holds_the_database_is_refused_and_nothing_in_it_is_moved() {
    let mut desk = desk();
    let folder = desk.db.parent().unwrap().to_path_buf();
    std::fs::copy(
        Path::new(CORPUS).join("good/amy-smith.json"),
        folder.join("amy.json"),
    )
    .unwrap();
    std::fs::write(folder.join("bank-holidays.json"), "{}").unwrap();
    let before = listing(&folder);
    assert!(before.contains(&"board.db".to_string()), "{before:?}");
    let refused = process_once(&folder, &mut desk.board, &quick()).unwrap_err();
    let why = refused.to_string();
    assert!(why.contains("holds the database"), "{why}");
    assert!(why.contains("board.db"), "{why}");
    assert_eq!(listing(&folder), before, "nothing moved, nothing made");
    assert_eq!(desk.board.store.count().unwrap(), 0);
    assert_eq!(desk.board.store.integrity_check().unwrap(), "ok");
}

#[cfg(unix)]
#[test]
fn the_databases_folder_named_through_a_link_is_refused_as_well() {
    let mut desk = desk();
    let folder = desk.db.parent().unwrap().to_path_buf();
    let elsewhere = tempfile::tempdir().unwrap();
    let alias = elsewhere.path().join("drop");
    std::os::unix::fs::symlink(&folder, &alias).unwrap();
    let before = listing(&folder);
    let refused = process_once(&alias, &mut desk.board, &quick()).unwrap_err();
    assert!(
        refused.to_string().contains("holds the database"),
        "{refused}"
    );
    assert_eq!(listing(&folder), before);
}

#[test]
fn a_file_that_is_not_a_notification_is_left_where_it_is_and_the_scan_says_so() {
    let mut desk = desk();
    desk.drop_in("bad/not-a-notification.txt", "notes.txt");
    std::fs::copy(&desk.db, desk.inbox.join("other-desk.db")).unwrap();
    std::fs::write(desk.inbox.join("README"), "police drop folder\n").unwrap();
    desk.drop_in("good/amy-smith.json", "amy.json");
    let reports = desk.scan();
    assert_eq!(
        desk.left_in_inbox(),
        ["README", "notes.txt", "other-desk.db"],
        "only notifications are moved"
    );
    assert!(
        desk.names_in(REJECTED).is_empty(),
        "{:?}",
        desk.names_in(REJECTED)
    );
    for name in ["README", "notes.txt", "other-desk.db"] {
        let report = reports.iter().find(|r| r.file == name).unwrap();
        assert_eq!(report.moved_to, None, "{report:?}");
        let line = report.line();
        assert!(line.contains("left in the inbox"), "{line}");
        assert!(line.contains("`.json` and `.csv`"), "{line}");
    }
    assert_eq!(
        desk.notifications(),
        1,
        "the notification beside them is read"
    );
}

/// Sets a file's modification time `ago` before now: as if its writer last wrote then
/// (a writer's pause without a wait in the test).
fn last_written_ago(path: &Path, ago: Duration) {
    let file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - ago)
        .unwrap();
}

const CSV_HEADER: &str = "police_force,police_ref,reported_at,name,dob,last_seen_at,risk\n";

fn csv_row(n: usize) -> String {
    format!("Cumbria Constabulary,CC-S{n},2026-03-02T21:0{n}:00Z,Child Number{n},2011-04-1{n},2026-03-02T18:30:00Z,High\n")
}

fn police_refs(desk: &Desk) -> Vec<String> {
    let mut refs: Vec<String> = state_at(&desk.board.store, None)
        .unwrap()
        .notifications
        .iter()
        .map(|n| n.details.police_ref.clone())
        .collect();
    refs.sort();
    refs
}

/// Review D2 (3.3): a plain copy whose writer pauses at a row boundary for a second
/// (longer than the old 200 ms settle, as a network share or a slow export does) is not
/// read half-written: it waits, and every row is recorded once it is complete.
#[test]
fn a_csv_whose_writer_pauses_between_rows_is_read_only_once_it_is_complete() {
    let mut desk = desk();
    let path = desk.inbox.join("slow.csv");
    std::fs::write(&path, format!("{CSV_HEADER}{}", csv_row(1))).unwrap();
    last_written_ago(&path, Duration::from_secs(1));
    // The writer holds the file open, as a copying program does, and writes the rest.
    let mut open = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let rest = format!("{}{}", csv_row(2), csv_row(3));
        std::io::Write::write_all(&mut open, rest.as_bytes()).unwrap();
    });
    let first = process_once(&desk.inbox, &mut desk.board, &Settings::new("mash-inbox")).unwrap();
    writer.join().unwrap();
    assert!(
        first.iter().all(|r| r.outcome == Outcome::Waiting),
        "read while its writer was still writing: {first:?}"
    );
    // The writer has finished and the file has held still since.
    last_written_ago(&desk.inbox.join("slow.csv"), Duration::from_secs(10));
    let second = process_once(&desk.inbox, &mut desk.board, &Settings::new("mash-inbox")).unwrap();
    assert!(
        matches!(
            second[..],
            [FileReport {
                outcome: Outcome::Processed { .. },
                ..
            }]
        ),
        "{second:?}"
    );
    assert_eq!(police_refs(&desk), ["CC-S1", "CC-S2", "CC-S3"]);
    let sidecar = desk.read(PROCESSED, "slow.csv.events.txt");
    assert_eq!(sidecar.matches(" stored").count(), 3, "{sidecar}");
}

/// Review D2 (3.4): a JSON notification cut short by a writer that has not finished is
/// left in the inbox for the next scan, not filed under rejected/ (where it would
/// complete out of sight); once complete it is recorded.
#[test]
fn a_json_notification_cut_short_while_its_writer_may_return_is_retried_not_rejected() {
    let mut desk = desk();
    let path = desk.inbox.join("slow.json");
    let text = std::fs::read(Path::new(CORPUS).join("good/amy-smith.json")).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    last_written_ago(&path, Duration::from_secs(5));
    let first = process_once(&desk.inbox, &mut desk.board, &Settings::new("mash-inbox")).unwrap();
    assert_eq!(first[0].outcome, Outcome::Waiting, "{first:?}");
    assert!(desk.names_in(REJECTED).is_empty());
    assert_eq!(desk.left_in_inbox(), ["slow.json"]);
    std::fs::write(&path, &text).unwrap();
    last_written_ago(&path, Duration::from_secs(5));
    let second = process_once(&desk.inbox, &mut desk.board, &Settings::new("mash-inbox")).unwrap();
    assert!(
        matches!(second[0].outcome, Outcome::Processed { .. }),
        "{second:?}"
    );
    assert_eq!(desk.notifications(), 1);
}

/// The other side of the retry: a file cut short that no one has written to for an
/// hour is not still being written, so it is rejected with the parser's reason.
#[test]
fn a_json_notification_cut_short_and_untouched_for_an_hour_is_rejected() {
    let mut desk = desk();
    let path = desk.inbox.join("cut.json");
    let text = std::fs::read(Path::new(CORPUS).join("good/amy-smith.json")).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    last_written_ago(&path, Duration::from_secs(3600));
    let reports = process_once(&desk.inbox, &mut desk.board, &Settings::new("mash-inbox")).unwrap();
    let Outcome::Rejected { reason } = &reports[0].outcome else {
        panic!("{reports:?}");
    };
    assert!(reason.contains("not valid JSON"), "{reason}");
    assert_eq!(desk.notifications(), 0);
}

/// A notification file as a police system writes it, reported at `reported_at`.
fn notification_reported_at(reported_at: &str) -> String {
    serde_json::json!({
        "police_force": "Cumbria Constabulary",
        "police_ref": "CC-FUT",
        "reported_at": reported_at,
        "name": "Amy Smith",
        "dob": "2011-04-12",
        "last_seen_at": "2026-03-02T18:30:00Z",
        "risk": "High",
    })
    .to_string()
}

/// The desk's clock stopped at `now` (INTERFACE "Clocks": the desk's clock, injected).
fn clock_at(now: &str) -> Settings {
    Settings {
        now: Some(now.parse().unwrap()),
        ..quick()
    }
}

/// Review D3 (3.5): police systems and desks disagree by seconds; a notification dated
/// half a minute after the desk's clock is within the one tolerance (5 minutes) and is
/// recorded, not rejected as "in the future".
#[test]
fn a_notification_half_a_minute_ahead_of_the_desk_clock_is_recorded() {
    let mut desk = desk();
    std::fs::write(
        desk.inbox.join("f.json"),
        notification_reported_at("2026-03-02T21:00:30Z"),
    )
    .unwrap();
    let settings = clock_at("2026-03-02T21:00:00Z");
    let reports = process_once(&desk.inbox, &mut desk.board, &settings).unwrap();
    assert!(
        matches!(reports[0].outcome, Outcome::Processed { .. }),
        "{reports:?}"
    );
    assert_eq!(
        pending_count(&state_at(&desk.board.store, None).unwrap()),
        1
    );
}

/// Review D3: a notification further ahead than the tolerance is refused, and the
/// refusal is an event in the record (`notification_refused`, with the file and the
/// reason), so a desk that did not scan it shows it too, as the cron `triage scan` did.
#[test]
fn a_refused_notification_is_recorded_so_every_desk_sees_it() {
    let mut desk = desk();
    std::fs::write(
        desk.inbox.join("f.json"),
        notification_reported_at("2026-03-02T21:06:00Z"),
    )
    .unwrap();
    let settings = clock_at("2026-03-02T21:00:00Z");
    let reports = process_once(&desk.inbox, &mut desk.board, &settings).unwrap();
    let Outcome::Rejected { reason } = &reports[0].outcome else {
        panic!("{reports:?}");
    };
    assert!(reason.contains("6 minutes ahead"), "{reason}");
    assert_eq!(desk.names_in(REJECTED), ["f.json", "f.json.reason.txt"]);
    // Another desk, with a connection of its own, folds the same record.
    let elsewhere = desk_at(&desk.db);
    let state = state_at(&elsewhere.store, None).unwrap();
    assert_eq!(state.notifications.len(), 0, "nothing from the file");
    let [refused] = &state.refused_files[..] else {
        panic!("{:?}", state.refused_files);
    };
    assert_eq!(refused.file, "f.json");
    assert_eq!(&refused.reason, reason);
    assert_eq!(
        refused.at,
        "2026-03-02T21:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(refused.by, "mash-inbox");
}

/// The watcher's fast path: a file whose writer has closed it (a `cp` that finished)
/// needs to hold still only briefly, not the whole settle a paused writer is given.
#[test]
fn a_file_its_writer_has_closed_is_read_without_the_long_settle() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy.json");
    let path = desk.inbox.join("amy.json");
    last_written_ago(&path, Duration::from_millis(300));
    let settings = Settings::new("mash-inbox");
    settings.closed.lock().unwrap().insert(path);
    let started = Instant::now();
    let reports = process_once(&desk.inbox, &mut desk.board, &settings).unwrap();
    assert!(
        matches!(reports[0].outcome, Outcome::Processed { .. }),
        "{reports:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

/// Review D18: a notification that is a hard link to a file outside the inbox is filed,
/// and the file outside keeps its mode (the inbox makes its own copy private instead).
#[test]
fn a_hard_linked_notification_is_filed_without_changing_the_file_it_shares() {
    use std::os::unix::fs::PermissionsExt;
    let mut desk = desk();
    let outside = desk.inbox.parent().unwrap().join("export-amy.json");
    std::fs::copy(Path::new(CORPUS).join("good/amy-smith.json"), &outside).unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::hard_link(&outside, desk.inbox.join("amy.json")).unwrap();
    let reports = desk.scan();
    assert!(
        matches!(
            reports[..],
            [FileReport {
                outcome: Outcome::Processed { .. },
                ..
            }]
        ),
        "{reports:?}"
    );
    let mode = std::fs::metadata(&outside).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "the file outside the inbox was chmodded");
    let filed = std::fs::metadata(desk.inbox.join(PROCESSED).join("amy.json")).unwrap();
    assert_eq!(
        filed.permissions().mode() & 0o777,
        0o600,
        "the filed copy is the desk's"
    );
    assert_eq!(desk.notifications(), 1);
}

/// Review D17: a FIFO or a folder named like a notification is not passed over in
/// silence: each scan says it is left in the inbox and why (and never opens the FIFO).
#[test]
fn a_fifo_or_a_folder_named_like_a_notification_is_reported_and_left() {
    let mut desk = desk();
    let fifo = desk.inbox.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(desk.inbox.join("folder.csv")).unwrap();
    desk.drop_in("good/amy-smith.json", "amy.json");
    let reports = desk.scan();
    for (name, what) in [
        ("pipe.json", "not a regular file"),
        ("folder.csv", "a folder"),
    ] {
        let report = reports
            .iter()
            .find(|r| r.file == name)
            .unwrap_or_else(|| panic!("{name} is not reported: {reports:?}"));
        assert!(matches!(report.outcome, Outcome::Left { .. }), "{report:?}");
        let line = report.line();
        assert!(line.contains(what), "{line}");
    }
    assert_eq!(desk.left_in_inbox(), ["folder.csv", "pipe.json"]);
    assert_eq!(
        desk.notifications(),
        1,
        "the notification beside them is read"
    );
}

/// Review D17 (3.12): a scan killed after it filed a file but before it wrote the
/// sidecar, or before it removed its claim, leaves no copy without its sidecar and no
/// second copy: the next scan finishes the filing.
#[test]
fn a_scan_killed_while_filing_leaves_one_copy_with_its_sidecar() {
    let mut desk = desk();
    desk.drop_in("good/amy-smith.json", "amy.json");
    desk.scan();
    assert_eq!(
        desk.names_in(PROCESSED),
        ["amy.json", "amy.json.events.txt"]
    );
    // As a scan killed between the link into processed/ and the unlink of its claim
    // (the sidecar not yet written): one file, two names.
    desk.drop_in("good/amy-smith-again.csv", "again.csv");
    std::fs::create_dir_all(desk.inbox.join(WORK)).unwrap();
    let claim = desk.inbox.join(WORK).join("4000000000-1-again.csv");
    std::fs::rename(desk.inbox.join("again.csv"), &claim).unwrap();
    std::fs::hard_link(&claim, desk.inbox.join(PROCESSED).join("again.csv")).unwrap();
    desk.scan();
    assert_eq!(
        desk.names_in(PROCESSED),
        [
            "again.csv",
            "again.csv.events.txt",
            "amy.json",
            "amy.json.events.txt"
        ],
        "one copy, with its sidecar"
    );
    assert!(desk.names_in(WORK).is_empty(), "{:?}", desk.names_in(WORK));
    assert_eq!(
        desk.notifications(),
        1,
        "amy-smith-again is the same notification"
    );
}
