//! The record is about children: every file the program creates is its owner's alone
//! (0600, folders 0700), or a shared desk's group's too (0660, folders 2770) when one
//! is configured with `--group` or `$DUTYBOARD_GROUP`. The modes are set, not left to
//! the umask: these tests run the binary with umask 000, where a file left to the
//! umask would be readable by everyone.
#![cfg(unix)]

use dutyboard::record::{EventLog, Store};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");

const CHILD: &str = r#"{"type":"child_registered","id":"c1","at":"2026-01-05T10:00:00Z","child":"C1","name":"Test Child","dob":"2011-04-12","status":"looked_after"}"#;
const EPISODE: &str = r#"{"type":"episode_reported","id":"e1","at":"2026-03-02T09:00:00Z","episode":"E1","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"high"}"#;

/// The binary under umask 000, with `extra` shell-quoted arguments.
fn wide_open_umask(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let line = format!(
        "umask 000; exec '{BIN}' --db '{}' {}",
        db.display(),
        quoted.join(" ")
    );
    let mut c = Command::new("sh");
    c.args(["-c", &line])
        .env("DUTYBOARD_OPERATOR", "perm-test")
        .env_remove("DUTYBOARD_GROUP");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn gid(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().gid()
}

fn companion(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// A group this test may share files with: a system group (`users` or `adm`) for
/// root, else the user's own group (only a group's members may give files to it).
fn system_group() -> Option<(String, u32)> {
    let id = |flag: &str| {
        Command::new("id")
            .arg(flag)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if id("-u")? != "0" {
        return Some((id("-gn")?, id("-g")?.parse().ok()?));
    }
    let text = std::fs::read_to_string("/etc/group").ok()?;
    ["users", "adm"].iter().find_map(|name| {
        text.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() > 2 && f[0] == *name {
                Some((f[0].to_string(), f[2].parse().ok()?))
            } else {
                None
            }
        })
    })
}

/// Imports `lines` while this process holds the record open, so SQLite's `-wal` and
/// `-shm` files are still there to be checked afterwards.
fn import_with_the_record_held_open(db: &Path, lines: &str, env: &[(&str, &str)]) -> Store {
    let held = Store::open(db).unwrap();
    let file = db.with_extension("jsonl");
    std::fs::write(&file, lines).unwrap();
    ok(&wide_open_umask(
        db,
        &["import", file.to_str().unwrap()],
        env,
    ));
    assert!(
        !held.read_all().unwrap().is_empty(),
        "the held connection sees the import"
    );
    held
}

#[test]
fn a_private_desk_makes_every_file_0600_and_every_folder_0700_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new").join("desk").join("board.db");
    ok(&wide_open_umask(&db, &["init", "--policy", "cumbria"], &[]));
    assert_eq!(mode(&db), 0o600, "the database");
    assert_eq!(mode(db.parent().unwrap()), 0o700, "the folder made for it");
    assert_eq!(
        mode(db.parent().unwrap().parent().unwrap()),
        0o700,
        "and its parent, made too"
    );

    let _held = import_with_the_record_held_open(&db, CHILD, &[]);
    for suffix in ["-wal", "-shm"] {
        let f = companion(&db, suffix);
        assert!(
            f.exists(),
            "{} exists while the record is open",
            f.display()
        );
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    assert_eq!(mode(&db), 0o600, "still, after a write");
}

#[test]
fn the_demo_record_kept_on_disk_is_private_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kept").join("demo.db");
    ok(&wide_open_umask(
        &db,
        &["demo", "--print", "--keep", db.to_str().unwrap()],
        &[],
    ));
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
}

