//! The one way the tests run the `dutyboard` binary. Every run gets the same
//! environment, so a variable set in a developer's shell (or in CI) cannot change
//! one test file's results and not another's: colour off, and none of the
//! variables that choose a record, a group, privacy, a notification log or a theme.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");

/// Settings the binary reads from the environment that a test must not inherit.
const INHERITED: &[&str] = &[
    "DUTYBOARD_DB",
    "DUTYBOARD_GROUP",
    "DUTYBOARD_PRIVACY",
    "DUTYBOARD_NOTIFY_LOG",
    "DUTYBOARD_THEME_DIR",
];

/// `bin [--db DB] ARGS`, signed in as `operator`, stdin closed and output captured.
/// A test may add to it (a variable under test, a piped stdin) before it runs.
pub fn command_of(bin: &Path, db: Option<&Path>, operator: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    if let Some(db) = db {
        c.arg("--db").arg(db);
    }
    c.args(args)
        .env("DUTYBOARD_OPERATOR", operator)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in INHERITED {
        c.env_remove(name);
    }
    c
}

/// [`command_of`] the binary under test.
pub fn command(db: Option<&Path>, operator: &str, args: &[&str]) -> Command {
    command_of(Path::new(BIN), db, operator, args)
}

/// Runs `command` with `stdin` written to it (or closed at once), to the end.
pub fn output_of(mut command: Command, stdin: Option<&[u8]>) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .spawn()
        .expect("the dutyboard binary runs");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("stdin is written");
        }
    }
    child.wait_with_output().expect("the dutyboard binary runs")
}

/// `dutyboard --db DB ARGS` as `operator`, fed `stdin`: what it printed and how it
/// exited.
pub fn dutyboard(db: &Path, operator: &str, args: &[&str], stdin: Option<&str>) -> Output {
    output_of(command(Some(db), operator, args), stdin.map(str::as_bytes))
}

/// [`dutyboard`], which must exit 0: its output.
pub fn succeeds(db: &Path, operator: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let out = dutyboard(db, operator, args, stdin);
    assert!(
        out.status.success(),
        "dutyboard {args:?}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
