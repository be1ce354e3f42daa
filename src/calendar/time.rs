//! Instants and spans as the program writes them: RFC 3339 for other systems,
//! Europe/London local time for people (`Mon 02 Mar 09:00`), and elapsed time
//! coarse enough to read at a glance (`2d 04h`).

use super::local;
use chrono::{DateTime, Utc};

/// An instant as RFC 3339 in UTC, to the second: `2026-03-02T09:00:00Z`.
pub fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Elapsed time, coarse enough to read at a glance: `45m`, `3h 12m`, `2d 04h`.
pub fn elapsed(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    }
}

/// A local date and time as the desk reads it: `Mon 02 Mar 09:00`.
pub fn when(t: DateTime<Utc>) -> String {
    local(t).format("%a %d %b %H:%M").to_string()
}

/// A local time with its zone, for reports and the detail pane.
pub fn when_full(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_reads_days_and_hours_with_padding() {
        assert_eq!(elapsed(2 * 86_400 + 4 * 3_600 + 59), "2d 04h");
        assert_eq!(elapsed(3 * 3_600 + 12 * 60), "3h 12m");
        assert_eq!(elapsed(65 * 60), "1h 05m");
        assert_eq!(elapsed(59), "0m");
    }

    #[test]
    fn an_instant_is_written_to_the_second_in_utc() {
        let t: DateTime<Utc> = "2026-07-01T10:00:00.250+01:00".parse().unwrap();
        assert_eq!(rfc(t), "2026-07-01T09:00:00Z");
        assert_eq!(when(t), "Wed 01 Jul 10:00");
        assert_eq!(when_full(t), "2026-07-01 10:00 BST");
    }
}
