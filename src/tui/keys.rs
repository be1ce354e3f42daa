//! Keys to actions: whatever is in front picks its table ([`super::panes::keys`]),
//! the one place a key is bound, and the table says what the key does.

use super::action::Action;
use super::app::{App, Context};
use super::forms::FormKind;
use super::panes;
use crossterm::event::KeyEvent;
use std::sync::LazyLock;

/// The key that opens each form, as the tables bind it.
pub static FORM_KEYS: LazyLock<Vec<(char, FormKind)>> = LazyLock::new(panes::form_keys);

/// What a key press does, given what is on screen. The sign-in pane takes every
/// key, even with the help open beneath it.
///
/// The "terminal too small" screen has a table of its own, like every pane.
pub fn action_for(app: &App, key: KeyEvent) -> Action {
    let (w, h) = app.size;
    if !panes::too_small::fits(w, h) {
        return panes::too_small::KEYS.action(key);
    }
    let context = app.context();
    if app.help && context != Context::SignIn {
        return panes::help::KEYS.action(key);
    }
    panes::keys(context).action(key)
}
