//! The record on a file and on a PostgreSQL server side by side, in one run (issue
//! 16): how fast each takes a large import, and how long after another process
//! commits an open board shows the change.
//!
//!     cargo bench --bench stores
//!
//! For each store: `dutyboard init --policy cumbria`, then `dutyboard import` of a
//! 10,000-event file (1,000 children, 1,050 episodes: the faults test's shape), timed
//! as the whole process (events per second). Then a board (the `Controller` the
//! terminal drives) over it, woken as the event loop wakes it (the file: the poll
//! every 250 ms and a wake when its `-wal` changes, with the looks again; the server:
//! the poll and a wake on each LISTEN/NOTIFY notification), while a writer process (this
//! program again) appends 30 updates to the open episode O1 at irregular gaps and
//! says when each committed. Latency = the board rebuilt with the change, minus the
//! commit. The server is a throwaway one (scripts/pg-throwaway.sh) on a Unix socket,
//! written to as an ordinary officer's login (row security applies); without
//! PostgreSQL's server binaries its half is skipped, saying why. The load average is
//! printed before and after: the figures mean little without it.

use chrono::Utc;
use dutyboard::demo::synthetic::{self, Shape};
use dutyboard::desk::{Config, Desk};
use dutyboard::procedures::Policy;
use dutyboard::record::{import, EventLog, Store};
use dutyboard::tui::theme::Theme;
use dutyboard::tui::{Controller, POLL_INTERVAL};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const WRITES: usize = 30;
const BIN: &str = env!("CARGO_BIN_EXE_dutyboard");

/// 1,000 children, 800 closed episodes of 10 events, 250 open ones of 4: 10,000.
const TEN_THOUSAND: Shape = Shape {
    children: 1_000,
    closed_episodes: 800,
    open_episodes: 250,
    backlog: 0,
};

fn unix_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

fn ms(us: i64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The writer process: updates to O1, each its own import (one transaction),
/// reporting `seq commit_us` after each commit.
fn writer(db: &str) {
    let mut store = Store::open(Path::new(db)).unwrap();
    let policy = Policy::shipped("cumbria").unwrap();
    let out = std::io::stdout();
    for i in 0..WRITES {
        // Irregular gaps (300-460 ms), so commits fall at every phase of the poll.
        std::thread::sleep(Duration::from_millis(300 + (i as u64 * 37) % 160));
        let now = Utc::now();
        let line = format!(
            r#"{{"type":"update_recorded","at":"{}","episode":"O1","text":"bench update {i}","by":"Bench Writer"}}"#,
            now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        );
        import::import(&mut store, line.as_bytes(), &policy, "Bench Writer", now)
            .expect("the update imports");
        let committed = unix_us();
        let seq = store.last_seq().unwrap();
        let mut o = out.lock();
        let _ = writeln!(o, "{seq} {committed}");
        let _ = o.flush();
    }
}

fn dutyboard(db: &str, args: &[&str]) {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .arg("--operator")
        .arg("Bench")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the dutyboard binary runs");
    assert!(
        out.status.success(),
        "dutyboard {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Figures {
    import_s: f64,
    latency: Vec<i64>,
    reloads: Vec<i64>,
}

fn pct(v: &[i64], p: f64) -> i64 {
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// The 10,000-event import into `db` (made by `init`), then the board and the writer.
fn measure(db: &str, writer_db: &str, file: &Path) -> Figures {
    let start = Instant::now();
    dutyboard(db, &["import", file.to_str().unwrap()]);
    let import_s = start.elapsed().as_secs_f64();

    let desk = Desk::open(
        &Config {
            db: Some(PathBuf::from(writer_db)),
            operator: Some("Bench Board".into()),
            ..Config::default()
        },
        None,
    )
    .expect("the board's desk opens");
    let on_server = desk.store.on_server();
    let theme = Theme::built_in("default").unwrap();
    let mut ctl = Controller::new(desk, theme, false, Utc::now(), (120, 40)).unwrap();
    // The first polls start the listener (on a server) and settle the board.
    for _ in 0..8 {
        ctl.poll(Utc::now());
        std::thread::sleep(POLL_INTERVAL);
    }

    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg("--writer")
        .arg(writer_db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the writer starts");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| {
                let mut p = l.split_whitespace().map(|x| x.parse::<i64>().ok());
                Some((p.next()??, p.next()??))
            })
            .collect::<Vec<(i64, i64)>>()
    });
    // As the event loop: the poll, and on a file a wake when its -wal changes, with a
    // look again 5 ms after a wake that found nothing (twice as late, up to 80 ms).
    let watch = (!on_server)
        .then(|| dutyboard::desk::wal_watch::WalWatch::new(Path::new(db)))
        .flatten();
    // On a server, the listener's notification (as the event loop waits on it).
    let notified = ctl.desk.store.woken();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mut seen: Vec<(i64, i64)> = Vec::new();
    let mut reloads = Vec::new();
    let start = Instant::now();
    let mut next = start + POLL_INTERVAL;
    let mut recheck: Option<(Instant, Duration)> = None;
    loop {
        let until = recheck.map_or(next, |(r, _)| r.min(next));
        let wait = until.saturating_duration_since(Instant::now());
        let woken = rt.block_on(async {
            match &watch {
                Some(w) => tokio::select! {
                    _ = w.changed() => true,
                    _ = tokio::time::sleep(wait) => false,
                },
                None => match &notified {
                    Some(n) => tokio::select! {
                        _ = n.notified() => true,
                        _ = tokio::time::sleep(wait) => false,
                    },
                    None => {
                        tokio::time::sleep(wait).await;
                        false
                    }
                },
            }
        });
        let polled = !woken && Instant::now() >= next;
        if polled {
            next += POLL_INTERVAL;
        }
        let t = Instant::now();
        let changed = ctl.poll(Utc::now());
        if woken && on_server {
            // A notification comes after the commit: no look again is needed.
        } else if woken {
            recheck = (!changed).then(|| {
                (
                    Instant::now() + Duration::from_millis(5),
                    Duration::from_millis(5),
                )
            });
        } else if !polled {
            let after = recheck.map_or(Duration::from_millis(5), |(_, a)| a * 2);
            recheck = (!changed && after <= Duration::from_millis(80))
                .then(|| (Instant::now() + after, after));
        }
        if changed {
            reloads.push(t.elapsed().as_micros() as i64);
            seen.push((ctl.desk.store.last_seq().unwrap(), unix_us()));
        }
        if let Ok(Some(_)) = child.try_wait() {
            std::thread::sleep(POLL_INTERVAL * 2);
            if ctl.poll(Utc::now()) {
                seen.push((ctl.desk.store.last_seq().unwrap(), unix_us()));
            }
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the writer did not finish"
        );
    }
    let commits = reader.join().unwrap();
    assert_eq!(commits.len(), WRITES, "every write reported");
    let mut latency: Vec<i64> = commits
        .iter()
        .map(|(seq, at)| {
            let shown = seen
                .iter()
                .find(|(s, _)| s >= seq)
                .map(|(_, t)| *t)
                .expect("every commit was shown");
            shown - at
        })
        .collect();
    latency.sort();
    reloads.sort();
    Figures {
        import_s,
        latency,
        reloads,
    }
}

