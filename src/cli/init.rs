//! `init`: a new record, kept under the procedure chosen.

use super::{config, Cli, InitArgs};
use crate::desk::adopt::adoption_of;
use crate::desk::{config::shipped_policy, Desk, DeskError};
use crate::procedures::Policy;
use crate::record::NewEvent;
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
    let config = config(cli);
    let path = config.database_path();
    let now = Utc::now();
    let store = Desk::create(&path, &policy, now)?;
    // The first adoption is an event of the record like any later one (INTERFACE).
    let authority = args
        .authority
        .clone()
        .unwrap_or_else(|| policy.name.clone());
    let kind = adoption_of(&policy, &authority, args.policy.is_some(), None);
    let mut desk = Desk::over(store, policy.clone(), &config)?;
    let operator = desk.operator.clone();
    desk.record(&operator, vec![NewEvent::new(now, kind)], now)
        .map_err(|e| failed!("{e}"))?;
    eprintln!(
        "dutyboard: created {} under the {} policy (authority {authority})",
        path.display(),
        policy.name
    );
    Ok(())
}
