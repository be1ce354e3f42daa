//! The shift handover (`report handover`): a night shift from 20:00 on Sunday 1 March
//! 2026 to 08:00 on Monday 2 March, under the Cumbria procedure. March 2026 is GMT, so
//! local times equal UTC.
//!
//! The record (every expected time worked out by hand below):
//!
//! - E3, Leo Park (C3, looked after): reported Wed 25 Feb 12:00, last seen 11:00. The
//!   police, parents and IRO were told on the day. The strategy meeting (due Thu 26 Feb
//!   12:00) was held late, at 14:00: a breach, but before the shift. The social worker
//!   and IRO were told of the return (`notify_return`) on the day. Returned Fri 27 Feb 09:00, so the RHI is due Mon 02 Mar 09:00
//!   (+ 72 h). Missing over 24 h (last seen + 24 h = Thu 26 Feb 11:00) opened
//!   `consider_stage_one`, waived in the shift at 06:00 by Sam Duty. The RHI recorded
//!   at 08:30 is after the handover's `--at`, so it is still due.
//! - E2, Alfie Evans (C1, looked after): reported Sun 01 Mar 10:00, high risk; IRO told
//!   police, parents, designated health professionals (high risk) and IRO told, and
//!   strategy meeting held, before the shift. Returned in the shift at 22:30 (Pat
//!   Officer); RHI completed at 07:00 (Chris Worker). The safe and well check and the
//!   return notice to the social worker and IRO (asap from the return, 22:30) are still
//!   not done: DUE NOW.
//! - E1, Jade Smith (C2, child in need): reported Sun 01 Mar 02:00, last seen 00:30,
//!   medium; the police told at 02:10. An update at 19:59 (before the shift). Regraded
//!   MED to HIGH at 23:00 by Pat Officer, which opens `notify_designated_health` then
//!   (asap: DUE NOW); update at 01:00. The strategy meeting was due at Mon 02 Mar 02:00
//!   (reported + 24 h) and was not held: a breach in the shift, acknowledged at 03:10
//!   by Sam Duty. It escalates at + 48 h, Tue 03 Mar 02:00 (not yet). Missing over
//!   24 h from Mon 02 Mar 00:30 opens `consider_stage_one`: DUE NOW. The need-to-know
//!   report and Lead Member notification open at last seen + 48 h, Tue 03 Mar 00:30:
//!   beyond the 12 hours.
//! - E4, Mia Quinn (C4, looked after): reported in the shift at 21:15 by Pat Officer,
//!   last seen 20:40, with a police reference (the police told us). The IRO and the
//!   parents must be told (asap from 21:15: DUE NOW); the strategy
//!   meeting is due Mon 02 Mar 21:15, and `consider_stage_one` opens at 20:40, both
//!   after 20:00, the end of the 12 hours: not listed.
//!
//! So at 08:00 the next 12 hours (to 20:00) hold, most urgent first: E1 strategy
//! meeting (OVERDUE 6h 00m), then the six DUE NOW by how long they have been open (E4
//! IRO and parents 21:15, E2 return notice and safe and well 22:30, E1 designated
//! health 23:00, E1 consider stage one 00:30; ties by rule id), then E3 RHI due 09:00
//! (in 1h 00m).

