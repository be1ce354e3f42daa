//! `init`: a new record, kept under the procedure chosen.

use super::{config, Cli, InitArgs};
use crate::desk::{config::shipped_policy, Desk, DeskError};
use crate::procedures::Policy;
use chrono::Utc;

pub(super) fn init(cli: &Cli, args: &InitArgs) -> Result<(), DeskError> {
    let policy = match (&args.policy, &args.policy_file) {
        (Some(name), _) => shipped_policy(name)?,
        (None, Some(file)) => {
            let text =
                std::fs::read_to_string(file).map_err(|e| failed!("{}: {e}", file.display()))?;
            Policy::parse(&text).map_err(|e| {
                failed!(
                    "{}: {}",
                    file.display(),
                    e.to_string().replace('\n', "\n  ")
                )
            })?
        }
        (None, None) => {
            return Err(DeskError::Usage(
                "give --policy NAME or --policy-file FILE".into(),
            ))
        }
    };
    let path = config(cli).database_path();
    Desk::create(&path, &policy, Utc::now())?;
    eprintln!(
        "dutyboard: created {} under the {} policy",
        path.display(),
        policy.name
    );
    Ok(())
}
