//! Starting the live board: the options it starts with, and the run from the first
//! frame to the terminal given back.

use super::theme::{self, Theme};
use super::{event_loop, terminal, Controller};
use crate::desk::alerts::Alerter;
use crate::desk::{Desk, DeskError};
use chrono::Utc;

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
    pub alerts: crate::desk::alerts::Settings,
    /// The police notification inbox to watch (`--inbox`; default `inbox/` beside
    /// the database).
    pub inbox: Option<std::path::PathBuf>,
    /// `--wallboard`: read-only, its pages taking turns every this many seconds.
    pub wallboard: Option<u64>,
}

/// Opens the live board on `desk` and runs it until the officer quits (or a
/// signal ends it). The terminal is always restored.
pub fn run(desk: Desk, options: Options) -> Result<(), DeskError> {
    let theme_dir = theme::user_theme_dir();
    let theme = Theme::resolve(
        options.theme.as_deref(),
        theme::no_color_requested(),
        theme_dir.as_deref(),
    )
    .map_err(DeskError::Usage)?;
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let alerter = Alerter::new(
        options.alerts,
        Box::new(crate::desk::alerts::DesktopNotifier::from_env()),
    );
    // A wallboard shows initials from the start (anyone walking past reads it).
    let privacy = options.privacy || options.wallboard.is_some();
    let mut ctl =
        Controller::first_frame(desk, theme, privacy, Utc::now(), size)?.with_alerter(alerter);
    ctl.app.theme_dir = theme_dir;
    if let Some(seconds) = options.wallboard {
        // Read-only: nobody signs in, and it records nothing (not even the inbox's
        // notifications: a desk's board does that).
        ctl.app.wallboard = Some(super::wallboard::Wall::new(seconds));
        ctl.app.operator = "WALLBOARD (read-only)".into();
    } else {
        let inbox = options
            .inbox
            .clone()
            .unwrap_or_else(|| crate::desk::inbox::default_inbox(ctl.desk.store.path()));
        ctl.watch_inbox(&inbox);
        if !options.operator_given {
            ctl.app.require_sign_in();
        } else {
            ctl.app.offer_handover();
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| DeskError::Failed(format!("cannot start the board: {e}")))?;
    terminal::install_panic_hook();
    let mut term = terminal::enter()
        .map_err(|e| DeskError::Failed(format!("cannot open the terminal: {e}")))?;
    let guard = terminal::Guard;
    let result = runtime.block_on(event_loop::run(&mut term, &mut ctl));
    drop(term);
    drop(guard);
    match result {
        Ok(event_loop::Exit::Quit) | Ok(event_loop::Exit::InputClosed) => Ok(()),
        Ok(event_loop::Exit::Signal(name)) => Err(DeskError::Failed(format!(
            "stopped by {name}; the terminal was restored and nothing was half-written"
        ))),
        Err(e) => Err(DeskError::Failed(format!("the terminal failed: {e}"))),
    }
}
