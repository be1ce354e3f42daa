//! Who may read what the inbox writes: notifications name children, so the files and
//! folders it creates (and the notifications it moves into its own folders) get the
//! desk's modes from [`crate::record::files`]: 0600/0700, or 0660/2770 with the
//! desk's group on a shared desk.

use crate::record::files;
use std::path::Path;

/// Gives a file or folder the inbox created or moved into its own folders the desk's
/// mode and group (a copied-in notification keeps whatever mode its sender gave it).
pub fn restrict(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Ok(()); // a mode change would reach the file the link points at
    }
    files::restrict(path, files::sharing(), meta.is_dir())
}

/// Creates a folder (and its parents) if missing, each new one with the desk's mode.
pub fn ensure_dir(path: &Path) -> std::io::Result<()> {
    files::create_private_dir(path)
}

/// Writes a new file (never over an existing one), with the desk's mode from the start.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    write_bytes(path, text.as_bytes())
}

/// [`write_new`] for any bytes.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = files::create_private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
