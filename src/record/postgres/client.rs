//! One connection to the server, on a thread of its own. The blocking client runs a
//! small tokio runtime of its own for each call, which may not be started from inside
//! another (the live board's loop is one): so every call is handed to this thread and
//! waited for over a channel, which blocks nobody's runtime. A connection found closed
//! (the server restarted, the network dropped) is opened again before the next call;
//! a transaction it held is gone with it, and that call fails.

use super::super::log::StoreError;
use super::url::Connect;
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client as Pg, Row};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// A connection that could not be made, and whether that is because the database
/// does not exist (which `init` makes, and any other command reports as missing).
pub(super) struct ConnectError {
    pub(super) no_database: bool,
    pub(super) error: StoreError,
}

impl From<ConnectError> for StoreError {
    fn from(e: ConnectError) -> StoreError {
        e.error
    }
}

type Job = Box<dyn FnOnce(&mut Pg) + Send>;

/// An owned query parameter, sent to the connection's thread.
pub(super) type Param = Box<dyn ToSql + Send + Sync>;

pub(super) struct Client {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    /// What messages name (the URL, password hidden).
    pub(super) shown: String,
}

impl Client {
    pub(super) fn connect(config: Connect, shown: &str) -> Result<Client, ConnectError> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (ready, started) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dutyboard-postgres".into())
            .spawn(move || {
                let mut pg = match config.connect() {
                    Ok(pg) => {
                        let _ = ready.send(Ok(()));
                        pg
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                for job in inbox {
                    if pg.is_closed() {
                        if let Ok(again) = config.connect() {
                            pg = again;
                        }
                    }
                    job(&mut pg);
                }
            })
            .map_err(|e| ConnectError {
                no_database: false,
                error: StoreError::Io(format!("cannot start a thread for {shown}: {e}")),
            })?;
        let failed = |no_database, message: String| ConnectError {
            no_database,
            error: StoreError::Server {
                url: shown.to_string(),
                message,
            },
        };
        match started.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let no_database = e.code() == Some(&SqlState::INVALID_CATALOG_NAME);
                return Err(failed(
                    no_database,
                    format!("cannot connect: {}", words(&e)),
                ));
            }
            Err(_) => return Err(failed(false, "the connection's thread stopped".into())),
        }
        Ok(Client {
            jobs: Some(jobs),
            thread: Some(thread),
            shown: shown.to_string(),
        })
    }

    pub(super) fn err(&self, e: &postgres::Error) -> StoreError {
        StoreError::Server {
            url: self.shown.clone(),
            message: words(e),
        }
    }

    fn gone(&self) -> StoreError {
        StoreError::Server {
            url: self.shown.clone(),
            message: "the connection's thread stopped".into(),
        }
    }

    /// Runs `f` on the connection and waits for what it gives.
    pub(super) fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Pg) -> Result<T, postgres::Error> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (give, take) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |pg| {
            let _ = give.send(f(pg));
        });
        let jobs = self.jobs.as_ref().ok_or_else(|| self.gone())?;
        jobs.send(job).map_err(|_| self.gone())?;
        match take.recv() {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.err(&e)),
            Err(_) => Err(self.gone()),
        }
    }

    /// Runs a statement with no rows to give.
    pub(super) fn execute(&self, sql: &'static str, params: Vec<Param>) -> Result<u64, StoreError> {
        self.run(move |pg| pg.execute(sql, &refs(&params)))
    }

    /// One row's `map`, or none.
    pub(super) fn one<T: Send + 'static>(
        &self,
        sql: &'static str,
        params: Vec<Param>,
        map: fn(&Row) -> Result<T, postgres::Error>,
    ) -> Result<Option<T>, StoreError> {
        self.run(move |pg| {
            pg.query_opt(sql, &refs(&params))?
                .as_ref()
                .map(map)
                .transpose()
        })
    }

    /// Every row of a query, each `map`ped on the connection's thread and handed to
    /// `f` here as it comes (so `f` may call the store again: the rows are queued, and
    /// the connection is free once they are all read).
    pub(super) fn each<T: Send + 'static>(
        &self,
        sql: String,
        params: Vec<Param>,
        map: fn(&Row) -> Result<T, postgres::Error>,
        f: &mut dyn FnMut(T) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (give, take) = mpsc::channel::<Result<T, postgres::Error>>();
        let job: Job = Box::new(move |pg| {
            let rows = match pg.query_raw(sql.as_str(), refs(&params)) {
                Ok(rows) => rows,
                Err(e) => {
                    let _ = give.send(Err(e));
                    return;
                }
            };
            use postgres::fallible_iterator::FallibleIterator;
            let mut rows = rows;
            loop {
                match rows.next() {
                    Ok(Some(row)) => {
                        if give.send(map(&row)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = give.send(Err(e));
                        return;
                    }
                }
            }
        });
        let jobs = self.jobs.as_ref().ok_or_else(|| self.gone())?;
        jobs.send(job).map_err(|_| self.gone())?;
        let mut failed = None;
        for row in take {
            if failed.is_some() {
                continue; // drain, so the connection is left free
            }
            match row {
                Ok(v) => {
                    if let Err(e) = f(v) {
                        failed = Some(e);
                    }
                }
                Err(e) => failed = Some(self.err(&e)),
            }
        }
        failed.map_or(Ok(()), Err)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Closing the channel ends the thread once its last job is done.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// The server's own words for a failure (its message, and detail or hint if any),
/// else the client's.
pub(super) fn words(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut out = db.message().to_string();
            if let Some(detail) = db.detail() {
                out.push_str(&format!(" ({detail})"));
            }
            out
        }
        None => {
            let said = super::tls::with_causes(e);
            super::tls::plain_words(&said).unwrap_or(said)
        }
    }
}
