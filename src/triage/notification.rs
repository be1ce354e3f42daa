//! The police notification format (docs/NOTIFICATIONS.md): one JSON object per file,
//! or a CSV file of one notification a row under a header of the same names.
//!
//! A file is read whole or not at all: one bad row refuses the file, so a screener
//! never has half a file in the record and half in `rejected/`. Every refusal names
//! the line, the field and the problem.

use crate::record::event::{notification_id, FieldError, NotificationDetails};
use crate::record::RawEvent;
use chrono::{DateTime, Utc};
use std::fmt;
use std::path::Path;

/// The largest JSON notification read (one object; real ones are a few kilobytes).
pub const JSON_LIMIT: u64 = 1_000_000;
/// The largest CSV file read (thousands of rows).
pub const CSV_LIMIT: u64 = 8_000_000;

/// The format's fields, in the order a CSV header is documented: those of the
/// `notification_received` event, less its id (first), source file and the event it
/// supersedes (the last two: the desk's, not the police's).
pub const FIELDS: &[&str] = {
    let (_, rest) = crate::record::schema::notification_fields().split_at(1);
    rest.split_at(rest.len() - 2).0
};

/// Fields a notification must carry (the rest may be left out or blank).
pub const REQUIRED: &[&str] = &[
    "police_force",
    "police_ref",
    "reported_at",
    "name",
    "dob",
    "last_seen_at",
    "risk",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// By the file's extension (`.json`, `.csv`, any case).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn limit(self) -> u64 {
        match self {
            Format::Json => JSON_LIMIT,
            Format::Csv => CSV_LIMIT,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "a JSON notification",
            Format::Csv => "a CSV file of notifications",
        }
    }
}

/// Why a file was refused: where (line, field) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub field: Option<String>,
    pub reason: String,
}

impl Problem {
    fn file(reason: impl Into<String>) -> Problem {
        Problem {
            line: None,
            field: None,
            reason: reason.into(),
        }
    }

    fn at(line: usize, error: FieldError) -> Problem {
        Problem {
            line: Some(line),
            field: error.field,
            reason: error.reason,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(field) = &self.field {
            parts.push(format!("field `{field}`"));
        }
        if parts.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", parts.join(", "), self.reason)
        }
    }
}

/// One notification read from a file: the line it starts on, its id, its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub line: usize,
    pub notification: String,
    pub details: NotificationDetails,
    /// The fields whose control characters were replaced by U+FFFD (INTERFACE: a
    /// notification is never refused for them, and the screener is told).
    pub replaced: Vec<String>,
}

/// Reads a notification file. The size is checked before a byte is read, so a huge
/// file dropped by mistake costs nothing.
pub fn read_file(path: &Path, received: DateTime<Utc>) -> Result<Vec<Incoming>, Problem> {
    let Some(format) = Format::of(path) else {
        return Err(Problem::file(
            "is not a notification: the inbox reads `.json` and `.csv` files",
        ));
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Problem::file(format!("cannot be read: {e}")))?
        .len();
    check_size(format, size)?;
    let bytes = std::fs::read(path).map_err(|e| Problem::file(format!("cannot be read: {e}")))?;
    parse(format, &bytes, received)
}

/// Every value a notification file holds (JSON strings, CSV cells but the header's),
/// for a refusal to withhold (review D14: a refusal is on every board, privacy mode or
/// not, and a shifted column would put a name in it).
pub fn values_in(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    match Format::of(path) {
        Some(Format::Json) => crate::record::withhold::json_values(&text),
        Some(Format::Csv) => match super::csv::records(&text) {
            Ok(records) => records.into_iter().skip(1).flat_map(|r| r.cells).collect(),
            Err(_) => text
                .lines()
                .skip(1)
                .flat_map(|l| l.split(','))
                .map(|c| c.trim_matches('"').to_string())
                .collect(),
        },
        None => Vec::new(),
    }
}

/// Whether a file that could not be read may be one still being written, cut short
/// (review D2): empty, ending inside a UTF-8 character, a JSON object not yet closed,
/// or a CSV whose last row has no line break yet or whose quote is still open. Such a
/// file is read again later rather than rejected.
pub fn may_be_unfinished(path: &Path) -> bool {
    let Some(format) = Format::of(path) else {
        return false;
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() <= format.limit() => {}
        _ => return false,
    }
    std::fs::read(path).is_ok_and(|bytes| cut_short(format, &bytes))
}

