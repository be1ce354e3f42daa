//! Entering and leaving full-screen mode. The terminal is always given back: raw
//! mode and bracketed paste off, the alternate screen left, the cursor shown, the colours reset, on quit,
//! error, panic and signal alike. `restore` is idempotent and safe to call from a
//! panic hook.

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::style::{Attribute, ResetColor, SetAttribute};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, the cursor hidden. Writes go through one buffer,
/// flushed once per frame, so a frame reaches the terminal whole.
pub fn enter() -> std::io::Result<Terminal<Backend>> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout());
    // Bracketed paste: a paste arrives whole (`Event::Paste`), never as keys, so a
    // newline in it cannot submit a form or the rest run as board keys.
    let entered = crossterm::execute!(out, EnterAlternateScreen, EnableBracketedPaste, Hide);
    if let Err(e) = entered {
        restore();
        return Err(e);
    }
    match Terminal::new(CrosstermBackend::new(out)) {
        Ok(t) => Ok(t),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Gives the terminal back. Errors are ignored: on a dropped SSH link there may be
/// no terminal left to write to.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = std::io::stdout();
    let _ = crossterm::queue!(
        out,
        SetAttribute(Attribute::Reset),
        ResetColor,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so it is readable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Restores the terminal when dropped (an early return or an unwinding panic).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
