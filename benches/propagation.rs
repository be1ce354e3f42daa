//! Propagation between processes: how long after another process commits does an
//! open board show the change?
//!
//!     cargo bench --bench propagation
//!
//! The bench is the board: a `Controller` over the demo caseload, polled at the board's
//! own interval (`tui::POLL_INTERVAL`, 250 ms) exactly as the event loop polls it. A
//! child process (this program again, as the writer) appends 50 updates through the
//! record's import path, at irregular gaps, and reports when each committed (wall
//! clock, microseconds). Latency = the moment the board's snapshot had been rebuilt
//! with the change, minus the commit. Prints p50, p95 and max; also the cost of a poll
//! that finds nothing (the price of watching).
//! Target (issue "One record, many desks"): p95 <= 1 s; typical <= 250 ms.
//!
//! With `DUTYBOARD_BENCH_DB=path` (the 200k record kept by the engine bench) the board
//! and the writer work on a copy of that record instead, the updates going to its
//! open episode O1.

use chrono::Utc;
use dutyboard::calendar::Calendar;
use dutyboard::desk::Desk;
use dutyboard::procedures::Policy;
use dutyboard::record::{import, EventLog, Store};
use dutyboard::tui::theme::Theme;
use dutyboard::tui::{Controller, POLL_INTERVAL};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const WRITES: usize = 50;

fn unix_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

fn ms(us: i64) -> String {
    if us < 1000 {
        format!("{us} µs")
    } else {
        format!("{:.1} ms", us as f64 / 1000.0)
    }
}

/// The writer process: 50 updates, each its own import (one transaction), reporting
/// `seq commit_us` after each commit.
fn writer(db: &str, episode: &str) {
    let mut store = Store::open(std::path::Path::new(db)).unwrap();
    let policy = Policy::shipped("cumbria").unwrap();
    let out = std::io::stdout();
    for i in 0..WRITES {
        // Irregular gaps (300-460 ms), so commits fall at every phase of the poll.
        std::thread::sleep(Duration::from_millis(300 + (i as u64 * 37) % 160));
        let now = Utc::now();
        let line = format!(
            r#"{{"type":"update_recorded","at":"{}","episode":"{episode}","text":"bench update {i}","by":"Bench Writer"}}"#,
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--writer") {
        writer(&args[i + 1], &args[i + 2]);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let policy = Policy::shipped("cumbria").unwrap();
    let now = Utc::now();
    let (store, episode) = match std::env::var("DUTYBOARD_BENCH_DB") {
        Ok(large) => {
            // A copy: the bench appends, and the kept record stays as generated.
            std::fs::copy(&large, &db).expect("the kept record can be copied");
            println!("on a copy of {large}");
            (Store::open(&db).unwrap(), "O1")
        }
        Err(_) => {
            let mut store = Store::create(&db).unwrap();
            store.initialise(&policy.name, &policy.text, now).unwrap();
            let lines = dutyboard::demo::caseload_for(now, &policy);
            import::import(&mut store, lines.as_bytes(), &policy, "demo", now).unwrap();
            (store, "E202")
        }
    };
    let desk = Desk {
        store,
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy,
        calendar: Calendar::embedded(),
        operator: "Bench Board".into(),
        privacy: false,
    };
    let theme = Theme::built_in("default").unwrap();
    let mut ctl = Controller::new(desk, theme, false, Utc::now(), (120, 40)).unwrap();

    // The cost of watching: a poll that finds nothing.
    let mut idle = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        assert!(!ctl.poll(Utc::now()));
        idle.push(t.elapsed().as_micros() as i64);
    }
    idle.sort();

    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .arg("--writer")
        .arg(&db)
        .arg(episode)
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

    // The board's poll, on a fixed schedule like tokio's interval, and (as the event
    // loop does) a wake when the record's `-wal` changes, with one look again 5 ms
    // after a wake that found nothing. DUTYBOARD_BENCH_POLL_ONLY=1: the poll alone.
    let watch = std::env::var_os("DUTYBOARD_BENCH_POLL_ONLY")
        .is_none()
        .then(|| dutyboard::desk::wal_watch::WalWatch::new(&db))
        .flatten();
    println!(
        "waking on the -wal: {}",
        if watch.is_some() {
            "yes"
        } else {
            "no (poll only)"
        }
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mut seen: Vec<(i64, i64)> = Vec::new(); // (last seq shown, shown at us)
    let mut reloads = Vec::new();
    let start = Instant::now();
    let mut next = start + POLL_INTERVAL;
    let mut recheck: Option<Instant> = None;
    let mut step = Duration::ZERO;
    loop {
        let until = recheck.map_or(next, |r| r.min(next));
        let wait = until.saturating_duration_since(Instant::now());
        let woken = rt.block_on(async {
            match &watch {
                Some(w) => tokio::select! {
                    _ = w.changed() => true,
                    _ = tokio::time::sleep(wait) => false,
                },
                None => {
                    tokio::time::sleep(wait).await;
                    false
                }
            }
        });
        if !woken && Instant::now() >= next {
            next += POLL_INTERVAL;
        }
        if !woken && recheck.is_some_and(|r| Instant::now() >= r) {
            recheck = None;
        }
        let rechecked = !woken && recheck.is_none() && step > Duration::ZERO;
        let t = Instant::now();
        let changed = ctl.poll(Utc::now());
        if woken && !changed {
            step = Duration::from_millis(5);
            recheck = Some(Instant::now() + step);
        } else if rechecked && !changed && step < Duration::from_millis(80) {
            // As the event loop: again, twice as late, up to 80 ms.
            step *= 2;
            recheck = Some(Instant::now() + step);
        } else if changed || rechecked {
            step = Duration::ZERO;
        }
        if changed {
            reloads.push(t.elapsed().as_micros() as i64);
            let shown = unix_us();
            let seq = ctl.desk.store.last_seq().unwrap();
            seen.push((seq, shown));
        }
        if let Ok(Some(_)) = child.try_wait() {
            // One last poll for the final commit.
            std::thread::sleep(POLL_INTERVAL);
            if ctl.poll(Utc::now()) {
                seen.push((ctl.desk.store.last_seq().unwrap(), unix_us()));
            }
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            panic!("the writer did not finish");
        }
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
    let pct = |v: &[i64], p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    let updates = ctl
        .detail(episode)
        .map(|d| {
            d.timeline
                .iter()
                .filter(|e| e.what.contains("bench update"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(updates, WRITES, "the board shows every update");
    println!(
        "propagation, commit in another process -> board rebuilt ({} writes, poll every {} ms):",
        WRITES,
        POLL_INTERVAL.as_millis()
    );
    println!(
        "  p50 {}  p95 {}  max {}  min {}",
        ms(pct(&latency, 0.5)),
        ms(pct(&latency, 0.95)),
        ms(*latency.last().unwrap()),
        ms(latency[0])
    );
    println!(
        "  idle poll (nothing changed): p50 {}  p95 {}",
        ms(pct(&idle, 0.5)),
        ms(pct(&idle, 0.95))
    );
    println!(
        "  poll that found a change (read + rebuild): p50 {}  p95 {}",
        ms(pct(&reloads, 0.5)),
        ms(pct(&reloads, 0.95))
    );
}
