//! The DfE SSDA903 "Missing" table as the CSV the DfE's validator reads
//! (`csc-validator-be-903`): the rows are chosen in [`crate::views::ssda903`].

use crate::views::ssda903::Row;
use chrono::NaiveDate;

/// The CSV header, exactly as the DfE specifies it.
pub const HEADER: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END";

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The table as CSV (header first, `\n` line ends).
pub fn render_csv(rows: &[Row]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for r in rows {
        // Quoted as the daily CSV is, and a reference a spreadsheet would run as a
        // formula defused with `'` (the return is opened in one before it is sent).
        let child = crate::render::csv::field(&r.child);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(child: &str) -> Row {
        let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        Row {
            child: child.into(),
            dob: NaiveDate::from_ymd_opt(2011, 11, 11).unwrap(),
            missing: 'M',
            start: d,
            end: Some(d),
        }
    }

    /// Reliability review D19: the return is opened in a spreadsheet before it is
    /// sent, so a reference a spreadsheet would run as a formula is defused with `'`,
    /// as the daily CSV does.
    #[test]
    fn a_child_reference_that_reads_as_a_formula_is_defused_as_in_the_daily_csv() {
        let csv = render_csv(&[row("=HYPERLINK(\"http://x\")"), row("+C1"), row("C2")]);
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "\"'=HYPERLINK(\"\"http://x\"\")\",11/11/2011,M,01/09/2025,01/09/2025",
                "'+C1,11/11/2011,M,01/09/2025,01/09/2025",
                "C2,11/11/2011,M,01/09/2025,01/09/2025",
            ]
        );
    }
}
