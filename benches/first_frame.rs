//! Cold start to first frame: the real binary, the live board on the 200k record, in
//! a pseudo-terminal of 120x40, timed from spawn to the first frame's bytes arriving.
//!
//!     DUTYBOARD_BENCH_DB=path cargo bench --bench first_frame
//!
//! The board writes each frame through one buffer flushed once per frame, so the
//! header's text arriving means the frame was written whole. Nothing is subtracted
//! (process start, opening the record, folding, the first draw all count). After the
//! frame the board runs two seconds more (ticks, polls) and is stopped with SIGTERM;
//! it then reports its peak resident memory (`DUTYBOARD_PEAK_MEMORY`).
//! Beside the wall clock it reports the board's own time on a CPU up to the first
//! frame (/proc/PID/schedstat): on a shared, loaded machine the wall clock includes
//! waiting for a core, and the CPU time says what an idle desk would see.
//! Target (issue 7): first frame <= 150 ms; peak memory <= 50 MB.

mod support;

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 12;
const HEADER: &[u8] = b"DUTYBOARD";

/// A pseudo-terminal of `cols` x `rows`: (master, slave).
fn pty(cols: u16, rows: u16) -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors we then own; the size is only read.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty failed: {}", std::io::Error::last_os_error());
    // SAFETY: both were just opened and nothing else holds them.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

struct Run {
    first_frame: Duration,
    /// Time the board spent on a CPU up to the first frame.
    on_cpu: Option<Duration>,
    peak_kb: Option<u64>,
}

fn run_once(bin: &str, db: &std::path::Path) -> Run {
    let (master, slave) = pty(120, 40);
    let mut child = {
        let mut cmd = Command::new(bin);
        cmd.args([
            "--db",
            db.to_str().unwrap(),
            "--operator",
            "Bench",
            "--bell",
            "off",
        ])
        .env("TERM", "xterm-256color")
        .env("DUTYBOARD_PEAK_MEMORY", "1")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
        // The board needs the pty as its controlling terminal (raw mode, its size).
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let started = Instant::now();
        (cmd.spawn().expect("the binary starts"), started)
    };
    let started = child.1;
    let mut out = std::fs::File::from(master);
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let first_frame = loop {
        let n = out
            .read(&mut buf)
            .expect("the board writes to its terminal");
        assert!(
            n > 0,
            "the board ended before drawing: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(HEADER.len()).any(|w| w == HEADER) {
            break started.elapsed();
        }
    };
    let on_cpu = on_cpu(child.0.id());
    // A little of the board's ordinary life, then the signal it is stopped with.
    let reader = std::thread::spawn(move || {
        let mut rest = Vec::new();
        let mut buf = [0u8; 65536];
        // EIO once the board has gone and the slave side is closed.
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            rest.extend_from_slice(&buf[..n]);
        }
        rest
    });
    std::thread::sleep(Duration::from_secs(2));
    // SAFETY: the child is ours and still running (or a zombie we have not reaped).
    unsafe { libc::kill(child.0.id() as i32, libc::SIGTERM) };
    child.0.wait().unwrap();
    let rest = reader.join().unwrap();
    let text = String::from_utf8_lossy(&rest);
    let peak_kb = text
        .lines()
        .find_map(|l| l.split("peak memory: ").nth(1))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok());
    Run {
        first_frame,
        on_cpu,
        peak_kb,
    }
}

/// The first field of /proc/PID/schedstat: nanoseconds spent running.
fn on_cpu(pid: u32) -> Option<Duration> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::bench_db(dir.path());
    let bin = env!("CARGO_BIN_EXE_dutyboard");
    // One run first, unmeasured: a record just imported is folded in full once (and
    // its snapshot kept); every later start resumes from that.
    let warm = run_once(bin, &db);
    println!("first run (may fold in full): {}", ms(warm.first_frame));
    let runs: Vec<Run> = (0..RUNS).map(|_| run_once(bin, &db)).collect();
    let mut times: Vec<Duration> = runs.iter().map(|r| r.first_frame).collect();
    times.sort();
    println!(
        "live board, spawn to first frame (120x40 pty, {} runs): median {}, best {}, worst {}",
        RUNS,
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    let mut cpu: Vec<Duration> = runs.iter().filter_map(|r| r.on_cpu).collect();
    cpu.sort();
    if !cpu.is_empty() {
        println!(
            "  of which on a CPU (the board's own time): median {}, worst {}",
            ms(cpu[cpu.len() / 2]),
            ms(cpu[cpu.len() - 1])
        );
    }
    let peaks: Vec<u64> = runs.iter().filter_map(|r| r.peak_kb).collect();
    match peaks.iter().max() {
        Some(kb) => println!(
            "live board peak memory (first frame + 2 s running): worst {:.1} MB over {} runs",
            *kb as f64 / 1024.0,
            peaks.len()
        ),
        None => println!("live board peak memory: not reported"),
    }
}
