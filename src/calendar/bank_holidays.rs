//! The government's published bank-holidays JSON (one object per division, each with
//! `events: [{title, date, notes, bunting}]`). Only England and Wales is used.

use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankHolidayError {
    #[error("bank-holidays file is not valid JSON: {0}")]
    Json(String),
    #[error("bank-holidays file has no \"england-and-wales\" division")]
    NoDivision,
    #[error("bank-holidays file: event {index}: date `{date}` is not YYYY-MM-DD")]
    BadDate { index: usize, date: String },
    #[error("bank-holidays file lists no bank holidays for England and Wales")]
    Empty,
}

#[derive(Deserialize)]
struct Division {
    events: Vec<HolidayEvent>,
}

#[derive(Deserialize)]
struct HolidayEvent {
    date: String,
}

pub(super) fn parse_england_and_wales(text: &str) -> Result<Vec<NaiveDate>, BankHolidayError> {
    let divisions: HashMap<String, Division> =
        serde_json::from_str(text).map_err(|e| BankHolidayError::Json(e.to_string()))?;
    let division = divisions
        .get("england-and-wales")
        .ok_or(BankHolidayError::NoDivision)?;
    let mut dates = Vec::with_capacity(division.events.len());
    for (index, event) in division.events.iter().enumerate() {
        let date = NaiveDate::parse_from_str(&event.date, "%Y-%m-%d").map_err(|_| {
            BankHolidayError::BadDate {
                index,
                date: event.date.clone(),
            }
        })?;
        dates.push(date);
    }
    if dates.is_empty() {
        return Err(BankHolidayError::Empty);
    }
    Ok(dates)
}
