//! `import FILE|-`: events in, as JSON Lines, all of them or none.

use super::{config, Cli};
use crate::desk::{Desk, DeskError};
use crate::record::import::ImportError;
use chrono::Utc;
use std::io::Read;

pub(super) fn import_file(cli: &Cli, file: &str) -> Result<(), DeskError> {
    let mut desk = Desk::open(&config(cli), None)?;
    let mut input = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut input)
            .map_err(|e| failed!("standard input: {e}"))?;
    } else {
        input = std::fs::read(file).map_err(|e| failed!("{file}: {e}"))?;
    }
    let source = if file == "-" { "stdin" } else { file };
    let operator = desk.operator.clone();
    match desk.import(&input, &operator, Utc::now()) {
        Ok(outcome) => {
            eprintln!(
                "dutyboard: {}: stored {} event(s), skipped {} already stored",
                crate::render::terminal::one_line(source),
                outcome.stored.len(),
                outcome.skipped.len()
            );
            Ok(())
        }
        Err(ImportError::Refused(refusals)) => {
            // A file of a million bad lines must not bury the headline: the count,
            // the first few problems, and "nothing stored" again at the end.
            const SHOWN: usize = 20;
            let n = refusals.len();
            // With privacy on, a refusal never repeats the values of its line: a
            // name in the wrong field would be echoed (review D14).
            let lines_in: Vec<&[u8]> = if cli.privacy {
                input.split(|&b| b == b'\n').collect()
            } else {
                Vec::new()
            };
            let shown = |r: &crate::record::Refusal| {
                let Some(text) = r
                    .line
                    .and_then(|l| lines_in.get(l.wrapping_sub(1)))
                    .map(|b| String::from_utf8_lossy(b))
                else {
                    return format!("{source}: {r}");
                };
                let mut r = r.clone();
                let values = crate::record::withhold::json_values(&text);
                r.error.reason = crate::record::withhold::withhold(&r.error.reason, &values);
                format!("{source}: {r}")
            };
            let mut lines = vec![if n > SHOWN {
                format!(
                    "{source}: import refused, nothing stored: {n} problems, the first {SHOWN}:"
                )
            } else {
                format!("{source}: import refused, nothing stored:")
            }];
            lines.extend(refusals.iter().take(SHOWN).map(shown));
            if n > SHOWN {
                lines.push(format!(
                    "{source}: ... and {} more problems not shown; nothing stored",
                    n - SHOWN
                ));
            }
            Err(DeskError::Failed(lines.join("\n")))
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}
