//! Bad input at volume: the event parser and the batch check, fed arbitrary bytes,
//! arbitrary JSON, and events that are right but for one field (dropped, retyped,
//! replaced, or a field no event has). Whatever comes in, nothing panics, and every
//! refusal says where (the line, and the field where one is to blame) and why; a
//! refused batch stores nothing.
//!
//! 10,000 cases per property by default; `PROPTEST_CASES=N` runs more (or fewer):
//! see docs/FUZZING.md for the long run and the cargo-fuzz target.

use crate::support::*;
use chrono::Utc;
use dutyboard::procedures::Policy;
use dutyboard::record::import::{check_batch, parse_lines, parse_one, Refusal};
use dutyboard::record::Store;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        // A failure is replayed from the regressions file, not searched for again.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// A small record valid under Cumbria's procedure: a child, then an episode from
/// report to return. Every event carries an id, so an id can be mutated too.
fn valid_record() -> Vec<Value> {
    vec![
        with(child("C1", "2011-04-12", "looked_after"), "id", "c1"),
        with(
            reported("E1", "C1", "2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z"),
            "id",
            "e1",
        ),
        with(
            police_informed("E1", "2026-03-02T09:30:00Z", "P-1"),
            "id",
            "e1p",
        ),
        with(update("E1", "2026-03-02T12:00:00Z"), "id", "e1u"),
        with(
            risk_changed("E1", "2026-03-02T13:00:00Z", "high"),
            "id",
            "e1k",
        ),
        with(returned("E1", "2026-03-03T10:00:00Z"), "id", "e1b"),
    ]
}

/// What one line's mutation did, so the refusal can be held to naming it.
#[derive(Debug, Clone)]
enum Mutation {
    Drop(String),
    Retype(String, Value),
    Replace(String, String),
    Unknown(String, Value),
}

impl Mutation {
    /// The field a refusal must name, if the mutation was refused. A changed `type`
    /// makes a different event whose own fields are then at fault, so it names none.
    fn blamed_field(&self) -> Option<&str> {
        match self {
            Mutation::Drop(f) | Mutation::Retype(f, _) | Mutation::Replace(f, _) if f != "type" => {
                Some(f)
            }
            Mutation::Unknown(f, _) => Some(f),
            _ => None,
        }
    }

    fn apply(&self, event: &Value) -> Value {
        let mut obj = event.as_object().cloned().unwrap_or_default();
        match self {
            Mutation::Drop(f) => {
                obj.remove(f);
            }
            Mutation::Retype(f, v) => {
                obj.insert(f.clone(), v.clone());
            }
            Mutation::Replace(f, s) => {
                obj.insert(f.clone(), Value::String(s.clone()));
            }
            Mutation::Unknown(f, v) => {
                obj.insert(f.clone(), v.clone());
            }
        }
        Value::Object(obj)
    }
}

/// A JSON value of any shape, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,20}".prop_map(Value::String),
        // Strings the parser has opinions about: instants, dates, vocabulary.
        prop::sample::select(vec![
            "2026-03-02T09:00:00Z",
            "2026-03-02T09:00:00",
            "2026-02-30",
            "2011-04-12",
            "",
            " ",
            "looked_after",
            "missing",
            "high",
            "episode_reported",
            "E1",
            "C1",
            "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00+14:00",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Mostly the names events use, sometimes any name at all.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "type", "at", "id", "by", "note", "child", "name", "dob", "status", "flags",
            "episode", "last_seen_at", "category", "risk", "police_ref", "text", "rule",
            "reason", "injured", "victim_of_crime", "missing_with", "with", "found_at",
        ])
        .prop_map(str::to_string),
        1 => "[a-z_]{1,12}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let wrong_types = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        Just(json!([])),
        Just(json!(["a", 1])),
        Just(json!({"nested": true})),
    ];
    prop_oneof![
        field_name().prop_map(Mutation::Drop),
        (field_name(), wrong_types).prop_map(|(f, v)| Mutation::Retype(f, v)),
        (field_name(), prop_oneof![".{0,12}", "[0-9T:Z+-]{0,25}"])
            .prop_map(|(f, s)| Mutation::Replace(f, s)),
        ("zz_[a-z]{1,8}", any_json()).prop_map(|(f, v)| Mutation::Unknown(f, v)),
    ]
}

