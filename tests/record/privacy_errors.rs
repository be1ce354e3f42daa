//! Review D14: with privacy mode on, an error message names the line and the field
//! that is wrong but never echoes the value (a child's name in the wrong field, a
//! column shifted in a police CSV), whether it comes from `import`, from `triage scan`,
//! from the reason file in `rejected/` or from the refusal the record keeps for every
//! board. The name is a marker no other text contains.

use crate::support::bin;
use std::path::Path;

const NAME: &str = "Zqf9 Wqs9";
const CHILD: &str = r#"{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C7","name":"A B","dob":"2011-01-01","status":"looked_after"}"#;

/// Lines each with the name where another value belongs, and the field it is in.
fn misplaced() -> Vec<(String, &'static str)> {
    let episode = |field: &str| {
        let mut v: serde_json::Value = serde_json::from_str(r#"{"type":"episode_reported","at":"2026-01-05T10:00:00Z","episode":"E1","child":"C7","last_seen_at":"2026-01-05T08:00:00Z","category":"missing","risk":"high"}"#).unwrap();
        v[field] = NAME.into();
        format!("{CHILD}\n{v}")
    };
    let child = |field: &str, value: serde_json::Value| {
        let mut v: serde_json::Value = serde_json::from_str(CHILD).unwrap();
        v[field] = value;
        v.to_string()
    };
    vec![
        (child("dob", NAME.into()), "dob"),
        (child("status", NAME.into()), "status"),
        (child("at", NAME.into()), "at"),
        (child("type", NAME.into()), "type"),
        (child("flags", serde_json::json!([NAME])), "flags"),
        (episode("risk"), "risk"),
        (episode("category"), "category"),
        (episode("child"), "child"),
    ]
}

#[test]
fn with_privacy_on_a_refused_import_names_the_field_but_never_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    bin::succeeds(&db, "T", &["init", "--policy", "cumbria"], None);
    for (lines, field) in misplaced() {
        let out = bin::dutyboard(&db, "T", &["--privacy", "import", "-"], Some(&lines));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{lines}\n{stderr}");
        assert!(
            stderr.contains(&format!("field `{field}`")),
            "the refusal names the field: {stderr}"
        );
        assert!(
            !stderr.contains("Zqf9") && !stderr.contains("Wqs9"),
            "the name is echoed for `{field}`: {stderr}"
        );
        // Without privacy the importer is shown what was wrong.
        let plain = bin::dutyboard(&db, "T", &["import", "-"], Some(&lines));
        assert!(String::from_utf8_lossy(&plain.stderr).contains(NAME));
    }
}

#[test]
fn a_police_csv_with_a_shifted_column_is_refused_without_echoing_the_name_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    bin::succeeds(&db, "T", &["init", "--policy", "cumbria"], None);
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // The name under `dob`, the date of birth under `name`: one column shifted.
    std::fs::write(
        inbox.join("shift.csv"),
        format!(
            "police_force,police_ref,reported_at,dob,name,last_seen_at,risk\n\
             Cumbria Constabulary,CC-9,2026-03-02T21:00:00Z,{NAME},2011-04-12,2026-03-02T18:30:00Z,High\n"
        ),
    )
    .unwrap();
    let file = std::fs::File::options()
        .append(true)
        .open(inbox.join("shift.csv"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(10))
        .unwrap();
    let scan = bin::succeeds(&db, "T", &["--privacy", "triage", "scan"], None);
    let said = String::from_utf8_lossy(&scan.stdout);
    assert!(said.contains("rejected shift.csv"), "{said}");
    assert!(
        said.contains("field `dob`"),
        "the refusal names the field: {said}"
    );
    let reason =
        std::fs::read_to_string(Path::new(&inbox).join("rejected/shift.csv.reason.txt")).unwrap();
    let list = bin::succeeds(&db, "T", &["--privacy", "triage", "list", "--all"], None);
    let listed = String::from_utf8_lossy(&list.stdout);
    for (what, text) in [
        ("scan", &*said),
        ("reason file", &reason),
        ("triage list", &listed),
    ] {
        assert!(
            !text.contains("Zqf9") && !text.contains("Wqs9"),
            "the {what} echoes the name: {text}"
        );
    }
}
