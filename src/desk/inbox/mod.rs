//! The inbox: a folder police notifications are dropped into. Each complete file is
//! read, recorded and moved to `processed/` (with the ids of the events it produced)
//! or to `rejected/` (with the reason), so no notification is lost or counted twice.
//!
//! A file is complete when it was renamed into the inbox (the convention: write
//! `NAME.tmp` or `NAME.part`, or a dotfile, then rename) or, for a plain copy, when
//! its size and modification time have held still for a settle interval (review D2: a
//! writer may pause for a second between rows). A file that changed while it was read
//! goes back to the inbox to be read again (what was recorded from it is then a
//! duplicate), and one cut short that its writer may still finish waits rather than
//! being rejected. A file is
//! claimed by renaming it into `.work/`: of two scans racing for one file, only one
//! rename succeeds, and the other leaves it alone.

mod files;
mod received;
pub mod watch;
pub use watch::{watch, WatchHandle};

pub use files::OWNER;
use files::{claim, not_files, place, recover_abandoned};
use received::{events, replaced_note, sidecar_text};

use super::Desk;
use crate::calendar::time::rfc;
use crate::record::event::TriageEvent;
use crate::record::import::ImportError;
use crate::record::withhold::withhold;
use crate::record::{EventKind, NewEvent};
use crate::render::terminal::one_line;
use crate::triage::notification;
use crate::triage::permissions::ensure_dir;
use chrono::{DateTime, SubsecRound, Utc};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub const PROCESSED: &str = "processed";
pub const REJECTED: &str = "rejected";
/// Claimed files while they are read (hidden, so no scan takes them as new).
pub const WORK: &str = ".work";

/// How long a plainly copied file must hold still before it is read: longer than the
/// pauses of a slow writer (an export over a network share stops for a second or so).
pub const DEFAULT_SETTLE: Duration = Duration::from_secs(2);
/// How long a file its writer has closed (the watcher saw it: a plain `cp` that
/// finished) must hold still before it is read.
pub const CLOSED_SETTLE: Duration = Duration::from_millis(200);
/// Files whose writer closed them, or that were renamed in, since they last changed:
/// seen by the watcher, read by the scan (a scan with no watcher knows none).
pub type Closed = std::sync::Arc<std::sync::Mutex<std::collections::HashSet<PathBuf>>>;
/// How long a file cut short (a JSON object unclosed, a CSV row unfinished) is waited
/// for after its last change before it is rejected: its writer may yet finish it.
pub const DEFAULT_GIVE_UP: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Settings {
    pub settle: Duration,
    /// See [`DEFAULT_GIVE_UP`].
    pub give_up: Duration,
    /// Who the received events are recorded as by.
    pub operator: String,
    /// The desk's clock: `None` is this computer's (tests stop it at an instant).
    pub now: Option<DateTime<Utc>>,
    /// See [`Closed`].
    pub closed: Closed,
}

impl Settings {
    pub fn new(operator: impl Into<String>) -> Settings {
        Settings {
            settle: DEFAULT_SETTLE,
            give_up: DEFAULT_GIVE_UP,
            operator: operator.into(),
            now: None,
            closed: Closed::default(),
        }
    }
}

/// What became of one notification of a processed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub notification: String,
    /// The `notification_received` event's id (stored now, or stored before).
    pub event: String,
    /// Already in the record (this file, or an earlier line of it, repeated it).
    pub duplicate: bool,
    pub line: usize,
    /// Fields whose control characters were replaced by U+FFFD.
    pub replaced: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Recorded; `moved_to` is in `processed/`.
    Processed { received: Vec<Received> },
    /// Every notification in it was already in the record; in `processed/` too.
    Duplicate { received: Vec<Received> },
    /// Refused, nothing recorded; `moved_to` is in `rejected/`.
    Rejected { reason: String },
    /// Still being written: left for the next scan.
    Waiting,
    /// Not a notification (not `.json` or `.csv`): not the inbox's to move, so it is
    /// left where it is, and each scan says so.
    Left { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub outcome: Outcome,
    pub moved_to: Option<PathBuf>,
    /// What the scan could not do to the file once moved (never a reason to stop).
    pub warning: Option<String>,
}