/// Every refusal says why; one tied to a line is within the input.
fn assert_clear(refusals: &[Refusal], lines: usize) -> Result<(), TestCaseError> {
    prop_assert!(!refusals.is_empty(), "a refusal gives at least one reason");
    for r in refusals {
        let text = r.to_string();
        prop_assert!(
            !r.error.reason.trim().is_empty(),
            "an empty reason: {:?}",
            r
        );
        if let Some(line) = r.line {
            prop_assert!(
                (1..=lines.max(1)).contains(&line),
                "line {} of {}",
                line,
                lines
            );
            prop_assert!(text.starts_with(&format!("line {line}: ")), "{}", text);
        }
        if let Some(field) = &r.error.field {
            prop_assert!(text.contains(&format!("field `{field}`")), "{}", text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn arbitrary_bytes_never_panic_and_every_refusal_names_its_line(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let lines = bytes.split(|&b| b == b'\n').count();
        if let Err(refusals) = parse_lines(&bytes, "fuzz") {
            assert_clear(&refusals, lines)?;
        }
    }

    #[test]
    fn arbitrary_json_never_panics_and_a_refusal_says_why(value in any_json()) {
        let text = value.to_string();
        match parse_one(&text, "fuzz") {
            Ok((event, body)) => {
                // Accepted: what is stored reads back as the same event.
                let again = parse_one(&body, "fuzz").map(|(e, _)| e);
                prop_assert_eq!(again.ok(), Some(event));
            }
            Err(e) => prop_assert!(!e.reason.trim().is_empty(), "{:?}", e),
        }
    }

    #[test]
    fn an_event_wrong_in_one_field_is_refused_by_that_field_or_accepted_whole(
        which in 0usize..6,
        m in mutation(),
    ) {
        let record = valid_record();
        let mutated = m.apply(&record[which]);
        match parse_one(&mutated.to_string(), "fuzz") {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(!e.reason.trim().is_empty());
                if let Some(field) = m.blamed_field() {
                    let text = e.to_string();
                    prop_assert!(
                        text.contains(&format!("`{field}`")),
                        "{:?} on {} was refused without naming `{}`: {}",
                        m, record[which], field, text
                    );
                }
            }
        }
    }

    #[test]
    fn a_batch_with_one_event_wrong_is_refused_whole_with_its_line(
        which in 0usize..6,
        m in mutation(),
    ) {
        let policy = Policy::shipped("cumbria").unwrap();
        let mut record = valid_record();
        record[which] = m.apply(&record[which]);
        let input = jsonl(&record);
        let lines = input.split('\n').count();
        let checked = parse_lines(input.as_bytes(), "fuzz")
            .and_then(|batch| check_batch(&[], &batch, &policy, t(WALL_CLOCK)));
        if let Err(refusals) = checked {
            assert_clear(&refusals, lines)?;
        }
    }
}

/// One store for the whole property: cases are cheap, and a refused batch must leave
/// it exactly as it was, case after case.
#[test]
fn a_refused_batch_stores_nothing_whatever_is_wrong_with_it() {
    let policy = Policy::shipped("cumbria").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("fuzz.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, Utc::now())
        .unwrap();
    let mut stored = 0;
    let cell = std::cell::RefCell::new((&mut store, &mut stored));
    let mut runner = proptest::test_runner::TestRunner::new(config(500));
    runner
        .run(&(0usize..6, mutation()), |(which, m)| {
            let mut guard = cell.borrow_mut();
            let (store, stored) = &mut *guard;
            let mut record = valid_record();
            record[which] = m.apply(&record[which]);
            // A new child, episode and ids each case, so an accepted batch is new to
            // the record and a refused one would show as extra rows if any were written.
            let n = **stored;
            let input = jsonl(&record)
                .replace("\"id\":\"", &format!("\"id\":\"{n}-"))
                .replace("\"C1\"", &format!("\"C1-{n}\""))
                .replace("\"E1\"", &format!("\"E1-{n}\""));
            let before = store.count().unwrap();
            match dutyboard::record::import(*store, input.as_bytes(), &policy, "fuzz", Utc::now()) {
                Ok(outcome) => {
                    prop_assert_eq!(store.count().unwrap(), before + outcome.stored.len() as i64);
                }
                Err(e) => {
                    prop_assert!(!e.to_string().trim().is_empty());
                    prop_assert_eq!(store.count().unwrap(), before, "{}", e);
                }
            }
            **stored += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert!(stored > 0);
}