use crate::support::t;
use dutyboard::calendar::Calendar;
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{import, state_at, EventLog, Store};
use dutyboard::render::{json, markdown};
use dutyboard::tui::theme::Theme;
use dutyboard::views::handover::{build, EntryKind, Handover};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const RECORD: &str = r#"
{"type":"child_registered","at":"2026-02-01T09:00:00Z","by":"Admin","child":"C1","name":"Alfie Evans","dob":"2011-05-01","status":"looked_after"}
{"type":"child_registered","at":"2026-02-01T09:00:00Z","by":"Admin","child":"C2","name":"Jade Smith","dob":"2010-02-03","status":"child_in_need"}
{"type":"child_registered","at":"2026-02-01T09:00:00Z","by":"Admin","child":"C3","name":"Leo Park","dob":"2013-06-01","status":"looked_after"}
{"type":"child_registered","at":"2026-02-01T09:00:00Z","by":"Admin","child":"C4","name":"Mia Quinn","dob":"2012-09-09","status":"looked_after"}
{"type":"episode_reported","at":"2026-02-25T12:00:00Z","by":"Day Officer","episode":"E3","child":"C3","last_seen_at":"2026-02-25T11:00:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-02-25T12:10:00Z","by":"Day Officer","episode":"E3","rule":"report_to_police"}
{"type":"action_completed","at":"2026-02-25T12:20:00Z","by":"Day Officer","episode":"E3","rule":"notify_parents"}
{"type":"action_completed","at":"2026-02-25T13:00:00Z","by":"Day Officer","episode":"E3","rule":"notify_iro"}
{"type":"action_completed","at":"2026-02-26T14:00:00Z","by":"Day Officer","episode":"E3","rule":"strategy_meeting"}
{"type":"child_returned","at":"2026-02-27T09:00:00Z","by":"Day Officer","episode":"E3","location_found":"Carlisle station"}
{"type":"action_completed","at":"2026-02-27T10:00:00Z","by":"Day Officer","episode":"E3","rule":"safe_and_well_check"}
{"type":"action_completed","at":"2026-02-27T10:05:00Z","by":"Day Officer","episode":"E3","rule":"notify_return"}
{"type":"episode_reported","at":"2026-03-01T02:00:00Z","by":"Day Officer","episode":"E1","child":"C2","last_seen_at":"2026-03-01T00:30:00Z","category":"missing","risk":"medium"}
{"type":"action_completed","at":"2026-03-01T02:10:00Z","by":"Day Officer","episode":"E1","rule":"report_to_police"}
{"type":"episode_reported","at":"2026-03-01T10:00:00Z","by":"Day Officer","episode":"E2","child":"C1","last_seen_at":"2026-03-01T09:00:00Z","category":"missing","risk":"high"}
{"type":"action_completed","at":"2026-03-01T10:10:00Z","by":"Day Officer","episode":"E2","rule":"report_to_police"}
{"type":"action_completed","at":"2026-03-01T10:20:00Z","by":"Day Officer","episode":"E2","rule":"notify_parents"}
{"type":"action_completed","at":"2026-03-01T10:30:00Z","by":"Day Officer","episode":"E2","rule":"notify_designated_health"}
{"type":"action_completed","at":"2026-03-01T11:00:00Z","by":"Day Officer","episode":"E2","rule":"notify_iro"}
{"type":"action_completed","at":"2026-03-01T16:00:00Z","by":"Day Officer","episode":"E2","rule":"strategy_meeting"}
{"type":"update_recorded","at":"2026-03-01T19:59:00Z","by":"Day Officer","episode":"E1","text":"Before the shift: phone switched off"}
{"type":"episode_reported","at":"2026-03-01T21:15:00Z","by":"Pat Officer","episode":"E4","child":"C4","last_seen_at":"2026-03-01T20:40:00Z","category":"missing","risk":"medium","police_ref":"CU-4410"}
{"type":"child_returned","at":"2026-03-01T22:30:00Z","by":"Pat Officer","episode":"E2","location_found":"a friend's flat"}
{"type":"risk_changed","at":"2026-03-01T23:00:00Z","by":"Pat Officer","episode":"E1","risk":"high","reason":"Seen getting into a car with an older man"}
{"type":"update_recorded","at":"2026-03-02T01:00:00Z","by":"Pat Officer","episode":"E1","text":"Police searching the retail park"}
{"type":"breach_acknowledged","at":"2026-03-02T03:10:00Z","by":"Sam Duty","episode":"E1","rule":"strategy_meeting","note":"Meeting booked for 09:30"}
{"type":"action_waived","at":"2026-03-02T06:00:00Z","by":"Sam Duty","episode":"E3","rule":"consider_stage_one","reason":"Considered at the strategy meeting"}
{"type":"action_completed","at":"2026-03-02T07:00:00Z","by":"Chris Worker","episode":"E2","rule":"return_home_interview"}
{"type":"action_completed","at":"2026-03-02T08:30:00Z","by":"Day Officer","episode":"E3","rule":"return_home_interview"}
"#;

