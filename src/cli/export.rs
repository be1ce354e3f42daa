//! `export ssda903`: statutory returns drawn from the record.

use super::{config, emit_raw, exit_soon, Cli, Ssda903Args};
use crate::desk::{Desk, DeskError};
use chrono::Utc;

/// `export ssda903`: the DfE SSDA903 Missing table as CSV (src/reports/ssda903.rs).
pub(super) fn ssda903(cli: &Cli, args: &Ssda903Args) -> Result<(), DeskError> {
    let at = args.at.unwrap_or_else(Utc::now);
    let desk = Desk::open_read_only(&config(cli), None)?;
    let authority = super::report::authority_asked(&desk, args.authority.as_deref())?;
    let state = crate::record::state_at(&desk.store, Some(at))?;
    let rows = match authority {
        // A child with no authority recorded is the record's first authority's.
        Some(a) => crate::views::ssda903::build_for(
            &state,
            args.year,
            a,
            &desk.governs.authorities[0].name,
        ),
        None => crate::views::ssda903::build(&state, args.year),
    };
    exit_soon(state);
    emit_raw(&crate::render::ssda903::render_csv(&rows));
    Ok(())
}
