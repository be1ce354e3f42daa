//! `App::update`: the one place the app changes. What belongs to no pane (quitting,
//! the theme, privacy, the help, the sign-in and the open form) is applied here;
//! everything else goes to the pane in front ([`super::panes::update`]).

use super::action::{Action, Effect, Msg};
use super::app::{App, Context, Screen};
use super::forms::one_line;
use super::panes;
use super::panes::{confirm, form, sign_in};
use super::theme::{Theme, BUILT_IN};

impl App {
    /// Applies one action, or an effect's result: the only place the app changes.
    /// Returns what the world must do, if anything.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Option<Effect> {
        let action = match msg.into() {
            Msg::Act(action) => action,
            Msg::Handover(report) => {
                self.screen = match std::mem::replace(&mut self.screen, Screen::Board) {
                    Screen::Handover { scroll, .. } => Screen::Handover { report, scroll },
                    _ => Screen::Handover { report, scroll: 0 },
                };
                self.dirty = true;
                return None;
            }
            Msg::Stats(overview) => {
                self.screen = Screen::Stats(overview);
                self.dirty = true;
                return None;
            }
            Msg::Paste(text) => {
                self.paste(&text);
                self.dirty = true;
                return None;
            }
        };
        if action != Action::Noop {
            self.dirty = true;
        }
        if panes::wallboard::update(self, &action) {
            return None;
        }
        match action {
            Action::Noop => {}
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (w, h);
                // The pane in front keeps its scroll within its new length.
                return panes::update(self, &action);
            }
            Action::Open(pane) => return panes::open(self, pane),
            Action::ToggleBacklog => {
                self.backlog_open = !self.backlog_open;
                self.refresh_visible();
                let n = self.snapshot.board.counts.backlog;
                self.say(
                    if self.backlog_open {
                        format!("Backlog shown: {n} returned episode(s) whose open actions are long past")
                    } else {
                        format!("Backlog folded: {n} returned episode(s) under its count")
                    },
                    false,
                );
            }
            Action::TogglePrivacy => {
                self.privacy = !self.privacy;
                self.refresh_visible();
                self.say(
                    if self.privacy {
                        "Privacy on: initials only"
                    } else {
                        "Privacy off: full names"
                    },
                    false,
                );
            }
            Action::CycleTheme => {
                let i = BUILT_IN
                    .iter()
                    .position(|(n, _)| *n == self.theme.name)
                    .map_or(0, |i| (i + 1) % BUILT_IN.len());
                let name = BUILT_IN[i].0;
                if let Some(t) = Theme::built_in(name) {
                    self.theme = t;
                    self.say(format!("Theme: {name}"), false);
                }
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::CloseHelp => self.help = false,
            Action::OpenForm(kind) => form::open(self, kind),
            Action::FormKey(key) => return form::key(self, key),
            Action::Undo => return Some(Effect::OfferUndo),
            Action::StartCommand
            | Action::CommandKey(_)
            | Action::CommandComplete
            | Action::CommandRun
            | Action::CommandCancel => return panes::command::update(self, &action),
            Action::ConfirmYes | Action::ConfirmNo | Action::ConfirmBack => {
                return confirm::update(self, &action)
            }
            Action::StartSignIn
            | Action::SignInKey(_)
            | Action::SignInSubmit
            | Action::SignInCancel => return sign_in::update(self, &action),
            other => return panes::update(self, &other),
        }
        None
    }

    /// Pasted text goes into the focused text field (the open form's, the filter's
    /// or the sign-in name) and nowhere else: it is never read as keys, so a newline
    /// in it never submits anything.
    fn paste(&mut self, text: &str) {
        let (w, h) = self.size;
        let too_small = !super::panes::too_small::fits(w, h);
        let taken = match self.context() {
            _ if too_small => false,
            Context::SignIn => self
                .sign_in
                .as_mut()
                .is_some_and(|s| s.input.insert_str(one_line(text))),
            _ if self.help => false,
            Context::Form => self.form.as_mut().is_some_and(|f| f.paste(text)),
            Context::Filter => {
                let taken = self
                    .filter
                    .as_mut()
                    .is_some_and(|f| f.input.insert_str(one_line(text)));
                self.refresh_visible();
                taken
            }
            Context::Command => self
                .command
                .as_mut()
                .is_some_and(|c| c.input.insert_str(one_line(text))),
            Context::Pane(_) | Context::Confirm | Context::Wallboard => false,
        };
        if !taken {
            self.say(
                "Pasted text ignored: paste into a text field of a form",
                true,
            );
        }
    }
}
