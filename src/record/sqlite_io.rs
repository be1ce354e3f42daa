//! SQLite's failures and waits, in the officer's words and the desk's time: retries
//! of a lock, and what a refused write means ("the disk is full: nothing was
//! stored"). Used only by [`super::sqlite`].

use super::files;
use super::log::StoreError;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The settings of a connection that may write the record.
pub(super) fn tune(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    // No memory map: every mapped page a walk touches stays resident (and counts
    // against the board's memory) for as long as the connection is open, while
    // pages read into SQLite's own cache are bounded by its size (2 MB here) and
    // the operating system caches the file either way.
    conn.pragma_update(None, "mmap_size", 0)?;
    conn.pragma_update(None, "cache_size", -2048)?;
    // FULL, not NORMAL: in WAL mode NORMAL lets a power cut roll back commits the
    // officer was told were "Saved", and the inbox files a notification as stored
    // once its commit returns (reliability review, "Durability"). A save costs one
    // more fsync of the WAL; a desk saves a few times a minute at most.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")
}

/// Commits, retrying a COMMIT that meets a lock (it can, where the journal is not WAL:
/// the commit then waits for readers). A commit that fails for good rolls back.
pub(super) fn commit(tx: rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    retry(|| tx.execute_batch("COMMIT"))
    // On success the connection is back in autocommit and dropping `tx` does nothing;
    // on failure dropping it rolls the transaction back.
}

/// Retries a step that met a lock held past the busy timeout (bounded, with backoff),
/// so that a user never sees "database is locked". Every path that can meet
/// SQLITE_BUSY comes through here: WAL setup and the schema check when opening, the
/// migration, `BEGIN IMMEDIATE`, and `COMMIT`. Each try already waits up to the busy
/// timeout (10 s) inside SQLite; the waits between tries are jittered so that desks
/// that met the same lock do not all come back at the same instant.
pub(super) fn retry<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut wait = Duration::from_millis(20);
    for _ in 0..8 {
        match step() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                std::thread::sleep(wait + jitter(wait));
                wait = (wait * 2).min(Duration::from_secs(1));
            }
            other => return other,
        }
    }
    step()
}

/// Up to half of `wait`, varying between processes and tries.
fn jitter(wait: Duration) -> Duration {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
        ^ std::process::id().wrapping_mul(2_654_435_761);
    let half = (wait.as_millis() as u32 / 2).max(1);
    Duration::from_millis(u64::from(seed % half))
}

pub(super) fn sql_err(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.display().to_string(),
        message: plain_words(path, &e),
    }
}

/// What SQLite's failure means for the officer, in words: a full disk, a read-only
/// folder, a missing one. Whatever the cause, a transaction was rolled back, so the
/// record is as it was; the message says so (for a read as for a write: "nothing was
/// stored" after a read command misled, review D22).
fn plain_words(path: &Path, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let rusqlite::Error::SqliteFailure(failure, _) = e else {
        return e.to_string();
    };
    let folder = folder(path);
    let full = || {
        format!(
            "the disk is full (no space left on the device holding {}); the record is \
             unchanged: free some space and try again",
            folder.display()
        )
    };
    match failure.code {
        C::DiskFull => full(),
        C::ReadOnly => format!(
            "the database cannot be written: the file or its folder {} is read-only \
             (permissions, or a read-only mount); nothing was stored",
            folder.display()
        ),
        C::CannotOpen if !folder.is_dir() => {
            format!(
                "cannot open the database: the folder {} does not exist",
                folder.display()
            )
        }
        C::CannotOpen => {
            // Which part refuses: opening the file for writing (never truncating) says.
            match &std::fs::OpenOptions::new().write(true).open(path) {
                Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => format!(
                    "cannot open the database for writing: the file system holding {} is \
                     mounted read-only; nothing was stored",
                    folder.display()
                ),
                Err(e) => format!(
                    "cannot open the database for writing: {}; nothing was stored",
                    files::describe_io(e)
                ),
                Ok(_) => format!(
                    "cannot open the database: its folder {} cannot be written (SQLite keeps \
                     its journal beside the file); nothing was stored",
                    folder.display()
                ),
            }
        }
        C::PermissionDenied => "permission denied".into(),
        // SQLite reports a full disk met while growing its journal or shared memory as
        // an I/O error: the free space says which it was.
        C::SystemIoFailure if disk_full(path) => full(),
        C::SystemIoFailure if journal_gone(path) => {
            let [wal, shm] = companions(path);
            format!(
                "the record's journal {} is missing or cut short while {} still indexes it: it was deleted or \
                 moved while a board had the record open, and it may hold events saved \
                 since the last checkpoint. Do not delete or copy those files: quit every \
                 board on this record normally (the last one to close writes what it holds \
                 back into the record), then try again; the record is unchanged",
                wal.display(),
                shm.display()
            )
        }
        C::SystemIoFailure if failure.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE => {
            "writing the database failed: the disk may be full (no space), or the file too \
             large for this process to write (a file size limit); nothing was stored"
                .into()
        }
        C::SystemIoFailure => "the disk failed a read or write (I/O error); the record is \
                               unchanged"
            .into(),
        _ => e.to_string(),
    }
}

