//! Time as the procedures count it: exact hours and days, calendar months on the
//! local clock, and working days that skip weekends and bank holidays.
//!
//! Every instant is stored in UTC and shown in Europe/London. The rules' arithmetic
//! follows PROCEDURES.md, "Time arithmetic": a clock change never moves an hours/days
//! deadline, while months keep the local wall-clock time.

mod bank_holidays;
pub mod time;

pub use bank_holidays::BankHolidayError;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz;
use std::collections::BTreeSet;
use std::fmt;

/// The time zone every duty desk in England reads its clocks in.
pub const LONDON: Tz = chrono_tz::Europe::London;

/// A span the procedures talk about: "24 hours", "10 working days", "2 months".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub count: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    WorkingDays,
    Months,
}

impl Span {
    /// Parses `30min`, `6h`, `5d`, `10wd` or `2mo`.
    pub fn parse(text: &str) -> Result<Span, String> {
        let text = text.trim();
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        let unit_text = &text[digits.len()..];
        if digits.is_empty() {
            return Err(format!(
                "`{text}` is not a span: expected a number then a unit, as in 24h"
            ));
        }
        let count: u32 = digits
            .parse()
            .map_err(|_| format!("`{digits}` is too large a number"))?;
        let unit = match unit_text {
            "min" => Unit::Minutes,
            "h" => Unit::Hours,
            "d" => Unit::Days,
            "wd" => Unit::WorkingDays,
            "mo" => Unit::Months,
            other => {
                return Err(format!(
                    "`{other}` is not a unit: use min, h, d (exact days), wd (working days) or mo (calendar months)"
                ))
            }
        };
        Ok(Span { count, unit })
    }

    pub fn times(self, k: u32) -> Span {
        Span {
            count: self.count * k,
            unit: self.unit,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Minutes => "min",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::WorkingDays => "wd",
            Unit::Months => "mo",
        };
        write!(f, "{}{}", self.count, unit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("no bank-holiday data for {0}: working days past the years the calendar covers ({1}) cannot be counted; load a newer bank-holidays.json (see README, \"Bank holidays\")")]
    NotCovered(i32, String),
    #[error("{0}")]
    BankHolidays(#[from] BankHolidayError),
    #[error("the date is out of the range this program can represent")]
    OutOfRange,
}

/// Bank holidays in England and Wales, with the years they are known for.
#[derive(Debug, Clone)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
}

const EMBEDDED: &str = include_str!("bank-holidays.json");

impl Calendar {
    /// The calendar shipped in the binary (England and Wales).
    pub fn embedded() -> Calendar {
        Calendar::from_gov_uk_json(EMBEDDED).expect("the embedded bank-holidays.json is valid")
    }

    /// Reads the government's published bank-holidays JSON (its `england-and-wales` division).
    pub fn from_gov_uk_json(text: &str) -> Result<Calendar, BankHolidayError> {
        let dates = bank_holidays::parse_england_and_wales(text)?;
        let years = dates.iter().map(|d| d.year()).collect();
        Ok(Calendar {
            holidays: dates.into_iter().collect(),
            years,
        })
    }

    /// This calendar extended by another (a newer download): the union of both.
    pub fn merged(mut self, other: Calendar) -> Calendar {
        self.holidays.extend(other.holidays);
        self.years.extend(other.years);
        self
    }

    /// This calendar with a record's `calendar_loaded`: the dates of `bank_holidays`
    /// (the GOV.UK file, or its `england-and-wales` part) added, those of `removes`
    /// taken out (a holiday that moved).
    pub fn loaded(
        self,
        bank_holidays: &serde_json::Value,
        removes: &[NaiveDate],
    ) -> Result<Calendar, BankHolidayError> {
        let whole = if bank_holidays.get("events").is_some() {
            serde_json::json!({ "england-and-wales": bank_holidays })
        } else {
            bank_holidays.clone()
        };
        let mut cal = self.merged(Calendar::from_gov_uk_json(&whole.to_string())?);
        for d in removes {
            cal.holidays.remove(d);
        }
        Ok(cal)
    }

    pub fn covered_years(&self) -> String {
        match (self.years.first(), self.years.last()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}-{b}"),
            _ => "none".into(),
        }
    }