const SINCE: &str = "2026-03-01T20:00:00Z";
const AT: &str = "2026-03-02T08:00:00Z";
const NOW: &str = "2026-03-02T08:05:00Z";

/// The record in a temporary database.
fn record() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.db");
    let policy = Policy::shipped("cumbria").unwrap();
    let mut store = Store::create(&path).unwrap();
    store
        .initialise(&policy.name, &policy.text, t("2026-02-01T00:00:00Z"))
        .unwrap();
    import::import(
        &mut store,
        RECORD.trim().as_bytes(),
        &policy,
        "test",
        t("2026-03-02T09:00:00Z"),
    )
    .unwrap();
    (dir, path)
}

/// The handover of the night shift, through the library.
fn handover(privacy: bool) -> Handover {
    handover_for(SINCE, AT, privacy)
}

/// The handover for `since` to `at`, as `report handover` builds it.
fn handover_for(since: &str, at: &str, privacy: bool) -> Handover {
    let (_dir, path) = record();
    let store = Store::open(&path).unwrap();
    let policy = Policy::shipped("cumbria").unwrap();
    let (since, at) = (t(since), t(at));
    let mut events = Vec::new();
    store
        .visit(Some(at), &mut |e| {
            if e.event.at > since {
                events.push(e.event)
            }
        })
        .unwrap();
    let state = state_at(&store, Some(at)).unwrap();
    let evaluation = evaluate_scoped(&state, &policy, &Calendar::embedded(), at, Scope::All);
    assert!(evaluation.errors.is_empty());
    let mut h = build(&events, &state, &evaluation, since, at, t(NOW), privacy);
    h.policy = Some("cumbria".into());
    h
}

#[test]
fn the_handover_lists_each_event_of_the_shift_with_who_and_when_in_time_order() {
    let h = handover(false);
    let got: Vec<(String, EntryKind, &str, Option<&str>)> = h
        .events
        .iter()
        .map(|e| {
            (
                dutyboard::calendar::time::rfc(e.at),
                e.kind,
                e.by.as_str(),
                e.episode.as_deref(),
            )
        })
        .collect();
    let want = vec![
        (
            "2026-03-01T21:15:00Z",
            EntryKind::Reported,
            "Pat Officer",
            "E4",
        ),
        (
            "2026-03-01T22:30:00Z",
            EntryKind::Returned,
            "Pat Officer",
            "E2",
        ),
        (
            "2026-03-01T23:00:00Z",
            EntryKind::Regraded,
            "Pat Officer",
            "E1",
        ),
        (
            "2026-03-02T01:00:00Z",
            EntryKind::Update,
            "Pat Officer",
            "E1",
        ),
        (
            "2026-03-02T03:10:00Z",
            EntryKind::Acknowledged,
            "Sam Duty",
            "E1",
        ),
        ("2026-03-02T06:00:00Z", EntryKind::Waived, "Sam Duty", "E3"),
        (
            "2026-03-02T07:00:00Z",
            EntryKind::Completed,
            "Chris Worker",
            "E2",
        ),
    ];
    let want: Vec<(String, EntryKind, &str, Option<&str>)> = want
        .into_iter()
        .map(|(at, k, by, ep)| (at.to_string(), k, by, Some(ep)))
        .collect();
    assert_eq!(got, want);

    let regraded = &h.events[2];
    assert_eq!(regraded.previous_risk.as_deref(), Some("medium"));
    assert_eq!(regraded.risk.as_deref(), Some("high"));
    assert_eq!(regraded.name, "Jade Smith");
    let reported = &h.events[0];
    assert_eq!(reported.child, "C4");
    assert_eq!(reported.last_seen_at, Some(t("2026-03-01T20:40:00Z")));
    let done = &h.events[6];
    assert_eq!(done.rule.as_deref(), Some("return_home_interview"));
    assert_eq!(
        done.title.as_deref(),
        Some("Return home interview (within 72 hours)")
    );
}

