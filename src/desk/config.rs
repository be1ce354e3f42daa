//! Where the desk's settings come from: an option given, then the environment, then
//! a default beside the record. The front-ends pass what they were given; nothing
//! here knows of the command line.

use super::DeskError;
use crate::calendar::Calendar;
use crate::procedures::Policy;
use crate::record::Store;
use std::path::{Path, PathBuf};

/// What the officer gave (options), before the environment and the defaults.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `--db`.
    pub db: Option<PathBuf>,
    /// `--operator`.
    pub operator: Option<String>,
    /// `--bank-holidays FILE`.
    pub bank_holidays: Option<PathBuf>,
    /// `--inbox DIR`.
    pub inbox: Option<PathBuf>,
    /// `--privacy`: names as initials everywhere.
    pub privacy: bool,
}

impl Config {
    pub fn database_path(&self) -> PathBuf {
        database_path(self.db.as_deref())
    }

    pub fn operator(&self) -> String {
        operator(self.operator.as_deref())
    }

    /// `--inbox`, else `inbox/` beside the database.
    pub fn inbox_path(&self) -> PathBuf {
        self.inbox
            .clone()
            .unwrap_or_else(|| crate::desk::inbox::default_inbox(&self.database_path()))
    }

    pub fn calendar(&self, db: &Path) -> Result<Calendar, DeskError> {
        calendar(self.bank_holidays.as_deref(), db)
    }
}

/// Who is recording: `--operator`, then `$DUTYBOARD_OPERATOR`, then the login name.
pub fn operator(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("DUTYBOARD_OPERATOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// `--db`, then `$DUTYBOARD_DB`, then the platform data directory.
pub fn database_path(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
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

/// The built-in calendar, extended by `--bank-holidays FILE` for this call. A file
/// beside the database is never read (INTERFACE; review D9): deadlines follow from the
/// record and the call alone, never from a file anyone who can write the folder drops.
pub fn calendar(extra: Option<&Path>, _db: &Path) -> Result<Calendar, DeskError> {
    let mut cal = Calendar::embedded();
    let failed = |path: &Path, e: &dyn std::fmt::Display| {
        DeskError::Failed(format!("{}: {e}", path.display()))
    };
    for path in extra.into_iter().map(Path::to_path_buf) {
        let text = std::fs::read_to_string(&path).map_err(|e| failed(&path, &e))?;
        let more = Calendar::from_gov_uk_json(&text).map_err(|e| failed(&path, &e))?;
        cal = cal.merged(more);
    }
    Ok(cal)
}

/// The policy a database is kept under.
pub fn stored_policy(store: &Store) -> Result<Policy, DeskError> {
    let text = store.meta("policy_text")?.ok_or_else(|| {
        DeskError::Failed(format!(
            "{} has no policy: run `dutyboard --db {} init --policy NAME`",
            store.path().display(),
            store.path().display()
        ))
    })?;
    Policy::parse(&text)
        .map_err(|e| DeskError::Failed(format!("the stored policy cannot be read: {e}")))
}

/// A shipped policy by name; an unknown name is bad usage.
pub fn shipped_policy(name: &str) -> Result<Policy, DeskError> {
    Policy::shipped(name).map_err(|e| DeskError::Usage(e.to_string()))
}
