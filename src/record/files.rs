//! Who may read what the program writes. The record is about children: every file
//! the program creates is its owner's alone (0600, folders 0700), or, for a shared
//! desk, its owner's and one configured group's (0660, folders 2770 so that files
//! SQLite makes later, `-wal` and `-shm`, join the same group).
//!
//! Modes are set explicitly after creating, never left to the process's umask, which
//! could widen (or narrow) them. The desk's group is fixed once at start-up
//! (`--group` / `$DUTYBOARD_GROUP`, see [`configure`]); anything that writes a file
//! comes through here.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

/// A group that shares the desk's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: u32,
}

/// How widely the program's files are shared: by no one, or by one group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sharing {
    pub group: Option<Group>,
}

impl Sharing {
    /// Shared with the group named (or numbered) `name`; an unknown group is an error.
    pub fn with_group(name: &str) -> Result<Sharing, String> {
        Ok(Sharing {
            group: Some(lookup_group(name)?),
        })
    }

    pub fn file_mode(&self) -> u32 {
        if self.group.is_some() {
            0o660
        } else {
            0o600
        }
    }

    /// The setgid bit on a shared folder makes what is created in it the group's too.
    pub fn dir_mode(&self) -> u32 {
        if self.group.is_some() {
            0o2770
        } else {
            0o700
        }
    }
}

static SHARING: OnceLock<Sharing> = OnceLock::new();

/// Fixes the desk's sharing for this process: `group` from `--group`, else
/// `$DUTYBOARD_GROUP`, else private. Called once, before anything is written.
pub fn configure(group: Option<&str>) -> Result<&'static Sharing, String> {
    let from_env = std::env::var("DUTYBOARD_GROUP").ok();
    let (name, source) = match (group, from_env.as_deref()) {
        (Some(g), _) => (Some(g), "--group"),
        (None, Some(g)) if !g.trim().is_empty() => (Some(g), "DUTYBOARD_GROUP"),
        _ => (None, ""),
    };
    let sharing = match name {
        Some(n) => Sharing::with_group(n).map_err(|e| format!("{source}: {e}"))?,
        None => Sharing::default(),
    };
    Ok(SHARING.get_or_init(|| sharing))
}

/// The desk's sharing: private unless [`configure`] said otherwise.
pub fn sharing() -> &'static Sharing {
    SHARING.get_or_init(Sharing::default)
}

/// Creates a new file (it must not exist) with the desk's mode and group.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let file = open_new(path)?;
    undo_unless(restrict(path, sharing(), false), || {
        std::fs::remove_file(path)
    })?;
    Ok(file)
}

/// Nothing half-made: a file or folder that could not be given its mode is removed.
fn undo_unless(done: io::Result<()>, undo: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    if done.is_err() {
        let _ = undo();
    }
    done
}

/// Opens a file to append to, creating it with the desk's mode and group if needed
/// (a log the program keeps, such as `$DUTYBOARD_NOTIFY_LOG`).
pub fn open_private_append(path: &Path) -> io::Result<File> {
    match open_new(path) {
        Ok(file) => {
            undo_unless(restrict(path, sharing(), false), || {
                std::fs::remove_file(path)
            })?;
            Ok(file)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::OpenOptions::new().append(true).open(path)
        }
        Err(e) => Err(e),
    }
}

/// Creates a folder and any missing parents, each new one with the desk's mode and
/// group (folders that already exist are left as they are).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_private_dir(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => undo_unless(restrict(dir, sharing(), true), || std::fs::remove_dir(dir)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if dir.is_dir() {
                Ok(()) // made by someone else meanwhile
            } else {
                Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is a file, not a folder", dir.display()),
                ))
            }
        }
        Err(e) => Err(e),
    }
}

/// Gives an existing file or folder the mode and group `sharing` asks for.
pub fn restrict(path: &Path, sharing: &Sharing, is_dir: bool) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Some(g) = &sharing.group {
            std::os::unix::fs::chown(path, None, Some(g.gid)).map_err(|e| {
                if e.kind() == io::ErrorKind::PermissionDenied {
                    io::Error::new(
                        e.kind(),
                        format!(
                            "it cannot be given to the group `{}`: only the group's members \
                             (and root) may share files with it",
                            g.name
                        ),
                    )
                } else {
                    e
                }
            })?;
        }
        let mode = if is_dir {
            sharing.dir_mode()
        } else {
            sharing.file_mode()
        };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, sharing, is_dir);
        Ok(())
    }
}

fn open_new(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        // No moment in which the file is readable by others, whatever the umask.
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// A group by name or number: the system's group database (`getent`, so directory
/// services count), then `/etc/group`.
fn lookup_group(name: &str) -> Result<Group, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the group name is empty".into());
    }
    let from_line = |line: &str| -> Option<Group> {
        let mut parts = line.trim().split(':');
        let gname = parts.next()?;
        let gid: u32 = parts.nth(1)?.parse().ok()?;
        (gname == name || gid.to_string() == name).then(|| Group {
            name: gname.to_string(),
            gid,
        })
    };
    if let Ok(out) = std::process::Command::new("getent")
        .args(["group", name])
        .output()
    {
        if out.status.success() {
            if let Some(g) = String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(from_line)
            {
                return Ok(g);
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string("/etc/group") {
        if let Some(g) = text.lines().find_map(from_line) {
            return Ok(g);
        }
    }
    Err(format!("there is no group `{name}` on this system"))
}

/// An I/O failure in plain words: what went wrong, not an errno.
pub fn describe_io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    if e.get_ref().is_some() {
        return e.to_string(); // already in words (made here)
    }
    let words = match e.kind() {
        K::NotFound => "it does not exist (or its folder does not)",
        K::PermissionDenied => "permission denied",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::StorageFull => "the disk is full (no space left)",
        K::FileTooLarge => "the file is larger than this process may write (file size limit)",
        K::NotADirectory => "part of the path is a file, not a folder",
        K::AlreadyExists => "it already exists",
        _ => return e.to_string(),
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_desk_keeps_files_to_their_owner() {
        let s = Sharing::default();
        assert_eq!((s.file_mode(), s.dir_mode()), (0o600, 0o700));
    }

    #[test]
    fn a_shared_desk_opens_files_to_its_group_and_no_further() {
        let s = Sharing {
            group: Some(Group {
                name: "desk".into(),
                gid: 4242,
            }),
        };
        assert_eq!(s.file_mode() & 0o007, 0, "nothing for others");
        assert_eq!((s.file_mode(), s.dir_mode() & 0o777), (0o660, 0o770));
    }

    #[test]
    fn an_unknown_group_is_named_in_the_error() {
        let e = Sharing::with_group("no-such-group-dutyboard").unwrap_err();
        assert!(e.contains("no-such-group-dutyboard"), "{e}");
    }
}
