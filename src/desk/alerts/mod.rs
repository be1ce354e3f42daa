//! Breach alerts: when a rule instance becomes overdue while a board is open, the
//! officer is told once, by a desktop notification and the terminal bell.
//!
//! The decision is pure ([`memory::Memory`]: which breaches are new this session and
//! not acknowledged); the delivery is behind the [`notify::Notifier`] trait, so tests
//! capture what would have been sent. A notification carries **no personal data**:
//! the action's title and the episode reference, never a child's name or initials.
//!
//! `DUTYBOARD_NOTIFY_LOG=PATH` appends the text of every notification the board would
//! send to `PATH` (one line each), for tests and audits; it does not stop delivery.

pub mod memory;
pub mod notify;

use crate::views::board::TickerItem;
use crate::views::shift::DueSoon;
use chrono::{DateTime, Utc};
pub use memory::Memory;
pub use notify::{CaptureNotifier, DesktopNotifier, Notifier};

/// One breach to tell the desk about: only what may leave the screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Alert {
    pub episode: String,
    pub rule: String,
    /// The action's title (from the procedure, never from the record's free text).
    pub title: String,
    pub due_at: DateTime<Utc>,
    /// Not a breach yet: due within the hour (DUE SOON).
    pub soon: bool,
}

impl Alert {
    pub fn of(item: &TickerItem) -> Alert {
        Alert {
            episode: item.episode.clone(),
            rule: item.rule.clone(),
            title: item.title.clone(),
            due_at: item.due_at,
            soon: false,
        }
    }

    /// An action due within the hour.
    pub fn soon(item: &DueSoon) -> Alert {
        Alert {
            episode: item.episode.clone(),
            rule: item.rule.clone(),
            title: item.title.clone(),
            due_at: item.due_at,
            soon: true,
        }
    }

    /// The notification's summary line.
    pub fn summary(&self) -> String {
        match self.soon {
            true => "dutyboard: deadline within the hour".to_string(),
            false => "dutyboard: deadline breached".to_string(),
        }
    }

    /// The notification's body: action title and episode reference only.
    pub fn body(&self) -> String {
        let state = if self.soon { "DUE SOON" } else { "OVERDUE" };
        format!("{state}: {} (episode {})", self.title, self.episode)
    }
}

/// How the board alerts (from the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Ring the terminal bell on a new breach (`--bell on|off`, default on).
    pub bell: bool,
    /// Show a desktop notification on a new breach.
    pub desktop: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bell: true,
            desktop: true,
        }
    }
}

/// The session's alerting: memory, settings and the notifier.
pub struct Alerter {
    pub memory: Memory,
    pub settings: Settings,
    notifier: Box<dyn Notifier>,
    /// Bells asked for and not yet rung (the event loop rings them between frames).
    bells: u32,
}

impl Alerter {
    pub fn new(settings: Settings, notifier: Box<dyn Notifier>) -> Alerter {
        Alerter {
            memory: Memory::default(),
            settings,
            notifier,
            bells: 0,
        }
    }

    /// An alerter that tells nobody (before the board is set up, and in tests that do
    /// not look at alerts).
    pub fn silent() -> Alerter {
        Alerter::new(
            Settings {
                bell: false,
                desktop: false,
            },
            Box::new(notify::NullNotifier),
        )
    }

    /// A new ticker (the record changed, or the clock moved): alerts each breach that
    /// is new this session and not acknowledged. Returns what was alerted.
    pub fn observe(&mut self, ticker: &[TickerItem]) -> Vec<Alert> {
        let fresh = self.memory.observe(ticker);
        self.deliver(fresh)
    }

    /// Actions now due within the hour: each alerts once this session.
    pub fn observe_due_soon(&mut self, due_soon: &[DueSoon]) -> Vec<Alert> {
        let fresh = self.memory.observe_due_soon(due_soon);
        self.deliver(fresh)
    }

    fn deliver(&mut self, fresh: Vec<Alert>) -> Vec<Alert> {
        for alert in &fresh {
            if self.settings.desktop {
                self.notifier.notify(&alert.summary(), &alert.body());
            }
            if self.settings.bell {
                self.bells += 1;
            }
        }
        fresh
    }

