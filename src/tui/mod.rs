//! The live board: the full-screen duty desk.
//!
//! Data flows one way: the record's events become a [`snapshot::Snapshot`] (when the
//! record changes, or the clock moves on a minute), the [`app::App`] holds it with
//! the screen's own state, and [`ui::draw`] draws the app without changing it. Keys
//! become [`action::Action`]s; the app's `update` applies them and may ask the
//! [`Controller`] to save a form, which writes events through the same parsing and
//! checks as `import` (`parse_one`, then `append`).

pub mod action;
pub mod app;
pub mod event_loop;
pub mod forms;
pub mod keys;
pub mod snapshot;
pub mod terminal;
pub mod theme;
pub mod ui;

use crate::alerts::{Alert, Alerter};
use crate::commands::{CommandError, Desk};
use crate::record::import::{append, parse_one, ImportError, Parsed};
use crate::record::{Event, EventKind, EventLog};
use action::{Action, Effect};
use app::App;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use forms::{Ctx, FormKind};
use snapshot::{PolicyInfo, Snapshot};
use theme::Theme;

/// How the board starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--theme NAME` (a built-in, a user theme, or a `.toml` path).
    pub theme: Option<String>,
    /// Names as initials from the start.
    pub privacy: bool,
    /// The operator was named (`--operator` or `$DUTYBOARD_OPERATOR`); if not, the
    /// board asks who is on the desk before anything else.
    pub operator_given: bool,
    /// How breaches are alerted (`--bell on|off`).
    pub alerts: crate::alerts::Settings,
    /// The police notification inbox to watch (`--inbox`; default `inbox/` beside
    /// the database).
    pub inbox: Option<std::path::PathBuf>,
}

/// How often the board asks the record whether anyone committed (a cheap query:
/// SQLite's data_version and the last seq).
pub const POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// The app together with the record it shows and writes to.
pub struct Controller {
    pub app: App,
    pub desk: Desk,
    /// The record's events in time order, and beside each its (at in microseconds,
    /// seq): the store's own order, so a later read adds only what is new.
    events: Vec<Event>,
    keys: Vec<(i64, i64)>,
    last_seq: i64,
    token: i64,
    /// Breach alerts for this session (silent unless set with [`Controller::with_alerter`]).
    pub alerter: Alerter,
    /// What the inbox watcher did with each file, to say in the hint bar (its thread
    /// writes the events; the poll shows them like anyone's commit).
    inbox_news: Option<std::sync::mpsc::Receiver<String>>,
    _inbox_watch: Option<crate::triage::watch::WatchHandle>,
}

impl Controller {
    /// Reads the record and builds the first snapshot at `now`.
    pub fn new(
        desk: Desk,
        theme: Theme,
        privacy: bool,
        now: DateTime<Utc>,
        size: (u16, u16),
    ) -> Result<Controller, CommandError> {
        let token = desk.store.change_token()?;
        let (events, keys, last_seq) = read_everything(&desk.store)?;
        let snapshot = Snapshot::build(&events, &desk.policy, &desk.calendar, now);
        let app = App::new(
            snapshot,
            PolicyInfo::of(&desk.policy),
            desk.operator.clone(),
            theme,
            privacy || desk.privacy,
            size,
        );
        Ok(Controller {
            app,
            desk,
            events,
            keys,
            last_seq,
            token,
            alerter: Alerter::silent(),
            inbox_news: None,
            _inbox_watch: None,
        })
    }

    /// Watches the police notification inbox while the board runs: files dropped in
    /// are recorded (by the watcher's own connection) and show in the triage count
    /// at the next poll; a rejected file is said in the hint bar.
    pub fn watch_inbox(&mut self, inbox: &std::path::Path) {
        let (tx, rx) = std::sync::mpsc::channel();
        let settings = crate::triage::inbox::Settings::new(self.desk.operator.clone());
        let handle = crate::triage::watch::watch(
            inbox,
            self.desk.store.path(),
            self.desk.policy.clone(),
            settings,
            Box::new(move |result| {
                let lines = match result {
                    Ok(reports) => reports
                        .iter()
                        .filter(|r| {
                            matches!(r.outcome, crate::triage::inbox::Outcome::Rejected { .. })
                        })
                        .map(|r| format!("Police notification file {}", r.line()))
                        .collect(),
                    Err(e) => vec![format!("The inbox could not be read: {e}")],
                };
                for line in lines {
                    let _ = tx.send(line);
                }
            }),
        );
        match handle {
            Ok(h) => {
                self._inbox_watch = Some(h);
                self.inbox_news = Some(rx);
            }
            Err(e) => self.app.say(format!("Not watching the inbox: {e}"), true),
        }
    }

