//! Delivering an alert: the [`Notifier`] trait, the desktop notifier (notify-rust over
//! the session bus, on its own thread so the board never waits on it), a capturing
//! notifier for tests, and one that does nothing.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// Shows alerts outside the terminal. Must not block: a slow or missing notification
/// service is never the board's problem.
pub trait Notifier: Send {
    /// Sends one notification (fire and forget).
    fn notify(&mut self, summary: &str, body: &str);
    /// Notifications that could not be shown since the last call (the caller rings the
    /// bell instead).
    fn take_failures(&mut self) -> u32 {
        0
    }
}

/// Tells nobody.
pub struct NullNotifier;

impl Notifier for NullNotifier {
    fn notify(&mut self, _summary: &str, _body: &str) {}
}

/// Keeps what would have been sent (tests).
#[derive(Clone, Default)]
pub struct CaptureNotifier {
    pub sent: Arc<Mutex<Vec<(String, String)>>>,
}

impl CaptureNotifier {
    pub fn sent(&self) -> Vec<(String, String)> {
        self.sent.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Notifier for CaptureNotifier {
    fn notify(&mut self, summary: &str, body: &str) {
        if let Ok(mut v) = self.sent.lock() {
            v.push((summary.to_string(), body.to_string()));
        }
    }
}

/// The desktop notification, shown from a thread of its own; with no session bus
/// (an SSH login, a headless server) `show()` fails quickly and the failure is
/// counted, so the bell rings instead. `DUTYBOARD_NOTIFY_LOG` (if set) gets every
/// notification's text appended, one line each.
pub struct DesktopNotifier {
    failures: Arc<AtomicU32>,
    log: Option<PathBuf>,
}

impl DesktopNotifier {
    pub fn new(log: Option<PathBuf>) -> DesktopNotifier {
        DesktopNotifier {
            failures: Arc::new(AtomicU32::new(0)),
            log,
        }
    }

    /// The log path from `$DUTYBOARD_NOTIFY_LOG`.
    pub fn from_env() -> DesktopNotifier {
        let log = std::env::var_os("DUTYBOARD_NOTIFY_LOG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        DesktopNotifier::new(log)
    }
}

/// Text for a desktop notification: control and format characters escaped (no line
/// break, no escape sequence) and markup taken out, since daemons render a body's
/// `<b>` and `<a href>` (review D16: an episode reference is the sender's text).
pub fn for_desktop(text: &str) -> String {
    crate::render::terminal::one_line(text)
        .chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '&' => '+',
            c => c,
        })
        .collect()
}

/// Opens the notification log to append, never through a symbolic link (one planted
/// in its place would have the log write into whatever it names, review D16): a new
/// log is created exclusively; an existing one must be a plain file, and the file
/// opened must be the one checked.
fn open_log(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::MetadataExt;
    let refuse = |why: &str| {
        Err(std::io::Error::other(format!(
            "{}: {why}: the notification log is not written",
            path.display()
        )))
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => refuse("is a symbolic link"),
        Ok(m) if !m.is_file() => refuse("is not a plain file"),
        Ok(m) => {
            let file = std::fs::OpenOptions::new().append(true).open(path)?;
            let opened = file.metadata()?;
            if (opened.dev(), opened.ino()) != (m.dev(), m.ino()) {
                return refuse("was replaced while it was opened");
            }
            Ok(file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Created new (which never follows a link), the desk's file like the
            // record: 0600 (or the desk's group).
            crate::record::files::open_private_append(path)
        }
        Err(e) => Err(e),
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&mut self, summary: &str, body: &str) {
        let (summary, body) = (for_desktop(summary), for_desktop(body));
        if let Some(path) = &self.log {
            if let Ok(mut f) = open_log(path) {
                let _ = writeln!(f, "{summary}: {body}");
            }
        }
        let failures = Arc::clone(&self.failures);
        let spawned = std::thread::Builder::new()
            .name("dutyboard-notify".into())
            .spawn(move || {
                let shown = notify_rust::Notification::new()
                    .appname("dutyboard")
                    .summary(&summary)
                    .body(&body)
                    .show();
                if shown.is_err() {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            });
        if spawned.is_err() {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn take_failures(&mut self) -> u32 {
        self.failures.swap(0, Ordering::Relaxed)
    }
}
