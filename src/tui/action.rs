//! Everything that can happen to the app, as data: keys become actions
//! ([`super::keys`]), and `App::update` ([`super::update`]) applies them.

use super::app::Pane;
use super::forms::FormKind;
use crate::views::handover::Handover;
use crate::views::stats::Overview;
use crossterm::event::KeyEvent;

/// What a key asks for. Plain data, so the binding tables can name them as constants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Open a pane: the detail pane (Enter), the shift handover (`H`), MASH triage
    /// (`T`), the statistics (`G`: graphs).
    Open(Pane),

    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// The previous / next child on the board (from the detail pane).
    PrevChild,
    NextChild,
    /// Esc: leave the detail pane, or clear the filter.
    Back,
    StartFilter,
    /// `I`: only the children the operator owns (`owner:me`), or every child again.
    ToggleMine,
    FilterKey(KeyEvent),
    FilterApply,
    FilterCancel,
    /// `n` / `N`: the next (`true`) or previous row the filter matches, round again.
    NextMatch(bool),
    /// `:` opens the command line; its keys, Tab, Enter and Esc.
    StartCommand,
    CommandKey(KeyEvent),
    CommandComplete,
    CommandRun,
    CommandCancel,
    CycleSort,
    ReverseSort,
    TogglePrivacy,
    /// Show the backlog section row by row, or fold it back under its count (`b`).
    ToggleBacklog,
    CycleTheme,
    ToggleHelp,
    CloseHelp,
    OpenForm(FormKind),
    FormKey(KeyEvent),
    Resize(u16, u16),
    /// `o`: someone else takes the desk (shift change).
    StartSignIn,
    SignInKey(KeyEvent),
    SignInSubmit,
    /// Esc on the sign-in pane: quits at start, keeps the operator on a switch.
    SignInCancel,
    /// `U`: undo the operator's last save on this board (within 15 minutes), after
    /// a one-line confirmation.
    Undo,
    /// The one-line question's answers: `y`, `n`, and Esc (back to what was open).
    ConfirmYes,
    ConfirmNo,
    ConfirmBack,
    /// A key that would write, on the read-only wallboard: refused in words.
    ReadOnly,
    /// The wallboard's next (`true`) or previous page.
    WallPage(bool),
    Noop,
}

/// What the app asks of the world after an action (it does no I/O itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Write the open form's events through the record's checks.
    Save,
    /// Build the shift handover from the record and open its pane.
    Handover,
    /// Build the statistics from the record and open their pane.
    Stats,
    /// Ask whether to undo the last save (the desk's clock says if it still can).
    OfferUndo,
    /// Void every event of the last save, with the reason "undone".
    Undo,
    /// Record that the operator signed for the handover (`handover_acknowledged`).
    SignHandover,
}

/// Everything `App::update` applies: what a key asked for, or what the
/// world brought back from an [`Effect`].
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Act(Action),
    /// The handover the controller built ([`Effect::Handover`]): open its pane, or
    /// refresh it in place.
    Handover(Box<Handover>),
    /// The statistics the controller built ([`Effect::Stats`]).
    Stats(Box<Overview>),
    /// Text pasted into the terminal (bracketed paste): only ever into the focused
    /// text field, never read as keys.
    Paste(String),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Act(action)
    }
}