/// The folder holding the record (`.` for a bare file name).
pub(super) fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether the file system holding the record has no room left for SQLite's journal
/// and shared memory (less than 1 MiB an unprivileged writer may use).
pub(super) fn disk_full(path: &Path) -> bool {
    free_bytes(folder(path)).is_some_and(|free| free < 1 << 20)
}

#[cfg(unix)]
fn free_bytes(folder: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `name` is a valid C string and `stat` a buffer statvfs fills on success.
    let done = unsafe { libc::statvfs(name.as_ptr(), stat.as_mut_ptr()) };
    if done != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled `stat`.
    let stat = unsafe { stat.assume_init() };
    // The field types are 32-bit on some Unix targets, 64-bit here.
    #[allow(clippy::useless_conversion)]
    let free = u64::from(stat.f_bavail).saturating_mul(u64::from(stat.f_frsize));
    Some(free)
}

#[cfg(not(unix))]
fn free_bytes(_folder: &Path) -> Option<u64> {
    None
}

/// The `-shm` indexes frames the `-wal` no longer holds: the journal was deleted (or
/// cut short) under an open board, and SQLite made a new, empty one.
fn journal_gone(path: &Path) -> bool {
    let [wal, shm] = companions(path);
    let Ok(index) = std::fs::read(&shm) else {
        return false;
    };
    // The wal-index header (sqlite.org/walformat.html): in native byte order, the page
    // size at 14 (u16; 1 means 65536), whether it is set up at 12, the frames at 16.
    if index.len() < 24 || index[12] == 0 {
        return false;
    }
    let page = match u16::from_ne_bytes([index[14], index[15]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let frames = u64::from(u32::from_ne_bytes([
        index[16], index[17], index[18], index[19],
    ]));
    let held = std::fs::metadata(&wal).map_or(0, |m| m.len());
    frames > 0 && held < 32 + frames * (page + 24)
}

pub(super) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    files::create_private_file(path).map(|_| ()).map_err(|e| {
        StoreError::Io(format!(
            "cannot create the database {}: {}",
            path.display(),
            files::describe_io(&e)
        ))
    })
}

pub(super) fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    files::create_private_dir(dir).map_err(|e| {
        StoreError::Io(format!(
            "cannot create the folder {}: {}",
            dir.display(),
            files::describe_io(&e)
        ))
    })
}

/// SQLite's companions to the database file, made as it is used.
pub(super) fn companions(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm")]
}

/// A file that exists but is no dutyboard record: refused, and left as it is.
pub(super) fn not_a_record(path: &Path) -> StoreError {
    StoreError::Io(format!(
        "{} is not a dutyboard record (no dutyboard tables in it): nothing was written to it",
        path.display()
    ))
}

/// `init` over a file that is already there (D8): only an empty file of our own is
/// taken, and it is given the desk's mode before anything is written to it.
pub(super) fn adopt_empty_file(path: &Path) -> Result<(), StoreError> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| StoreError::Io(format!("{}: {}", path.display(), files::describe_io(&e))))?;
    if !meta.is_file() || meta.len() > 0 {
        return Err(StoreError::Io(format!(
            "{} already exists and is not empty: init makes a new record only (it never \
             takes over a file); choose another path",
            path.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Who we are, without libc: /proc/self belongs to the process's effective user.
        let me = std::fs::metadata("/proc/self").map(|m| m.uid());
        if me.is_ok_and(|me| meta.uid() != me) {
            return Err(StoreError::Io(format!(
                "{} belongs to another account (uid {}): init takes over no file it did \
                 not make; remove it or choose another path",
                path.display(),
                meta.uid()
            )));
        }
    }
    files::restrict(path, files::sharing(), false).map_err(|e| {
        StoreError::Io(format!(
            "cannot set who may read {}: {}",
            path.display(),
            files::describe_io(&e)
        ))
    })
}

#[cfg(test)]
mod tests {
    /// What "Saved" promises: the commit is on disk when it returns, power cut or not.
    #[test]
    fn a_writable_record_syncs_every_commit_to_disk() {
        let dir = tempfile::tempdir().unwrap();
        let conn = rusqlite::Connection::open(dir.path().join("d.db")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        super::tune(&conn).unwrap();
        let level: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(level, 2, "synchronous must be FULL (2)");
    }
}
