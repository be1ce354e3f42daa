//! The record and engine at scale: 200,000 events with 1,000 children missing.
//!
//!     cargo bench --bench engine
//!
//! Prints, for BENCHMARKS.md: import rate, load time, refresh (due + board) time,
//! and a cold `dutyboard board --format json` (a new process, as a script runs it).
//! Targets (issue 2 / issue 7): refresh <= 50 ms, import >= 50,000 events/s,
//! cold board <= 150 ms, peak memory <= 50 MB.

use chrono::{DateTime, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::demo::synthetic::{record, Shape};
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{import, Event, EventLog, Store};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// This thread's CPU time: on a shared, loaded machine the wall clock includes waiting
/// for a core; the CPU time is what an idle desk would see.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// CPU time (user + system) of the children this process has waited for.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn main() {
    let shape = Shape::BENCH;
    let now: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().unwrap();
    let text = record(shape, now);
    let dir = tempfile::tempdir().unwrap();
    let db = match std::env::var("DUTYBOARD_BENCH_KEEP") {
        Ok(path) => {
            let _ = std::fs::remove_file(&path);
            std::path::PathBuf::from(path)
        }
        Err(_) => dir.path().join("bench.db"),
    };
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&db).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();

    println!(
        "record: {} events, {} open episodes, {} children",
        shape.events(),
        shape.open_episodes,
        shape.children
    );
    let (started, cpu) = (Instant::now(), thread_cpu());
    let outcome = import(&mut store, text.as_bytes(), &policy, "bench", Utc::now())
        .expect("the synthetic record imports");
    let (took, cpu) = (started.elapsed(), thread_cpu() - cpu);
    println!(
        "import (parse + check whole + one transaction): {} events in {} = {:.0} events/s; on a CPU {} = {:.0} events/s",
        outcome.stored.len(),
        ms(took),
        outcome.stored.len() as f64 / took.as_secs_f64(),
        ms(cpu),
        outcome.stored.len() as f64 / cpu.as_secs_f64()
    );

    // Appending one event to the large record: what a board's form costs.
    let one = r#"{"type":"update_recorded","at":"2026-11-20T11:00:00Z","episode":"O1","text":"Seen near the station."}"#;
    let started = Instant::now();
    import(&mut store, one.as_bytes(), &policy, "bench", Utc::now()).unwrap();
    println!(
        "append one event to the full record (checked whole): {}",
        ms(started.elapsed())
    );

    let loads: Vec<Duration> = (0..5)
        .map(|_| {
            let s = Instant::now();
            let _ = store.read_all().unwrap();
            s.elapsed()
        })
        .collect();
    println!("load all events from SQLite: median {}", ms(median(loads)));

    let events: Vec<Event> = store
        .read_all()
        .unwrap()
        .into_iter()
        .map(|s| s.event)
        .collect();
    let cal = Calendar::embedded();
    let (mut fold, mut engine, mut board_t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        let s = Instant::now();
        let mut state = dutyboard::record::State::fold(&events);
        state.finish();
        fold.push(s.elapsed());
        let s = Instant::now();
        let eval = dutyboard::procedures::evaluate_scoped(
            &state,
            &policy,
            &cal,
            now,
            dutyboard::procedures::Scope::Live,
        );
        engine.push(s.elapsed());
        let s = Instant::now();
        let _ = dutyboard::views::board::build(&state, &eval, now, false);
        board_t.push(s.elapsed());
    }
    println!(
        "  of which: fold {}, engine {}, board {} (medians)",
        ms(median(fold)),
        ms(median(engine)),
        ms(median(board_t))
    );
    // What the board does when the record changes: the folded state from the snapshot
    // plus what came since, then the engine and the board.
    let mut refresh = Vec::new();
    let mut refresh_cpu = Vec::new();
    let mut rows = 0;
    let mut open = 0;
    for _ in 0..15 {
        let s = Instant::now();
        let c = thread_cpu();
        let state = dutyboard::record::state_at(&store, Some(now)).unwrap();
        let eval = evaluate_scoped(&state, &policy, &cal, now, Scope::Live);
        let board = dutyboard::views::board::build(&state, &eval, now, false);
        refresh.push(s.elapsed());
        refresh_cpu.push(thread_cpu() - c);
        rows = board.rows.len();
        open = eval.open(None, now).len();
    }
    println!(
        "refresh (state from snapshot + engine + board): median {}, worst {} ({} board rows, {} open actions)",
        ms(median(refresh.clone())),
        ms(*refresh.iter().max().unwrap()),
        rows,
        open
    );
    println!(
        "  refresh on a CPU: median {}, worst {}",
        ms(median(refresh_cpu.clone())),
        ms(*refresh_cpu.iter().max().unwrap())
    );

    let bin = env!("CARGO_BIN_EXE_dutyboard");
    let cold_run = || {
        let s = Instant::now();
        let c = children_cpu();
        let out = Command::new(bin)
            .args([
                "--db",
                db.to_str().unwrap(),
                "board",
                "--at",
                "2026-11-20T12:00:00Z",
                "--format",
                "json",
            ])
            .env("DUTYBOARD_PEAK_MEMORY", "1")
            .output()
            .unwrap();
        let took = s.elapsed();
        let cpu = children_cpu() - c;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let kb: u64 = stderr
            .lines()
            .find_map(|l| l.strip_prefix("dutyboard: peak memory: "))
            .and_then(|kb| kb.trim_end_matches(" kB").parse().ok())
            .unwrap_or(0);
        (took, kb, cpu)
    };
    // The first run after a large import folds every event and keeps a snapshot.
    let (first, first_kb, _) = cold_run();
    println!(
        "cold `board --format json`, first run after the import (full fold, writes the snapshot): {}, peak memory {:.1} MB",
        ms(first),
        first_kb as f64 / 1024.0
    );
    let runs: Vec<(Duration, u64, Duration)> = (0..9).map(|_| cold_run()).collect();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    println!(
        "cold `board --format json` (new process, from the snapshot): median {}, worst {}, peak memory {:.1} MB",
        ms(median(runs.iter().map(|r| r.0).collect())),
        ms(runs.iter().map(|r| r.0).max().unwrap()),
        peak as f64 / 1024.0
    );
    println!(
        "  on a CPU (the process's user + system time): median {}, worst {}",
        ms(median(runs.iter().map(|r| r.2).collect())),
        ms(runs.iter().map(|r| r.2).max().unwrap())
    );

    // The live board on the same record: its first snapshot, the minute's rebuild, and
    // a rebuild after another desk commits (read what is new, fold it on top).
    let desk = dutyboard::desk::Desk {
        store: Store::open(&db).unwrap(),
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy: policy.clone(),
        calendar: Calendar::embedded(),
        operator: "bench".into(),
        privacy: false,
    };
    let theme = dutyboard::tui::theme::Theme::built_in("default").unwrap();
    let (s, c) = (Instant::now(), thread_cpu());
    let mut ctl = dutyboard::tui::Controller::new(desk, theme, false, now, (120, 40)).unwrap();
    println!(
        "live board, first snapshot in process: {} ({} on a CPU)",
        ms(s.elapsed()),
        ms(thread_cpu() - c)
    );
    let (mut minute, mut minute_cpu) = (Vec::new(), Vec::new());
    for k in 1..=9 {
        let (s, c) = (Instant::now(), thread_cpu());
        ctl.reload(now + chrono::Duration::minutes(k), false);
        minute.push(s.elapsed());
        minute_cpu.push(thread_cpu() - c);
    }
    println!(
        "live board refresh (the minute turns): median {}, worst {}; on a CPU median {}",
        ms(median(minute.clone())),
        ms(*minute.iter().max().unwrap()),
        ms(median(minute_cpu))
    );
    let later = now + chrono::Duration::minutes(10);
    let mut other = Store::open(&db).unwrap();
    let (mut change, mut change_cpu) = (Vec::new(), Vec::new());
    for k in 0..9 {
        let at = later + chrono::Duration::seconds(k);
        let line = format!(
            r#"{{"type":"update_recorded","at":"{}","episode":"O1","text":"Still looking ({k})."}}"#,
            at.to_rfc3339()
        );
        import(&mut other, line.as_bytes(), &policy, "bench", at).unwrap();
        let (s, c) = (Instant::now(), thread_cpu());
        assert!(ctl.poll(at), "the board sees the other desk's commit");
        change.push(s.elapsed());
        change_cpu.push(thread_cpu() - c);
    }
    println!(
        "live board refresh after another desk's commit: median {}, worst {}; on a CPU median {}",
        ms(median(change.clone())),
        ms(*change.iter().max().unwrap()),
        ms(median(change_cpu))
    );
}
