//! The DfE SSDA903 "Missing" table for the collection year ending 31 March 2026
//! (1 April 2025 to 31 March 2026, London dates), worked out by hand:
//! - C1: E0 (1-5 Mar 2025) ended before the year: left out. E1 (30 Mar - 2 Apr 2025)
//!   overlaps the year: kept with its real dates. E2 is an absence: `A`. E3 was last
//!   seen at 23:30 UTC on 31 March 2026, 00:30 BST on 1 April: after the year.
//! - C2: E4 from 20 Mar 2026, still open: empty MIS_END.
//! - C3 is a child in need, not looked after: left out.
//! - C4: E6 (missing 1-5 Sep) and E7 (absent 3-8 Sep) overlap: one period 1-8 Sep,
//!   `M`. E8 starts on 8 Sep, the day that ended: a period of its own.
//! - C5: E9 from 30 Mar 2026, back on 2 April 2026, after the year end: MIS_END empty.

use crate::support::bin;

const RECORD: &str = r#"{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Admin","child":"C1","name":"Amy Brown","dob":"2010-01-01","status":"looked_after"}
{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Admin","child":"C2","name":"Ben Cole","dob":"2012-05-05","status":"looked_after"}
{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Admin","child":"C3","name":"Cara Dunn","dob":"2011-02-02","status":"child_in_need"}
{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Admin","child":"C4","name":"Dev Ellis","dob":"2011-11-11","status":"looked_after"}
{"type":"child_registered","at":"2025-01-01T09:00:00Z","by":"Admin","child":"C5","name":"Eve Ford","dob":"2013-03-03","status":"looked_after"}
{"type":"episode_reported","at":"2025-03-01T12:00:00Z","by":"Duty","episode":"E0","child":"C1","last_seen_at":"2025-03-01T10:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2025-03-05T12:00:00Z","by":"Duty","episode":"E0"}
{"type":"episode_reported","at":"2025-03-30T12:00:00Z","by":"Duty","episode":"E1","child":"C1","last_seen_at":"2025-03-30T10:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2025-04-02T12:00:00Z","by":"Duty","episode":"E1"}
{"type":"episode_reported","at":"2025-06-10T09:00:00Z","by":"Duty","episode":"E2","child":"C1","last_seen_at":"2025-06-10T08:00:00Z","category":"absent","risk":"medium"}
{"type":"child_returned","at":"2025-06-10T20:00:00Z","by":"Duty","episode":"E2"}
{"type":"episode_reported","at":"2025-07-01T09:00:00Z","by":"Duty","episode":"E5","child":"C3","last_seen_at":"2025-07-01T08:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2025-07-02T09:00:00Z","by":"Duty","episode":"E5"}
{"type":"episode_reported","at":"2025-09-01T12:00:00Z","by":"Duty","episode":"E6","child":"C4","last_seen_at":"2025-09-01T10:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2025-09-05T10:00:00Z","by":"Duty","episode":"E6"}
{"type":"episode_reported","at":"2025-09-06T09:00:00Z","by":"Duty","episode":"E7","child":"C4","last_seen_at":"2025-09-03T10:00:00Z","category":"absent","risk":"medium"}
{"type":"child_returned","at":"2025-09-08T10:00:00Z","by":"Duty","episode":"E7"}
{"type":"episode_reported","at":"2025-09-08T21:00:00Z","by":"Duty","episode":"E8","child":"C4","last_seen_at":"2025-09-08T20:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2025-09-09T10:00:00Z","by":"Duty","episode":"E8"}
{"type":"episode_reported","at":"2026-03-20T09:00:00Z","by":"Duty","episode":"E4","child":"C2","last_seen_at":"2026-03-20T08:00:00Z","category":"missing","risk":"medium"}
{"type":"episode_reported","at":"2026-03-30T09:00:00Z","by":"Duty","episode":"E9","child":"C5","last_seen_at":"2026-03-30T08:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2026-04-02T09:00:00Z","by":"Duty","episode":"E9"}
{"type":"episode_reported","at":"2026-04-01T00:00:00Z","by":"Duty","episode":"E3","child":"C1","last_seen_at":"2026-03-31T23:30:00Z","category":"missing","risk":"medium"}
"#;

const EXPECTED: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END
C1,01/01/2010,M,30/03/2025,02/04/2025
C1,01/01/2010,A,10/06/2025,10/06/2025
C2,05/05/2012,M,20/03/2026,
C4,11/11/2011,M,01/09/2025,08/09/2025
C4,11/11/2011,M,08/09/2025,09/09/2025
C5,03/03/2013,M,30/03/2026,
";

fn dutyboard(db: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    bin::dutyboard(std::path::Path::new(db), "test", args, stdin)
}

#[test]
fn the_missing_table_keeps_looked_after_children_merges_overlaps_and_leaves_open_periods_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("903.db");
    let db = db.to_str().unwrap();
    assert!(dutyboard(db, &["init", "--policy", "medway"], None)
        .status
        .success());
    let imported = dutyboard(db, &["import", "-"], Some(RECORD));
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let out = dutyboard(
        db,
        &[
            "export",
            "ssda903",
            "--year",
            "2026",
            "--at",
            "2026-06-01T00:00:00Z",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), EXPECTED);
}