/// [`may_be_unfinished`] for a file's bytes.
pub fn cut_short(format: Format, bytes: &[u8]) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // The last character is not all there yet.
        Err(e) => return e.error_len().is_none(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return true;
    }
    match format {
        Format::Json => serde_json::from_str::<serde_json::Value>(text).is_err_and(|e| e.is_eof()),
        Format::Csv => !text.ends_with('\n') || text.matches('"').count() % 2 == 1,
    }
}

fn check_size(format: Format, size: u64) -> Result<(), Problem> {
    if size > format.limit() {
        return Err(Problem::file(format!(
            "file is {}; the limit is {} for {}",
            megabytes(size),
            megabytes(format.limit()),
            format.name()
        )));
    }
    Ok(())
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Parses a whole file's bytes. `received` is now: no time in it may be later.
pub fn parse(
    format: Format,
    bytes: &[u8],
    received: DateTime<Utc>,
) -> Result<Vec<Incoming>, Problem> {
    check_size(format, bytes.len() as u64)?;
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::file("the file is empty: it holds no notification"));
    }
    match format {
        Format::Json => parse_json(text, received).map(|n| vec![n]),
        Format::Csv => parse_csv(text, received),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem {
            line: Some(line),
            field: None,
            reason: format!(
                "is not UTF-8 text: the byte at offset {offset} is not valid UTF-8 (save the file as UTF-8)"
            ),
        }
    })
}

fn parse_json(text: &str, received: DateTime<Utc>) -> Result<Incoming, Problem> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Problem {
        line: Some(e.line().max(1)),
        field: None,
        reason: format!("not valid JSON: {e}"),
    })?;
    let Some(object) = value.as_object() else {
        return Err(Problem {
            line: Some(1),
            field: None,
            reason: "a notification file holds one JSON object".into(),
        });
    };
    let line_of = |key: &str| key_line(text, key).unwrap_or(1);
    let mut fields = Vec::new();
    for (key, v) in object {
        if !FIELDS.contains(&key.as_str()) {
            return Err(Problem::at(
                line_of(key),
                FieldError::field(
                    key,
                    format!(
                        "is not a field of a notification (its fields: {})",
                        FIELDS.join(", ")
                    ),
                ),
            ));
        }
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => fields.push((key.as_str(), s.clone())),
            other => {
                return Err(Problem::at(
                    line_of(key),
                    FieldError::field(key, format!("must be a string, not {other}")),
                ))
            }
        }
    }
    incoming(&fields, received).map_err(|e| {
        let line = e.field.as_deref().map_or(1, line_of);
        Problem::at(line, e)
    })
}

