//! Saving off the screen's thread (review D11). Another process may hold the record's
//! write lock for as long as it likes (a suspended import, a laptop shut mid-write, a
//! hung share): a save waits for it on a thread of its own, with a connection of its
//! own, so the board keeps drawing, ticking and alerting, and says it is waiting.

use super::{Desk, DeskError};
use crate::record::import::ImportError;
use crate::record::{Event, NewEvent};
use chrono::{DateTime, Utc};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// What a save came to: the events as recorded, or why not.
pub type Saved = Result<Vec<Event>, ImportError>;

struct Job {
    by: String,
    events: Vec<NewEvent>,
    now: DateTime<Utc>,
}

/// The writing thread of an open board: one save at a time, in the order given.
pub struct Writer {
    jobs: Sender<Job>,
    done: Receiver<Saved>,
    /// A save given and not yet come back.
    waiting: bool,
}

impl Writer {
    /// Starts the thread over a second desk on the same record as `desk`.
    pub fn beside(desk: &Desk) -> Result<Writer, DeskError> {
        let mut aside = desk.beside()?;
        let (jobs, inbox) = channel::<Job>();
        let (report, done) = channel();
        std::thread::Builder::new()
            .name("dutyboard-save".into())
            .spawn(move || {
                for job in inbox {
                    let saved = aside.record(&job.by, job.events, job.now);
                    if report.send(saved).is_err() {
                        break; // the board has closed
                    }
                }
            })
            .map_err(|e| DeskError::Failed(format!("cannot start saving: {e}")))?;
        Ok(Writer {
            jobs,
            done,
            waiting: false,
        })
    }

    /// Whether a save is still on its way.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// Hands the thread a save, and waits for it at most `patience` (a save nobody
    /// contends for comes back well within it, as if it had been made in place).
    pub fn save(
        &mut self,
        by: &str,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
        patience: Duration,
    ) -> Option<Saved> {
        let job = Job {
            by: by.to_string(),
            events,
            now,
        };
        if self.jobs.send(job).is_err() {
            return Some(Err(gone()));
        }
        self.waiting = true;
        self.wait(patience)
    }

    /// The save given, if it has come back within `patience`.
    pub fn wait(&mut self, patience: Duration) -> Option<Saved> {
        if !self.waiting {
            return None;
        }
        let saved = match self.done.recv_timeout(patience) {
            Ok(saved) => saved,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => Err(gone()),
        };
        self.waiting = false;
        Some(saved)
    }
}

fn gone() -> ImportError {
    ImportError::Store(crate::record::StoreError::Io(
        "the saving thread has stopped: nothing was stored".into(),
    ))
}
