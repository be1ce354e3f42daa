//! A copy of a record in use, whole (review D22): `cp desk.db` while a board is open
//! misses every committed event still in `desk.db-wal`, and a copy taken mid-write can
//! be torn. SQLite's `VACUUM INTO` writes one consistent snapshot, WAL included, from a
//! read transaction (so a desk may go on saving meanwhile); the copy is then proved
//! whole by its own hash chain before it is given its name.

use super::files;
use super::log::StoreError;
use super::sqlite::SqliteStore;
use super::sqlite_io::sql_err;
use std::path::{Path, PathBuf};

/// What a finished backup holds, as proved on the copy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub to: PathBuf,
    pub events: i64,
    pub head: String,
}

impl SqliteStore {
    /// Writes a whole copy of the record to `to`, which must not exist (a backup never
    /// replaces a file). The copy is made beside `to` under another name, fsynced, its
    /// chain checked, and only then linked into place; on any failure the partial copy
    /// is removed and nothing named `to` is left.
    pub fn backup_to(&self, to: &Path) -> Result<Backup, StoreError> {
        if to.exists() || to.symlink_metadata().is_ok() {
            return Err(StoreError::Io(format!(
                "{} already exists: a backup never replaces a file; give a new name \
                 (or remove the old copy yourself)",
                to.display()
            )));
        }
        let folder = to
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(StoreError::Io(format!(
                "cannot back up to {}: the folder {} does not exist",
                to.display(),
                folder.display()
            )));
        }
        let partial = partial_name(to);
        let made = self.write_copy(&partial).and_then(|()| prove(&partial, to));
        match made {
            Ok(backup) => {
                // A hard link refuses an existing name, so a file made at `to` since the
                // check above is never replaced either.
                let linked = std::fs::hard_link(&partial, to);
                let _ = std::fs::remove_file(&partial);
                linked.map_err(|e| {
                    StoreError::Io(format!(
                        "cannot name the backup {}: {}; nothing was left there",
                        to.display(),
                        files::describe_io(&e)
                    ))
                })?;
                sync_folder(folder);
                Ok(backup)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn write_copy(&self, partial: &Path) -> Result<(), StoreError> {
        // Made first with the desk's mode: VACUUM INTO would make it with the umask's,
        // and a copy holds every child's name. It accepts an empty file.
        files::create_private_file(partial).map_err(|e| {
            StoreError::Io(format!(
                "cannot make the backup {}: {}; the record is untouched",
                partial.display(),
                files::describe_io(&e)
            ))
        })?;
        let target = partial.to_str().ok_or_else(|| {
            StoreError::Io(format!(
                "cannot back up to {}: the name is not valid UTF-8",
                partial.display()
            ))
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| copy_failed(partial, e))?;
        std::fs::File::open(partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| {
                StoreError::Io(format!(
                    "cannot flush the backup {} to disk: {}; the record is untouched",
                    partial.display(),
                    files::describe_io(&e)
                ))
            })
    }
}

/// The copy, checked as `verify` checks a record: the database's own check, then
/// every link of the chain.
fn prove(partial: &Path, to: &Path) -> Result<Backup, StoreError> {
    let copy = SqliteStore::open_read_only(partial)?;
    let integrity = copy.integrity_check()?;
    if integrity != "ok" {
        return Err(StoreError::Io(format!(
            "the copy failed the database's own check ({integrity}): no backup was kept"
        )));
    }
    let Some(chain) = copy.check_chain()? else {
        return Err(StoreError::Io(
            "the record was made before the hash chain, so a copy cannot be proved whole: \
             run `dutyboard upgrade` on it first"
                .into(),
        ));
    };
    if let Some(broken) = chain.broken {
        return Err(StoreError::Io(format!(
            "the copy's chain is broken ({broken}): no backup was kept; run `dutyboard \
             verify` on the record"
        )));
    }
    Ok(Backup {
        to: to.to_path_buf(),
        events: chain.events,
        head: chain.head,
    })
}

fn copy_failed(partial: &Path, e: rusqlite::Error) -> StoreError {
    let full = matches!(
        &e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull
    );
    if full {
        let folder = partial.parent().unwrap_or(Path::new("."));
        return StoreError::Io(format!(
            "the backup does not fit: the disk holding {} is full; the partial copy was \
             removed and the record is untouched",
            folder.display()
        ));
    }
    sql_err(partial, e)
}

/// `to` with `.partial-PID` added: beside it (so linking it into place never crosses
/// a file system), and never a name another backup running now would use.
fn partial_name(to: &Path) -> PathBuf {
    let mut name = to.as_os_str().to_owned();
    name.push(format!(".partial-{}", std::process::id()));
    PathBuf::from(name)
}

/// The new name made durable too (the file's own data was synced before).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}