#[test]
fn a_shared_desk_gives_its_group_read_and_write_and_others_nothing() {
    let Some((group, group_id)) = system_group() else {
        eprintln!("SKIPPED: neither `users` nor `adm` is a group on this system");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared").join("board.db");
    ok(&wide_open_umask(
        &db,
        &["--group", &group, "init", "--policy", "cumbria"],
        &[],
    ));
    let folder = db.parent().unwrap();
    assert_eq!(mode(&db), 0o660, "the database");
    assert_eq!(gid(&db), group_id, "the database belongs to {group}");
    assert_eq!(mode(folder), 0o2770, "the folder: group's, setgid");
    assert_eq!(gid(folder), group_id);

    // The environment names the group for every later command (the board, imports).
    let _held = import_with_the_record_held_open(&db, CHILD, &[("DUTYBOARD_GROUP", &group)]);
    for suffix in ["-wal", "-shm"] {
        let f = companion(&db, suffix);
        assert_eq!(mode(&f), 0o660, "{}", f.display());
        assert_eq!(gid(&f), group_id, "{}", f.display());
    }
}

#[test]
fn the_group_can_come_from_the_environment_at_init() {
    let Some((group, group_id)) = system_group() else {
        eprintln!("SKIPPED: neither `users` nor `adm` is a group on this system");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env").join("board.db");
    ok(&wide_open_umask(
        &db,
        &["init", "--policy", "medway"],
        &[("DUTYBOARD_GROUP", &group)],
    ));
    assert_eq!((mode(&db), gid(&db)), (0o660, group_id));
}

#[test]
fn an_unknown_group_is_a_clear_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never").join("board.db");
    let out = wide_open_umask(
        &db,
        &[
            "--group",
            "no-such-desk-group",
            "init",
            "--policy",
            "cumbria",
        ],
        &[],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--group"), "{err}");
    assert!(err.contains("no group `no-such-desk-group`"), "{err}");
    assert!(!db.parent().unwrap().exists(), "nothing was created");

    let out = wide_open_umask(
        &db,
        &["init", "--policy", "cumbria"],
        &[("DUTYBOARD_GROUP", "no-such-desk-group")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("DUTYBOARD_GROUP"), "{err}");
}

#[test]
fn the_notification_log_is_created_private() {
    use dutyboard::desk::alerts::{DesktopNotifier, Notifier};
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("notify.log");
    let mut n = DesktopNotifier::new(Some(log.clone()));
    n.notify("Breached", "E1: the return interview is overdue");
    assert_eq!(mode(&log), 0o600);
    n.notify("Breached", "E2: the strategy meeting is overdue");
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2, "appended, not replaced:\n{text}");
}

#[test]
fn the_database_itself_refuses_update_and_delete_from_any_connection() {
    // Not only this program's own code: a second connection (as another tool would
    // open it) meets the same refusal, in SQLite.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(&wide_open_umask(&db, &["init", "--policy", "cumbria"], &[]));
    let file = dir.path().join("two.jsonl");
    std::fs::write(&file, format!("{CHILD}\n{EPISODE}\n")).unwrap();
    ok(&wide_open_umask(
        &db,
        &["import", file.to_str().unwrap()],
        &[],
    ));
    let other = Store::open(&db).unwrap();
    for sql in [
        "UPDATE events SET body = '{}' WHERE id = 'e1'",
        "DELETE FROM events WHERE id = 'c1'",
        "DELETE FROM events",
    ] {
        let e = other.execute_raw(sql).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(other.count().unwrap(), 2);
    assert_eq!(other.integrity_check().unwrap(), "ok");
}

#[test]
fn the_notification_inbox_keeps_what_it_files_to_the_desk_and_its_group() {
    let Some((group, group_id)) = system_group() else {
        eprintln!("SKIPPED: neither `users` nor `adm` is a group on this system");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared").join("board.db");
    ok(&wide_open_umask(
        &db,
        &["--group", &group, "init", "--policy", "cumbria"],
        &[],
    ));
    let inbox = dir.path().join("shared").join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // A good notification and a bad one, dropped in world-readable by their sender.
    let good = r#"{"police_force":"Cumbria Constabulary","police_ref":"CC-1","reported_at":"2026-03-02T21:00:00Z","name":"Test Child","dob":"2011-04-12","last_seen_at":"2026-03-02T18:30:00Z","risk":"medium"}"#;
    for (name, text) in [("good.json", good), ("bad.json", "{ not json")] {
        let path = inbox.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    ok(&wide_open_umask(
        &db,
        &["--inbox", inbox.to_str().unwrap(), "triage", "scan"],
        &[("DUTYBOARD_GROUP", &group)],
    ));
    for path in [
        inbox.join("processed/good.json"),
        inbox.join("processed/good.json.events.txt"),
        inbox.join("rejected/bad.json"),
        inbox.join("rejected/bad.json.reason.txt"),
    ] {
        assert_eq!(mode(&path), 0o660, "{}", path.display());
        assert_eq!(gid(&path), group_id, "{}", path.display());
    }
    for folder in ["processed", "rejected"] {
        assert_eq!(mode(&inbox.join(folder)), 0o2770, "{folder}");
    }
}