    /// Alerts through `alerter` from now on; the breaches already on the board are
    /// shown, not alerted (they did not become overdue while it was open).
    pub fn with_alerter(mut self, alerter: Alerter) -> Controller {
        self.alerter = alerter;
        self.alerter.observe(&self.app.snapshot.board.ticker);
        self
    }

    /// Whether the terminal bell should ring now (taken once).
    pub fn take_bell(&mut self) -> bool {
        self.alerter.take_bell()
    }

    /// The quarter-second poll: has anyone (another board, `import`, a script)
    /// committed to the record? If so, the board is rebuilt at once.
    pub fn poll(&mut self, now: DateTime<Utc>) -> bool {
        if let Some(news) = &self.inbox_news {
            if let Some(last) = news.try_iter().last() {
                self.app.say(last, true);
            }
        }
        let changed = self
            .desk
            .store
            .change_token()
            .is_ok_and(|t| t != self.token);
        if changed {
            self.reload(now, true);
        }
        changed
    }

    /// A key press at `now`.
    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let action = keys::action_for(&self.app, key);
        self.handle(action, now);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.app.update(Action::Resize(w, h));
    }

    /// The shift handover over the last 12 hours, from the record as it stands.
    fn build_handover(&mut self, now: DateTime<Utc>) {
        let (state, evaluation) = crate::procedures::evaluate_events(
            &self.events,
            &self.desk.policy,
            &self.desk.calendar,
            now,
        );
        let since = now - chrono::Duration::hours(crate::reports::handover::HANDOVER_HORIZON_HOURS);
        let mut report = crate::reports::handover::build(
            &self.events,
            &state,
            &evaluation,
            since,
            now,
            now,
            self.app.privacy,
        );
        report.policy = Some(self.desk.policy.name.clone());
        self.app.handover = Some(report);
        self.app.dirty = true;
    }

    /// Applies an action and carries out what it asks for.
    pub fn handle(&mut self, action: Action, now: DateTime<Utc>) {
        match self.app.update(action) {
            Some(Effect::Save) => self.save(now),
            Some(Effect::Handover) => {
                self.build_handover(now);
                self.app.screen = app::Screen::Handover;
            }
            None => {}
        }
        if self.desk.operator != self.app.operator {
            self.desk.operator = self.app.operator.clone();
        }
    }

    /// The one-second tick: the ticker moves on; the snapshot is rebuilt when the
    /// record changed (anyone's commit), the minute turned, or an action changed
    /// state.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        self.app.on_tick();
        let token = self.desk.store.change_token().ok();
        let changed = token.is_some_and(|t| t != self.token);
        let minute =
            now.timestamp().div_euclid(60) != self.app.snapshot.now.timestamp().div_euclid(60);
        let state_change = self.app.snapshot.next_change.is_some_and(|t| now >= t);
        if changed || minute || state_change {
            self.reload(now, changed);
        }
    }

    /// Rebuilds the snapshot at `now`, reading what the record gained if `reread`
    /// (only the events stored since the last read: the log is append-only).
    pub fn reload(&mut self, now: DateTime<Utc>, reread: bool) {
        if reread {
            if let Err(e) = self.read_new() {
                self.app
                    .say(format!("The record could not be read: {e}"), true);
                return;
            }
        }
        let snapshot = Snapshot::build(&self.events, &self.desk.policy, &self.desk.calendar, now);
        self.app.set_snapshot(snapshot);
        if self.app.handover.is_some() {
            // The open handover follows the record like every other pane.
            self.build_handover(now);
        }
        let fresh = self.alerter.observe(&self.app.snapshot.board.ticker);
        self.announce(&fresh);
    }

    /// Takes in the events stored since the last read, each in its place in time (an
    /// event entered late goes where it belongs, as a full read would put it).
    fn read_new(&mut self) -> Result<(), CommandError> {
        let token = self.desk.store.change_token()?;
        let last = self.desk.store.last_seq()?;
        if last < self.last_seq {
            // Not the log this board read (restored from a backup?): read it whole.
            let (events, keys, last_seq) = read_everything(&self.desk.store)?;
            (self.events, self.keys, self.last_seq) = (events, keys, last_seq);
        } else if last > self.last_seq {
            let (events, keys) = (&mut self.events, &mut self.keys);
            let mut last_seq = self.last_seq;
            self.desk
                .store
                .visit_after(self.last_seq, None, &mut |stored| {
                    let key = (stored.event.at.timestamp_micros(), stored.seq);
                    let i = keys.partition_point(|k| *k <= key);
                    keys.insert(i, key);
                    events.insert(i, stored.event);
                    last_seq = last_seq.max(stored.seq);
                })?;
            self.last_seq = last_seq;
        }
        self.token = token;
        Ok(())
    }

    /// New breaches, in the hint bar too (the same words as the notification).
    fn announce(&mut self, fresh: &[Alert]) {
        match fresh {
            [] => {}
            [one] => self.app.say(format!("NEW BREACH: {}", one.body()), true),
            many => self.app.say(
                format!("NEW BREACHES: {} (see the ticker)", many.len()),
                true,
            ),
        }
    }

    /// Writes the open form's events through the import checks; a refusal is shown
    /// in place and nothing is written.
    pub fn save(&mut self, now: DateTime<Utc>) {
        let operator = self.app.operator.clone();
        let policy_info = self.app.policy.clone();
        let Some(form) = self.app.form.as_mut() else {
            return;
        };
        form.clear_errors();
        let ctx = Ctx {
            operator: &operator,
            now,
            policy: &policy_info,
        };
        let values = match form.events(&ctx) {
            Ok(v) => v,
            Err(problems) => {
                for (field, message) in problems {
                    form.add_problem(field.as_deref(), message);
                }
                form.focus_first_error();
                self.app.dirty = true;
                return;
            }
        };
        let mut parsed = Vec::new();
        let mut refused = false;
        for (i, value) in values.iter().enumerate() {
            match parse_one(&value.to_string(), &operator) {
                Ok((event, body)) => parsed.push(Parsed {
                    line: i + 1,
                    event,
                    body,
                }),
                Err(e) => {
                    refused = true;
                    form.add_problem(e.field.as_deref(), e.reason);
                }
            }
        }
        if refused {
            form.focus_first_error();
            self.app.dirty = true;
            return;
        }
        let new_episode = parsed.iter().find_map(|p| match &p.event.kind {
            EventKind::EpisodeReported { episode, .. } => Some(episode.clone()),
            _ => None,
        });
        let kind = form.kind;
        match append(&mut self.desk.store, &parsed, &self.desk.policy, now) {
            Ok(_) => {
                self.reload(now, true);
                let select = if kind == FormKind::Report {
                    new_episode
                } else {
                    None
                };
                self.app.form_saved(select);
            }
            Err(ImportError::Refused(refusals)) => {
                for r in refusals {
                    form.add_problem(r.error.field.as_deref(), r.error.reason);
                }
                form.focus_first_error();
            }
            Err(ImportError::Store(e)) => {
                form.add_problem(None, format!("not saved: {e}"));
            }
        }
        self.app.dirty = true;
    }
}

