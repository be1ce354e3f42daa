//! Saying which field of a line serde refused is at fault.

use super::super::event::FieldError;
use super::super::schema::{kind_of, Json};

/// Diagnoses a line serde refused, naming the field at fault where it can. Every
/// field and the kind of value it takes come from [`super::schema::RAW_FIELDS`], so
/// a real field is never called unknown.
pub fn diagnose_json(line: &str, serde_error: &serde_json::Error) -> FieldError {
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return FieldError::general(format!("not valid JSON: {e}")),
    };
    let Some(object) = value.as_object() else {
        return FieldError::general("each line must be one JSON object");
    };
    for (key, v) in object {
        let Some(kind) = kind_of(key) else {
            return FieldError::field(key, "is not a field of any event type");
        };
        if !kind.admits(v) && !v.is_null() {
            // The kind of value, never the value: it may be a child's name in the
            // wrong field, and error messages go to logs and terminals.
            let found = match v {
                serde_json::Value::Bool(_) => "true or false",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Array(_) if kind == Json::Texts => {
                    "an array holding something other than strings"
                }
                serde_json::Value::Array(_) => "an array",
                _ => "an object",
            };
            return FieldError::field(key, format!("must be {}, not {found}", kind.described()));
        }
    }
    FieldError::general(serde_error.to_string())
}
