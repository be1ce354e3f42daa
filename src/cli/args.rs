//! The command line, as INTERFACE.md fixes it (extended, never changed).

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dutyboard",
    version,
    about = "A live board of missing children and the deadlines their local procedure sets",
    after_help = "Run with no command to open the live board on the record.\nTry `dutyboard demo` for a fictional caseload."
)]
pub struct Cli {
    /// The record (default: $DUTYBOARD_DB, then the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The folder police notifications are dropped into (default: `inbox` beside the
    /// database; see docs/NOTIFICATIONS.md).
    #[arg(long, global = true, value_name = "DIR")]
    pub inbox: Option<PathBuf>,
    /// Who is recording (default: $DUTYBOARD_OPERATOR).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Show children's names as initials everywhere.
    #[arg(long, global = true)]
    pub privacy: bool,
    /// A newer bank-holidays.json (GOV.UK format) to extend the built-in calendar.
    #[arg(long, global = true, value_name = "FILE")]
    pub bank_holidays: Option<PathBuf>,
    /// Colour theme: default, light, high-contrast, colour-blind, mono, or a user theme.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// A shared desk: files the program creates are readable and writable by this
    /// group too (0660, folders 2770) instead of by their owner alone (0600, 0700)
    /// (default: $DUTYBOARD_GROUP).
    #[arg(long, global = true, value_name = "NAME")]
    pub group: Option<String>,
    // -- Live board: breach alerts (src/alerts) --
    /// The live board rings the terminal bell when a deadline is breached (it rings
    /// anyway when no desktop notification could be shown).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "on",
        value_name = "on|off"
    )]
    pub bell: Switch,
    /// The office's big screen: the live board read-only (no key writes), large rows,
    /// its sections taking turns.
    #[arg(long, global = true)]
    pub wallboard: bool,
    /// Seconds each wallboard page stays up.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = crate::tui::wallboard::DEFAULT_SECONDS)]
    pub wallboard_seconds: u64,
    // -- end live board --
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database and choose the procedure it is kept under.
    Init(InitArgs),
    /// Append events (JSON Lines) from a file or standard input (`-`).
    Import {
        #[arg(value_name = "FILE|-")]
        file: String,
    },
    /// Every open rule instance, most urgent first.
    Due(QueryArgs),
    /// The board's rows, as shown on screen.
    Board(QueryArgs),
    /// The procedures this program knows, and checks of custom ones.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The board over a throwaway fictional caseload.
    Demo(DemoArgs),
    /// Reports drawn from the record.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Statutory returns drawn from the record.
    #[command(subcommand)]
    Export(ExportCommand),
    /// MASH triage of police notifications (docs/NOTIFICATIONS.md).
    #[command(subcommand)]
    Triage(TriageCommand),
    /// The record as stored, event by event, oldest stored first (with their ids).
    Log(LogArgs),
    /// Check the record is whole: the hash chain, the database, the fold cache.
    Verify {
        /// The chain head printed elsewhere (a report, a handover) to check against.
        #[arg(long, value_name = "HEAD")]
        expect: Option<String>,
    },
    /// Bring an older record up to this version's schema (and chain it), saying so.
    Upgrade,
    /// Copy the record, in use or not, to a new file, whole (WAL included) and proved
    /// by its hash chain; never `cp` a record a board has open.
    Backup {
        /// The new file (it must not exist).
        #[arg(value_name = "FILE")]
        to: std::path::PathBuf,
    },
    /// Copy a record onto a PostgreSQL server, all or nothing, verified by its chain.
    Migrate {
        /// The record to copy (a file, or another server's URL).
        #[arg(long, value_name = "DB")]
        from: std::path::PathBuf,
        /// The server's URL (`postgres://...`): the database is made if need be and
        /// must hold no record.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Follow the record: one line a change (an event recorded, an action due now,
    /// breached or escalated), for logs and screen readers. Reads only.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// How often to look at the record, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500, hide = true)]
    pub interval_ms: u64,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only this child's events (its merged duplicates' included).
    #[arg(long, value_name = "REF", conflicts_with = "episode")]
    pub child: Option<String>,
    /// Only this episode's events.
    #[arg(long, value_name = "REF")]
    pub episode: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Read every complete file in the inbox into the record; each file goes to
    /// processed/ or rejected/.
    Scan,
    /// The notifications waiting, with the children each may be about.
    List(TriageListArgs),
    /// Match a notification to a child and open the missing episode.
    Accept(TriageAcceptArgs),
    /// Close a notification without an episode, with the reason.
    Dismiss {
        /// The notification (N-...).
        id: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Record a RAG rating of a notification or an episode.
    Rate {
        /// A notification (N-...) or an episode reference.
        id: String,
        /// red, amber or green.
        #[arg(long, value_name = "R")]
        rag: String,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// Record the MASH decision on a notification or an episode.
    Decide {
        /// A notification (N-...) or an episode reference.
        id: String,
        /// nfa, early_help, assessment or strategy_discussion.
        #[arg(long, value_name = "D")]
        decision: String,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct TriageListArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: TriageFormat,
    /// Also list notifications already accepted or dismissed.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriageFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("whom").required(true).args(["child", "new"]))]
pub struct TriageAcceptArgs {
    /// The notification (N-...).
    pub id: String,
    /// The registered child it is about.
    #[arg(long, value_name = "REF")]
    pub child: Option<String>,
    /// A child the service does not know: register them from the notification.
    #[arg(long)]
    pub new: bool,
    /// The new child's status (with --new; default not_open).
    #[arg(long, value_name = "S", requires = "new")]
    pub status: Option<String>,
    /// The episode's category (default missing).
    #[arg(long, value_name = "C", default_value = "missing")]
    pub category: String,
    /// The new episode's reference (default derived from the notification).
    #[arg(long, value_name = "REF")]
    pub episode: Option<String>,
    /// The risk grade the episode opens with (default the police's grade; needed when the
    /// policy forbids that grade for this child).
    #[arg(long, value_name = "R")]
    pub risk: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The DfE SSDA903 Missing table (CSV) for the collection year ending 31 March
    /// --year: looked-after children's missing (M) and absent (A) periods.
    Ssda903(Ssda903Args),
}

#[derive(Debug, Args)]
pub struct Ssda903Args {
    /// The year the collection ends in (1 April YEAR-1 to 31 March YEAR).
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: i32,
    /// The record as it stood at this moment (RFC 3339 with an offset; default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<Utc>>,
    /// Only the children this authority is responsible for: its own, and those placed
    /// elsewhere on the record by it (`placing_authority`).
    #[arg(long, value_name = "A")]
    pub authority: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The shift handover: what happened since the shift began, what falls due next
    /// (the whole desk: every authority's children).
    Handover(HandoverArgs),
    /// The daily missing report: every child missing in the 24 hours before --at or
    /// still missing, with risk, actions due and overdue, and what to do next.
    Daily(DailyArgs),
    /// Statistics over the episodes reported between two dates (Europe/London).
    Stats(StatsArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DailyFormat {
    /// Markdown (local times).
    Md,
    /// CSV, one row per episode (RFC 3339 times).
    Csv,
    /// JSON (RFC 3339 times).
    Json,
    /// One printable, self-contained HTML page (local times).
    Html,
}

#[derive(Debug, Args)]
pub struct DailyArgs {
    /// The record as it stood at this moment (RFC 3339 with an offset; default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<Utc>>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: DailyFormat,
    /// Use this shipped policy instead of the database's, for this call only.
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Only the episodes that follow this authority's procedure (a record of several).
    #[arg(long, value_name = "A")]
    pub authority: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The first date of the period (YYYY-MM-DD, Europe/London), inclusive. Default:
    /// the Monday 11 weeks before --to's week, so the period is the 12 weeks the
    /// statistics pane shows.
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// The last date of the period (YYYY-MM-DD, Europe/London), inclusive. Default: the
    /// local date of --at.
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
    /// The record as it stood at this moment (RFC 3339 with an offset; default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<Utc>>,
    /// md (Markdown) or json.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Use this shipped policy instead of the database's, for this call only.
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Only the episodes that follow this authority's procedure (a record of several).
    #[arg(long, value_name = "A")]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown, for printing and reading aloud (local times).
    Md,
    /// JSON, for other systems (RFC 3339 times).
    Json,
}

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// When the shift began (RFC 3339 with an offset); events after it are reported.
    /// Default: 12 hours before --at, the span the handover pane shows.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<DateTime<Utc>>,
    /// The end of the shift: the record as it stood then (default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<Utc>>,
    /// md (Markdown, local times) or json (RFC 3339 times).
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Use this shipped policy instead of the database's, for this call only.
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).multiple(false)))]
pub struct InitArgs {
    /// A shipped policy: cambridgeshire, cumbria, medway, camden, practice-guidance.
    #[arg(long, value_name = "NAME", group = "source")]
    pub policy: Option<String>,
    /// A council's own policy file (see docs/POLICY_FORMAT.md).
    #[arg(long, value_name = "FILE", group = "source")]
    pub policy_file: Option<PathBuf>,
    /// The authority that adopts it (default: the policy's name).
    #[arg(long, value_name = "A")]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Show the record as it stood at this moment (RFC 3339 with an offset; default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<Utc>>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Use this shipped policy instead of the database's, for this call only.
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Also list actions opening within this span (e.g. 12h, 2d).
    #[arg(long, value_name = "DURATION", value_parser = parse_horizon)]
    pub horizon: Option<chrono::Duration>,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// The shipped policies.
    List,
    /// A policy's rules as a readable table, with sources.
    Show { name: String },
    /// Check a custom policy file and say precisely what is wrong.
    Check { file: PathBuf },
    /// Record that an authority adopts a policy (a shipped name or a file).
    Adopt(AdoptArgs),
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// A shipped policy's name, or a policy file.
    #[arg(value_name = "NAME|FILE")]
    pub policy: String,
    /// The authority adopting it.
    #[arg(long, value_name = "A")]
    pub authority: String,
    /// When it governs episodes reported from (default: now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub from: Option<DateTime<Utc>>,
    /// Show what would change for the episodes open now; record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The procedure of the demo desk's own council (a neighbour's children, on the
    /// same desk, follow Medway's procedure, or Cumbria's beside Medway).
    #[arg(long, default_value = "cumbria", value_name = "NAME")]
    pub policy: String,
    /// Print the board and the due list instead of opening the live board.
    #[arg(long)]
    pub print: bool,
    /// Keep the demo database at this path instead of a throwaway one.
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
}

pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!("`{text}` is not an RFC 3339 time with an offset, such as 2026-03-02T09:00:00Z")
        })
}

fn parse_horizon(text: &str) -> Result<chrono::Duration, String> {
    use crate::calendar::{Span, Unit};
    let span = Span::parse(text)?;
    let n = i64::from(span.count);
    match span.unit {
        Unit::Minutes => Ok(chrono::Duration::minutes(n)),
        Unit::Hours => Ok(chrono::Duration::hours(n)),
        Unit::Days => Ok(chrono::Duration::days(n)),
        _ => Err("a horizon is exact time: use min, h or d".into()),
    }
}
