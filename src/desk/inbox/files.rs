//! The inbox's own moves: claiming a file, filing it (never over another), and taking
//! back the claims of a scan that died.

use super::{io, InboxError, Waiting, WORK};
use crate::triage::permissions::{restrict, write_bytes, write_new};
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
            if finish_filing(inbox, &entry.path())? {
                continue;
            }
            place(&entry.path(), inbox, name, None)?;
        }
    }
    Ok(())
}

/// A claim whose scan died after linking it into `processed/` or `rejected/` (the same
/// file under a second name there): filed already if its sidecar was written, so the
/// claim is dropped; otherwise the filed name goes, and the claim is read again. Whether
/// the claim was dropped.
fn finish_filing(inbox: &Path, claim: &Path) -> Result<bool, InboxError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(claim).map_err(io(claim))?;
    if meta.nlink() <= 1 || !meta.is_file() {
        return Ok(false);
    }
    for (folder, sidecar) in [
        (super::PROCESSED, "events.txt"),
        (super::REJECTED, "reason.txt"),
    ] {
        let dir = inbox.join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let same = entry
                .metadata()
                .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino());
            if !same {
                continue;
            }
            let filed = entry.path();
            let side = dir.join(format!("{}.{sidecar}", entry.file_name().to_string_lossy()));
            if side.exists() {
                std::fs::remove_file(claim).map_err(io(claim))?;
                return Ok(true);
            }
            std::fs::remove_file(&filed).map_err(io(&filed))?;
            return Ok(false);
        }
    }
    Ok(false)
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
/// Returns where the file went (and a warning if it could not be made the desk's).
pub(super) fn place(
    from: &Path,
    dir: &Path,
    name: &str,
    sidecar: Option<(&str, &str)>,
) -> Result<Placed, InboxError> {
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
        // Linked first, sidecar next, the claim unlinked last: a scan killed on the
        // way leaves its claim, which the next one finishes filing (review D17).
        let linked = match link_without_overwrite(from, &to) {
            Ok(linked) => linked,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(from)(e)),
        };
        let warning = make_ours(&to, u64::from(linked)).map_err(io(&to))?;
        if let (Some(path), Some((_, text))) = (side, sidecar) {
            write_new(&path, text).map_err(io(&path))?;
        }
        if linked {
            std::fs::remove_file(from).map_err(io(from))?;
        }
        return Ok(Placed { path: to, warning });
    }
    unreachable!("the suffixes never run out")
}

/// Where [`place`] put a file, and what it could not do to it.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub path: PathBuf,
    /// Why the file keeps the mode its sender gave it (a warning, never a failure).
    pub warning: Option<String>,
}

/// Gives a file moved into the inbox's folders the desk's mode. A file another account
/// owns (the force's SFTP drop, review D13) cannot be changed, and one with a second
/// name elsewhere (a hard link, D18) must not be: its mode would change outside the
/// inbox too. Such a file is replaced by a copy of the desk's own; one the desk cannot
/// even read keeps its mode, with a warning (the folders are the desk's alone).
/// `ours`: how many of its names are the scan's own (its claim, not yet removed).
fn make_ours(path: &Path, ours: u64) -> std::io::Result<Option<String>> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Ok(None);
    }
    if meta.nlink() <= 1 + ours {
        match restrict(path) {
            Ok(()) => return Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {}
            Err(e) => return Err(e),
        }
    }
    match private_copy(path) {
        Ok(()) => Ok(None),
        Err(e) => Ok(Some(format!(
            "it keeps the mode its sender gave it ({:o}, owner {}): it cannot be made the desk's ({e})",
            meta.mode() & 0o7777,
            meta.uid()
        ))),
    }
}

/// Replaces `path` (a name in a folder of the desk's) by a copy with the desk's mode,
/// leaving the file it named as it was.
fn private_copy(path: &Path) -> std::io::Result<()> {
    let bytes = std::fs::read(path)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let copy = path.with_file_name(format!(".{name}.{}.copy", std::process::id()));
    let _ = std::fs::remove_file(&copy); // left by a scan that died, with this pid
    write_bytes(&copy, &bytes)?;
    std::fs::rename(&copy, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&copy);
    })
}

/// A hard link fails if the target exists, so nothing is overwritten even by a
/// racing process; where links are not allowed (another account's file, a filesystem
/// without them), a checked rename is the fallback. Whether `from` is still there
/// (linked, for the caller to remove).
fn link_without_overwrite(from: &Path, to: &Path) -> std::io::Result<bool> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            if to.exists() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(from, to).map(|()| false)
        }
    }
}

/// What in the inbox is named like a notification but is not a file (a FIFO, a folder,
/// a device): never opened or moved, and each scan says so (review D17).
pub(super) fn not_files(inbox: &Path) -> Result<Vec<(String, &'static str)>, InboxError> {
    use std::os::unix::fs::FileTypeExt;
    let mut out = Vec::new();
    for entry in std::fs::read_dir(inbox).map_err(io(inbox))? {
        let entry = entry.map_err(io(inbox))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue; // gone since the listing
        };
        if kind.is_file()
            || kind.is_symlink()
            || !super::is_candidate(&name)
            || crate::triage::notification::Format::of(Path::new(&name)).is_none()
        {
            continue;
        }
        let what = if kind.is_dir() {
            "is a folder, not a notification file"
        } else if kind.is_fifo() {
            "is not a regular file (a FIFO)"
        } else {
            "is not a regular file (a device or socket)"
        };
        out.push((name, what));
    }
    out.sort();
    Ok(out)
}

/// The file in an inbox that says whose it is: the path of the record that scanned it.
pub const OWNER: &str = ".dutyboard-record";

/// An inbox is one record's (review D23: two records in one folder share the default
/// `inbox/`, and one council's notifications would land in the other's record). The
/// first record to scan it writes its path there; another record that still exists is
/// refused. One that is gone (moved, renamed) gives the inbox up to the next.
pub(super) fn claim_inbox(inbox: &Path, db: &Path) -> Result<(), InboxError> {
    let ours = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let marker = inbox.join(OWNER);
    if let Ok(text) = std::fs::read_to_string(&marker) {
        let owner = PathBuf::from(text.trim_end_matches('\n'));
        if owner == ours {
            return Ok(());
        }
        // A record on a server (a URL) is never taken as gone.
        if owner.exists() || owner.to_string_lossy().contains("://") {
            return Err(InboxError::OtherRecords {
                inbox: inbox.to_path_buf(),
                owner,
            });
        }
        std::fs::remove_file(&marker).map_err(io(&marker))?;
    }
    // Written aside and linked into place, so a scan racing this one never reads the
    // marker half-written (an empty owner would be taken for another record's).
    let aside = inbox.join(format!(
        "{OWNER}.{}.{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    write_new(&aside, &format!("{}\n", ours.display())).map_err(io(&aside))?;
    let linked = std::fs::hard_link(&aside, &marker);
    let _ = std::fs::remove_file(&aside);
    match linked {
        Ok(()) => Ok(()),
        // Another scan of the same record wrote it first: read again to be sure.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(&marker).map_err(io(&marker))?;
            let owner = PathBuf::from(text.trim_end_matches('\n'));
            if owner == ours {
                Ok(())
            } else {
                Err(InboxError::OtherRecords {
                    inbox: inbox.to_path_buf(),
                    owner,
                })
            }
        }
        Err(e) => Err(io(&marker)(e)),
    }
}
