//! `log`: the record as stored, event by event (INTERFACE.md, "Every stored event has an id").

use super::{config, Cli, Format, LogArgs};
use crate::desk::{Desk, DeskError};
use crate::record::{state_at, EventLog};
use crate::views::log::{self, Only};

pub(super) fn log(cli: &Cli, args: &LogArgs) -> Result<(), DeskError> {
    let desk = Desk::open(&config(cli), None)?;
    let stored = desk.store.read_all()?;
    let state = state_at(&desk.store, None)?;
    let only = match (&args.child, &args.episode) {
        (Some(c), _) => Only::Child(c.clone()),
        (None, Some(e)) => Only::Episode(e.clone()),
        (None, None) => Only::All,
    };
    for line in log::build(&stored, &state, &only) {
        match args.format {
            Format::Json => jsonln!("{}", serde_json::to_string(&line).expect("serialisable")),
            Format::Text => outln!("{}", log::text_line(&line)),
        }
    }
    Ok(())
}
