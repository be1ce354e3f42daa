use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dutyboard::cli::Cli::parse();
    let result = dutyboard::commands::run(cli);
    if std::env::var_os("DUTYBOARD_PEAK_MEMORY").is_some() {
        report_peak_memory();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("dutyboard: {line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// For the benchmarks: the process's peak resident memory, from /proc (Linux only).
fn report_peak_memory() {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
            let kb = line.trim_start_matches("VmHWM:").trim();
            eprintln!("dutyboard: peak memory: {kb}");
        }
    }
}
