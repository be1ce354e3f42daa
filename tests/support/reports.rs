//! The small Medway caseload the daily report and statistics tests share: four
//! children, eight episodes between January and April 2026. Each test file works
//! out its expected figures from it by hand, in its header comment.
#![allow(dead_code)]

use super::t;
use chrono::{DateTime, Utc};
use dutyboard::procedures::Policy;
use dutyboard::record::{import, Store};

/// `record` (JSON Lines) in a temporary Medway database created at the start of
/// 2026 and imported at `now`.
pub fn medway_store(record: &str, now: DateTime<Utc>) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy::shipped("medway").unwrap();
    let mut store = Store::create(&dir.path().join("record.db")).unwrap();
    store
        .initialise(&policy.name, &policy.text, t("2026-01-01T00:00:00Z"))
        .unwrap();
    import::import(&mut store, record.trim().as_bytes(), &policy, "test", now).unwrap();
    (dir, store)
}

/// [`RECORD`] on disk, imported at `now`: the folder and the database's path.
pub fn medway_record(now: DateTime<Utc>) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, store) = medway_store(RECORD, now);
    drop(store);
    let path = dir.path().join("record.db");
    (dir, path)
}

pub const RECORD: &str = r#"
{"type":"child_registered","at":"2026-01-01T09:00:00Z","by":"Admin","child":"C1","name":"Amy Brown","dob":"2010-01-01","status":"looked_after","allocated_worker":"Kim Worker"}
{"type":"child_registered","at":"2026-01-01T09:00:00Z","by":"Admin","child":"C2","name":"Ben Cole","dob":"2011-02-02","status":"child_in_need","allocated_worker":"Lee Social, \"Team B\""}
{"type":"child_registered","at":"2026-01-01T09:00:00Z","by":"Admin","child":"C3","name":"Cara <Dunn>","dob":"2012-03-03","status":"looked_after"}
{"type":"child_registered","at":"2026-01-01T09:00:00Z","by":"Admin","child":"C4","name":"Dev Ellis","dob":"2013-04-04","status":"child_protection"}
{"type":"episode_reported","at":"2026-01-20T10:00:00Z","by":"Duty","episode":"E1","child":"C1","last_seen_at":"2026-01-20T09:00:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-01-20T10:30:00Z","by":"Duty","episode":"E1","rule":"need_to_know"}
{"type":"child_returned","at":"2026-01-20T20:00:00Z","by":"Duty","episode":"E1"}
{"type":"action_completed","at":"2026-01-20T21:00:00Z","by":"Duty","episode":"E1","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-01-20T21:00:00Z","by":"Duty","episode":"E1","rule":"notify_return"}
{"type":"action_completed","at":"2026-01-21T10:00:00Z","by":"Duty","episode":"E1","rule":"return_home_interview"}
{"type":"episode_reported","at":"2026-03-02T10:00:00Z","by":"Duty","episode":"E2","child":"C1","last_seen_at":"2026-03-02T08:00:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-03-02T11:00:00Z","by":"Duty","episode":"E2","rule":"need_to_know"}
{"type":"child_returned","at":"2026-03-02T14:00:00Z","by":"Duty","episode":"E2"}
{"type":"action_completed","at":"2026-03-02T15:00:00Z","by":"Duty","episode":"E2","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-03-02T15:00:00Z","by":"Duty","episode":"E2","rule":"notify_return"}
{"type":"action_completed","at":"2026-03-04T10:00:00Z","by":"Worker","episode":"E2","rule":"return_home_interview"}
{"type":"episode_reported","at":"2026-03-05T20:00:00Z","by":"Duty","episode":"E4","child":"C2","last_seen_at":"2026-03-05T18:00:00Z","category":"missing","risk":"medium"}
{"type":"child_returned","at":"2026-03-06T06:00:00Z","by":"Duty","episode":"E4"}
{"type":"action_completed","at":"2026-03-06T07:00:00Z","by":"Duty","episode":"E4","rule":"safe_and_well_check"}
{"type":"rhi_attempt","at":"2026-03-06T10:00:00Z","by":"Worker","episode":"E4"}
{"type":"rhi_attempt","at":"2026-03-06T14:00:00Z","by":"Worker","episode":"E4"}
{"type":"rhi_attempt","at":"2026-03-07T10:00:00Z","by":"Worker","episode":"E4"}
{"type":"rhi_attempt","at":"2026-03-07T14:00:00Z","by":"Worker","episode":"E4"}
{"type":"rhi_declined","at":"2026-03-07T15:00:00Z","by":"Worker","episode":"E4"}
{"type":"episode_reported","at":"2026-03-10T10:00:00Z","by":"Duty","episode":"E3","child":"C1","last_seen_at":"2026-03-10T06:00:00Z","category":"missing","risk":"high"}
{"type":"action_completed","at":"2026-03-10T12:00:00Z","by":"Duty","episode":"E3","rule":"need_to_know"}
{"type":"action_completed","at":"2026-03-12T09:00:00Z","by":"Duty","episode":"E3","rule":"strategy_meeting"}
{"type":"action_completed","at":"2026-03-12T09:00:00Z","by":"Duty","episode":"E3","rule":"head_of_service_notified"}
{"type":"action_completed","at":"2026-03-12T10:00:00Z","by":"Duty","episode":"E3","rule":"professionals_meeting"}
{"type":"child_returned","at":"2026-03-13T06:00:00Z","by":"Duty","episode":"E3"}
{"type":"action_completed","at":"2026-03-13T07:00:00Z","by":"Duty","episode":"E3","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-03-13T07:00:00Z","by":"Duty","episode":"E3","rule":"notify_return"}
{"type":"action_completed","at":"2026-03-16T07:00:00Z","by":"Worker","episode":"E3","rule":"return_home_interview"}
{"type":"episode_reported","at":"2026-03-20T09:00:00Z","by":"Duty","episode":"E5","child":"C3","last_seen_at":"2026-03-20T08:00:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-03-21T10:00:00Z","by":"Duty","episode":"E5","rule":"need_to_know"}
{"type":"child_returned","at":"2026-03-22T02:00:00Z","by":"Duty","episode":"E5"}
{"type":"action_completed","at":"2026-03-22T03:00:00Z","by":"Duty","episode":"E5","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-03-22T03:00:00Z","by":"Duty","episode":"E5","rule":"notify_return"}
{"type":"episode_reported","at":"2026-03-28T12:00:00Z","by":"Duty","episode":"E7","child":"C2","last_seen_at":"2026-03-28T11:00:00Z","category":"missing","risk":"high"}
{"type":"action_completed","at":"2026-03-30T15:00:00Z","by":"Duty","episode":"E7","rule":"strategy_meeting"}
{"type":"episode_reported","at":"2026-03-31T23:30:00Z","by":"Duty","episode":"E6","child":"C4","last_seen_at":"2026-03-31T22:00:00Z","category":"missing","risk":"medium"}
{"type":"episode_reported","at":"2026-04-01T01:00:00Z","by":"Duty","episode":"E8","child":"C3","last_seen_at":"2026-04-01T00:00:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-04-01T02:00:00Z","by":"Duty","episode":"E8","rule":"need_to_know"}
{"type":"child_returned","at":"2026-04-01T05:00:00Z","by":"Duty","episode":"E8"}
{"type":"action_completed","at":"2026-04-01T06:00:00Z","by":"Duty","episode":"E8","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-04-01T06:00:00Z","by":"Duty","episode":"E8","rule":"notify_return"}
{"type":"action_completed","at":"2026-04-01T09:00:00Z","by":"Worker","episode":"E8","rule":"return_home_interview"}
"#;
