//! `migrate --from DB --to postgres://...`: the record copied onto a server (see
//! record::postgres::migrate), and what was copied said.

use crate::desk::DeskError;
use crate::record::postgres::{self, is_url};
use crate::record::Store;
use std::path::Path;

pub(super) fn migrate(from: &Path, to: &str) -> Result<(), DeskError> {
    if !is_url(Path::new(to)) {
        return Err(DeskError::Usage(format!(
            "--to takes a PostgreSQL URL (postgres://... or postgresql://...), not {to}"
        )));
    }
    let source = Store::open_read_only(from)?;
    let copied = postgres::migrate(&source, to)?;
    outln!(
        "dutyboard: copied {} events from {} to {}; the chain head is the same on both, {}",
        copied.events,
        source.path().display(),
        postgres::url::hide_password(to),
        copied.head
    );
    Ok(())
}