#[test]
fn nothing_from_before_the_shift_or_after_the_handover_is_listed() {
    let h = handover(false);
    assert!(h.events.iter().all(|e| e.at > t(SINCE) && e.at <= t(AT)));
    // The 19:59 update, E1's and E2's reports and E3's late meeting are before the shift;
    // E3's RHI at 08:30 is after it.
    assert!(!h.events.iter().any(|e| e
        .text
        .as_deref()
        .is_some_and(|t| t.starts_with("Before the shift"))));
    assert!(!h.events.iter().any(|e| e.by == "Day Officer"));
    assert_eq!(
        h.breaches.len(),
        1,
        "E3's late meeting was before the shift"
    );
}

#[test]
fn an_event_at_the_change_of_shift_is_in_the_handover_that_ends_then_only() {
    // E2's return is at 22:30 exactly.
    let earlier = handover_for("2026-03-01T20:00:00Z", "2026-03-01T22:30:00Z", false);
    let later = handover_for("2026-03-01T22:30:00Z", AT, false);
    let returns = |h: &Handover| {
        h.events
            .iter()
            .filter(|e| e.kind == EntryKind::Returned)
            .count()
    };
    assert_eq!((returns(&earlier), returns(&later)), (1, 0));
    assert_eq!(earlier.events.len() + later.events.len(), 7);
}

#[test]
fn a_quiet_shift_says_so_and_still_lists_what_falls_due() {
    let h = handover_for("2026-03-02T07:30:00Z", AT, false);
    assert!(h.events.is_empty() && h.breaches.is_empty());
    assert_eq!(h.due.len(), 8);
    let md = markdown::render(&h);
    assert!(
        md.contains("## Deadlines missed in the shift (0)\n\nNone."),
        "{md}"
    );
    assert!(md.contains("### New episodes (0)\n\nNone."), "{md}");
}

/// An earlier day: E3's strategy meeting, due Thu 26 Feb 12:00, was held at 14:00.
/// At Fri 27 Feb 00:00 Leo is still missing (he returns at 09:00): the need-to-know
/// report opens at last seen + 48 h, Fri 27 Feb 11:00, within the 12 hours.
#[test]
fn a_deadline_met_late_in_the_shift_is_a_breach_done_late_and_what_opens_soon_is_listed() {
    let h = handover_for("2026-02-26T00:00:00Z", "2026-02-27T00:00:00Z", false);
    assert_eq!(h.breaches.len(), 1);
    let b = &h.breaches[0];
    assert_eq!(
        (b.episode.as_str(), b.rule.as_str(), b.state),
        ("E3", "strategy_meeting", "completed")
    );
    assert_eq!(b.resolved_at, Some(t("2026-02-26T14:00:00Z")));
    assert_eq!(b.resolved_by.as_deref(), Some("Day Officer"));
    let got: Vec<(&str, &str)> = h.due.iter().map(|d| (d.state, d.rule.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("due_now", "consider_stage_one"),
            ("upcoming", "need_to_know")
        ]
    );
    let md = markdown::render(&h);
    for line in [
        "- Thu 26 Feb 12:00: **BREACH** Strategy meeting, Leo Park (C3, E3): done late at Thu 26 Feb 14:00 by Day Officer.",
        "2. **opens in 11h 00m** (as soon as possible from Fri 27 Feb 11:00): Need-to-know report (AD, EDT, area Senior Manager), Leo Park (C3, E3), risk MED.",
    ] {
        assert!(md.contains(line), "missing line:\n{line}\n\nin:\n{md}");
    }
}

