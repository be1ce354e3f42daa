//! `policy list`, `policy show`, `policy check` and `init --policy-file`: a council can
//! read a procedure, check its own, and run a record under it.

use crate::support::bin;
use std::path::Path;
use std::process::{Command, Output};

fn dutyboard(args: &[&str]) -> Output {
    bin::command(None, "test", args).output().unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn policy_list_names_the_five_shipped_procedures() {
    let out = dutyboard(&["policy", "list"]);
    assert!(out.status.success());
    let (stdout, _) = text(&out);
    for name in [
        "cambridgeshire",
        "cumbria",
        "medway",
        "camden",
        "practice-guidance",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(name)),
            "{name} missing from:\n{stdout}"
        );
    }
}

#[test]
fn policy_show_prints_each_rule_with_its_deadline_and_source() {
    let out = dutyboard(&["policy", "show", "cumbria"]);
    assert!(out.status.success());
    let (stdout, _) = text(&out);
    assert!(stdout.contains("stage_one_meeting"));
    assert!(stdout.contains("due:    opens_at + 10wd"), "{stdout}");
    assert!(stdout.contains("source: 001: Stage One"), "{stdout}");
    assert!(stdout.contains("escalates: reported_at + 48h"), "{stdout}");
}

/// Issue 12 item 10: cumbria's strategy meeting is also settled by a stage one meeting
/// held within 24 h of the report, and `policy show` says so.
#[test]
fn policy_show_cumbria_says_a_stage_one_meeting_within_24_hours_settles_the_strategy_meeting() {
    let out = dutyboard(&["policy", "show", "cumbria"]);
    assert!(out.status.success());
    let (stdout, _) = text(&out);
    let strategy = stdout
        .split("\n\n")
        .find(|b| b.starts_with("strategy_meeting "))
        .unwrap_or_else(|| panic!("no strategy_meeting block:\n{stdout}"));
    assert!(
        strategy.contains(
            "a stage_one_meeting completed (on any episode of the child) between reported_at and reported_at + 24h"
        ),
        "{strategy}"
    );
}

/// Issue 12 item 11: "`policy show` omits the validations, what satisfies each rule,
/// and misprints `victim_of_crime`". Medway (002): an RHI "can only be recorded as
/// declined after more than three unsuccessful attempts"; a declined RHI satisfies it.
#[test]
fn policy_show_medway_lists_the_grade_refusal_and_the_rhi_decline_after_four_attempts() {
    let out = dutyboard(&["policy", "show", "medway"]);
    assert!(out.status.success());
    let (stdout, _) = text(&out);
    assert!(stdout.contains("validations"), "{stdout}");
    assert!(stdout.contains("grade refused: low (under 18)"), "{stdout}");
    assert!(
        stdout.contains("rhi_declined: refused before 4 rhi_attempt contact attempts"),
        "{stdout}"
    );
    assert!(
        stdout.contains("settled by: action_completed, rhi_declined"),
        "{stdout}"
    );
}

/// 000 3.2.1: the police are told; PROCEDURES: `report_to_police` is settled "also by
/// `police_informed` or an `episode_reported` that carries a `police_ref`".
#[test]
fn policy_show_cambridgeshire_says_police_informed_settles_the_police_report() {
    let (stdout, _) = text(&dutyboard(&["policy", "show", "cambridgeshire"]));
    let police = stdout
        .split("\n\n")
        .find(|block| block.starts_with("report_to_police"))
        .unwrap_or_else(|| panic!("no report_to_police block in:\n{stdout}"));
    assert!(
        police.contains("settled by: action_completed, police_informed"),
        "{police}"
    );
}

/// 001 Stage One's judgement list ("injured or victim of crime") and the CE-risk
/// violation ("must be recorded as High"), spelt as the policy language spells them.
#[test]
fn policy_show_cumbria_spells_victim_of_crime_and_lists_the_ce_risk_violation_for_missing_children()
{
    let (stdout, _) = text(&dutyboard(&["policy", "show", "cumbria"]));
    assert!(
        stdout.contains("returned injured or victim_of_crime"),
        "{stdout}"
    );
    assert!(!stdout.contains("victimofcrime"), "{stdout}");
    assert!(
        stdout.contains("violation (shown on the board, not refused): CE risk"),
        "{stdout}"
    );
    assert!(
        stdout.contains("when under 18, flagged ce_risk, category missing, risk not high"),
        "{stdout}"
    );
}

#[test]
fn policy_show_of_an_unknown_policy_is_bad_usage() {
    let out = dutyboard(&["policy", "show", "kent"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("not a shipped policy"));
}

const CUSTOM: &str = r#"name = "testshire"
title = "Testshire: missing children"
document = "testshire-procedure.pdf"

[[rule]]
id = "strategy_meeting"
title = "Strategy meeting"
source = "Testshire 4.2"
phase = "missing"
opens = "reported_at"
due = "reported_at + 2wd"
"#;

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn policy_check_accepts_a_good_file_and_names_the_line_of_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.toml", CUSTOM);
    let out = dutyboard(&["policy", "check", &good]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("ok: policy `testshire` with 1 rules"));

    let bad = write(dir.path(), "bad.toml", &CUSTOM.replace("due = ", "deu = "));
    let out = dutyboard(&["policy", "check", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("bad.toml: line 11") && stderr.contains("deu"),
        "{stderr}"
    );
}

#[test]
fn a_record_runs_under_a_councils_own_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "testshire.toml", CUSTOM);
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    assert!(dutyboard(&["--db", db, "init", "--policy-file", &file])
        .status
        .success());
    let events = r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"C1","name":"Test Child","dob":"2012-01-01","status":"child_in_need"}
{"type":"episode_reported","at":"2026-04-02T10:00:00+01:00","episode":"E1","child":"C1","last_seen_at":"2026-04-02T09:00:00+01:00","category":"missing","risk":"high"}
"#;
    let mut import = Command::new(env!("CARGO_BIN_EXE_dutyboard"))
        .args(["--db", db, "import", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    import
        .stdin
        .take()
        .unwrap()
        .write_all(events.as_bytes())
        .unwrap();
    assert!(import.wait().unwrap().success());
    // Thursday 2 April 2026: Good Friday and Easter Monday are skipped, so two working
    // days after the report end on Wednesday 8 April.
    let out = dutyboard(&[
        "--db",
        db,
        "due",
        "--at",
        "2026-04-02T12:00:00+01:00",
        "--format",
        "json",
    ]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &items.as_array().unwrap()[0];
    assert_eq!(item["rule"], "strategy_meeting");
    assert_eq!(item["policy"], "testshire");
    assert_eq!(item["due_at"], "2026-04-08T22:59:59Z");
}
