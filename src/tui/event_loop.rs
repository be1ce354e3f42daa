//! The loop: terminal input, a one-second tick, a quarter-second poll of the
//! record's change token (one cheap query) and the signals that end a session,
//! with a redraw only when something on screen changed. Nothing spins: the task
//! sleeps until one of those arrives. Only changed cells reach the terminal
//! (ratatui diffs each frame against the last).

use super::{ui, Controller};
use chrono::Utc;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::time::Duration;
use tokio::time::{interval_at, Instant, MissedTickBehavior};

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// The terminal's input closed (the SSH link dropped).
    InputClosed,
    Signal(&'static str),
}

pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    ctl: &mut Controller,
) -> std::io::Result<Exit>
where
    std::io::Error: From<B::Error>,
{
    let mut events = EventStream::new();
    let second = Duration::from_secs(1);
    let mut tick = interval_at(Instant::now() + second, second);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // Another board's (or `import`'s) commit shows within a quarter of a second.
    let mut poll = interval_at(Instant::now() + super::POLL_INTERVAL, super::POLL_INTERVAL);
    poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
    #[cfg(unix)]
    let mut signals = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate())?,
            signal(SignalKind::hangup())?,
            signal(SignalKind::interrupt())?,
        )
    };
    // A commit wakes the board at once (the `-wal` changed); the poll stays as the
    // safety net. The commit's index may be read a moment after its last write: one
    // look again shortly after a wake that found nothing.
    let wal = (!ctl.desk.store.on_server())
        .then(|| crate::desk::wal_watch::WalWatch::new(ctl.desk.store.path()))
        .flatten();
    // On a server the listener's notification wakes it instead.
    let notified = ctl.desk.store.woken();
    let mut recheck: Option<(Instant, Duration)> = None;
    ctl.app.dirty = true;
    // For the real-terminal tests: a panic after the first frame, to prove the panic
    // hook gives the terminal back.
    let test_panic = std::env::var_os("DUTYBOARD_TEST_PANIC").is_some_and(|v| !v.is_empty());
    loop {
        if ctl.app.quit {
            return Ok(Exit::Quit);
        }
        if ctl.take_bell() {
            ring_bell();
        }
        if ctl.app.dirty {
            terminal.draw(|f| ui::draw(f, &ctl.app))?;
            ctl.app.dirty = false;
            if test_panic {
                panic!("DUTYBOARD_TEST_PANIC is set: panicking on purpose");
            }
            if ctl.is_partial() {
                // The board is on screen: now the detail panes' actions and
                // timelines, before the first key can ask for one.
                ctl.complete(Utc::now());
                continue;
            }
        }
        #[cfg(unix)]
        let (term, hup, int) = (signals.0.recv(), signals.1.recv(), signals.2.recv());
        #[cfg(not(unix))]
        let (term, hup, int) = (
            std::future::pending::<Option<()>>(),
            std::future::pending::<Option<()>>(),
            tokio::signal::ctrl_c(),
        );
        tokio::select! {
            input = events.next() => match input {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    ctl.key(key, Utc::now());
                }
                Some(Ok(Event::Resize(w, h))) => ctl.resize(w, h),
                Some(Ok(Event::Paste(text))) => ctl.paste(&text, Utc::now()),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(Exit::InputClosed),
            },
            _ = tick.tick() => ctl.tick(Utc::now()),
            _ = poll.tick() => {
                ctl.poll(Utc::now());
            }
            _ = server_notified(notified.as_deref()) => {
                ctl.poll(Utc::now());
            }
            _ = wal_changed(wal.as_ref()) => {
                recheck = (!ctl.poll(Utc::now())).then(|| (Instant::now() + RECHECK, RECHECK));
            }
            _ = sleep_until(recheck.map(|(at, _)| at)) => {
                // Looked again and still nothing: again, twice as late, up to 80 ms
                // (a writer descheduled between its last write and its commit).
                let after = recheck.map_or(RECHECK, |(_, after)| after * 2);
                let changed = ctl.poll(Utc::now());
                recheck = (!changed && after <= RECHECK * 16).then(|| (Instant::now() + after, after));
            }
            _ = term => return Ok(Exit::Signal("SIGTERM")),
            _ = hup => return Ok(Exit::Signal("SIGHUP")),
            _ = int => return Ok(Exit::Signal("SIGINT")),
        }
    }
}

/// How soon a wake that found nothing new looks again.
const RECHECK: Duration = Duration::from_millis(5);

/// Resolves when the record's files change (never, without a watch).
async fn wal_changed(wal: Option<&crate::desk::wal_watch::WalWatch>) {
    match wal {
        Some(w) => w.changed().await,
        None => std::future::pending().await,
    }
}

/// Resolves when the server notifies a commit (never, on a file).
async fn server_notified(notified: Option<&tokio::sync::Notify>) {
    match notified {
        Some(n) => n.notified().await,
        None => std::future::pending().await,
    }
}

/// Resolves at `at` (never, without one).
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The terminal bell, between frames (never inside one).
fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07");
    let _ = out.flush();
}
