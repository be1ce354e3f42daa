use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dutyboard::cli::Cli::parse();
    let result = dutyboard::cli::run(cli);
    if std::env::var_os("DUTYBOARD_PEAK_MEMORY").is_some() {
        report_peak_memory();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An error can quote what was sent (a name, a file name): escaped, so it
            // is read rather than obeyed by the terminal (review D10).
            for line in e.to_string().lines() {
                eprintln!("dutyboard: {}", dutyboard::render::terminal::text(line));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// For the benchmarks: the process's peak resident memory, from /proc (Linux only),
/// with what is resident at the end split into heap (anonymous) and mapped files
/// (the program itself, and database pages SQLite mapped).
fn report_peak_memory() {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
        };
        if let Some(kb) = field("VmHWM:") {
            eprintln!("dutyboard: peak memory: {kb}");
        }
        if let (Some(anon), Some(file)) = (field("RssAnon:"), field("RssFile:")) {
            eprintln!("dutyboard: resident at exit: heap {anon}, files {file}");
        }
    }
}
