//! The live board: the full-screen duty desk.
//!
//! Data flows one way: the live desk ([`crate::desk::live`]) follows the record and
//! scopes the evaluation; its data becomes a [`crate::views::detail::Snapshot`] (when the record
//! changes, or the clock moves on a minute), the [`app::App`] holds it with the
//! screen's own state, and [`ui::draw`] draws the app without changing it. Keys become
//! [`action::Action`]s; the app's `update` applies them and may ask the [`Controller`]
//! to save a form, whose typed events the desk records with the same checks as
//! `import` (`Desk::record`).

pub mod action;
pub mod app;
pub mod bindings;
pub mod command;
pub mod correcting;
pub mod event_loop;
pub mod filtering;
pub mod forgiving;
pub mod forms;
pub mod keys;
mod made;
pub mod owned;
pub mod panes;
mod signing;
pub mod stale;
pub mod start;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod undo;
pub mod update;
pub mod wallboard;
pub mod widgets;

pub use start::{run, Options};

use crate::desk::alerts::{Alert, Alerter};
use crate::desk::live::Live;
use crate::desk::writer::{Saved, Writer};
use crate::desk::{Desk, DeskError};
use crate::record::import::ImportError;
use crate::record::EventKind;
use crate::views::detail::{PolicyInfo, Snapshot};
use action::{Action, Effect, Msg};
use app::App;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use forms::{Ctx, FormKind};
use theme::Theme;

/// How often the board asks the record whether anyone committed (a cheap query:
/// SQLite's data_version and the last seq).
pub const POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// The app together with the live desk it shows and writes to: the terminal's side
/// only (keys, actions, drawing); the record work is the desk's ([`Live`]).
pub struct Controller {
    pub app: App,
    pub desk: Desk,
    live: Live,
    /// The snapshot on screen was built for the first frame only: its detail panes
    /// lack settled actions and timelines until [`Controller::complete`] runs.
    partial: bool,
    /// The link to the record's server was down at the last poll (a file never is).
    link_lost: bool,
    /// Saves go through it, off the screen's thread (review D11); made at the first.
    writer: Option<Writer>,
    /// The save on its way, for when it comes back.
    pending: Option<Pending>,
}

/// A save handed to the writer and not yet back: what to say and select then.
struct Pending {
    kind: FormKind,
    new_episode: Option<String>,
    what: String,
    operator: String,
}

/// How long a save is waited for in place before the board goes on without it.
const SAVE_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1000);

/// The banner while a save waits.
const WAITING: &str = "Saving: waiting for the record (another desk or process is writing to it); the board goes on, and the form is saved once the record is free";

impl Controller {
    /// Reads the record and builds the first snapshot at `now`.
    pub fn new(
        desk: Desk,
        theme: Theme,
        privacy: bool,
        now: DateTime<Utc>,
        size: (u16, u16),
    ) -> Result<Controller, DeskError> {
        Controller::open(desk, theme, privacy, now, size, true)
    }

    fn open(
        desk: Desk,
        theme: Theme,
        privacy: bool,
        now: DateTime<Utc>,
        size: (u16, u16),
        detail: bool,
    ) -> Result<Controller, DeskError> {
        let privacy = privacy || desk.privacy;
        let placeholder = App::new(
            Snapshot::default(),
            PolicyInfo::default(),
            String::new(),
            theme.clone(),
            privacy,
            size,
        );
        let mut ctl = Controller {
            app: placeholder,
            live: Live::open(&desk, now)?,
            desk,
            partial: !detail,
            link_lost: false,
            writer: None,
            pending: None,
        };
        let snapshot = ctl.snapshot(now, detail)?;
        // The app starts from the real snapshot, as it would from any other.
        ctl.app = App::new(
            snapshot,
            PolicyInfo::of(&ctl.desk.policy),
            ctl.desk.operator.clone(),
            theme,
            privacy,
            size,
        );
        ctl.ensure_detail();
        Ok(ctl)
    }