impl FileReport {
    /// One line for `triage scan`: what happened to the file and where it went.
    pub fn line(&self) -> String {
        let to = self
            .moved_to
            .as_ref()
            .map(|p| format!(" -> {}", one_line(&p.display().to_string())))
            .unwrap_or_default();
        let file = one_line(&self.file);
        let line = match &self.outcome {
            Outcome::Processed { received } => {
                let ids: Vec<&str> = received.iter().map(|r| r.notification.as_str()).collect();
                format!(
                    "processed {}: {}{to}{}",
                    file,
                    ids.join(", "),
                    replaced_note(received)
                )
            }
            Outcome::Duplicate { received } => {
                let ids: Vec<&str> = received.iter().map(|r| r.notification.as_str()).collect();
                format!(
                    "duplicate {}: {} already received{to}",
                    file,
                    ids.join(", ")
                )
            }
            Outcome::Rejected { reason } => {
                format!("rejected {}: {}{to}", file, reason.replace('\n', "; "))
            }
            Outcome::Waiting => format!("waiting {}: still being written", file),
            Outcome::Left { reason } => format!("left {}: {reason}", file),
        };
        match &self.warning {
            Some(w) => format!("{line}; warning: {}", one_line(w)),
            None => line,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the record could not be written ({file} is back in the inbox): {message}")]
    Store { file: String, message: String },
    #[error("{} holds the database {}: the inbox must be a folder of its own (nothing was moved)", inbox.display(), db.display())]
    HoldsRecord { inbox: PathBuf, db: PathBuf },
    #[error("{} is the inbox of another record, {}: give this record an inbox of its own with --inbox DIR (nothing was moved)", inbox.display(), owner.display())]
    OtherRecords { inbox: PathBuf, owner: PathBuf },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InboxError + '_ {
    move |source| InboxError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The default inbox: `inbox/` beside the database.
pub fn default_inbox(db: &Path) -> PathBuf {
    if crate::record::postgres::is_url(db) {
        // A record on a server has no folder beside it: the desk's own data folder.
        return dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("dutyboard")
            .join("inbox");
    }
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("inbox")
}

/// Refuses an inbox that is the database's own folder (however it is named): a scan
/// there would file the record and its companions away (review D5).
pub fn check_inbox(inbox: &Path, db: &Path) -> Result<(), InboxError> {
    let Ok(inbox_dir) = std::fs::canonicalize(inbox) else {
        return Ok(()); // not made yet: it holds nothing
    };
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let same = std::fs::canonicalize(folder).is_ok_and(|f| f == inbox_dir)
        || std::fs::canonicalize(db)
            .ok()
            .and_then(|d| d.parent().map(Path::to_path_buf))
            .is_some_and(|f| f == inbox_dir);
    if same {
        return Err(InboxError::HoldsRecord {
            inbox: inbox.to_path_buf(),
            db: db.to_path_buf(),
        });
    }
    Ok(())
}

/// Scans the inbox once: every complete file is recorded (through the desk's one
/// write path, [`Desk::record_keyed`]) and moved. Both `triage scan` and the live
/// watcher call this.
pub fn process_once(
    inbox: &Path,
    desk: &mut Desk,
    settings: &Settings,
) -> Result<Vec<FileReport>, InboxError> {
    check_inbox(inbox, desk.store.path())?;
    for dir in [
        inbox.to_path_buf(),
        inbox.join(PROCESSED),
        inbox.join(REJECTED),
        inbox.join(WORK),
    ] {
        ensure_dir(&dir).map_err(io(&dir))?;
    }
    files::claim_inbox(inbox, desk.store.path())?;
    recover_abandoned(inbox)?;
    let (ready, waiting) = settled(inbox, settings)?;
    let (ready, others): (Vec<Waiting>, Vec<Waiting>) = ready
        .into_iter()
        .partition(|w| notification::Format::of(Path::new(&w.name)).is_some());
    let mut reports: Vec<FileReport> = waiting
        .into_iter()
        .map(|file| FileReport {
            file,
            outcome: Outcome::Waiting,
            moved_to: None,
            warning: None,
        })
        .collect();
    reports.extend(others.into_iter().map(|w| {
        FileReport {
            file: w.name,
            outcome: Outcome::Left {
                reason: "is not a notification: the inbox reads only `.json` and `.csv` files, \
                     so it is left in the inbox"
                    .into(),
            },
            moved_to: None,
            warning: None,
        }
    }));
    reports.extend(
        not_files(inbox)?
            .into_iter()
            .map(|(file, what)| FileReport {
                file,
                outcome: Outcome::Left {
                    reason: format!("{what}: it is left in the inbox, unread"),
                },
                moved_to: None,
                warning: None,
            }),
    );
    for file in ready {
        let Some(claimed) = claim(inbox, &file)? else {
            continue; // another scan took it: it is that scan's to place
        };
        reports.push(process_claimed(inbox, &file, &claimed, desk, settings)?);
    }
    Ok(reports)
}

/// Whether a name in the inbox is a notification to read: not hidden, not a file
/// still being written under the write-then-rename convention.
pub fn is_candidate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !(name.starts_with('.') || lower.ends_with(".tmp") || lower.ends_with(".part"))
}

type Stamp = (u64, Option<SystemTime>);

/// A file waiting in the inbox: its path as the folder has it, and its name as text
/// (a name that is not UTF-8 is shown, and filed, with U+FFFD in place of the bad bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Waiting {
    name: String,
    path: PathBuf,
    stamp: Stamp,
}

fn candidates(inbox: &Path) -> Result<Vec<Waiting>, InboxError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(inbox).map_err(io(inbox))? {
        let entry = entry.map_err(io(inbox))?;
        // Not followed: a link is taken as itself, and refused when read.
        let Ok(meta) = entry.metadata() else {
            continue; // gone since the listing
        };
        if !(meta.is_file() || meta.file_type().is_symlink()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_candidate(&name) {
            out.push(Waiting {
                name,
                path: entry.path(),
                stamp: (meta.len(), meta.modified().ok()),
            });
        }
    }
    out.sort();
    Ok(out)
}

/// How long ago a file was last written, by its modification time; `None` when that
/// is not known or is after this computer's clock (a share whose clock is ahead).
fn held_still(stamp: &Stamp) -> Option<Duration> {
    stamp
        .1
        .and_then(|m| SystemTime::now().duration_since(m).ok())
}

/// The files that have held still for the settle interval, and those still changing.
/// Waits (at most `settle`) for the youngest file to have held still that long, so a
/// scan just after a copy reads it; a file whose time says nothing is watched for the
/// whole interval.
fn settled(inbox: &Path, settings: &Settings) -> Result<(Vec<Waiting>, Vec<String>), InboxError> {
    let before = candidates(inbox)?;
    if before.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    if let Ok(mut closed) = settings.closed.lock() {
        closed.retain(|p| before.iter().any(|w| &w.path == p));
    }
    let settle_of = |w: &Waiting| {
        let closed = settings.closed.lock().is_ok_and(|c| c.contains(&w.path));
        if closed {
            settings.settle.min(CLOSED_SETTLE)
        } else {
            settings.settle
        }
    };
    let wait = before
        .iter()
        .map(|w| {
            let settle = settle_of(w);
            held_still(&w.stamp).map_or(settle, |age| settle.saturating_sub(age))
        })
        .max()
        .unwrap_or_default();
    if !wait.is_zero() {
        std::thread::sleep(wait);
    }
    let after = candidates(inbox)?;
    let mut ready = Vec::new();
    let mut waiting = Vec::new();
    for file in before {
        match after.iter().find(|w| w.path == file.path) {
            Some(now)
                if now.stamp == file.stamp
                    && held_still(&now.stamp).is_none_or(|age| age >= settle_of(&file)) =>
            {
                ready.push(file)
            }
            Some(_) => waiting.push(file.name),
            None => {} // taken by another scan or removed
        }
    }
    Ok((ready, waiting))
}

/// A file's size and modification time as it stands now.
fn stamp_of(path: &Path) -> Option<Stamp> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

fn process_claimed(
    inbox: &Path,
    file: &Waiting,
    claimed: &Path,
    desk: &mut Desk,
    settings: &Settings,
) -> Result<FileReport, InboxError> {
    let name = file.name.as_str();
    // Back into the inbox under its own name, for a later scan to read whole.
    let put_back = || -> Result<FileReport, InboxError> {
        let placed = place(claimed, inbox, name, None)?;
        Ok(FileReport {
            file: name.to_string(),
            outcome: Outcome::Waiting,
            moved_to: None,
            warning: placed.warning,
        })
    };
    // To the microsecond: the record keeps no finer time (INTERFACE, time order).
    let now = settings.now.unwrap_or_else(Utc::now).trunc_subsecs(6);
    let rejected = |desk: &mut Desk, reason: String| -> Result<FileReport, InboxError> {
        // In the record first (INTERFACE "Clocks"), so every board shows the refusal;
        // if the record cannot take it, the file goes back to the inbox as a failed
        // store would leave it, and the scan says why.
        record_refusal(desk, settings, name, &reason, now).inspect_err(|_| {
            let _ = place(claimed, inbox, name, None);
        })?;
        let text = format!(
            "dutyboard refused {name} at {}:\n{reason}\nNothing from this file was recorded.\n",
            rfc(now)
        );
        let moved = place(
            claimed,
            &inbox.join(REJECTED),
            name,
            Some(("reason.txt", &text)),
        )?;
        Ok(FileReport {
            file: name.to_string(),
            outcome: Outcome::Rejected { reason },
            moved_to: Some(moved.path),
            warning: moved.warning,
        })
    };
    if std::fs::symlink_metadata(claimed).is_ok_and(|m| m.file_type().is_symlink()) {
        return rejected(
            desk,
            "is a symbolic link: put the notification file itself in the inbox".into(),
        );
    }
    let incoming = match notification::read_file(claimed, now) {
        Ok(list) => list,
        Err(problem) => {
            // Cut short, and its writer may be back (review D2): read it again later.
            let recent = held_still(&file.stamp).is_none_or(|age| age < settings.give_up);
            if recent && notification::may_be_unfinished(claimed) {
                return put_back();
            }
            let mut problem = problem;
            problem.reason = withhold(&problem.reason, &notification::values_in(claimed));
            return rejected(desk, problem.to_string());
        }
    };
    // What the record holds already: a notification sent again is a duplicate or a
    // re-send with new content (review D4).
    let stored = match crate::record::state_at(&desk.store, None) {
        Ok(state) => state,
        Err(e) => {
            place(claimed, inbox, name, None)?;
            return Err(InboxError::Store {
                file: name.to_string(),
                message: e.to_string(),
            });
        }
    };
    let (keyed, mut received) = events(&incoming, name, now, &stored);
    let outcome = match desk.record_keyed(&settings.operator, keyed, now) {
        Ok((_, outcome)) => outcome,
        Err(ImportError::Refused(refusals)) => {
            let values = notification::values_in(claimed);
            let lines: Vec<String> = refusals
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.error.reason = withhold(&r.error.reason, &values);
                    r.to_string()
                })
                .collect();
            return rejected(desk, lines.join("\n"));
        }
        Err(ImportError::Store(e)) => {
            place(claimed, inbox, name, None)?;
            return Err(InboxError::Store {
                file: name.to_string(),
                message: e.to_string(),
            });
        }
    };
    // Written to while it was read: what was read is recorded, and the file is read
    // again whole (the notifications recorded now are then duplicates).
    if stamp_of(claimed) != Some(file.stamp) {
        return put_back();
    }
    for r in &mut received {
        if outcome.skipped.contains(&r.event) {
            r.duplicate = true;
        }
    }
    let sidecar = sidecar_text(name, now, &received);
    let moved = place(
        claimed,
        &inbox.join(PROCESSED),
        name,
        Some(("events.txt", &sidecar)),
    )?;
    let outcome = if received.iter().all(|r| r.duplicate) {
        Outcome::Duplicate { received }
    } else {
        Outcome::Processed { received }
    };
    Ok(FileReport {
        file: name.to_string(),
        outcome,
        moved_to: Some(moved.path),
        warning: moved.warning,
    })
}

/// Records that the inbox refused `name` (a `notification_refused` event). A record
/// that refuses even that (one already unable to take events) is no reason to keep the
/// file from `rejected/`: its reason file still says why.
fn record_refusal(
    desk: &mut Desk,
    settings: &Settings,
    name: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), InboxError> {
    use crate::record::characters::replace_controls;
    let file = replace_controls(name, false).unwrap_or_else(|| name.to_string());
    let reason = replace_controls(reason, true).unwrap_or_else(|| reason.to_string());
    let event = NewEvent::new(
        now,
        EventKind::Triage(Box::new(TriageEvent::Refused { file, reason })),
    );
    match desk.record(&settings.operator, vec![event], now) {
        Ok(_) | Err(ImportError::Refused(_)) => Ok(()),
        Err(ImportError::Store(e)) => Err(InboxError::Store {
            file: name.to_string(),
            message: e.to_string(),
        }),
    }
}