#[test]
fn the_unmet_strategy_meeting_is_a_breach_of_the_shift_with_its_acknowledgement() {
    let h = handover(false);
    let b = &h.breaches[0];
    assert_eq!(
        (b.episode.as_str(), b.rule.as_str()),
        ("E1", "strategy_meeting")
    );
    assert_eq!(b.due_at, t("2026-03-02T02:00:00Z"));
    assert_eq!(b.state, "overdue");
    assert_eq!(b.acknowledged_by.as_deref(), Some("Sam Duty"));
    assert_eq!(b.acknowledged_at, Some(t("2026-03-02T03:10:00Z")));
    assert_eq!(h.summary.breaches, 1);
    assert_eq!(h.summary.breaches_unacknowledged, 0);
}

#[test]
fn the_next_twelve_hours_are_listed_most_urgent_first_overdue_included() {
    let h = handover(false);
    assert_eq!(h.due_until, t("2026-03-02T20:00:00Z"));
    let got: Vec<(&str, &str, &str)> = h
        .due
        .iter()
        .map(|d| (d.state, d.episode.as_str(), d.rule.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("overdue", "E1", "strategy_meeting"),
            ("due_now", "E4", "notify_iro"),
            ("due_now", "E4", "notify_parents"),
            ("due_now", "E2", "notify_return"),
            ("due_now", "E2", "safe_and_well_check"),
            ("due_now", "E1", "notify_designated_health"),
            ("due_now", "E1", "consider_stage_one"),
            ("due", "E3", "return_home_interview"),
        ]
    );
    assert_eq!(h.due[0].due_at, t("2026-03-02T02:00:00Z"));
    assert_eq!(h.due[0].acknowledged_by.as_deref(), Some("Sam Duty"));
    assert!(!h.due[0].escalated);
    assert_eq!(h.due[0].escalates_at, Some(t("2026-03-03T02:00:00Z")));
    assert_eq!(h.due[0].risk.as_deref(), Some("high"));
    assert_eq!(h.due[1].opens_at, t("2026-03-01T21:15:00Z"));
    assert_eq!(h.due[2].opens_at, t("2026-03-01T21:15:00Z"));
    assert_eq!(h.due[3].opens_at, t("2026-03-01T22:30:00Z"));
    assert_eq!(h.due[5].opens_at, t("2026-03-01T23:00:00Z"));
    assert_eq!(h.due[6].opens_at, t("2026-03-02T00:30:00Z"));
    assert_eq!(h.due[7].due_at, t("2026-03-02T09:00:00Z"));
    assert_eq!(h.summary.overdue_now, 1);
}

#[test]
fn the_summary_counts_the_shift_and_who_is_missing_now() {
    let s = handover(false).summary;
    // Missing at 08:00: E1 (now high risk) and E4; E2 and E3 have returned.
    assert_eq!((s.missing_now, s.high_risk_now), (2, 1));
    assert_eq!(
        (
            s.reported,
            s.returned,
            s.regraded,
            s.acknowledged,
            s.completed,
            s.waived,
            s.updates
        ),
        (1, 1, 1, 1, 1, 1, 1)
    );
}