    /// Whether the bell should ring now: a breach asked for it, or a desktop
    /// notification could not be shown (the bell is the fallback).
    pub fn take_bell(&mut self) -> bool {
        let failed = self.notifier.take_failures();
        let ring = self.bells > 0 || failed > 0;
        self.bells = 0;
        ring
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notifier whose every notification fails (no session bus).
    struct Failing(u32);

    impl Notifier for Failing {
        fn notify(&mut self, _summary: &str, _body: &str) {
            self.0 += 1;
        }
        fn take_failures(&mut self) -> u32 {
            std::mem::take(&mut self.0)
        }
    }

    fn breach(episode: &str) -> TickerItem {
        TickerItem {
            episode: episode.into(),
            rule: "strategy_meeting".into(),
            initials: "A.E.".into(),
            title: "Strategy meeting".into(),
            due_at: "2026-03-02T01:00:00Z".parse().unwrap(),
            overdue_s: 60,
            acknowledged_by: None,
            acknowledged_at: None,
            acknowledged_until: None,
            lapsed_at: None,
        }
    }

    #[test]
    fn the_notification_names_the_action_and_episode_only() {
        let a = Alert::of(&breach("E201"));
        assert_eq!(a.body(), "OVERDUE: Strategy meeting (episode E201)");
        assert!(!a.summary().contains("A.E.") && !a.body().contains("A.E."));
    }

    #[test]
    fn a_new_breach_rings_the_bell_once() {
        let capture = CaptureNotifier::default();
        let mut alerter = Alerter::new(Settings::default(), Box::new(capture.clone()));
        alerter.observe(&[]);
        assert!(!alerter.take_bell());
        alerter.observe(&[breach("E1")]);
        assert_eq!(capture.sent().len(), 1);
        assert!(alerter.take_bell());
        assert!(!alerter.take_bell());
        alerter.observe(&[breach("E1")]);
        assert!(!alerter.take_bell());
        assert_eq!(capture.sent().len(), 1);
    }

    #[test]
    fn with_the_bell_off_a_failed_notification_still_rings_it() {
        let settings = Settings {
            bell: false,
            desktop: true,
        };
        let mut alerter = Alerter::new(settings, Box::new(Failing(0)));
        alerter.observe(&[]);
        alerter.observe(&[breach("E1")]);
        assert!(alerter.take_bell(), "the bell stands in for the desktop");
        alerter.observe(&[breach("E1")]);
        assert!(!alerter.take_bell());
    }

    #[test]
    fn with_the_bell_off_and_notifications_working_nothing_rings() {
        let settings = Settings {
            bell: false,
            desktop: true,
        };
        let capture = CaptureNotifier::default();
        let mut alerter = Alerter::new(settings, Box::new(capture.clone()));
        alerter.observe(&[]);
        alerter.observe(&[breach("E1")]);
        assert!(!alerter.take_bell());
        assert_eq!(capture.sent().len(), 1);
    }

    #[test]
    fn a_missing_session_bus_is_not_fatal_and_falls_back_to_the_bell() {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            eprintln!("SKIPPED: a session bus is running (this would show a real notification)");
            return;
        }
        let log = std::env::temp_dir().join(format!("dutyboard-notify-{}.log", std::process::id()));
        let mut n = DesktopNotifier::new(Some(log.clone()));
        let started = std::time::Instant::now();
        n.notify("dutyboard: deadline breached", "OVERDUE: X (episode E1)");
        assert!(
            started.elapsed() < std::time::Duration::from_millis(200),
            "never blocks the board"
        );
        let logged = std::fs::read_to_string(&log).unwrap_or_default();
        let _ = std::fs::remove_file(&log);
        assert_eq!(
            logged,
            "dutyboard: deadline breached: OVERDUE: X (episode E1)\n"
        );
        // show() fails on its own thread; the failure is counted for the bell.
        let mut failures = 0;
        while failures == 0 && started.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            failures = n.take_failures();
        }
        assert_eq!(failures, 1, "no session bus: the bell stands in");
    }
}
