//! One function per command: open what it needs, do it, print the result.

use crate::board::{self, Board};
use crate::calendar::Calendar;
use crate::cli::{
    Cli, Command, DailyArgs, DailyFormat, DemoArgs, ExportCommand, Format, HandoverArgs, InitArgs,
    PolicyCommand, QueryArgs, ReportCommand, ReportFormat, Ssda903Args, StatsArgs,
    TriageAcceptArgs, TriageCommand, TriageFormat, TriageListArgs,
};
use crate::procedures::policy::SHIPPED;
use crate::procedures::{evaluate_scoped, Evaluation, Policy, Scope};
use crate::record::import::{self, ImportError};
use crate::record::{EventLog, State, Store};
use crate::render;
use chrono::{DateTime, Utc};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Bad usage: exit status 2.
    #[error("{0}")]
    Usage(String),
    /// Anything else: exit status 1.
    #[error("{0}")]
    Failed(String),
}

impl CommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Usage(_) => 2,
            CommandError::Failed(_) => 1,
        }
    }
}

/// Writes to standard output; a reader that has gone away (`dutyboard due | head`)
/// ends the command quietly, as for any Unix tool, rather than with a panic.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

macro_rules! outln {
    () => { emit("\n") };
    ($($t:tt)*) => { emit(&(format!($($t)*) + "\n")) };
}

macro_rules! failed {
    ($($t:tt)*) => { CommandError::Failed(format!($($t)*)) };
}

impl From<crate::record::StoreError> for CommandError {
    fn from(e: crate::record::StoreError) -> Self {
        CommandError::Failed(e.to_string())
    }
}

