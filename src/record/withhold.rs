//! What an error message must not repeat (review D14): the values of the input it
//! refuses. A child's name typed into the wrong field (`dob`, `status`, a shifted CSV
//! column) would otherwise be echoed by the refusal. The line and the field are kept,
//! so the sender can still find what to put right.

/// The words put where a value was.
pub const WITHHELD: &str = "(value withheld)";

/// `message` with every value of `values` (two characters or more) it quotes replaced
/// by [`WITHHELD`], the longest first.
pub fn withhold(message: &str, values: &[String]) -> String {
    let mut values: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| v.chars().count() >= 2 && !known_word(v))
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    // Messages quote a value in backticks (`Amy Smith` is not a date): those quotes
    // go, and the message's own words stay even when a value repeats them.
    let mut out = message.to_string();
    for v in values {
        let quoted = format!("`{v}`");
        if out.contains(&quoted) {
            out = out.replace(&quoted, &format!("`{WITHHELD}`"));
        }
    }
    out
}

/// A word of the format itself (an event type, a field, a vocabulary word) or a date:
/// never a child's name, and withholding it would only blur the message.
fn known_word(v: &str) -> bool {
    use super::vocab::{Category, Flag, Risk, Status};
    // A date, a time or a number: no name is written without letters.
    v.chars()
        .all(|c| !c.is_alphabetic() || c == 'T' || c == 'Z')
        || super::schema::EVENT_TYPES.contains(&v)
        || super::schema::RAW_FIELDS.iter().any(|(name, _)| *name == v)
        || Status::parse(v).is_ok()
        || Flag::parse(v).is_ok()
        || Category::parse(v).is_ok()
        || Risk::parse(v).is_ok()
}

/// Every string in a line of JSON (nested ones too), or none if it is not JSON.
pub fn json_values(line: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
        walk(&v, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_the_wrong_field_is_withheld_and_the_field_kept() {
        let values = json_values(r#"{"type":"child_registered","dob":"Amy Smith","tags":["Amy"]}"#);
        assert_eq!(
            withhold("`Amy Smith` is not a date in the form YYYY-MM-DD", &values),
            "`(value withheld)` is not a date in the form YYYY-MM-DD"
        );
    }
}