/// The line a key of the object is written on (for a refusal to point at).
fn key_line(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let at = text.find(&quoted)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// Checks one notification's fields (name, value pairs) and gives its id.
fn incoming(fields: &[(&str, String)], received: DateTime<Utc>) -> Result<Incoming, FieldError> {
    let mut raw = RawEvent::default();
    let mut replaced = Vec::new();
    for (name, value) in fields {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let free_text = crate::record::schema::FREE_TEXT.contains(name);
        let value = match crate::record::characters::replace_controls(value, free_text) {
            Some(clean) => {
                replaced.push(name.to_string());
                clean
            }
            None => value.to_string(),
        };
        let slot = match *name {
            "police_force" => &mut raw.police_force,
            "police_ref" => &mut raw.police_ref,
            "reported_at" => &mut raw.reported_at,
            "name" => &mut raw.name,
            "dob" => &mut raw.dob,
            "address" => &mut raw.address,
            "placement" => &mut raw.placement,
            "last_seen_at" => &mut raw.last_seen_at,
            "last_seen_location" => &mut raw.last_seen_location,
            "risk" => &mut raw.risk,
            "circumstances" => &mut raw.circumstances,
            "reported_by" => &mut raw.reported_by,
            other => return Err(FieldError::field(other, "is not a field of a notification")),
        };
        *slot = Some(value);
    }
    for field in REQUIRED {
        if !fields
            .iter()
            .any(|(n, v)| n == field && !v.trim().is_empty())
        {
            return Err(FieldError::field(
                field,
                "is required and missing (or blank)",
            ));
        }
    }
    let details = raw.notification_details(received)?;
    Ok(Incoming {
        line: 0,
        notification: notification_id(
            &details.police_force,
            &details.police_ref,
            details.reported_at,
        ),
        details,
        replaced,
    })
}

fn parse_csv(text: &str, received: DateTime<Utc>) -> Result<Vec<Incoming>, Problem> {
    let mut records = super::csv::records(text).map_err(|(line, reason)| Problem {
        line: Some(line),
        field: None,
        reason,
    })?;
    records.retain(|r| !r.cells.iter().all(|c| c.trim().is_empty()));
    let Some(header) = records.first() else {
        return Err(Problem::file("the file is empty: it holds no notification"));
    };
    let columns: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    for (i, name) in columns.iter().enumerate() {
        if !FIELDS.contains(&name.as_str()) {
            return Err(Problem::at(
                header.line,
                FieldError::field(
                    name,
                    format!(
                        "column {} of the header is not a field of a notification (its fields: {})",
                        i + 1,
                        FIELDS.join(", ")
                    ),
                ),
            ));
        }
        if columns[..i].contains(name) {
            return Err(Problem::at(
                header.line,
                FieldError::field(name, "is named twice in the header"),
            ));
        }
    }
    for field in REQUIRED {
        if !columns.iter().any(|c| c == field) {
            return Err(Problem::at(
                header.line,
                FieldError::field(field, "is required but the header has no such column"),
            ));
        }
    }
    let mut out = Vec::new();
    for row in &records[1..] {
        if row.cells.len() != columns.len() {
            return Err(Problem::at(
                row.line,
                FieldError::general(format!(
                    "has {} columns; the header has {}",
                    row.cells.len(),
                    columns.len()
                )),
            ));
        }
        let fields: Vec<(&str, String)> = columns
            .iter()
            .map(String::as_str)
            .zip(row.cells.iter().cloned())
            .collect();
        let mut n = incoming(&fields, received).map_err(|e| Problem::at(row.line, e))?;
        n.line = row.line;
        out.push(n);
    }
    if out.is_empty() {
        return Err(Problem::file(
            "holds a header but no notification (one notification a row)",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-03-02T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_json_problem_names_the_line_of_the_field() {
        let text = "{\n  \"police_force\": \"Cumbria\",\n  \"police_ref\": \"CC-1\",\n  \"reported_at\": \"2026-03-02T09:00:00Z\",\n  \"name\": \"Amy Smith\",\n  \"dob\": \"2099-01-01\",\n  \"last_seen_at\": \"2026-03-02T08:00:00Z\",\n  \"risk\": \"High\"\n}";
        let problem = parse(Format::Json, text.as_bytes(), now()).unwrap_err();
        assert_eq!(problem.line, Some(6));
        assert_eq!(problem.field.as_deref(), Some("dob"));
        assert!(problem.reason.contains("future"), "{problem}");
    }

    #[test]
    fn a_file_cut_short_by_its_writer_is_told_from_one_that_is_wrong() {
        let json = br#"{"police_force": "Cumbria", "police_ref": "CC-1""#;
        assert!(cut_short(Format::Json, json));
        assert!(cut_short(Format::Json, b""));
        assert!(!cut_short(
            Format::Json,
            br#"{"police_force": "Cumbria" "x": 1}"#
        ));
        let header = "police_force,police_ref,reported_at,name,dob,last_seen_at,risk\n";
        assert!(cut_short(
            Format::Csv,
            format!("{header}Cumbria,CC-1,2026-03").as_bytes()
        ));
        assert!(cut_short(
            Format::Csv,
            format!("{header}Cumbria,\"CC\n").as_bytes()
        ));
        assert!(!cut_short(
            Format::Csv,
            format!("{header}Cumbria,CC-1\n").as_bytes()
        ));
        assert!(cut_short(
            Format::Csv,
            "Jordan Ó".as_bytes().split_last().unwrap().1
        ));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_header() {
        let text = "\u{feff}police_force,police_ref,reported_at,name,dob,last_seen_at,risk\nCumbria,CC-1,2026-03-02T09:00:00Z,Amy Smith,2012-01-01,2026-03-02T08:00:00Z,high\n";
        let got = parse(Format::Csv, text.as_bytes(), now()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].line, 2);
    }
}
