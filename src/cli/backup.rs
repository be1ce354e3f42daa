//! `backup FILE`: a whole copy of the record in use (review D22), proved by its chain
//! before it is given its name.

use super::{config, Cli};
use crate::desk::DeskError;
use crate::record::Store;
use std::path::Path;

pub(super) fn backup(cli: &Cli, to: &Path) -> Result<(), DeskError> {
    let path = config(cli).database_path();
    let store = Store::open_read_only(&path)?;
    let copy = store.backup_to(to)?;
    outln!(
        "dutyboard: backed up {} to {}: {} events, chain head {} (the copy checked whole; \
         keep the head to check it against later: dutyboard --db {} verify --expect {})",
        path.display(),
        copy.to.display(),
        copy.events,
        copy.head,
        copy.to.display(),
        copy.head
    );
    Ok(())
}
