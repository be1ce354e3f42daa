//! The inbox as a real desk has it: notifications dropped by another account (the
//! SFTP account the police force writes as), read by the officer's own. Two throwaway
//! users are made for the test (`useradd`) and the scan runs as one of them
//! (`runuser`), so the permission checks are the kernel's, not root's.
//!
//! Skipped, with a message saying so, when the test is not root or `useradd` and
//! `runuser` are missing, unless `DUTYBOARD_REQUIRE_ACCOUNTS=1` (set by `.ci/run`),
//! when a skip is a failure.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notifications");

/// A user made for one test and removed when it ends.
struct Account {
    name: String,
    uid: u32,
}

impl Account {
    fn make(role: &str) -> Account {
        // Short (useradd takes 32 characters) and unique to this process.
        let name = format!("dbt{}{role}", std::process::id());
        let out = Command::new("useradd")
            .args(["-M", "-N", "-s", "/usr/sbin/nologin", &name])
            .output()
            .expect("useradd runs");
        assert!(out.status.success(), "useradd {name}: {out:?}");
        let id = Command::new("id").args(["-u", &name]).output().unwrap();
        let uid = String::from_utf8_lossy(&id.stdout).trim().parse().unwrap();
        Account { name, uid }
    }

    /// The binary run as this account, in `dir`.
    fn dutyboard(&self, dir: &Path, db: &Path, args: &[&str]) -> Output {
        Command::new("runuser")
            .args(["-u", &self.name, "--", BIN, "--db"])
            .arg(db)
            .args(["--operator", "officer"])
            .args(args)
            .current_dir(dir)
            .env_remove("DUTYBOARD_DB")
            .env_remove("DUTYBOARD_GROUP")
            .stdin(Stdio::null())
            .output()
            .expect("runuser runs")
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        let _ = Command::new("userdel").arg(&self.name).output();
    }
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        return Some("the test is not run as root, so it cannot make accounts".into());
    }
    for program in ["useradd", "userdel", "runuser"] {
        if !runs(program, "--help") {
            return Some(format!("{program} is not installed"));
        }
    }
    None
}

fn skip() -> bool {
    let Some(why) = missing() else {
        return false;
    };
    if std::env::var_os("DUTYBOARD_REQUIRE_ACCOUNTS").is_some_and(|v| v == "1") {
        panic!("DUTYBOARD_REQUIRE_ACCOUNTS=1 but {why}");
    }
    eprintln!("SKIPPED: {why}, so the test of another account's inbox files did not run");
    true
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), None).unwrap();
}

/// A desk folder the officer owns, with a record made by the officer.
fn officer_desk(officer: &Account) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    // The officer must reach the folder; nobody else need.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let desk = dir.path().join("desk");
    std::fs::create_dir(&desk).unwrap();
    chown(&desk, officer.uid);
    let db = desk.join("desk.db");
    let out = officer.dutyboard(&desk, &db, &["init", "--policy", "cumbria"]);
    assert!(out.status.success(), "init: {out:?}");
    let inbox = desk.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // The drop folder is the officer's, writable by the force's account too.
    std::fs::set_permissions(&inbox, std::fs::Permissions::from_mode(0o777)).unwrap();
    chown(&inbox, officer.uid);
    (dir, desk, db)
}

/// A notification file in the inbox, owned by `owner` with `mode`, as an SFTP drop
/// leaves it.
fn dropped(inbox: &Path, name: &str, reference: &str, owner: &Account, mode: u32) -> PathBuf {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("good/amy-smith.json"))
        .unwrap()
        .replace("CC-2026-0042", reference);
    let path = inbox.join(name);
    std::fs::write(&path, text).unwrap();
    chown(&path, owner.uid);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    // Held still long enough for a plain copy to be read.
    let old = filetime_minus(&path, 10);
    assert!(old, "could not age {}", path.display());
    path
}

/// Sets a file's modification time `secs` seconds back (so it counts as settled).
fn filetime_minus(path: &Path, secs: u64) -> bool {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .is_ok()
}

#[test]
fn a_scan_files_every_notification_another_account_dropped_and_says_where() {
    if skip() {
        return;
    }
    let officer = Account::make("o");
    let force = Account::make("f");
    let (_dir, desk, db) = officer_desk(&officer);
    let inbox = desk.join("inbox");
    dropped(&inbox, "other1.json", "CC-OTHER-1", &force, 0o644);
    dropped(&inbox, "other2.json", "CC-OTHER-2", &force, 0o644);
    dropped(&inbox, "locked.json", "CC-LOCKED", &force, 0o000);

    let out = officer.dutyboard(&desk, &db, &["triage", "scan"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the scan stopped at another account's file: exit {:?}\n{stdout}\n{stderr}",
        out.status.code()
    );
    for name in ["other1.json", "other2.json"] {
        assert!(
            stdout.contains(&format!("processed {name}")),
            "{name} is not processed:\n{stdout}"
        );
        let filed = inbox.join("processed").join(name);
        assert!(filed.exists(), "{name} is not in processed/");
        assert!(
            inbox
                .join("processed")
                .join(format!("{name}.events.txt"))
                .exists(),
            "{name} has no sidecar listing its events"
        );
    }
    // The one the officer cannot read is refused with its reason, not left unsaid.
    assert!(stdout.contains("rejected locked.json"), "{stdout}");
    let reason = inbox.join("rejected/locked.json.reason.txt");
    let why = std::fs::read_to_string(&reason).expect("the unreadable file has a reason file");
    assert!(why.contains("cannot be read"), "{why}");

    let list = officer.dutyboard(&desk, &db, &["triage", "list", "--format", "json"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("CC-OTHER-1") && list.contains("CC-OTHER-2"),
        "both notifications are in the record: {list}"
    );
    // Whatever the officer could not make theirs is still out of everyone else's reach:
    // processed/ and rejected/ are the officer's alone.
    for folder in ["processed", "rejected"] {
        let meta = std::fs::metadata(inbox.join(folder)).unwrap();
        assert_eq!(meta.uid(), officer.uid, "{folder} is the officer's");
        assert_eq!(meta.mode() & 0o077, 0, "{folder} is not open to others");
    }
}
