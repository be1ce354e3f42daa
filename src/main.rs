use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dutyboard::cli::Cli::parse();
    match dutyboard::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("dutyboard: {line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
