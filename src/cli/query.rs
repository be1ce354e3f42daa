//! `due` and `board`: what is open now, as a table or JSON.

use super::{config, emit, exit_soon, Cli, Format, QueryArgs};
use crate::desk::{engine_errors, Desk, DeskError};
use crate::render;
use crate::views::board;
use chrono::{DateTime, Utc};

pub(super) fn due(cli: &Cli, args: &QueryArgs) -> Result<(), DeskError> {
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let now = args.at.unwrap_or_else(Utc::now);
    say_built_ins_moved_on(&desk, args, now);
    let (state, evaluation, skew) = desk.evaluate_asked(args.at, now)?;
    warn_of(skew);
    exit_soon(state);
    let open = evaluation.open(args.horizon, now);
    match args.format {
        Format::Json => {
            let items: Vec<_> = open.iter().map(|i| render::json::due_json(i)).collect();
            super::emit_json_streamed(&items);
        }
        Format::Text => {
            outln!(
                "{:<9} {:<17} {:<10} {:<8} {:<24} TITLE",
                "STATE",
                "DUE (LOCAL)",
                "EPISODE",
                "CHILD",
                "RULE"
            );
            for i in &open {
                let due = if i.asap {
                    "asap".to_string()
                } else {
                    crate::calendar::time::when(i.due_at)
                };
                outln!(
                    "{:<9} {:<17} {:<10} {:<8} {:<24} {}{}",
                    i.state.as_str(),
                    due,
                    i.episode,
                    i.child,
                    i.rule,
                    i.title,
                    if i.escalated { " [ESCALATED]" } else { "" }
                );
            }
        }
    }
    engine_errors(&evaluation)
}

pub(super) fn board_command(cli: &Cli, args: &QueryArgs) -> Result<(), DeskError> {
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let now = args.at.unwrap_or_else(Utc::now);
    say_built_ins_moved_on(&desk, args, now);
    match args.format {
        Format::Json => {
            let (state, evaluation, skew) = desk.evaluate_asked(args.at, now)?;
            let board = board::build(&state, &evaluation, now, desk.privacy);
            // The JSON is the rows alone: the banner goes to standard error.
            warn_of(skew);
            super::emit_json_streamed(render::json::board_json(&board));
            exit_soon(state);
            engine_errors(&evaluation)
        }
        Format::Text => print_board(&desk, now, args.at.is_none()),
    }
}

/// The board as text at `now`: at the desk's clock when `at_clock` (no `--at`).
pub(super) fn print_board(
    desk: &Desk,
    now: DateTime<Utc>,
    at_clock: bool,
) -> Result<(), DeskError> {
    let (board, evaluation) = desk.board(now, at_clock)?;
    emit(&render::text::board_text(&board, &desk.policy.name, now));
    engine_errors(&evaluation)
}

/// An authority whose adopted text of a built-in policy is not the built-in's own is
/// told so, with the dry run that shows what taking the new one up would change
/// (not under `--policy`, which puts every episode under a built-in for the call).
fn say_built_ins_moved_on(desk: &Desk, args: &QueryArgs, now: DateTime<Utc>) {
    if args.policy.is_some() {
        return;
    }
    for line in crate::desk::adopt::built_ins_moved_on(&desk.governs, now) {
        eprintln!("dutyboard: {line}");
    }
}

/// Events dated after the desk's clock, named on standard error (the output stays
/// what a script reads).
fn warn_of(skew: Option<crate::record::clock::ClockSkew>) {
    if let Some(skew) = skew {
        eprintln!("dutyboard: warning: {}", skew.banner());
    }
}
