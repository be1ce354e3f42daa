//! `report handover|daily|stats`: the reports drawn from the record.

use super::{
    config, emit, emit_raw, exit_soon, DailyArgs, DailyFormat, HandoverArgs, ReportFormat,
    StatsArgs,
};
use crate::cli::Cli;
use crate::desk::{engine_errors, Desk, DeskError};
use crate::procedures::Scope;
use chrono::{NaiveDate, Utc};

/// `report handover`: the events of the shift, the breaches, and what falls due in
/// the next 12 hours (src/reports/handover.rs).
pub(super) fn handover(cli: &Cli, args: &HandoverArgs) -> Result<(), DeskError> {
    let now = Utc::now();
    let at = args.at.unwrap_or(now);
    // Without --since, the span the handover pane shows: the last 12 hours.
    let since = args
        .since
        .unwrap_or_else(|| crate::views::handover::shift_start(at));
    if since >= at {
        return Err(DeskError::Usage(format!(
            "--since {} is not before --at {}",
            crate::calendar::time::rfc(since),
            crate::calendar::time::rfc(at)
        )));
    }
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let events = desk.events_between(since, at)?;
    let (state, evaluation) = desk.evaluate_in(at, Scope::All)?;
    let mut report =
        crate::views::handover::build(&events, &state, &evaluation, since, at, now, desk.privacy);
    report.policy = Some(desk.policy.name.clone());
    report.authorities = crate::views::authorities_in_force(&desk.governs, at);
    exit_soon(state);
    match args.format {
        ReportFormat::Md => emit(&crate::render::markdown::render(&report)),
        ReportFormat::Json => jsonln!("{}", crate::render::json::render(&report)),
    }
    engine_errors(&evaluation)
}

/// `report daily`: every child missing in the 24 hours before `--at` or still missing,
/// from the board's own evaluation (src/reports/daily.rs).
pub(super) fn daily(cli: &Cli, args: &DailyArgs) -> Result<(), DeskError> {
    let now = Utc::now();
    let at = args.at.unwrap_or(now);
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let authority = authority_asked(&desk, args.authority.as_deref())?;
    let (state, evaluation) = desk.evaluate(at)?;
    let mut report = crate::views::daily::build(&state, &evaluation, at, now, desk.privacy);
    report.policy = Some(policy_of(&desk, authority, at));
    report.authorities = crate::views::authorities_in_force(&desk.governs, at);
    if let Some(a) = authority {
        report = report.for_authority(a);
    }
    exit_soon(state);
    match args.format {
        DailyFormat::Md => emit(&crate::render::markdown::render_daily(&report)),
        DailyFormat::Csv => emit_raw(&crate::render::csv::render_daily(&report)),
        DailyFormat::Json => jsonln!("{}", crate::render::json::render_daily(&report)),
        DailyFormat::Html => emit_raw(&crate::render::html::render_daily(&report)),
    }
    engine_errors(&evaluation)
}

/// `report stats`: figures over the episodes reported on the dates `--from` to `--to`
/// (Europe/London, inclusive), the record as it stood at `--at` (src/reports/stats.rs).
pub(super) fn stats(cli: &Cli, args: &StatsArgs) -> Result<(), DeskError> {
    let at = args.at.unwrap_or_else(Utc::now);
    let (from, to) = stats_period(args, at);
    if from > to {
        return Err(DeskError::Usage(format!(
            "--from {from} is after --to {to}"
        )));
    }
    let desk = Desk::open_read_only(&config(cli), args.policy.as_deref())?;
    let authority = authority_asked(&desk, args.authority.as_deref())?;
    let (state, evaluation) = desk.evaluate_in(at, Scope::All)?;
    let mut report = crate::views::stats::build_for(
        &state,
        &evaluation,
        (from, to),
        at,
        desk.privacy,
        authority,
    );
    report.policy = Some(policy_of(&desk, authority, at));
    report.authorities = crate::views::authorities_in_force(&desk.governs, at);
    if let Some(a) = authority {
        report.authorities.retain(|p| p.authority == a);
    }
    exit_soon(state);
    match args.format {
        ReportFormat::Md => emit(&crate::render::markdown::render_stats(&report)),
        ReportFormat::Json => jsonln!("{}", crate::render::json::render_stats(&report)),
    }
    engine_errors(&evaluation)
}

/// The period `report stats` covers: the dates given, else those the statistics pane
/// shows (the 12 weeks, Monday to Sunday, ending with the week of `--to`, which is the
/// local date of `--at` unless given).
fn stats_period(args: &StatsArgs, at: chrono::DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    use crate::views::stats::{first_monday, PANE_WEEKS};
    let to = args.to.unwrap_or_else(|| crate::calendar::local_date(at));
    let from = args.from.unwrap_or_else(|| first_monday(to, PANE_WEEKS));
    (from, to)
}

/// The authority `--authority` names, checked: one the record has adopted (its name
/// as adopted), else a usage error that lists them.
pub(super) fn authority_asked<'d>(
    desk: &'d Desk,
    asked: Option<&str>,
) -> Result<Option<&'d str>, DeskError> {
    let Some(asked) = asked else {
        return Ok(None);
    };
    let names: Vec<&str> = desk
        .governs
        .authorities
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    match names.iter().find(|n| n.eq_ignore_ascii_case(asked)) {
        Some(n) => Ok(Some(n)),
        None => Err(DeskError::Usage(format!(
            "--authority {asked}: the record has adopted no policy for `{asked}` (its authorities: {})",
            names.join(", ")
        ))),
    }
}

/// The policy a report names: that of `authority` in force at `at` when it covers one
/// authority, else the record's (its first authority's, or `--policy`).
fn policy_of(desk: &Desk, authority: Option<&str>, at: chrono::DateTime<Utc>) -> String {
    match authority {
        Some(a) => desk.governs.at_report(Some(a), at, at).policy.name.clone(),
        None => desk.policy.name.clone(),
    }
}
