//! The one tmux harness of the real-terminal tests: a private tmux server (its own
//! socket, no user config) whose sessions run a bare shell with an empty
//! environment, so the board meets a terminal and nothing else of the developer's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Whether tmux is installed; the tests that need it say they were skipped if not.
pub fn available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A private tmux server holding named sessions; killed when dropped.
pub struct Tmux {
    socket: PathBuf,
    home: PathBuf,
    sessions: Vec<String>,
}

impl Tmux {
    /// A server whose socket, and whose shells' home, is `dir`.
    pub fn new(dir: &Path) -> Tmux {
        Tmux {
            socket: dir.join("tmux.sock"),
            home: dir.to_path_buf(),
            sessions: Vec::new(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// A session `name` of `w`x`h` running a bare shell.
    pub fn session(&mut self, name: &str, w: u16, h: u16) {
        let shell = format!(
            "env -i PATH=/usr/local/bin:/usr/bin:/bin TERM=xterm-256color HOME={} PS1='$ ' bash --norc --noprofile",
            self.home.display()
        );
        let (w, h) = (w.to_string(), h.to_string());
        let out = self.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &w,
            "-y",
            &h,
            &shell,
        ]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.sessions.push(name.to_string());
    }

    /// Types `text` as it is (no key names).
    pub fn literal(&self, session: &str, text: &str) {
        assert!(self
            .run(&["send-keys", "-t", session, "-l", text])
            .status
            .success());
    }

    /// Presses keys by tmux name (`Enter`, `C-c`, `q`).
    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// Types a shell command and Enter.
    pub fn shell(&self, session: &str, command: &str) {
        self.literal(session, command);
        self.keys(session, &["Enter"]);
    }

    pub fn screen(&self, session: &str) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", session]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format (`#{pane_pid}`, `#{alternate_on}`) for `session`'s pane.
    pub fn format(&self, session: &str, f: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", session, f]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Every pane, for a failure message.
    pub fn screens(&self) -> String {
        self.sessions
            .iter()
            .map(|s| format!("---- pane {s:?} ----\n{}", self.screen(s)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The session every single-terminal test uses.
const PANE: &str = "board";

/// One terminal: a server with one session, at its shell prompt.
pub struct Pane {
    tmux: Tmux,
}

impl Pane {
    /// A `w`x`h` terminal in `dir`, once its shell has shown the prompt.
    pub fn start(dir: &Path, w: u16, h: u16) -> Pane {
        let mut tmux = Tmux::new(dir);
        tmux.session(PANE, w, h);
        let pane = Pane { tmux };
        pane.wait_for("$", "the shell prompt");
        pane
    }

    /// A tmux command; `-t board` names this pane.
    pub fn run(&self, args: &[&str]) -> Output {
        self.tmux.run(args)
    }

    pub fn literal(&self, text: &str) {
        self.tmux.literal(PANE, text);
    }

    pub fn keys(&self, keys: &[&str]) {
        self.tmux.keys(PANE, keys);
    }

    pub fn shell(&self, command: &str) {
        self.tmux.shell(PANE, command);
    }

    pub fn screen(&self) -> String {
        self.tmux.screen(PANE)
    }

    pub fn format(&self, f: &str) -> String {
        self.tmux.format(PANE, f)
    }

    /// How long until `text` is on the screen, or None after `limit`. Polled every
    /// 20 ms, so the time is a measurement, not just a pass.
    pub fn time_until(&self, text: &str, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        loop {
            if self.screen().contains(text) {
                return Some(start.elapsed());
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The screen that showed `text`; fails naming `what` after 20 s.
    pub fn wait_for(&self, text: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("waited 20 s for {what} ({text:?}); the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the board has left the alternate screen.
    pub fn wait_normal_screen(&self) {
        let start = Instant::now();
        while self.format("#{alternate_on}") != "0" {
            if start.elapsed() > Duration::from_secs(20) {
                panic!(
                    "the pane is still on the alternate screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The board's process: the shell's child.
    pub fn board_pid(&self) -> u32 {
        let shell = self.format("#{pane_pid}");
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.parse().unwrap();
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("the board has no process");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
