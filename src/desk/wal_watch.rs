//! A live board wakes when the record's files change: the database's `-wal` (where
//! every commit lands first) or the database itself, watched with the operating
//! system's file notifications (inotify on Linux). Another desk's commit is then seen
//! within milliseconds rather than at the next quarter-second poll; the poll stays as
//! the safety net (a platform without notifications, a commit whose last write
//! arrives before its index is visible).

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Notify;

/// Watching the record's files; dropping it stops.
pub struct WalWatch {
    _watcher: notify::RecommendedWatcher,
    woken: Arc<Notify>,
}

impl WalWatch {
    /// Watches the folder of `db` for changes to `db` and `db-wal`; `None` where the
    /// folder cannot be watched (the poll alone then follows the record).
    pub fn new(db: &Path) -> Option<WalWatch> {
        let folder = db.parent().filter(|p| !p.as_os_str().is_empty())?;
        let name = db.file_name()?.to_os_string();
        let mut wal_name = name.clone();
        wal_name.push("-wal");
        let ours: Vec<PathBuf> = vec![folder.join(&name), folder.join(&wal_name)];
        let names = [name, wal_name];
        let woken = Arc::new(Notify::new());
        let wake = woken.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let change = matches!(
                    event.kind,
                    notify::EventKind::Modify(_) | notify::EventKind::Create(_)
                );
                let about_the_record = event.paths.iter().any(|p| {
                    ours.contains(p) || p.file_name().is_some_and(|f| names.iter().any(|n| n == f))
                });
                if change && about_the_record {
                    wake.notify_one();
                }
            })
            .ok()?;
        watcher.watch(folder, RecursiveMode::NonRecursive).ok()?;
        Some(WalWatch {
            _watcher: watcher,
            woken,
        })
    }

    /// Resolves when the record's files changed since the last call (changes in
    /// between are one wake).
    pub async fn changed(&self) {
        self.woken.notified().await;
    }
}
