//! Times as an officer types them into a form, in London time.

use crate::calendar::{from_local, local};
use crate::record::event::FieldError;
use crate::record::json::parse_date;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// A local time as forms show it and read it back: `2026-03-01 22:30`.
pub fn local_input(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// A bare `HH:MM` less than this far ahead of the clock is not read as yesterday.
const JUST_AHEAD_MINUTES: i64 = 60;

/// Reads a time typed by an officer: `now`, `HH:MM` (the most recent such time, today
/// or yesterday; refused when it is just ahead of the clock), `YYYY-MM-DD HH:MM`
/// (local, Europe/London), or RFC 3339.
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
        // A time just ahead of the clock is far likelier a slip or a fast watch than
        // "this time yesterday": read as yesterday it would put every deadline a day
        // early, so the officer is asked to say which (usability review).
        let ahead = (at - now).num_minutes();
        if ahead < JUST_AHEAD_MINUTES {
            return Err(format!(
                "{t} is {} ahead of the clock (it is {} now): type `now`, or the date                  if you mean yesterday ({} {t})",
                if ahead < 1 {
                    "less than a minute".to_string()
                } else {
                    format!("{ahead} min")
                },
                local(now).format("%H:%M"),
                yesterday.format("%Y-%m-%d"),
            ));
        }
        return Ok(from_local(yesterday.and_time(time)));
    }
    Err(format!(
        "`{t}` is not a time: write 22:30, 2026-03-01 22:30 or now"
    ))
}

/// Reads a time ahead typed by an officer (an acknowledgement's `until`, the end of a
/// shift): `HH:MM` is the next such time (today, or tomorrow when it has passed);
/// `YYYY-MM-DD HH:MM` (local) and RFC 3339 as [`parse_time`]. A time not after `now`
/// is refused in words, with the clock's time.
pub fn parse_ahead(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    let at = match NaiveTime::parse_from_str(t, "%H:%M") {
        Ok(time) => {
            let today: NaiveDate = local(now).date_naive();
            let at = from_local(today.and_time(time));
            if at > now {
                at
            } else {
                from_local(today.succ_opt().unwrap_or(today).and_time(time))
            }
        }
        Err(_) if t.eq_ignore_ascii_case("now") => now,
        Err(_) => parse_time(t, now)
            .map_err(|_| format!("`{t}` is not a time: write 07:00 or 2026-03-05 07:00"))?,
    };
    if at <= now {
        return Err(format!(
            "{} is not ahead of the clock (it is {} now)",
            local(at).format("%a %d %b %H:%M"),
            local(now).format("%a %d %b %H:%M")
        ));
    }
    Ok(chrono::SubsecRound::trunc_subsecs(at, 0))
}

/// As [`parse_date`] (a four-digit year; a day no calendar has is "not a real date"), for a form: also the day first, as dates are written in England
/// (`31/01/2011`, or `31/1/2011`), always with a four-digit year.
pub fn parse_form_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    let [day, month, year] = parts[..] else {
        return parse_date(field, text);
    };
    let short = |p: &str| (1..=2).contains(&p.len());
    if !(short(day) && short(month)) {
        return Err(FieldError::field(
            field,
            format!("`{text}` is not a date in the form DD/MM/YYYY or YYYY-MM-DD"),
        ));
    }
    parse_date(field, &format!("{year}-{month:0>2}-{day:0>2}")).map_err(|e| {
        let reason = if e.reason.contains("real date") {
            format!("`{text}` is not a real date (no such day in that month)")
        } else {
            format!(
                "`{text}` is not a date in the form DD/MM/YYYY (a four-digit year) or YYYY-MM-DD"
            )
        };
        FieldError::field(field, reason)
    })
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
    fn a_last_seen_time_a_few_minutes_ahead_is_asked_about_not_read_as_yesterday() {
        // 03:10 GMT: 03:15 is five minutes ahead; read as yesterday it would move every
        // deadline a day earlier.
        let now = at("2026-03-02T03:10:00Z");
        let e = parse_time("03:15", now).unwrap_err();
        assert!(
            e.contains("03:15 is 5 min ahead of the clock (it is 03:10 now)"),
            "{e}"
        );
        assert!(e.contains("2026-03-01 03:15"), "{e}");
        // An hour or more ahead is still last night, as an officer means it.
        assert_eq!(
            parse_time("04:10", now).unwrap(),
            at("2026-03-01T04:10:00Z")
        );
        assert_eq!(
            parse_time("2026-03-01 03:15", now).unwrap(),
            at("2026-03-01T03:15:00Z")
        );
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

    #[test]
    fn a_date_of_birth_may_be_typed_day_first_as_in_england() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            parse_form_date("dob", "31/01/2011").unwrap(),
            d(2011, 1, 31)
        );
        assert_eq!(parse_form_date("dob", "1/2/2011").unwrap(), d(2011, 2, 1));
        assert_eq!(
            parse_form_date("dob", "2011-01-31").unwrap(),
            d(2011, 1, 31)
        );
    }

    #[test]
    fn a_form_date_of_birth_needs_a_four_digit_year_and_a_real_day() {
        let reason = |t| parse_form_date("dob", t).unwrap_err().reason;
        assert!(reason("31/02/2011").contains("`31/02/2011` is not a real date"));
        assert!(reason("28/02/11").contains("four-digit year"));
        assert!(reason("11-02-28").contains("four-digit year"));
        assert!(reason("2011/02/28").contains("DD/MM/YYYY"));
    }

    #[test]
    fn an_until_typed_as_a_bare_time_is_the_next_such_time_and_must_be_ahead() {
        // 03:00 GMT on 2 March: 07:00 is this morning, 02:00 is tomorrow night.
        let now = at("2026-03-02T03:00:00Z");
        assert_eq!(
            parse_ahead("07:00", now).unwrap(),
            at("2026-03-02T07:00:00Z")
        );
        assert_eq!(
            parse_ahead("02:00", now).unwrap(),
            at("2026-03-03T02:00:00Z")
        );
        let e = parse_ahead("2026-03-02 01:00", now).unwrap_err();
        assert_eq!(
            e,
            "Mon 02 Mar 01:00 is not ahead of the clock (it is Mon 02 Mar 03:00 now)"
        );
        assert!(parse_ahead("soon", now).unwrap_err().contains("not a time"));
    }
}
