//! `demo`: the board over a throwaway fictional caseload.

use super::{config, emit, tui_options, Cli, DemoArgs};
use crate::desk::{config::shipped_policy, engine_errors, Desk, DeskError};
use crate::render;
use crate::views::board;
use chrono::Utc;
use std::path::PathBuf;

pub(super) fn demo(cli: &Cli, args: &DemoArgs) -> Result<(), DeskError> {
    let policy = shipped_policy(&args.policy)?;
    let (path, _guard) = match &args.keep {
        Some(p) => (p.clone(), None),
        None => {
            let dir = std::env::temp_dir().join(format!(
                "dutyboard-demo-{}-{}",
                std::process::id(),
                Utc::now().timestamp_nanos_opt().unwrap_or(0)
            ));
            (dir.join("demo.db"), Some(TempDir(dir)))
        }
    };
    let now = Utc::now();
    let store = Desk::create(&path, &policy, now)?;
    // An out-of-hours desk of two councils: the demo's own procedure and a neighbour's.
    let second = shipped_policy(crate::demo::second_policy(&policy))?;
    let lines = crate::demo::caseload_of_two(now, &policy, &second);
    let mut desk = Desk::over(store, policy, &config(cli))?;
    desk.import(lines.as_bytes(), "demo", now)
        .map_err(|e| failed!("demo caseload: {e}"))?;
    // The neighbour's adoption came with the caseload.
    desk.refresh_policies()?;
    // The live board (src/tui), unless --print or stdout is not a terminal.
    if !args.print && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return crate::tui::run(desk, tui_options(cli));
    }
    let (state, evaluation) = desk.evaluate(now)?;
    let board = board::build(&state, &evaluation, now, desk.privacy)
        .with_authorities(&desk.authority_names());
    emit(&render::text::board_text(&board, &desk.policy.name, now));
    engine_errors(&evaluation)?;
    if args.print {
        outln!();
        for i in evaluation.open(None, now) {
            let due = if i.asap {
                "asap".to_string()
            } else {
                crate::calendar::time::when(i.due_at)
            };
            outln!(
                "{:<9} {:<17} {:<6} {}",
                i.state.as_str(),
                due,
                i.episode,
                i.title
            );
        }
    }
    Ok(())
}

/// A throwaway folder, removed when the demo ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