    pub fn is_bank_holiday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if !self.years.contains(&date.year()) {
            return Err(CalendarError::NotCovered(date.year(), self.covered_years()));
        }
        Ok(self.holidays.contains(&date))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            // A weekend needs no bank-holiday data, but a date past the covered years
            // is still refused so that coverage errors do not depend on the weekday.
            self.is_bank_holiday(date)?;
            return Ok(false);
        }
        Ok(!self.is_bank_holiday(date)?)
    }

    /// `t` moved forward by `span`, as the procedures count it.
    pub fn add(&self, t: DateTime<Utc>, span: Span) -> Result<DateTime<Utc>, CalendarError> {
        let n = i64::from(span.count);
        match span.unit {
            Unit::Minutes => t
                .checked_add_signed(Duration::minutes(n))
                .ok_or(CalendarError::OutOfRange),
            Unit::Hours => t
                .checked_add_signed(Duration::hours(n))
                .ok_or(CalendarError::OutOfRange),
            Unit::Days => t
                .checked_add_signed(Duration::days(n))
                .ok_or(CalendarError::OutOfRange),
            Unit::Months => add_months(t, span.count),
            Unit::WorkingDays => self.working_days_after(t, span.count),
        }
    }

    /// "Within N working days of T": 23:59:59 local time on the Nth working day after
    /// T's local date; T's own day never counts.
    pub fn working_days_after(
        &self,
        t: DateTime<Utc>,
        n: u32,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let mut date = local_date(t);
        let mut counted = 0;
        while counted < n {
            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(date)? {
                counted += 1;
            }
        }
        Ok(from_local(date.and_time(
            NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"),
        )))
    }
}

/// The local (Europe/London) calendar date of an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&LONDON).date_naive()
}

/// An instant shown on the duty desk's clock.
pub fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&LONDON)
}

/// A local wall-clock reading turned into an instant. A time the clocks skip in March
/// is read as the same reading after the jump (01:30 becomes 02:30 BST); a time that
/// happens twice in October is read as its first occurrence, the earlier deadline.
pub fn from_local(naive: NaiveDateTime) -> DateTime<Utc> {
    match LONDON.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let later = naive + Duration::hours(1);
            match LONDON.from_local_datetime(&later) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                // London's gaps are one hour long; this cannot happen there.
                LocalResult::None => Utc.from_utc_datetime(&naive),
            }
        }
    }
}

/// Calendar months on the local clock, clamped to the month's last day
/// (31 January + 1 month is 28 or 29 February, at the same clock time).
pub fn add_months(t: DateTime<Utc>, months: u32) -> Result<DateTime<Utc>, CalendarError> {
    shift_months(t, i64::from(months))
}

/// Calendar months back on the local clock, clamped like [`add_months`].
pub fn sub_months(t: DateTime<Utc>, months: u32) -> Result<DateTime<Utc>, CalendarError> {
    shift_months(t, -i64::from(months))
}

fn shift_months(t: DateTime<Utc>, delta: i64) -> Result<DateTime<Utc>, CalendarError> {
    let local = t.with_timezone(&LONDON).naive_local();
    let date = local.date();
    let total = date.year() as i64 * 12 + (date.month0() as i64) + delta;
    let year = i32::try_from(total.div_euclid(12)).map_err(|_| CalendarError::OutOfRange)?;
    let month = (total.rem_euclid(12) + 1) as u32;
    let last = last_day_of_month(year, month).ok_or(CalendarError::OutOfRange)?;
    let new_date = NaiveDate::from_ymd_opt(year, month, date.day().min(last))
        .ok_or(CalendarError::OutOfRange)?;
    Ok(from_local(new_date.and_time(local.time())))
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some(first_next.pred_opt()?.day())
}