/// Who is recording: `--operator`, then `$DUTYBOARD_OPERATOR`, then the login name.
pub fn operator(cli_value: Option<&str>) -> String {
    cli_value
        .map(str::to_string)
        .or_else(|| std::env::var("DUTYBOARD_OPERATOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// `--db`, then `$DUTYBOARD_DB`, then the platform data directory.
pub fn database_path(cli_value: Option<&Path>) -> PathBuf {
    if let Some(p) = cli_value {
        return p.to_path_buf();
    }
    if let Ok(p) = std::env::var("DUTYBOARD_DB") {
        if !p.is_empty() {
            return PathBuf::from(p);
        }
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("dutyboard")
        .join("dutyboard.db")
}

/// The built-in calendar, extended by `--bank-holidays FILE` and by a
/// `bank-holidays.json` kept beside the database.
pub fn calendar(extra: Option<&Path>, db: &Path) -> Result<Calendar, CommandError> {
    let mut cal = Calendar::embedded();
    let beside = db.parent().map(|d| d.join("bank-holidays.json"));
    for path in extra
        .into_iter()
        .map(Path::to_path_buf)
        .chain(beside.filter(|p| p.exists()))
    {
        let text =
            std::fs::read_to_string(&path).map_err(|e| failed!("{}: {e}", path.display()))?;
        let more =
            Calendar::from_gov_uk_json(&text).map_err(|e| failed!("{}: {e}", path.display()))?;
        cal = cal.merged(more);
    }
    Ok(cal)
}

/// The policy a database is kept under.
pub fn stored_policy(store: &Store) -> Result<Policy, CommandError> {
    let text = store.meta("policy_text")?.ok_or_else(|| {
        failed!(
            "{} has no policy: run `dutyboard --db {} init --policy NAME`",
            store.path().display(),
            store.path().display()
        )
    })?;
    Policy::parse(&text).map_err(|e| failed!("the stored policy cannot be read: {e}"))
}

/// Everything a query needs, opened once.
pub struct Desk {
    pub store: Store,
    pub policy: Policy,
    pub calendar: Calendar,
    pub operator: String,
    pub privacy: bool,
}

impl Desk {
    pub fn open(cli: &Cli, policy_override: Option<&str>) -> Result<Desk, CommandError> {
        let path = database_path(cli.db.as_deref());
        let store = Store::open(&path)?;
        let policy = match policy_override {
            Some(name) => Policy::shipped(name).map_err(|e| CommandError::Usage(e.to_string()))?,
            None => stored_policy(&store)?,
        };
        Ok(Desk {
            calendar: calendar(cli.bank_holidays.as_deref(), &path)?,
            store,
            policy,
            operator: operator(cli.operator.as_deref()),
            privacy: cli.privacy,
        })
    }

    /// The record folded at `now`, and the open (live) instances.
    pub fn evaluate(&self, now: DateTime<Utc>) -> Result<(State, Evaluation), CommandError> {
        self.evaluate_in(now, Scope::Live)
    }

    /// The record folded at `at`, and the instances in `scope` (reports that count
    /// what was settled too ask for all of them).
    pub fn evaluate_in(
        &self,
        at: DateTime<Utc>,
        scope: Scope,
    ) -> Result<(State, Evaluation), CommandError> {
        let state = crate::record::state_at(&self.store, Some(at))?;
        let evaluation = evaluate_scoped(&state, &self.policy, &self.calendar, at, scope);
        Ok((state, evaluation))
    }

    pub fn board(&self, now: DateTime<Utc>) -> Result<(Board, Evaluation), CommandError> {
        let (state, evaluation) = self.evaluate(now)?;
        Ok((
            board::build(&state, &evaluation, now, self.privacy),
            evaluation,
        ))
    }
}

pub fn run(cli: Cli) -> Result<(), CommandError> {
    // Before anything is written: who may read what this process creates.
    crate::record::files::configure(cli.group.as_deref()).map_err(CommandError::Usage)?;
    match &cli.command {
        None => {
            let desk = Desk::open(&cli, None)?;
            // The live board (src/tui); printed instead when stdout is not a terminal.
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                crate::tui::run(desk, tui_options(&cli))
            } else {
                print_board(&desk, Utc::now())
            }
        }
        Some(Command::Init(args)) => init(&cli, args),
        Some(Command::Import { file }) => import_file(&cli, file),
        Some(Command::Due(args)) => due(&cli, args),
        Some(Command::Board(args)) => board_command(&cli, args),
        Some(Command::Policy(cmd)) => policy(cmd),
        Some(Command::Demo(args)) => demo(&cli, args),
        Some(Command::Report(ReportCommand::Handover(args))) => handover(&cli, args),
        Some(Command::Report(ReportCommand::Daily(args))) => daily(&cli, args),
        Some(Command::Report(ReportCommand::Stats(args))) => stats(&cli, args),
        Some(Command::Export(ExportCommand::Ssda903(args))) => ssda903(&cli, args),
        Some(Command::Triage(cmd)) => triage(&cli, cmd),
    }
}

/// `--inbox`, else `inbox/` beside the database.
pub fn inbox_path(cli: &Cli) -> PathBuf {
    cli.inbox
        .clone()
        .unwrap_or_else(|| crate::triage::default_inbox(&database_path(cli.db.as_deref())))
}

/// `triage ...`: MASH triage of police notifications (src/triage, docs/NOTIFICATIONS.md).
fn triage(cli: &Cli, cmd: &TriageCommand) -> Result<(), CommandError> {
    use crate::triage::decisions;
    let mut desk = Desk::open(cli, None)?;
    let now = Utc::now();
    if let TriageCommand::Scan = cmd {
        return triage_scan(&mut desk, &inbox_path(cli));
    }
    let state = crate::record::state_at(&desk.store, Some(now))?;
    let refused = |e: String| CommandError::Failed(format!("triage: {e}"));
    let events = match cmd {
        TriageCommand::Scan => unreachable!("handled above"),
        TriageCommand::List(args) => return triage_list(&desk, &state, args),
        TriageCommand::Accept(args) => {
            let how = acceptance(args)?;
            decisions::accept(&state, &args.id, &how, now).map_err(refused)?
        }
        TriageCommand::Dismiss { id, reason } => {
            if reason.trim().is_empty() {
                return Err(CommandError::Usage(
                    "a dismissal needs a reason: --reason TEXT".into(),
                ));
            }
            vec![decisions::dismiss(&state, id, reason, now).map_err(refused)?]
        }
        TriageCommand::Rate { id, rag, reason } => {
            let rag = crate::record::vocab::Rag::parse(rag).map_err(CommandError::Usage)?;
            vec![decisions::rate(&state, id, rag, reason.as_deref(), now).map_err(refused)?]
        }
        TriageCommand::Decide { id, decision, note } => {
            let decision =
                crate::record::vocab::Decision::parse(decision).map_err(CommandError::Usage)?;
            vec![decisions::decide(&state, id, decision, note.as_deref(), now).map_err(refused)?]
        }
    };
    exit_soon(state);
    let kinds: Vec<String> = events.iter().filter_map(|e| e.kind.clone()).collect();
    let explain = |refusals: Vec<import::Refusal>| {
        let mut lines = vec!["triage: refused, nothing stored:".to_string()];
        for r in refusals {
            let kind = r
                .line
                .and_then(|l| kinds.get(l - 1))
                .map_or("the record", String::as_str);
            lines.push(format!("triage: {kind}: {}", r.error));
        }
        CommandError::Failed(lines.join("\n"))
    };
    let parsed = decisions::parsed(&events, &desk.operator).map_err(explain)?;
    match import::append(&mut desk.store, &parsed, &desk.policy, now) {
        Ok(_) => {
            for p in &parsed {
                outln!("recorded {} {}", p.event.type_name(), p.event.id);
            }
            Ok(())
        }
        Err(ImportError::Refused(refusals)) => Err(explain(refusals)),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

fn acceptance(
    args: &TriageAcceptArgs,
) -> Result<crate::triage::decisions::Acceptance, CommandError> {
    use crate::record::vocab::{Category, Status};
    use crate::triage::decisions::{Acceptance, Whom};
    let usage = |e: String| CommandError::Usage(e);
    let whom = match (&args.child, args.new) {
        (Some(child), false) => Whom::Child(child.clone()),
        (None, true) => Whom::New {
            status: args
                .status
                .as_deref()
                .map_or(Ok(Status::NotOpen), Status::parse)
                .map_err(usage)?,
        },
        _ => return Err(usage("give exactly one of --child REF or --new".into())),
    };
    Ok(Acceptance {
        whom,
        category: Category::parse(&args.category).map_err(usage)?,
        episode: args.episode.clone(),
    })
}

fn triage_scan(desk: &mut Desk, inbox: &Path) -> Result<(), CommandError> {
    let settings = crate::triage::Settings::new(desk.operator.clone());
    let reports = crate::triage::process_once(inbox, &mut desk.store, &desk.policy, &settings)
        .map_err(|e| failed!("triage scan: {e}"))?;
    if reports.is_empty() {
        outln!("no new notifications in {}", inbox.display());
    }
    for r in &reports {
        outln!("{}", r.line());
    }
    Ok(())
}

fn triage_list(desk: &Desk, state: &State, args: &TriageListArgs) -> Result<(), CommandError> {
    use crate::record::{initials, NotificationStatus};
    let items = crate::triage::triage_list(state, args.all);
    let shown = |name: &str| {
        if desk.privacy {
            initials(name)
        } else {
            name.to_string()
        }
    };
    match args.format {
        TriageFormat::Json => {
            let list: Vec<serde_json::Value> = items
                .iter()
                .map(|item| {
                    let n = &item.notification;
                    let d = &n.details;
                    let (child, episode, settled_at, settled_by, reason) = match &n.status {
                        NotificationStatus::Pending => (None, None, None, None, None),
                        NotificationStatus::Accepted {
                            child,
                            episode,
                            at,
                            by,
                        } => (
                            Some(child.clone()),
                            Some(episode.clone()),
                            Some(*at),
                            Some(by.clone()),
                            None,
                        ),
                        NotificationStatus::Dismissed { reason, at, by } => (
                            None,
                            None,
                            Some(*at),
                            Some(by.clone()),
                            Some(reason.clone()),
                        ),
                    };
                    serde_json::json!({
                        "notification": n.id,
                        "status": n.status.as_str(),
                        "police_force": d.police_force,
                        "police_ref": d.police_ref,
                        "reported_at": crate::calendar::time::rfc(d.reported_at),
                        "received_at": crate::calendar::time::rfc(n.received_at),
                        "name": shown(&d.name),
                        "dob": d.dob.to_string(),
                        "address": d.address,
                        "placement": d.placement,
                        "last_seen_at": crate::calendar::time::rfc(d.last_seen_at),
                        "last_seen_location": d.last_seen_location,
                        "risk": d.risk.as_str(),
                        "circumstances": d.circumstances,
                        "reported_by": d.reported_by,
                        "source_file": d.source_file,
                        "rag": n.screening.rag.as_ref().map(|r| r.rag.as_str()),
                        "decision": n.screening.decision.as_ref().map(|r| r.decision.as_str()),
                        "child": child,
                        "episode": episode,
                        "settled_at": settled_at.map(crate::calendar::time::rfc),
                        "settled_by": settled_by,
                        "dismissed_reason": reason,
                        "candidates": item.candidates.iter().map(|c| serde_json::json!({
                            "child": c.child,
                            "name": shown(&c.name),
                            "similarity": c.similarity,
                            "reason": c.reason,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serialisable")
            );
        }
        TriageFormat::Table => {
            outln!(
                "{:<13} {:<9} {:<4} {:<16} {:<22} {:<10} {:<6} {:<19} POLICE",
                "NOTIFICATION",
                "STATUS",
                "RISK",
                "REPORTED",
                "NAME",
                "DOB",
                "RAG",
                "DECISION"
            );
            for item in &items {
                let n = &item.notification;
                let d = &n.details;
                outln!(
                    "{:<13} {:<9} {:<4} {:<16} {:<22} {:<10} {:<6} {:<19} {} {}",
                    n.id,
                    n.status.as_str(),
                    d.risk.label(),
                    crate::calendar::time::when(d.reported_at),
                    render::text::truncate(&shown(&d.name), 22),
                    d.dob,
                    n.screening.rag.as_ref().map_or("-", |r| r.rag.label()),
                    n.screening
                        .decision
                        .as_ref()
                        .map_or("-", |r| r.decision.as_str()),
                    d.police_force,
                    d.police_ref
                );
                if item.candidates.is_empty() {
                    outln!("    no registered child matches (accept with --new to register)");
                }
                for c in &item.candidates {
                    outln!(
                        "    candidate {} {} ({}%): {}",
                        c.child,
                        shown(&c.name),
                        c.similarity,
                        c.reason
                    );
                }
            }
            if items.is_empty() {
                outln!("No notification is waiting.");
            }
        }
    }
    Ok(())
}

/// `report handover`: the events of the shift, the breaches, and what falls due in
/// the next 12 hours (src/reports/handover.rs).
fn handover(cli: &Cli, args: &HandoverArgs) -> Result<(), CommandError> {
    let now = Utc::now();
    let at = args.at.unwrap_or(now);
    if args.since >= at {
        return Err(CommandError::Usage(format!(
            "--since {} is not before --at {}",
            crate::calendar::time::rfc(args.since),
            crate::calendar::time::rfc(at)
        )));
    }
    let desk = Desk::open(cli, args.policy.as_deref())?;
    // Only the shift's stretch of the log (1 µs early: the log keys on microseconds).
    let mut events = Vec::new();
    let from = args.since - chrono::Duration::microseconds(1);
    desk.store.visit_between(from, Some(at), &mut |e| {
        if e.event.at > args.since {
            events.push(e.event);
        }
    })?;
    let (state, evaluation) = desk.evaluate_in(at, Scope::All)?;
    let mut report = crate::reports::handover::build(
        &events,
        &state,
        &evaluation,
        args.since,
        at,
        now,
        desk.privacy,
    );
    report.policy = Some(desk.policy.name.clone());
    exit_soon(state);
    match args.format {
        ReportFormat::Md => emit(&crate::reports::markdown::render(&report)),
        ReportFormat::Json => outln!("{}", crate::reports::json::render(&report)),
    }
    report_engine_errors(&evaluation)
}

/// `report daily`: every child missing in the 24 hours before `--at` or still missing,
/// from the board's own evaluation (src/reports/daily.rs).
fn daily(cli: &Cli, args: &DailyArgs) -> Result<(), CommandError> {
    let now = Utc::now();
    let at = args.at.unwrap_or(now);
    let desk = Desk::open(cli, args.policy.as_deref())?;
    let (state, evaluation) = desk.evaluate(at)?;
    let mut report = crate::reports::daily::build(&state, &evaluation, at, now, desk.privacy);
    report.policy = Some(desk.policy.name.clone());
    exit_soon(state);
    match args.format {
        DailyFormat::Md => emit(&crate::reports::markdown::render_daily(&report)),
        DailyFormat::Csv => emit(&crate::reports::csv::render_daily(&report)),
        DailyFormat::Json => outln!("{}", crate::reports::json::render_daily(&report)),
        DailyFormat::Html => emit(&crate::reports::html::render_daily(&report)),
    }
    report_engine_errors(&evaluation)
}

/// `report stats`: figures over the episodes reported on the dates `--from` to `--to`
/// (Europe/London, inclusive), the record as it stood at `--at` (src/reports/stats.rs).
fn stats(cli: &Cli, args: &StatsArgs) -> Result<(), CommandError> {
    if args.from > args.to {
        return Err(CommandError::Usage(format!(
            "--from {} is after --to {}",
            args.from, args.to
        )));
    }
    let at = args.at.unwrap_or_else(Utc::now);
    let desk = Desk::open(cli, args.policy.as_deref())?;
    let (state, evaluation) = desk.evaluate_in(at, Scope::All)?;
    let mut report =
        crate::reports::stats::build(&state, &evaluation, args.from, args.to, at, desk.privacy);
    report.policy = Some(desk.policy.name.clone());
    exit_soon(state);
    match args.format {
        ReportFormat::Md => emit(&crate::reports::markdown::render_stats(&report)),
        ReportFormat::Json => outln!("{}", crate::reports::json::render_stats(&report)),
    }
    report_engine_errors(&evaluation)
}

/// `export ssda903`: the DfE SSDA903 Missing table as CSV (src/reports/ssda903.rs).
fn ssda903(cli: &Cli, args: &Ssda903Args) -> Result<(), CommandError> {
    let at = args.at.unwrap_or_else(Utc::now);
    let desk = Desk::open(cli, None)?;
    let state = crate::record::state_at(&desk.store, Some(at))?;
    let rows = crate::reports::ssda903::build(&state, args.year);
    exit_soon(state);
    emit(&crate::reports::ssda903::render_csv(&rows));
    Ok(())
}

fn init(cli: &Cli, args: &InitArgs) -> Result<(), CommandError> {
    let policy = match (&args.policy, &args.policy_file) {
        (Some(name), _) => Policy::shipped(name).map_err(|e| CommandError::Usage(e.to_string()))?,
        (None, Some(file)) => {
            let text =
                std::fs::read_to_string(file).map_err(|e| failed!("{}: {e}", file.display()))?;
            Policy::parse(&text).map_err(|e| {
                failed!(
                    "{}: {}",
                    file.display(),
                    e.to_string().replace('\n', "\n  ")
                )
            })?
        }
        (None, None) => {
            return Err(CommandError::Usage(
                "give --policy NAME or --policy-file FILE".into(),
            ))
        }
    };
    let path = database_path(cli.db.as_deref());
    let mut store = Store::create(&path)?;
    store.initialise(&policy.name, &policy.text, Utc::now())?;
    eprintln!(
        "dutyboard: created {} under the {} policy",
        path.display(),
        policy.name
    );
    Ok(())
}

fn import_file(cli: &Cli, file: &str) -> Result<(), CommandError> {
    let mut desk = Desk::open(cli, None)?;
    let mut input = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut input)
            .map_err(|e| failed!("standard input: {e}"))?;
    } else {
        input = std::fs::read(file).map_err(|e| failed!("{file}: {e}"))?;
    }
    let source = if file == "-" { "stdin" } else { file };
    match import::import(
        &mut desk.store,
        &input,
        &desk.policy,
        &desk.operator,
        Utc::now(),
    ) {
        Ok(outcome) => {
            eprintln!(
                "dutyboard: {}: stored {} event(s), skipped {} already stored",
                source,
                outcome.stored.len(),
                outcome.skipped.len()
            );
            Ok(())
        }
        Err(ImportError::Refused(refusals)) => {
            let mut lines = vec![format!("{source}: import refused, nothing stored:")];
            lines.extend(refusals.iter().map(|r| format!("{source}: {r}")));
            Err(CommandError::Failed(lines.join("\n")))
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// A one-shot command is about to exit: freeing a large record piece by piece would
/// take longer than the query did, and the operating system reclaims it anyway.
fn exit_soon(state: State) {
    std::mem::forget(state);
}

fn due(cli: &Cli, args: &QueryArgs) -> Result<(), CommandError> {
    let desk = Desk::open(cli, args.policy.as_deref())?;
    let now = args.at.unwrap_or_else(Utc::now);
    let (state, evaluation) = desk.evaluate(now)?;
    exit_soon(state);
    let open = evaluation.open(args.horizon, now);
    match args.format {
        Format::Json => {
            let items: Vec<serde_json::Value> = open
                .iter()
                .map(|i| render::json::due_json(i, &desk.policy.name))
                .collect();
            outln!(
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
    report_engine_errors(&evaluation)
}

/// An action the engine could not compute is an error, never a guess: the rest is
/// still printed, the problem goes to stderr and the exit status says so.
fn report_engine_errors(evaluation: &Evaluation) -> Result<(), CommandError> {
    if evaluation.errors.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = evaluation.errors.iter().map(|e| e.to_string()).collect();
    Err(CommandError::Failed(lines.join("\n")))
}

fn board_command(cli: &Cli, args: &QueryArgs) -> Result<(), CommandError> {
    let desk = Desk::open(cli, args.policy.as_deref())?;
    let now = args.at.unwrap_or_else(Utc::now);
    match args.format {
        Format::Json => {
            let (state, evaluation) = desk.evaluate(now)?;
            let board = board::build(&state, &evaluation, now, desk.privacy);
            outln!(
                "{}",
                serde_json::to_string_pretty(&render::json::board_json(&board))
                    .expect("serialisable")
            );
            exit_soon(state);
            report_engine_errors(&evaluation)
        }
        Format::Text => print_board(&desk, now),
    }
}

fn print_board(desk: &Desk, now: DateTime<Utc>) -> Result<(), CommandError> {
    let (board, evaluation) = desk.board(now)?;
    emit(&render::text::board_text(&board, &desk.policy.name, now));
    report_engine_errors(&evaluation)
}

fn policy(cmd: &PolicyCommand) -> Result<(), CommandError> {
    match cmd {
        PolicyCommand::List => {
            for (name, _) in SHIPPED {
                let p = Policy::shipped(name).map_err(|e| failed!("{e}"))?;
                outln!("{:<18} {:>2} rules  {}", p.name, p.rules.len(), p.title);
            }
            Ok(())
        }
        PolicyCommand::Show { name } => {
            let p = Policy::shipped(name).map_err(|e| CommandError::Usage(e.to_string()))?;
            emit(&render::policy::policy_table(&p));
            Ok(())
        }
        PolicyCommand::Check { file } => {
            let text =
                std::fs::read_to_string(file).map_err(|e| failed!("{}: {e}", file.display()))?;
            match Policy::parse(&text) {
                Ok(p) => {
                    outln!(
                        "{}: ok: policy `{}` with {} rules",
                        file.display(),
                        p.name,
                        p.rules.len()
                    );
                    Ok(())
                }
                Err(e) => Err(CommandError::Failed(
                    e.to_string()
                        .lines()
                        .map(|l| format!("{}: {l}", file.display()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )),
            }
        }
    }
}

fn demo(cli: &Cli, args: &DemoArgs) -> Result<(), CommandError> {
    let policy = Policy::shipped(&args.policy).map_err(|e| CommandError::Usage(e.to_string()))?;
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
    let mut store = Store::create(&path)?;
    store.initialise(&policy.name, &policy.text, now)?;
    let lines = crate::demo::caseload_for(now, &policy);
    import::import(&mut store, lines.as_bytes(), &policy, "demo", now)
        .map_err(|e| failed!("demo caseload: {e}"))?;
    let desk = Desk {
        calendar: calendar(cli.bank_holidays.as_deref(), &path)?,
        store,
        policy,
        operator: operator(cli.operator.as_deref()),
        privacy: cli.privacy,
    };
    // The live board (src/tui), unless --print or stdout is not a terminal.
    if !args.print && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return crate::tui::run(desk, tui_options(cli));
    }
    let (state, evaluation) = desk.evaluate(now)?;
    let board = board::build(&state, &evaluation, now, desk.privacy);
    emit(&render::text::board_text(&board, &desk.policy.name, now));
    report_engine_errors(&evaluation)?;
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

/// How the live board starts, from the global options.
fn tui_options(cli: &Cli) -> crate::tui::Options {
    let named = |v: Option<String>| v.is_some_and(|s| !s.trim().is_empty());
    crate::tui::Options {
        theme: cli.theme.clone(),
        privacy: cli.privacy,
        // With neither `--operator` nor `$DUTYBOARD_OPERATOR`, the board asks who is on
        // the desk (the demo keeps the login name).
        operator_given: named(cli.operator.clone())
            || named(std::env::var("DUTYBOARD_OPERATOR").ok())
            || matches!(cli.command, Some(Command::Demo(_))),
        alerts: crate::alerts::Settings {
            bell: cli.bell == crate::cli::Switch::On,
            desktop: true,
        },
        inbox: cli.inbox.clone(),
    }
}

/// A throwaway folder, removed when the demo ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
