//! The inbox watched live: a change in the folder (the `notify` crate) starts a scan
//! ([`process_once`]) on a thread of its own, with its own connection to the record.
//!
//! Events are debounced (a copy makes many), a file still being written is looked at
//! again once it has had time to settle, and a slow rescan runs anyway in case the
//! platform drops an event: the watcher is a speed-up, never the only way in.

use super::{process_once, FileReport, InboxError, Outcome, Settings};
use crate::desk::Desk;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::Duration;

/// Quiet time after a folder event before scanning (a copy makes a burst of them).
const DEBOUNCE: Duration = Duration::from_millis(50);
/// A scan runs at least this often even with no folder event.
const RESCAN: Duration = Duration::from_secs(5);
/// How soon a file still being written (or cut short, its writer perhaps back) is
/// looked at again.
const RETRY: Duration = Duration::from_millis(250);

/// What a watcher reports after each scan that did something.
pub type OnChange = Box<dyn FnMut(Result<Vec<FileReport>, InboxError>) + Send>;

/// A running watcher; dropping it stops it.
pub struct WatchHandle {
    stop: Sender<Message>,
    thread: Option<std::thread::JoinHandle<()>>,
    _watcher: notify::RecommendedWatcher,
}

enum Message {
    Changed,
    Stop,
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(Message::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Watches `inbox`, recording what arrives through `desk` (a desk of the watcher's
/// own, with its own connection to the record). `on_change` is called (on the
/// watcher's thread) after every scan that moved a file or failed; the board uses it
/// to refresh its triage count.
pub fn watch(
    inbox: &Path,
    mut desk: Desk,
    settings: Settings,
    mut on_change: OnChange,
) -> Result<WatchHandle, String> {
    super::check_inbox(inbox, desk.store.path()).map_err(|e| e.to_string())?;
    crate::triage::permissions::ensure_dir(inbox)
        .map_err(|e| format!("{}: {e}", inbox.display()))?;
    let (tx, rx) = channel();
    let events = tx.clone();
    let closed = settings.closed.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        use notify::EventKind;
        let Ok(event) = event else { return };
        // A file its writer closed, or one renamed in, is complete once it holds still
        // briefly; one written to again is not (review D2).
        let complete = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(_)) => Some(true),
            EventKind::Create(_) | EventKind::Modify(_) => Some(false),
            _ => None,
        };
        if let (Some(complete), Ok(mut closed)) = (complete, closed.lock()) {
            for path in &event.paths {
                if complete {
                    closed.insert(path.clone());
                } else {
                    closed.remove(path);
                }
            }
        }
        // Reading the folder is itself an event on some platforms: only a change counts
        // (and a writer closing a file).
        if complete.is_some() || !matches!(event.kind, EventKind::Access(_)) {
            let _ = events.send(Message::Changed);
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", inbox.display()))?;
    watcher
        .watch(inbox, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", inbox.display()))?;
    let inbox: PathBuf = inbox.to_path_buf();
    let thread = std::thread::spawn(move || {
        // Whatever arrived before the board started is read at once.
        loop {
            let result = process_once(&inbox, &mut desk, &settings);
            let waiting = result
                .as_ref()
                .is_ok_and(|r| r.iter().any(|f| f.outcome == Outcome::Waiting));
            // A file left alone (not a notification) is no news either.
            let moved = result.as_ref().map_or(true, |r| {
                r.iter()
                    .any(|f| !matches!(f.outcome, Outcome::Waiting | Outcome::Left { .. }))
            });
            if moved {
                on_change(result);
            }
            // A file still being written is looked at again soon without waiting for
            // another event (a plain copy may have finished with no more). The scan's
            // own moves (a file put back) are folder events too: they bring the next
            // scan no sooner than the pause.
            let pause = if waiting { RETRY } else { RESCAN };
            let not_before = std::time::Instant::now() + if waiting { RETRY } else { DEBOUNCE };
            match rx.recv_timeout(pause) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Ok(Message::Changed) => {
                    // Let the burst of events a copy makes pass, then scan once.
                    loop {
                        match rx.recv_timeout(DEBOUNCE) {
                            Ok(Message::Changed) => continue,
                            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                            Err(RecvTimeoutError::Timeout) => break,
                        }
                    }
                    let rest = not_before.saturating_duration_since(std::time::Instant::now());
                    if let Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) =
                        rx.recv_timeout(rest)
                    {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    });
    Ok(WatchHandle {
        stop: tx,
        thread: Some(thread),
        _watcher: watcher,
    })
}
