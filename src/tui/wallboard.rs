//! `dutyboard --wallboard`: the office's big screen (issue 17), read-only. This is its
//! state: which page is up and since when. Its keys and drawing are the pane's
//! (`panes/wallboard.rs`).

/// Seconds each page stays up unless `--wallboard-seconds` says otherwise.
pub const DEFAULT_SECONDS: u64 = 15;

/// The wallboard's own state: which page is up, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wall {
    pub seconds: u64,
    /// Pages shown so far (the page up is this, modulo the pages there are when drawn).
    pub step: usize,
    /// The tick the page came up at.
    pub since: u64,
}

impl Wall {
    pub fn new(seconds: u64) -> Wall {
        Wall {
            seconds: seconds.max(1),
            step: 0,
            since: 0,
        }
    }

    /// One second passed (`ticks` so far): whether the next page came up.
    pub fn tick(&mut self, ticks: u64) -> bool {
        if ticks < self.since + self.seconds {
            return false;
        }
        self.step = self.step.wrapping_add(1);
        self.since = ticks;
        true
    }

    /// Seconds until the next page.
    pub fn left(&self, ticks: u64) -> u64 {
        (self.since + self.seconds).saturating_sub(ticks)
    }
}
