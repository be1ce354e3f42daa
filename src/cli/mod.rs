//! The command line: the options (`args`), and one file per command group, each
//! "arguments → desk → render → standard output".

/// Writes a line of text to standard output (see [`emit`]).
macro_rules! outln {
    () => { $crate::cli::emit("\n") };
    ($($t:tt)*) => { $crate::cli::emit(&(format!($($t)*) + "\n")) };
}

/// Writes a line of JSON to standard output (see [`emit_json`]).
macro_rules! jsonln {
    ($($t:tt)*) => { $crate::cli::emit_json(&(format!($($t)*) + "\n")) };
}

/// `DeskError::Failed` from a format string.
macro_rules! failed {
    ($($t:tt)*) => { $crate::desk::DeskError::Failed(format!($($t)*)) };
}

pub mod args;
mod backup;
mod demo;
mod export;
mod import;
mod init;
mod log;
mod migrate;
mod policy;
mod query;
mod report;
mod triage;
mod verify;
mod watch;

pub use args::*;

use crate::desk::{Config, Desk, DeskError};
use crate::record::State;
use chrono::Utc;

/// Runs the command the officer gave.
pub fn run(cli: Cli) -> Result<(), DeskError> {
    // Before anything is written: who may read what this process creates.
    crate::record::files::configure(cli.group.as_deref()).map_err(DeskError::Usage)?;
    match &cli.command {
        None => {
            let desk = Desk::open(&config(&cli), None)?;
            // The live board (src/tui); printed instead when stdout is not a terminal.
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                crate::tui::run(desk, tui_options(&cli))
            } else {
                query::print_board(&desk, Utc::now(), true)
            }
        }
        Some(Command::Init(args)) => init::init(&cli, args),
        Some(Command::Import { file }) => import::import_file(&cli, file),
        Some(Command::Due(args)) => query::due(&cli, args),
        Some(Command::Board(args)) => query::board_command(&cli, args),
        Some(Command::Policy(cmd)) => policy::policy(&cli, cmd),
        Some(Command::Demo(args)) => demo::demo(&cli, args),
        Some(Command::Report(ReportCommand::Handover(args))) => report::handover(&cli, args),
        Some(Command::Report(ReportCommand::Daily(args))) => report::daily(&cli, args),
        Some(Command::Report(ReportCommand::Stats(args))) => report::stats(&cli, args),
        Some(Command::Export(ExportCommand::Ssda903(args))) => export::ssda903(&cli, args),
        Some(Command::Triage(cmd)) => triage::triage(&cli, cmd),
        Some(Command::Log(args)) => log::log(&cli, args),
        Some(Command::Verify { expect }) => verify::verify(&cli, expect.as_deref()),
        Some(Command::Upgrade) => verify::upgrade(&cli),
        Some(Command::Backup { to }) => backup::backup(&cli, to),
        Some(Command::Watch(args)) => watch::watch(&cli, args),
        Some(Command::Migrate { from, to }) => migrate::migrate(from, to),
    }
}

/// The desk's settings from the global options.
pub fn config(cli: &Cli) -> Config {
    Config {
        db: cli.db.clone(),
        operator: cli.operator.clone(),
        bank_holidays: cli.bank_holidays.clone(),
        inbox: cli.inbox.clone(),
        privacy: cli.privacy,
    }
}

/// Writes text to standard output, with every control and format character a name or
/// note could carry shown as an escape rather than obeyed by the terminal (D10).
pub(crate) fn emit(text: &str) {
    emit_raw(&crate::render::terminal::text(text));
}

/// Writes JSON to standard output: format characters (bidi controls) escaped as JSON
/// escapes, so the value is the same to a reader and inert on a terminal.
pub(crate) fn emit_json(text: &str) {
    emit_raw(&crate::render::terminal::json(text));
}

/// Writes `value` as pretty JSON straight to standard output through a buffer (see
/// [`crate::render::json_stream`]); a reader gone away ends the command quietly.
pub(crate) fn emit_json_streamed<T: serde::Serialize + ?Sized>(value: &T) {
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = crate::render::json_stream::write_pretty(out, value);
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Writes bytes as they are (CSV keeps its CRLF; HTML is escaped by its renderer).
/// A reader that has gone away (`dutyboard due | head`) ends the command quietly, as
/// for any Unix tool, rather than with a panic.
pub(crate) fn emit_raw(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// A one-shot command is about to exit: freeing a large record piece by piece would
/// take longer than the query did, and the operating system reclaims it anyway.
fn exit_soon(state: State) {
    std::mem::forget(state);
}

/// How the live board starts, from the global options.
fn tui_options(cli: &Cli) -> crate::tui::Options {
    let named = |v: Option<String>| v.is_some_and(|s| !s.trim().is_empty());
    crate::tui::Options {
        theme: cli.theme.clone(),
        privacy: cli.privacy,
        // With neither `--operator` nor `$DUTYBOARD_OPERATOR`, the board asks who is on
        // the desk (the demo keeps the login name).
        operator_given: cli.wallboard
            || named(cli.operator.clone())
            || named(std::env::var("DUTYBOARD_OPERATOR").ok())
            || matches!(cli.command, Some(Command::Demo(_))),
        alerts: crate::desk::alerts::Settings {
            bell: cli.bell == Switch::On,
            desktop: true,
        },
        inbox: cli.inbox.clone(),
        wallboard: cli.wallboard.then_some(cli.wallboard_seconds),
    }
}
