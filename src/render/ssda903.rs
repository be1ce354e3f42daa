//! The DfE SSDA903 "Missing" table as the CSV the DfE's validator reads
//! (`csc-validator-be-903`): the rows are chosen in [`crate::views::ssda903`].

use crate::views::ssda903::Row;
use chrono::NaiveDate;

/// The CSV header, exactly as the DfE specifies it.
pub const HEADER: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END";

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The table as CSV (header first, `\n` line ends). References are quoted when they
/// hold a comma or quote.
pub fn render_csv(rows: &[Row]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for r in rows {
        let child = if r.child.contains([',', '"', '\n']) {
            format!("\"{}\"", r.child.replace('"', "\"\""))
        } else {
            r.child.clone()
        };
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            child,
            date(r.dob),
            r.missing,
            date(r.start),
            r.end.map(date).unwrap_or_default()
        ));
    }
    out
}
