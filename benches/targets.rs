//! Issue 15's target table, row by row, on the project's synthetic record
//! (`Shape::BENCH`: 200,000 events, 1,000 open) and on the backlog record
//! (`Shape::BACKLOG`: about 200,000 events, 40,000 board rows), and a scale run.
//!
//!     cargo bench --bench targets                                   # both records
//!     DUTYBOARD_BENCH_SIZES=10000,200000,1000000 cargo bench --bench targets   # scale
//!
//! `DUTYBOARD_BENCH_SHAPES=bench|backlog` runs one record, `DUTYBOARD_BENCH_RUNS=N`
//! takes medians of N process runs (7), `DUTYBOARD_BENCH_KEEP_DIR=dir` keeps the records.
//!
//! Medians, with CPU time beside the wall clock (the machine is shared). Every figure
//! is a bench, never a timed test. Propagation, the live board's peak memory and idle
//! CPU have their own benches (`propagation`, `first_frame`, scripts/idle-cost.sh).

use chrono::{DateTime, Duration as Span, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::demo::synthetic::{record, Shape};
use dutyboard::procedures::engine::working_set::WorkingSet;
use dutyboard::procedures::Policy;
use dutyboard::record::follow::Follower;
use dutyboard::record::{import, Store};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn now() -> DateTime<Utc> {
    "2026-11-20T12:00:00Z".parse().unwrap()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// One run of the real binary: wall, CPU (user + system) and peak memory in MB.
fn run(db: &Path, args: &[&str]) -> (Duration, Duration, f64) {
    let bin = env!("CARGO_BIN_EXE_dutyboard");
    let (s, c) = (Instant::now(), children_cpu());
    let out = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["--operator", "bench"])
        .args(args)
        .env("DUTYBOARD_PEAK_MEMORY", "1")
        .output()
        .unwrap();
    let (took, cpu) = (s.elapsed(), children_cpu() - c);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    let kb: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("dutyboard: peak memory: "))
        .and_then(|kb| kb.trim_end_matches(" kB").parse().ok())
        .unwrap_or(0.0);
    (took, cpu, kb / 1024.0)
}