/// Every event in the store's order, with its (at in microseconds, seq), and the last seq.
type Read = (Vec<Event>, Vec<(i64, i64)>, i64);

fn read_everything(store: &impl EventLog) -> Result<Read, CommandError> {
    let mut events = Vec::new();
    let mut keys = Vec::new();
    let mut last_seq = 0;
    store.visit(None, &mut |stored| {
        keys.push((stored.event.at.timestamp_micros(), stored.seq));
        last_seq = last_seq.max(stored.seq);
        events.push(stored.event);
    })?;
    Ok((events, keys, last_seq))
}

/// Opens the live board on `desk` and runs it until the officer quits (or a
/// signal ends it). The terminal is always restored.
pub fn run(desk: Desk, options: Options) -> Result<(), CommandError> {
    let theme_dir = theme::user_theme_dir();
    let theme = Theme::resolve(
        options.theme.as_deref(),
        theme::no_color_requested(),
        theme_dir.as_deref(),
    )
    .map_err(CommandError::Usage)?;
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let alerter = Alerter::new(
        options.alerts,
        Box::new(crate::alerts::DesktopNotifier::from_env()),
    );
    let mut ctl =
        Controller::new(desk, theme, options.privacy, Utc::now(), size)?.with_alerter(alerter);
    ctl.app.theme_dir = theme_dir;
    let inbox = options
        .inbox
        .clone()
        .unwrap_or_else(|| crate::triage::default_inbox(ctl.desk.store.path()));
    ctl.watch_inbox(&inbox);
    if !options.operator_given {
        ctl.app.require_sign_in();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the board: {e}")))?;
    terminal::install_panic_hook();
    let mut term = terminal::enter()
        .map_err(|e| CommandError::Failed(format!("cannot open the terminal: {e}")))?;
    let guard = terminal::Guard;
    let result = runtime.block_on(event_loop::run(&mut term, &mut ctl));
    drop(term);
    drop(guard);
    match result {
        Ok(event_loop::Exit::Quit) | Ok(event_loop::Exit::InputClosed) => Ok(()),
        Ok(event_loop::Exit::Signal(name)) => Err(CommandError::Failed(format!(
            "stopped by {name}; the terminal was restored and nothing was half-written"
        ))),
        Err(e) => Err(CommandError::Failed(format!("the terminal failed: {e}"))),
    }
}
