//! The machine-readable outputs (`--format json`): instants in RFC 3339 UTC to the
//! second and states in their contract spelling, whatever the Rust types print.

use crate::board::Board;
use chrono::{DateTime, Utc};

pub fn due_json(i: &crate::procedures::RuleInstance, policy: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(i).expect("serialisable");
    let obj = v.as_object_mut().expect("an object");
    obj.insert("policy".into(), policy.into());
    obj.insert("state".into(), i.state.as_str().into());
    to_seconds(
        obj,
        &[
            "opens_at",
            "due_at",
            "escalates_at",
            "resolved_at",
            "closed_at",
        ],
    );
    v
}

/// Instants in JSON output as RFC 3339 UTC to the second, as the contract shows them.
fn to_seconds(obj: &mut serde_json::Map<String, serde_json::Value>, keys: &[&str]) {
    for key in keys {
        let parsed = obj
            .get(*key)
            .and_then(|t| t.as_str())
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        if let Some(t) = parsed {
            obj.insert(
                (*key).into(),
                crate::calendar::time::rfc(t.with_timezone(&Utc)).into(),
            );
        }
    }
}

pub fn board_json(board: &Board) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = board
        .rows
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).expect("serialisable");
            let obj = v.as_object_mut().expect("an object");
            obj.insert("next_state".into(), r.next_state.map(|s| s.as_str()).into());
            to_seconds(
                obj,
                &[
                    "missing_since",
                    "reported_at",
                    "returned_at",
                    "next_due_at",
                    "next_opens_at",
                ],
            );
            v
        })
        .collect();
    serde_json::Value::Array(rows)
}