#[test]
fn the_markdown_reads_each_item_with_local_times_and_who() {
    let md = markdown::render(&handover(false));
    for line in [
        "Shift from **2026-03-01 20:00 GMT** to **2026-03-02 08:00 GMT**, cumbria policy.",
        "Missing now: **2** (1 high risk).",
        "1. **OVERDUE 6h 00m** (was due Mon 02 Mar 02:00): Strategy meeting, Jade Smith (C2, E1), risk HIGH. Breach acknowledged by Sam Duty.",
        "2. **DUE NOW** (as soon as possible, open since Sun 01 Mar 21:15): Tell the Independent Reviewing Officer, Mia Quinn (C4, E4), risk MED.",
        "6. **DUE NOW** (as soon as possible, open since Sun 01 Mar 23:00): Tell the designated health professionals (high risk), Jade Smith (C2, E1), risk HIGH.",
        "8. **due in 1h 00m** (due Mon 02 Mar 09:00): Return home interview (within 72 hours), Leo Park (C3, E3), risk MED.",
        "- Mon 02 Mar 02:00: **BREACH** Strategy meeting, Jade Smith (C2, E1): still not done, overdue 6h 00m; acknowledged by Sam Duty at Mon 02 Mar 03:10.",
        "- Sun 01 Mar 21:15: Mia Quinn (C4, E4): reported missing, risk MED, last seen Sun 01 Mar 20:40. By Pat Officer.",
        "- Sun 01 Mar 22:30: Alfie Evans (C1, E2): returned (found at a friend's flat). By Pat Officer.",
        "- Sun 01 Mar 23:00: Jade Smith (C2, E1): risk regraded MED to HIGH: reason \"Seen getting into a car with an older man\". By Pat Officer.",
        "- Mon 02 Mar 03:10: Jade Smith (C2, E1): breach of \"Strategy meeting\" acknowledged (note: \"Meeting booked for 09:30\"). By Sam Duty.",
        "- Mon 02 Mar 06:00: Leo Park (C3, E3): \"Consider a Stage One meeting (professional judgement)\" waived: reason \"Considered at the strategy meeting\". By Sam Duty.",
        "- Mon 02 Mar 07:00: Alfie Evans (C1, E2): \"Return home interview (within 72 hours)\" completed. By Chris Worker.",
        "- Mon 02 Mar 01:00: Jade Smith (C2, E1): update: \"Police searching the retail park\". By Pat Officer.",
    ] {
        assert!(md.contains(line), "missing line:\n{line}\n\nin:\n{md}");
    }
    assert!(!md.contains("Before the shift"), "{md}");
    assert!(
        !md.contains("Strategy meeting, Mia Quinn"),
        "E4's meeting is due after 20:00"
    );
    assert!(!md.contains("Other records"), "{md}");
}

#[test]
fn privacy_shows_initials_in_both_formats() {
    let h = handover(true);
    let md = markdown::render(&h);
    let js = json::render(&h);
    for text in [&md, &js] {
        for name in ["Jade", "Alfie", "Leo Park", "Mia"] {
            assert!(!text.contains(name), "{name} in:\n{text}");
        }
        assert!(text.contains("J.S."), "{text}");
    }
    assert!(md.contains("children's names as initials"));
}

#[test]
fn the_json_has_rfc3339_times_and_the_documented_shape() {
    let v: serde_json::Value = serde_json::from_str(&json::render(&handover(false))).unwrap();
    assert_eq!(v["report"], "handover");
    assert_eq!(v["since"], "2026-03-01T20:00:00Z");
    assert_eq!(v["at"], "2026-03-02T08:00:00Z");
    assert_eq!(v["generated_at"], "2026-03-02T08:05:00Z");
    assert_eq!(v["due_until"], "2026-03-02T20:00:00Z");
    assert_eq!(v["policy"], "cumbria");
    assert_eq!(v["privacy"], false);
    assert_eq!(v["summary"]["missing_now"], 2);
    assert_eq!(v["summary"]["breaches"], 1);

    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 7);
    assert_eq!(
        events[2],
        serde_json::json!({
            "at": "2026-03-01T23:00:00Z", "kind": "regraded", "by": "Pat Officer",
            "episode": "E1", "child": "C2", "name": "Jade Smith",
            "risk": "high", "previous_risk": "medium",
            "text": "Seen getting into a car with an older man"
        })
    );
    assert_eq!(
        v["breaches"][0],
        serde_json::json!({
            "episode": "E1", "child": "C2", "name": "Jade Smith", "authority": "cumbria",
            "rule": "strategy_meeting", "title": "Strategy meeting", "occurrence": 1,
            "due_at": "2026-03-02T02:00:00Z", "state": "overdue",
            "acknowledged_at": "2026-03-02T03:10:00Z", "acknowledged_by": "Sam Duty"
        })
    );
    let due = &v["due"][7];
    assert_eq!(due["episode"], "E3");
    assert_eq!(due["state"], "due");
    assert_eq!(due["due_at"], "2026-03-02T09:00:00Z");
    assert_eq!(due["opens_at"], "2026-02-27T09:00:00Z");
    assert_eq!(due["asap"], false);
}

