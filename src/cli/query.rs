//! `due` and `board`: what is open now, as a table or JSON.

use super::{config, emit, exit_soon, Cli, Format, QueryArgs};
use crate::desk::{engine_errors, Desk, DeskError};
use crate::render;
use crate::views::board;
use chrono::{DateTime, Utc};

pub(super) fn due(cli: &Cli, args: &QueryArgs) -> Result<(), DeskError> {
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let now = args.at.unwrap_or_else(Utc::now);
    let (state, evaluation) = desk.evaluate(now)?;
    exit_soon(state);
    let open = evaluation.open(args.horizon, now);
    match args.format {
        Format::Json => {
            let items: Vec<_> = open
                .iter()
                .map(|i| render::json::due_json(i, &desk.policy.name))
                .collect();
            jsonln!(
                "{}",
                serde_json::to_string_pretty(&items).expect("serialisable")
            );
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
    match args.format {
        Format::Json => {
            let (state, evaluation) = desk.evaluate(now)?;
            let board = board::build(&state, &evaluation, now, desk.privacy);
            jsonln!(
                "{}",
                serde_json::to_string_pretty(&render::json::board_json(&board))
                    .expect("serialisable")
            );
            exit_soon(state);
            engine_errors(&evaluation)
        }
        Format::Text => print_board(&desk, now),
    }
}

pub(super) fn print_board(desk: &Desk, now: DateTime<Utc>) -> Result<(), DeskError> {
    let (board, evaluation) = desk.board(now)?;
    emit(&render::text::board_text(&board, &desk.policy.name, now));
    engine_errors(&evaluation)
}