    /// Watches the police notification inbox while the board runs: files dropped in
    /// are recorded (by the watcher's own connection) and show in the triage count
    /// at the next poll; a rejected file is said in the hint bar.
    pub fn watch_inbox(&mut self, inbox: &std::path::Path) {
        if let Err(e) = self.live.watch_inbox(&self.desk, inbox) {
            self.app.say(format!("Not watching the inbox: {e}"), true);
        }
    }

    /// As [`Controller::new`], with a snapshot for the first frame only (the board as
    /// it will stay; the detail panes are completed by [`Controller::complete`] once
    /// the board is on screen). A duty officer opening the board sees it sooner.
    pub fn first_frame(
        desk: Desk,
        theme: Theme,
        privacy: bool,
        now: DateTime<Utc>,
        size: (u16, u16),
    ) -> Result<Controller, DeskError> {
        Controller::open(desk, theme, privacy, now, size, false)
    }

    /// Whether the detail panes still wait for [`Controller::complete`].
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// Completes a first-frame snapshot: every detail pane's actions and timeline.
    pub fn complete(&mut self, now: DateTime<Utc>) {
        if self.partial {
            self.reload(now, false);
        }
    }

    /// Alerts through `alerter` from now on; the breaches already on the board are
    /// shown, not alerted (they did not become overdue while it was open).
    pub fn with_alerter(mut self, alerter: Alerter) -> Controller {
        self.live.alerter = alerter;
        self.live.alerts(&self.app.snapshot.board);
        self
    }

    /// Whether the terminal bell should ring now (taken once).
    pub fn take_bell(&mut self) -> bool {
        self.live.alerter.take_bell()
    }

    /// The quarter-second poll: has anyone (another board, `import`, a script)
    /// committed to the record? If so, the board is rebuilt at once.
    pub fn poll(&mut self, now: DateTime<Utc>) -> bool {
        if let Some(last) = self.live.inbox_news() {
            self.app.say(last, true);
        }
        self.say_link();
        self.take_saved(now);
        let changed = self.live.changed(&self.desk);
        if changed {
            self.reload(now, true);
        }
        changed
    }

    /// A record on a server: while the board's link to it is down, says so (it
    /// reconnects on its own, and reads what was stored meanwhile; nothing typed is lost).
    fn say_link(&mut self) {
        let lost = self.desk.store.connection_lost();
        if lost && (!self.link_lost || self.app.message.is_none()) {
            self.app.say(
                "The connection to the record's server is lost: reconnecting. Nothing typed \
                 is lost; a save refused meanwhile can be made again.",
                true,
            );
        } else if !lost && self.link_lost {
            self.app.say(
                "Connected to the record's server again: the board is up to date.",
                false,
            );
        }
        self.link_lost = lost;
    }

    /// A save that came back from the writer since the last look, carried through.
    fn take_saved(&mut self, now: DateTime<Utc>) {
        let back = self
            .writer
            .as_mut()
            .and_then(|w| w.wait(std::time::Duration::ZERO));
        let Some(saved) = back else {
            return;
        };
        if let Some(pending) = self.pending.take() {
            self.app.record_notice = None;
            self.saved(saved, pending, now);
        }
    }

    /// The banner: the record in trouble first, else a save waiting (review D11, D12).
    fn check_record(&mut self) -> Option<String> {
        let trouble = self.live.trouble(&self.desk);
        let notice = trouble
            .clone()
            .or_else(|| self.pending.as_ref().map(|_| WAITING.to_string()));
        if notice != self.app.record_notice {
            self.app.record_notice = notice;
            self.app.dirty = true;
        }
        trouble
    }

