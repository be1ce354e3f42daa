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
}

/// The app together with the record it shows and writes to.
pub struct Controller {
    pub app: App,
    pub desk: Desk,
    events: Vec<Event>,
    token: i64,
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
        let events: Vec<Event> = desk.events()?;
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
            token,
        })
    }

    /// A key press at `now`.
    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let action = keys::action_for(&self.app, key);
        self.handle(action, now);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.app.update(Action::Resize(w, h));
    }

    /// Applies an action and carries out what it asks for.
    pub fn handle(&mut self, action: Action, now: DateTime<Utc>) {
        if let Some(Effect::Save) = self.app.update(action) {
            self.save(now);
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

    /// Rebuilds the snapshot at `now`, reading the record again if `reread`.
    pub fn reload(&mut self, now: DateTime<Utc>, reread: bool) {
        if reread {
            let read = self
                .desk
                .store
                .change_token()
                .map_err(CommandError::from)
                .and_then(|token| self.desk.events().map(|events| (events, token)));
            match read {
                Ok((events, token)) => {
                    self.events = events;
                    self.token = token;
                }
                Err(e) => {
                    self.app
                        .say(format!("The record could not be read: {e}"), true);
                    return;
                }
            }
        }
        let snapshot = Snapshot::build(&self.events, &self.desk.policy, &self.desk.calendar, now);
        self.app.set_snapshot(snapshot);
    }

    /// Writes the open form's events through the import checks; a refusal is shown
    /// in place and nothing is written.
    pub fn save(&mut self, now: DateTime<Utc>) {
        let operator = self.desk.operator.clone();
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
    let mut ctl = Controller::new(desk, theme, options.privacy, Utc::now(), size)?;
    ctl.app.theme_dir = theme_dir;
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