#[test]
fn the_cli_prints_the_handover_and_exits_zero() {
    let (_dir, path) = record();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutyboard"))
        .arg("--db")
        .arg(&path)
        .args([
            "report", "handover", "--since", SINCE, "--at", AT, "--format", "json",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"], "handover");
    assert_eq!(v["events"].as_array().unwrap().len(), 7);
    assert_eq!(v["due"][0]["rule"], "strategy_meeting");

    let md = std::process::Command::new(env!("CARGO_BIN_EXE_dutyboard"))
        .arg("--db")
        .arg(&path)
        .args(["report", "handover", "--since", SINCE, "--at", AT])
        .output()
        .unwrap();
    assert_eq!(md.status.code(), Some(0));
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(text.starts_with("# Shift handover\n"), "{text}");

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_dutyboard"))
        .arg("--db")
        .arg(&path)
        .args(["report", "handover", "--since", AT, "--at", SINCE])
        .output()
        .unwrap();
    assert_eq!(
        bad.status.code(),
        Some(2),
        "--since after --at is bad usage"
    );
    assert!(bad.stdout.is_empty());
}

/// The screen as plain lines.
fn lines(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn pane(w: u16, h: u16, scroll: u16) -> String {
    let report = handover(false);
    let theme = Theme::built_in("default").unwrap();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        dutyboard::tui::ui::handover::draw_scrolled(f, f.area(), &report, &theme, scroll)
    })
    .unwrap();
    lines(term.backend().buffer()).join("\n")
}

#[test]
fn the_handover_pane_at_80x24() {
    let report = handover(false);
    let theme = Theme::built_in("default").unwrap();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| dutyboard::tui::ui::handover::draw(f, f.area(), &report, &theme))
        .unwrap();
    let text = lines(term.backend().buffer()).join("\n");
    assert!(text.contains("OVERDUE 6h 00m"), "{text}");
    assert!(text.contains("(Down/PgDn for more)"), "{text}");
    insta::assert_snapshot!("handover_80x24", term.backend());
}

#[test]
fn the_handover_pane_scrolls_to_the_end_at_80x24() {
    let report = handover(false);
    let theme = Theme::built_in("default").unwrap();
    let max = dutyboard::tui::ui::handover::max_scroll(
        &report,
        &theme,
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    assert!(max > 0);
    let text = pane(80, 24, max + 10);
    assert!(text.contains("(end)"), "{text}");
    assert!(text.contains("Chris Worker"), "{text}");
    insta::assert_snapshot!("handover_end_80x24", text);
}

#[test]
fn the_handover_pane_at_160x48() {
    let text = pane(160, 48, 0);
    assert!(!text.contains("lines "), "everything fits:\n{text}");
    insta::assert_snapshot!("handover_160x48", text);
}

/// Issue 17: "`report handover` ... gets defaults (the last 12 hours) like their panes".
#[test]
fn report_handover_without_since_covers_the_last_twelve_hours() {
    let (_dir, path) = record();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dutyboard"))
            .arg("--db")
            .arg(&path)
            .args(["report", "handover", "--at", AT, "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let at = t(AT);
    let twelve_before = dutyboard::calendar::time::rfc(at - chrono::Duration::hours(12));
    let defaulted = run(&[]);
    assert_eq!(defaulted["since"], twelve_before.as_str());
    assert_eq!(defaulted, run(&["--since", &twelve_before]));
}