    /// A key press at `now`.
    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        self.app.last_key = Some(now);
        let action = keys::action_for(&self.app, key);
        self.handle(action, now);
    }

    /// Text pasted into the terminal at `now` (bracketed paste: it arrives whole,
    /// never as keys). It goes into the focused field, or nowhere: it writes nothing,
    /// so unlike a key it needs no clock (`_now` keeps the two calls alike).
    pub fn paste(&mut self, text: &str, _now: DateTime<Utc>) {
        self.app.update(Msg::Paste(text.to_string()));
        self.ensure_detail();
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.app.update(Action::Resize(w, h));
        self.ensure_detail();
    }

    /// The shift handover over the last 12 hours, to the handover pane.
    fn build_handover(&mut self, now: DateTime<Utc>) {
        match self.live.handover(&self.desk, now, self.app.privacy) {
            Ok(report) => {
                self.app.update(Msg::Handover(Box::new(report)));
            }
            Err(e) => self
                .app
                .say(format!("The record could not be read: {e}"), true),
        }
    }

    /// The statistics pane's figures.
    fn build_stats(&mut self, now: DateTime<Utc>) {
        let overview = self.live.stats(&self.desk, now);
        self.app.update(Msg::Stats(Box::new(overview)));
    }

    /// Applies an action and carries out what it asks for.
    pub fn handle(&mut self, action: Action, now: DateTime<Utc>) {
        match self.app.update(action) {
            Some(Effect::Save) => self.save(now),
            // The pane opens when its data comes back as an action.
            Some(Effect::Stats) => self.build_stats(now),
            Some(Effect::Handover) => self.build_handover(now),
            Some(Effect::OfferUndo) => self.offer_undo(now),
            Some(Effect::Undo) => self.undo(now),
            Some(Effect::SignHandover) => self.sign_handover(now),
            None => {}
        }
        if self.desk.operator != self.app.operator {
            self.desk.operator = self.app.operator.clone();
        }
        self.ensure_detail();
    }

    /// The one-second tick: the ticker moves on; the snapshot is rebuilt when the
    /// record changed (anyone's commit), the minute turned, or an action changed
    /// state.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        self.app.on_tick();
        self.ask_if_idle(now);
        self.take_saved(now);
        self.check_record();
        let changed = self.live.changed(&self.desk);
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
        // An adoption or calendar another desk recorded counts from the next frame.
        if reread {
            match self.desk.refresh_policies() {
                Ok(true) => self.app.policy = PolicyInfo::of(&self.desk.policy),
                Ok(false) => {}
                Err(e) => self.app.say(
                    format!("The record's policies could not be read: {e}"),
                    true,
                ),
            }
        }
        let read = self.live.read(&self.desk, now, reread);
        self.partial = false;
        let snapshot = match read.and_then(|()| self.snapshot(now, true)) {
            Ok(snapshot) => snapshot,
            Err(e) => {
                self.app
                    .say(format!("The record could not be read: {e}"), true);
                return;
            }
        };
        self.app.set_snapshot(snapshot);
        self.ensure_detail();
        if self.app.stats().is_some() {
            self.build_stats(now);
        }
        if self.app.handover().is_some() {
            // The open handover follows the record like every other pane.
            self.build_handover(now);
        }
        let fresh = self.live.alerts(&self.app.snapshot.board);
        self.announce(&fresh);
    }

    /// New breaches, in the hint bar too (the same words as the notification).
    fn announce(&mut self, fresh: &[Alert]) {
        match fresh {
            [] => {}
            [one] if one.soon => self
                .app
                .say(format!("DUE WITHIN THE HOUR: {}", one.body()), true),
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
        let children = std::mem::take(&mut self.app.snapshot.children);
        let Some(form) = self.app.form.as_mut() else {
            self.app.snapshot.children = children;
            return;
        };
        form.clear_errors();
        let ctx = Ctx {
            operator: &operator,
            now,
            policy: &policy_info,
            children: &children,
        };
        let events = form.events(&ctx);
        self.app.snapshot.children = children;
        let events = match events {
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
        let new_episode = events.iter().find_map(|e| match &e.kind {
            EventKind::EpisodeReported { episode, .. } => Some(episode.clone()),
            _ => None,
        });
        let kind = form.kind;
        if self.stale_holds(&events, now) {
            return;
        }
        let Some(form) = self.app.form.as_mut() else {
            return;
        };
        if !form.confirmed && kind.is_correction() {
            return self.confirm_correction(events, now);
        }
        if !form.confirmed {
            if let Some(question) = forms::confirm::question(form, &events, self.app.privacy, now) {
                panes::confirm::ask(&mut self.app, question, forgiving::Then::Save);
                return;
            }
        }
        form.confirmed = false;
        let what = self
            .app
            .saved_what(self.app.form.as_ref().expect("the form is open"));
        // Never into a record that is not the one on screen (review D12), and one
        // save at a time (a second Ctrl+S while one waits stores nothing twice).
        let refused = match self.check_record() {
            Some(trouble) => Some(format!("not saved: {trouble}")),
            None if self.pending.is_some() => Some(format!("not saved yet: {WAITING}")),
            None => None,
        };
        if let Some(why) = refused {
            if let Some(form) = self.app.form.as_mut() {
                form.add_problem(None, why);
            }
            self.app.dirty = true;
            return;
        }
        let pending = Pending {
            kind,
            new_episode,
            what,
            operator,
        };
        if self.writer.is_none() {
            match Writer::beside(&self.desk) {
                Ok(w) => self.writer = Some(w),
                Err(e) => {
                    let saved = Err(ImportError::Store(crate::record::StoreError::Io(
                        e.to_string(),
                    )));
                    return self.saved(saved, pending, now);
                }
            }
        }
        let writer = self.writer.as_mut().expect("made above");
        match writer.save(&pending.operator, events, now, SAVE_PATIENCE) {
            Some(saved) => self.saved(saved, pending, now),
            None => {
                self.pending = Some(pending);
                self.check_record();
                self.app.say(WAITING, false);
            }
        }
    }

    /// Carries a save that came back through: the board reloaded, the form closed and
    /// "Saved", or the refusal beside the form (in the hint bar if it was closed).
    fn saved(&mut self, saved: Saved, pending: Pending, now: DateTime<Utc>) {
        let Pending {
            kind,
            new_episode,
            what,
            operator,
        } = pending;
        let form_open = self.app.form.as_ref().is_some_and(|f| f.kind == kind);
        match saved {
            Ok(stored) => {
                self.reload(now, true);
                // A child reported missing is named once the board has their row.
                let what = match new_episode.as_deref().and_then(|e| self.app.row(e)) {
                    Some(row) if kind == FormKind::Report => {
                        format!("{what} for {}", self.app.shown_name(row))
                    }
                    _ => what,
                };
                self.app.last_save = Some(forgiving::LastSave {
                    by: operator.clone(),
                    at: now,
                    ids: stored.into_iter().map(|e| e.id).collect(),
                    what,
                });
                let select = if kind == FormKind::Report {
                    new_episode
                } else {
                    None
                };
                if form_open {
                    self.app.form_saved(select);
                } else {
                    self.app.say(
                        format!(
                            "Saved: {}",
                            self.app
                                .last_save
                                .as_ref()
                                .map_or(String::new(), |s| s.what.clone())
                        ),
                        false,
                    );
                }
            }
            Err(ImportError::Refused(refusals)) => {
                let Some(form) = self.app.form.as_mut().filter(|_| form_open) else {
                    let first = refusals.first().map(|r| r.to_string()).unwrap_or_default();
                    self.app.say(format!("Not saved: {first}"), true);
                    return;
                };
                correcting::show_refusals(form, refusals, now);
            }
            Err(ImportError::Store(e)) => match self.app.form.as_mut().filter(|_| form_open) {
                Some(form) => form.add_problem(None, format!("not saved: {e}")),
                None => self.app.say(format!("Not saved: {e}"), true),
            },
        }
        self.app.dirty = true;
    }
}
