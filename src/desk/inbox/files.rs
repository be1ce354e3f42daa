//! The inbox's own moves: claiming a file, filing it (never over another), and taking
//! back the claims of a scan that died.

use super::{io, InboxError, Waiting, WORK};
use crate::triage::permissions::{restrict, write_new};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Renames a file into `.work/`, or `None` if another scan renamed it first.
pub(super) fn claim(inbox: &Path, file: &Waiting) -> Result<Option<PathBuf>, InboxError> {
    let (from, name) = (&file.path, &file.name);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let to = inbox
        .join(WORK)
        .join(format!("{}-{nanos}-{name}", std::process::id()));
    match std::fs::rename(from, &to) {
        Ok(()) => Ok(Some(to)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(from)(e)),
    }
}

/// A claim left by a process that has ended goes back to the inbox to be read again.
pub(super) fn recover_abandoned(inbox: &Path) -> Result<(), InboxError> {
    let work = inbox.join(WORK);
    for entry in std::fs::read_dir(&work).map_err(io(&work))? {
        let entry = entry.map_err(io(&work))?;
        let Some(claimed) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let mut parts = claimed.splitn(3, '-');
        let (Some(pid), Some(_), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if pid.parse::<u32>().is_ok_and(|pid| !process_alive(pid)) {
            place(&entry.path(), inbox, name, None)?;
        }
    }
    Ok(())
}

/// Whether a process is still running; where that cannot be known, it is assumed to
/// be (a claim is then never taken from a live scan).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Moves a file into `dir` under `name`, or `name` with a suffix if that is taken
/// (never over an existing file), with an optional sidecar `NAME.EXT` beside it.
/// Returns where the file went.
pub(super) fn place(
    from: &Path,
    dir: &Path,
    name: &str,
    sidecar: Option<(&str, &str)>,
) -> Result<PathBuf, InboxError> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    for n in 1.. {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}{ext}")
        };
        let to = dir.join(&candidate);
        let side = sidecar.map(|(kind, _)| dir.join(format!("{candidate}.{kind}")));
        if side.as_ref().is_some_and(|s| s.exists()) {
            continue;
        }
        match move_without_overwrite(from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(from)(e)),
        }
        restrict(&to).map_err(io(&to))?;
        if let (Some(path), Some((_, text))) = (side, sidecar) {
            write_new(&path, text).map_err(io(&path))?;
        }
        return Ok(to);
    }
    unreachable!("the suffixes never run out")
}

/// A hard link fails if the target exists, so nothing is overwritten even by a
/// racing process; where links are not supported, a checked rename is the fallback.
fn move_without_overwrite(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            if to.exists() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(from, to)
        }
    }
}
