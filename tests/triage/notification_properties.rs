//! The notification parser meets whatever a folder is given: arbitrary bytes and
//! near-valid notifications never make it panic, and every refusal says why.

use chrono::{DateTime, Utc};
use dutyboard::triage::notification::{parse, Format, FIELDS};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    "2026-03-02T23:59:00Z".parse().unwrap()
}

fn check(format: Format, bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(problem) = parse(format, bytes, now()) {
        prop_assert!(
            !problem.reason.trim().is_empty(),
            "empty refusal for {bytes:?}"
        );
        prop_assert!(!problem.to_string().trim().is_empty());
    }
    Ok(())
}

/// Values a field might hold: right, nearly right, wrong type, or rubbish.
fn value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::json!("2026-03-02T21:00:00Z")),
        Just(serde_json::json!("2026-02-30T21:00:00Z")),
        Just(serde_json::json!("2011-04-12")),
        Just(serde_json::json!("2099-01-01")),
        Just(serde_json::json!("high")),
        Just(serde_json::json!("No apparent risk")),
        Just(serde_json::json!("")),
        Just(serde_json::json!(null)),
        Just(serde_json::json!(42)),
        Just(serde_json::json!(["a"])),
        Just(serde_json::json!({"a": 1})),
        ".{0,20}".prop_map(serde_json::Value::String),
    ]
}

fn near_valid() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        prop::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
        "[a-z_]{1,12}",
    ];
    prop::collection::btree_map(key, value(), 0..14).prop_map(|fields| {
        let mut base = serde_json::json!({
            "police_force": "Cumbria", "police_ref": "CC-1",
            "reported_at": "2026-03-02T21:00:00Z", "name": "Amy Smith",
            "dob": "2011-04-12", "last_seen_at": "2026-03-02T18:30:00Z", "risk": "medium"
        });
        for (k, v) in fields {
            base[k] = v;
        }
        base
    })
}

/// 10,000 cases a property in CI; `PROPTEST_CASES=N` for a longer run (docs/FUZZING.md).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_are_refused_with_a_reason_or_read(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(Format::Json, &bytes)?;
        check(Format::Csv, &bytes)?;
    }

    #[test]
    fn near_valid_notifications_are_refused_with_a_reason_or_read(n in near_valid(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&n) } else { serde_json::to_string(&n) }.unwrap();
        check(Format::Json, text.as_bytes())?;
        // The same fields as a CSV file (a header and one row), values as text.
        let obj = n.as_object().unwrap();
        let header: Vec<&str> = obj.keys().map(String::as_str).collect();
        let row: Vec<String> = obj.values().map(|v| match v {
            serde_json::Value::String(s) => format!("\"{}\"", s.replace('"', "\"\"")),
            other => other.to_string(),
        }).collect();
        let csv = format!("{}\n{}\n", header.join(","), row.join(","));
        check(Format::Csv, csv.as_bytes())?;
    }
}