/// Whole years between a date of birth and a moment (age on that day, UK style).
pub fn age_on(dob: NaiveDate, at: DateTime<Utc>) -> u32 {
    let day = local_date(at);
    let mut years = day.year() - dob.year();
    if (day.month(), day.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn twenty_four_hours_across_the_october_clock_change_is_exact_elapsed_time() {
        let cal = Calendar::embedded();
        let due = cal
            .add(
                utc("2026-10-24T12:00:00+01:00"),
                Span::parse("24h").unwrap(),
            )
            .unwrap();
        assert_eq!(due, utc("2026-10-25T11:00:00Z"));
    }

    #[test]
    fn a_day_across_the_march_clock_change_is_twenty_four_hours_not_a_calendar_day() {
        let cal = Calendar::embedded();
        let due = cal
            .add(utc("2026-03-28T12:00:00Z"), Span::parse("1d").unwrap())
            .unwrap();
        assert_eq!(due, utc("2026-03-29T12:00:00Z"));
        assert_eq!(local(due).format("%H:%M").to_string(), "13:00");
    }

    #[test]
    fn months_keep_the_local_clock_time_across_a_clock_change() {
        let due = add_months(utc("2026-02-15T09:00:00Z"), 2).unwrap();
        assert_eq!(due, utc("2026-04-15T09:00:00+01:00"));
    }

    #[test]
    fn months_clamp_to_the_last_day_of_a_shorter_month() {
        assert_eq!(
            add_months(utc("2026-01-31T10:00:00Z"), 1).unwrap(),
            utc("2026-02-28T10:00:00Z")
        );
        assert_eq!(
            add_months(utc("2028-01-31T10:00:00Z"), 1).unwrap(),
            utc("2028-02-29T10:00:00Z")
        );
        assert_eq!(
            add_months(utc("2026-08-31T10:00:00+01:00"), 2).unwrap(),
            utc("2026-10-31T10:00:00Z")
        );
        assert_eq!(
            sub_months(utc("2026-03-31T10:00:00+01:00"), 1).unwrap(),
            utc("2026-02-28T10:00:00Z")
        );
    }

    #[test]
    fn a_month_landing_in_the_spring_gap_reads_the_clock_after_the_jump() {
        // 01:30 on 29 March 2026 does not exist in London.
        let due = add_months(utc("2026-01-29T01:30:00Z"), 2).unwrap();
        assert_eq!(due, utc("2026-03-29T02:30:00+01:00"));
    }

    #[test]
    fn a_month_landing_in_the_repeated_autumn_hour_takes_the_first_occurrence() {
        let due = add_months(utc("2026-09-25T01:30:00+01:00"), 1).unwrap();
        assert_eq!(due, utc("2026-10-25T01:30:00+01:00"));
    }

    #[test]
    fn working_days_skip_good_friday_and_easter_monday() {
        let cal = Calendar::embedded();
        let due = cal
            .working_days_after(utc("2026-04-02T10:00:00+01:00"), 3)
            .unwrap();
        assert_eq!(due, utc("2026-04-09T23:59:59+01:00"));
    }

    #[test]
    fn working_days_skip_christmas_and_the_substitute_boxing_day() {
        let cal = Calendar::embedded();
        // Thursday 24 Dec 2026: Fri 25 and Mon 28 are bank holidays.
        let due = cal
            .working_days_after(utc("2026-12-24T15:00:00Z"), 1)
            .unwrap();
        assert_eq!(due, utc("2026-12-29T23:59:59Z"));
        // 2027: Christmas and Boxing Day fall at the weekend, substitutes 27 and 28 Dec.
        let due = cal
            .working_days_after(utc("2027-12-24T09:00:00Z"), 1)
            .unwrap();
        assert_eq!(due, utc("2027-12-29T23:59:59Z"));
    }

    #[test]
    fn the_reporting_day_itself_never_counts_as_a_working_day() {
        let cal = Calendar::embedded();
        let due = cal
            .working_days_after(utc("2026-06-01T00:00:01+01:00"), 1)
            .unwrap();
        assert_eq!(due, utc("2026-06-02T23:59:59+01:00"));
    }

    #[test]
    fn a_late_evening_report_counts_from_its_local_date_not_its_utc_date() {
        let cal = Calendar::embedded();
        // 00:30 BST on Saturday 6 June is still Friday 5 June in UTC.
        let due = cal
            .working_days_after(utc("2026-06-05T23:30:00Z"), 1)
            .unwrap();
        assert_eq!(due, utc("2026-06-08T23:59:59+01:00"));
    }

    #[test]
    fn counting_working_days_past_the_covered_years_is_an_error_not_a_guess() {
        let cal = Calendar::embedded();
        let err = cal
            .working_days_after(utc("2028-12-29T10:00:00Z"), 3)
            .unwrap_err();
        assert!(matches!(err, CalendarError::NotCovered(2029, _)), "{err}");
        assert!(err.to_string().contains("bank-holidays.json"));
    }

    #[test]
    fn a_newer_file_extends_the_covered_years() {
        let newer = r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year’s Day","date":"2029-01-01","notes":"","bunting":true}]}}"#;
        let cal = Calendar::embedded().merged(Calendar::from_gov_uk_json(newer).unwrap());
        let due = cal
            .working_days_after(utc("2028-12-29T10:00:00Z"), 1)
            .unwrap();
        assert_eq!(due, utc("2029-01-02T23:59:59Z"));
    }

    #[test]
    fn the_embedded_calendar_covers_2025_to_2028_with_eight_holidays_a_year() {
        let cal = Calendar::embedded();
        for year in 2025..=2028 {
            let n = cal.holidays.iter().filter(|d| d.year() == year).count();
            assert_eq!(n, 8, "{year}");
        }
        assert!(cal
            .is_bank_holiday(NaiveDate::from_ymd_opt(2027, 3, 26).unwrap())
            .unwrap());
    }

    #[test]
    fn age_is_whole_years_on_the_local_date() {
        let dob = NaiveDate::from_ymd_opt(2008, 6, 1).unwrap();
        // 23:30 UTC on 31 May is 00:30 BST on 1 June: the birthday has come.
        assert_eq!(age_on(dob, utc("2026-05-31T23:30:00Z")), 18);
        assert_eq!(age_on(dob, utc("2026-05-31T22:30:00Z")), 17);
    }

    #[test]
    fn spans_parse_and_refuse_unknown_units() {
        assert_eq!(
            Span::parse("10wd").unwrap(),
            Span {
                count: 10,
                unit: Unit::WorkingDays
            }
        );
        assert!(Span::parse("3weeks").unwrap_err().contains("not a unit"));
        assert!(Span::parse("h").unwrap_err().contains("not a span"));
    }
}