/// Medians of wall and CPU, and the worst peak memory.
/// How many runs each median is of (`DUTYBOARD_BENCH_RUNS`, default 7).
fn n_runs() -> usize {
    std::env::var("DUTYBOARD_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
}

fn runs(n: usize, mut one: impl FnMut(usize) -> (Duration, Duration, f64)) -> String {
    let all: Vec<_> = (0..n).map(&mut one).collect();
    let wall = median(all.iter().map(|r| r.0).collect());
    let cpu = median(all.iter().map(|r| r.1).collect());
    let peak = all.iter().map(|r| r.2).fold(0.0, f64::max);
    format!("median {} (CPU {}), peak {:.1} MB", ms(wall), ms(cpu), peak)
}

fn measure(label: &str, shape: Shape) {
    println!(
        "\n== {label}: {} events, {} open episodes, {} returned with an action open, {} children",
        shape.events(),
        shape.open_episodes,
        shape.backlog,
        shape.children
    );
    let dir = tempfile::tempdir().unwrap();
    // DUTYBOARD_BENCH_KEEP_DIR=dir keeps each record there (for the propagation and
    // first_frame benches' DUTYBOARD_BENCH_DB).
    let db = match std::env::var("DUTYBOARD_BENCH_KEEP_DIR") {
        Ok(keep) => {
            let name: String = label
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let path = Path::new(&keep).join(format!("{name}.db"));
            let _ = std::fs::remove_file(&path);
            path
        }
        Err(_) => dir.path().join("bench.db"),
    };
    let policy = Policy::shipped("cumbria").unwrap();
    let text = record(shape, now());
    let file = dir.path().join("record.jsonl");
    std::fs::write(&file, &text).unwrap();

    // Import: the whole file, as a process (its rate, and its peak memory).
    Store::create(&db)
        .unwrap()
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    let (took, cpu, peak) = run(&db, &["import", file.to_str().unwrap()]);
    let n = shape.events() as f64;
    println!(
        "import, whole process: {} ({:.0} events/s; CPU {} = {:.0} events/s), peak {:.1} MB",
        ms(took),
        n / took.as_secs_f64(),
        ms(cpu),
        n / cpu.as_secs_f64(),
        peak
    );
    drop(text);

    let at = "2026-11-20T12:00:00Z";
    let (first, _, first_peak) = run(&db, &["board", "--at", at, "--format", "json"]);
    if std::env::var("DUTYBOARD_BENCH_LIVE_ONLY").is_ok() {
        live_board(&db, &policy, shape);
        return;
    }
    println!(
        "first `board --format json` after the import (full fold, writes the snapshot): {}, peak {:.1} MB",
        ms(first),
        first_peak
    );
    println!(
        "cold `board --format json`: {}",
        runs(n_runs(), |_| run(
            &db,
            &["board", "--at", at, "--format", "json"]
        ))
    );
    println!(
        "cold `due --format json`: {}",
        runs(n_runs(), |_| run(
            &db,
            &["due", "--at", at, "--format", "json"]
        ))
    );

    // One event imported into the record: the whole process, as a script runs it.
    let one = dir.path().join("one.jsonl");
    println!(
        "one-event import, whole process: {}",
        runs(n_runs(), |k| {
            let line = format!(
                r#"{{"type":"update_recorded","at":"2026-11-20T11:{:02}:00Z","episode":"O1","text":"Seen near the station."}}"#,
                k
            );
            std::fs::write(&one, line).unwrap();
            run(&db, &["import", one.to_str().unwrap()])
        })
    );

    // The live refresh after one event: another desk commits, the follower reads it,
    // the working set evaluates what it touched, the board is built.
    let store = Store::open(&db).unwrap();
    let cal = Calendar::embedded();
    let mut follower = Follower::open(&store, now()).unwrap();
    let mut working = WorkingSet::new();
    let none = rustc_hash::FxHashSet::default();
    let refresh = |follower: &mut Follower, working: &mut WorkingSet, at: DateTime<Utc>| {
        let (s, c) = (Instant::now(), thread_cpu());
        follower.read_new(&store, at).unwrap();
        let touched = follower.take_touched();
        if touched.all {
            working.touch_all();
        }
        for child in &touched.children {
            working.touch(child);
        }
        let evaluation = working.evaluate(&follower.state, &policy, &cal, at, &none);
        let board = dutyboard::views::board::build(&follower.state, evaluation, at, false);
        let rows = board.rows.len();
        (s.elapsed(), thread_cpu() - c, rows, working.last_evaluated)
    };
    let (first, first_cpu, rows, all) = refresh(&mut follower, &mut working, now());
    // What a refresh cost before the working set, in the same minute: the whole
    // record evaluated (live scope), then the board.
    let (mut before, mut before_cpu, mut whole_rows) = (Vec::new(), Vec::new(), 0);
    for _ in 0..5 {
        let (s, c) = (Instant::now(), thread_cpu());
        let whole = dutyboard::procedures::evaluate_scoped(
            &follower.state,
            &policy,
            &cal,
            now(),
            dutyboard::procedures::Scope::Live,
        );
        whole_rows = dutyboard::views::board::build(&follower.state, &whole, now(), false)
            .rows
            .len();
        before.push(s.elapsed());
        before_cpu.push(thread_cpu() - c);
    }
    println!(
        "refresh as before the working set (the whole record evaluated, then the board): median {} (CPU {})",
        ms(median(before)),
        ms(median(before_cpu))
    );
    assert_eq!(
        rows, whole_rows,
        "the working set's board is the whole one's"
    );
    println!(
        "live working set, first evaluation: {} (CPU {}), {all} children evaluated, {rows} board rows (a whole evaluation: {whole_rows})",
        ms(first),
        ms(first_cpu)
    );
    let mut other = Store::open(&db).unwrap();
    let (mut wall, mut cpu, mut evaluated) = (Vec::new(), Vec::new(), 0);
    for k in 0..15 {
        let at = now() + Span::seconds(1 + k);
        let line = format!(
            r#"{{"type":"update_recorded","at":"{}","episode":"O{}","text":"Still looking."}}"#,
            at.to_rfc3339(),
            k % shape.open_episodes.max(1) as i64
        );
        import(&mut other, line.as_bytes(), &policy, "bench", at).unwrap();
        let (w, c, _, e) = refresh(&mut follower, &mut working, at);
        wall.push(w);
        cpu.push(c);
        evaluated = evaluated.max(e);
    }
    println!(
        "live refresh after one event (read, evaluate what it touched, board): median {} (CPU {}), worst {}; at most {evaluated} children evaluated",
        ms(median(wall.clone())),
        ms(median(cpu)),
        ms(*wall.iter().max().unwrap())
    );
    let (mut wall, mut cpu, mut evaluated) = (Vec::new(), Vec::new(), 0);
    for k in 1..=9 {
        let at = now() + Span::minutes(k);
        let (w, c, _, e) = refresh(&mut follower, &mut working, at);
        wall.push(w);
        cpu.push(c);
        evaluated = evaluated.max(e);
    }
    println!(
        "live refresh, the minute turns (no event): median {} (CPU {}); at most {evaluated} children evaluated",
        ms(median(wall)),
        ms(median(cpu))
    );
    drop((follower, working, other, store));
    live_board(&db, &policy, shape);
}

/// The live board as it runs (`Controller`): another desk commits one event, the
/// board's poll sees it and makes the screens' snapshot (the working set, the board
/// brought up to date, the selected episode's detail pane); then the minute turns.
fn live_board(db: &Path, policy: &Policy, shape: Shape) {
    use dutyboard::desk::Desk;
    let desk = Desk {
        store: Store::open(db).unwrap(),
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy: policy.clone(),
        calendar: Calendar::embedded(),
        operator: "Bench".into(),
        privacy: false,
    };
    let theme = dutyboard::tui::theme::Theme::built_in("default").unwrap();
    let (s, c) = (Instant::now(), thread_cpu());
    let mut ctl = dutyboard::tui::Controller::new(desk, theme, false, now(), (120, 40)).unwrap();
    println!(
        "live board opened (Controller::new: first snapshot): {} (CPU {}), {} rows",
        ms(s.elapsed()),
        ms(thread_cpu() - c),
        ctl.app.snapshot.board.rows.len()
    );
    let mut other = Store::open(db).unwrap();
    let (mut wall, mut cpu, mut work) = (Vec::new(), Vec::new(), (0, 0));
    for k in 0..15 {
        let at = now() + Span::seconds(1 + k);
        let line = format!(
            r#"{{"type":"update_recorded","at":"{}","episode":"O{}","text":"Still looking."}}"#,
            at.to_rfc3339(),
            k % shape.open_episodes.max(1) as i64
        );
        import(&mut other, line.as_bytes(), policy, "bench", at).unwrap();
        let (s, c) = (Instant::now(), thread_cpu());
        assert!(ctl.poll(at), "the commit is seen");
        wall.push(s.elapsed());
        cpu.push(thread_cpu() - c);
        let (e, b) = ctl.last_work();
        work = (work.0.max(e), work.1.max(b));
    }
    println!(
        "live board, poll after another desk's commit (read, evaluate, board, snapshot, detail): median {} (CPU {}), worst {}; at most {} children evaluated, {} rows built",
        ms(median(wall.clone())),
        ms(median(cpu)),
        ms(*wall.iter().max().unwrap()),
        work.0,
        work.1
    );
    let (mut wall, mut cpu, mut work) = (Vec::new(), Vec::new(), (0, 0));
    for k in 1..=9 {
        let at = now() + Span::minutes(k);
        let (s, c) = (Instant::now(), thread_cpu());
        ctl.tick(at);
        wall.push(s.elapsed());
        cpu.push(thread_cpu() - c);
        let (e, b) = ctl.last_work();
        work = (work.0.max(e), work.1.max(b));
    }
    println!(
        "live board, the minute turns (tick): median {} (CPU {}); at most {} children evaluated, {} rows built",
        ms(median(wall)),
        ms(median(cpu)),
        work.0,
        work.1
    );
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let (s, c) = (Instant::now(), thread_cpu());
        ctl.key(
            dutyboard::tui::app::key(crossterm::event::KeyCode::Down),
            now() + Span::minutes(9),
        );
        wall.push(s.elapsed());
        cpu.push(thread_cpu() - c);
    }
    println!(
        "live board, the selection moves down a row (its detail pane made): median {} (CPU {})",
        ms(median(wall)),
        ms(median(cpu))
    );
}

fn main() {
    match std::env::var("DUTYBOARD_BENCH_SIZES") {
        Ok(sizes) => {
            for n in sizes
                .split(',')
                .filter_map(|s| s.trim().parse::<usize>().ok())
            {
                // The project's shape scaled: the settled past grows, 1,000 stay open.
                let f = n as f64 / Shape::BENCH.events() as f64;
                let children = (Shape::BENCH.children as f64 * f) as usize;
                let shape = Shape {
                    children,
                    closed_episodes: (Shape::BENCH.closed_episodes as f64 * f) as usize,
                    open_episodes: 1_000.min(children),
                    backlog: 0,
                };
                measure(&format!("scale {n}"), shape);
            }
        }
        Err(_) => {
            // DUTYBOARD_BENCH_SHAPES=bench or backlog: one of the two.
            let only = std::env::var("DUTYBOARD_BENCH_SHAPES").unwrap_or_default();
            if only.is_empty() || only.contains("bench") {
                measure("the project's record (Shape::BENCH)", Shape::BENCH);
            }
            if only.is_empty() || only.contains("backlog") {
                measure("the backlog record (Shape::BACKLOG)", Shape::BACKLOG);
            }
        }
    }
}
