//! `init`: a new record, kept under the procedure chosen.

use super::{config, Cli, InitArgs};
use crate::desk::{adopt, config::shipped_policy, Desk, DeskError};
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
    let config = config(cli);
    let path = config.database_path();
    let mut store = Desk::create(&path, &policy, Utc::now())?;
    // The first adoption is kept with the policy in the record's settings, fixed at
    // init; later ones are `policy_adopted` events (src/desk/adopt.rs reads both).
    let authority = args
        .authority
        .clone()
        .unwrap_or_else(|| policy.name.clone());
    if authority != policy.name {
        store.add_meta(adopt::INIT_AUTHORITY, &authority)?;
    }
    store.note_authority(&authority)?;
    eprintln!(
        "dutyboard: created {} under the {} policy (authority {authority})",
        path.display(),
        policy.name
    );
    Ok(())
}