fn print(name: &str, f: &Figures) {
    println!(
        "{name:7} import 10,000 events: {:.2} s ({:.0} events/s); propagation ({WRITES} commits): \
         p50 {}  p95 {}  max {}; a poll that found a change: p50 {}  p95 {}",
        f.import_s,
        10_000.0 / f.import_s,
        ms(pct(&f.latency, 0.5)),
        ms(pct(&f.latency, 0.95)),
        ms(*f.latency.last().unwrap()),
        ms(pct(&f.reloads, 0.5)),
        ms(pct(&f.reloads, 0.95)),
    );
}

/// A throwaway server: its folder (stopped and removed by [`Server::drop`]) and the
/// superuser's URL to its `postgres` database.
struct Server {
    script: PathBuf,
    parent: PathBuf,
    admin: String,
}

impl Server {
    fn start() -> Result<Server, String> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-throwaway.sh");
        let bindir = Command::new(&script).arg("bindir").output();
        match bindir {
            Ok(out) if out.status.success() => {}
            Ok(out) => return Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
            Err(e) => return Err(format!("cannot run scripts/pg-throwaway.sh: {e}")),
        }
        let parent = tempfile::Builder::new()
            .prefix("dutyboard-bench-pg.")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o711))
            .map_err(|e| e.to_string())?;
        let out = Command::new(&script)
            .arg("start")
            .arg(parent.join("server"))
            .output()
            .map_err(|e| e.to_string())?;
        let server = Server {
            script,
            parent,
            admin: String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        if !out.status.success() || server.admin.is_empty() {
            return Err(format!(
                "the throwaway server did not start: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(server)
    }

    fn url(&self, db: &str, user: &str) -> String {
        self.admin
            .replacen("/postgres?", &format!("/{db}?"), 1)
            .replacen("user=postgres", &format!("user={user}"), 1)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new(&self.script)
            .arg("stop")
            .arg(self.parent.join("server"))
            .output();
        let _ = std::fs::remove_dir_all(&self.parent);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--writer") {
        writer(&args[i + 1]);
        return;
    }
    println!("load average before: {}", load());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ten-thousand.jsonl");
    std::fs::write(&file, synthetic::record(TEN_THOUSAND, Utc::now())).unwrap();

    let db = dir.path().join("desk.db");
    let db = db.to_str().unwrap();
    dutyboard(db, &["init", "--policy", "cumbria"]);
    let on_file = measure(db, db, &file);

    let on_server = match Server::start() {
        Ok(server) => {
            let admin = server.url("bench", "postgres");
            dutyboard(&admin, &["init", "--policy", "cumbria"]);
            let mut pg = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
            pg.batch_execute(
                "CREATE ROLE bench_officer LOGIN;
                 GRANT dutyboard_app, dutyboard_la_cumbria TO bench_officer;",
            )
            .unwrap();
            let officer = server.url("bench", "bench_officer");
            Some(measure(&officer, &officer, &file))
        }
        Err(why) => {
            println!("server: skipped ({why})");
            None
        }
    };
    println!("load average after: {}", load());
    print("file", &on_file);
    if let Some(f) = &on_server {
        print("server", f);
    }
}
