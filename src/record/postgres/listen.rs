//! Following the record on the server for the live board. Each board holds one more
//! connection that LISTENs on `dutyboard`; `append()` notifies the new last seq once
//! per batch (only the number: every user of the server sees notifications, whatever
//! row security lets them read). The change token moves on a notification, on every
//! (re)connect of the listener (notifications sent while it was away are lost, so the
//! board reads what is newer then), on this connection's own commits, and on a slow
//! poll of the tail, the safety net. A notification also wakes the board's event loop
//! ([`PgStore::woken`]), so a change is seen at once rather than at the next poll.

use super::url::Connect;
use super::PgStore;
use crate::record::log::StoreError;
use postgres::fallible_iterator::FallibleIterator;
use std::cell::{Cell, OnceCell};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How often the tail is read though no notification came.
const SAFETY_POLL: Duration = Duration::from_secs(5);
/// How long the listener waits before connecting again.
const RECONNECT: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(super) struct Follow {
    listener: OnceCell<Listener>,
    /// The tail read by the slow poll, and when.
    polled: Cell<Option<(Instant, i64)>>,
}

#[derive(Default)]
struct Shared {
    /// The highest seq notified (or read by the listener on connecting).
    latest: AtomicI64,
    connected: AtomicBool,
    stop: AtomicBool,
    /// Woken on each notification and each (re)connect: the live board's event loop
    /// waits on it beside its poll, as it waits on a file's `-wal`.
    woken: Arc<Notify>,
}

struct Listener {
    shared: Arc<Shared>,
    _thread: Option<JoinHandle<()>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        // The thread ends at its next look (a quarter second), or once a connection
        // attempt to an unreachable server gives up: the board does not wait for it.
        self.shared.stop.store(true, Ordering::SeqCst);
    }
}

impl Listener {
    fn start(config: Connect) -> Listener {
        let shared = Arc::new(Shared::default());
        let own = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("dutyboard-listen".into())
            .spawn(move || {
                let mut config = config;
                config.application_name("dutyboard listener");
                listen(config, &own)
            })
            .ok();
        Listener {
            shared,
            _thread: thread,
        }
    }
}

fn listen(config: Connect, shared: &Shared) {
    let stopped = || shared.stop.load(Ordering::SeqCst);
    while !stopped() {
        if let Ok(mut pg) = config.connect() {
            let tail = pg.batch_execute("LISTEN dutyboard").and_then(|_| {
                pg.query_one(
                    "SELECT coalesce(max(seq), 0)::bigint FROM dutyboard.events",
                    &[],
                )
                .and_then(|r| r.try_get::<_, i64>(0))
            });
            if let Ok(tail) = tail {
                shared.latest.fetch_max(tail, Ordering::SeqCst);
                shared.connected.store(true, Ordering::SeqCst);
                shared.woken.notify_one();
                while !stopped() {
                    let next = pg
                        .notifications()
                        .timeout_iter(Duration::from_millis(250))
                        .next()
                        .map(|n| n.map(|n| n.payload().parse::<i64>()));
                    match next {
                        Ok(Some(Ok(seq))) => {
                            shared.latest.fetch_max(seq, Ordering::SeqCst);
                            shared.woken.notify_one();
                        }
                        Ok(Some(Err(_))) => {}
                        Ok(None) if !pg.is_closed() => {}
                        _ => break,
                    }
                }
                shared.connected.store(false, Ordering::SeqCst);
            }
        }
        let since = Instant::now();
        while !stopped() && since.elapsed() < RECONNECT {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl PgStore {
    fn listener(&self) -> &Listener {
        self.listener
            .listener
            .get_or_init(|| Listener::start(self.url.config().clone()))
    }

    /// What the live board waits on beside its poll: woken when a notification (or a
    /// reconnect) moves the change token (the listener starts if it has not).
    pub fn woken(&self) -> Arc<Notify> {
        Arc::clone(&self.listener().shared.woken)
    }

    /// The change token: the highest seq known to be stored (by a notification, the
    /// listener's read of the tail on connecting, this connection's own commits or the
    /// slow poll), which moves whenever an event this login may read is stored.
    pub(super) fn follow_token(&self) -> Result<i64, StoreError> {
        let listener = self.listener();
        let polled = match self.listener.polled.get() {
            Some((at, seq)) if at.elapsed() < SAFETY_POLL => seq,
            _ => {
                let seq = crate::record::EventLog::last_seq(self)?;
                self.listener.polled.set(Some((Instant::now(), seq)));
                seq
            }
        };
        // The listener reads the tail each time it connects: what was stored while it
        // was away moves the token then.
        Ok(polled
            .max(listener.shared.latest.load(Ordering::SeqCst))
            .max(self.own_seq.get()))
    }

    /// Whether the live board's listener has started and is not connected now.
    pub fn connection_lost(&self) -> bool {
        self.listener
            .listener
            .get()
            .is_some_and(|l| !l.shared.connected.load(Ordering::SeqCst))
    }
}
