//! Times as an officer types them into a form, in London time.

use crate::calendar::{from_local, local};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// A local time as forms show it and read it back: `2026-03-01 22:30`.
pub fn local_input(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Reads a time typed by an officer: `now`, `HH:MM` (the most recent such time, today
/// or yesterday), `YYYY-MM-DD HH:MM` (local, Europe/London), or RFC 3339.
pub fn parse_time(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(x) = DateTime::parse_from_rfc3339(t) {
        return Ok(x.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(from_local(n));
        }
    }
    if let Ok(time) = NaiveTime::parse_from_str(t, "%H:%M") {
        let today: NaiveDate = local(now).date_naive();
        let at = from_local(today.and_time(time));
        if at <= now {
            return Ok(at);
        }
        let yesterday = today.pred_opt().unwrap_or(today);
        return Ok(from_local(yesterday.and_time(time)));
    }
    Err(format!(
        "`{t}` is not a time: write 22:30, 2026-03-01 22:30 or now"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_bare_time_is_the_most_recent_such_time() {
        // 03:00 GMT on 2 March: 22:30 means last night, 02:15 means this morning.
        let now = at("2026-03-02T03:00:00Z");
        assert_eq!(
            parse_time("22:30", now).unwrap(),
            at("2026-03-01T22:30:00Z")
        );
        assert_eq!(
            parse_time("02:15", now).unwrap(),
            at("2026-03-02T02:15:00Z")
        );
        assert_eq!(parse_time("now", now).unwrap(), now);
    }

    #[test]
    fn local_dates_are_read_in_london_time() {
        let now = at("2026-07-02T03:00:00Z");
        assert_eq!(
            parse_time("2026-07-01 22:30", now).unwrap(),
            at("2026-07-01T21:30:00Z")
        );
        assert!(parse_time("yesterday-ish", now).is_err());
    }
}
