//! Issue 14 on the live board: an adoption another desk records reaches an open
//! board at its next poll (no restart), with the AUTH column and each episode under
//! its own authority's procedure, in the detail pane and in the forms.

use crate::support::tui::*;
use dutyboard::desk::{Config, Desk};
use dutyboard::procedures::Policy;
use dutyboard::tui::theme::Theme;
use dutyboard::tui::Controller;

fn config(path: &std::path::Path, operator: &str) -> Config {
    Config {
        db: Some(path.to_path_buf()),
        operator: Some(operator.into()),
        ..Config::default()
    }
}

/// Medway's desk (init) with one Medway child missing since 01:00.
fn medway_desk(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("record.db");
    Desk::create(&path, &Policy::shipped("medway").unwrap(), now()).unwrap();
    let mut desk = Desk::open(&config(&path, "Setup"), None).unwrap();
    let lines = [
        r#"{"type":"child_registered","at":"2026-01-05T10:00:00Z","child":"M1","name":"Mia Medway","dob":"2011-05-01","status":"looked_after"}"#,
        r#"{"type":"episode_reported","at":"2026-03-02T01:30:00Z","episode":"ME1","child":"M1","last_seen_at":"2026-03-02T01:00:00Z","category":"missing","risk":"medium","police_ref":"KM-1"}"#,
    ]
    .join("\n");
    desk.import(lines.as_bytes(), "Setup", now()).unwrap();
    path
}

#[test]
fn an_adoption_another_desk_records_reaches_the_open_board_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = medway_desk(&dir);
    let desk = Desk::open(&config(&path, OPERATOR), None).unwrap();
    let mut ctl = Controller::new(
        desk,
        Theme::built_in("default").unwrap(),
        false,
        now(),
        (120, 24),
    )
    .unwrap();
    assert!(!ctl.app.snapshot.board.several_authorities());
    assert!(!screen(&ctl, 120, 24).contains("AUTH"));

    // Another desk takes Cumbria on and records a Cumbria child's episode.
    let mut other = Desk::open(&config(&path, "Other Desk"), None).unwrap();
    let lines = [
        r#"{"type":"policy_adopted","at":"2026-03-02T02:00:00Z","authority":"cumbria","policy":"cumbria"}"#,
        r#"{"type":"child_registered","at":"2026-03-02T02:00:00Z","child":"K1","name":"Kai Cumbria","dob":"2010-06-01","status":"looked_after","authority":"cumbria"}"#,
        r#"{"type":"episode_reported","at":"2026-03-02T02:30:00Z","episode":"KE1","child":"K1","last_seen_at":"2026-03-02T02:00:00Z","category":"missing","risk":"high","police_ref":"CU-1"}"#,
    ]
    .join("\n");
    other.import(lines.as_bytes(), "Other Desk", now()).unwrap();

    assert!(ctl.poll(now()));
    let board = &ctl.app.snapshot.board;
    assert!(board.several_authorities());
    let authority = |e: &str| {
        board
            .rows
            .iter()
            .find(|r| r.episode == e)
            .map(|r| r.authority.clone())
    };
    assert_eq!(authority("KE1").as_deref(), Some("cumbria"));
    assert_eq!(authority("ME1").as_deref(), Some("medway"));
    let shown = screen(&ctl, 120, 24);
    assert!(shown.contains("AUTH"), "{shown}");

    // Each episode's detail names its own procedure, and the forms offer its rules.
    let kai = ctl.detail("KE1").unwrap();
    let procedure = kai.procedure.as_ref().unwrap();
    assert_eq!(
        (procedure.authority.as_str(), procedure.policy.name.as_str()),
        ("cumbria", "cumbria")
    );
    assert!(procedure.version.as_deref().unwrap().starts_with("sha256:"));
    let cumbria = Policy::shipped("cumbria").unwrap();
    let medway = Policy::shipped("medway").unwrap();
    let mut offered = |episode: &str| -> Vec<String> {
        let d = ctl.detail(episode).unwrap();
        dutyboard::tui::forms::action::rule_options(&d, &ctl.app.policy)
            .into_iter()
            .map(|o| o.value)
            .collect()
    };
    for rule in offered("KE1") {
        assert!(cumbria.knows_rule(&rule), "KE1 offered {rule}");
    }
    for rule in offered("ME1") {
        assert!(medway.knows_rule(&rule), "ME1 offered {rule}");
    }
    // And each is offered a rule the other's procedure does not have.
    assert!(
        offered("ME1").iter().any(|r| !cumbria.knows_rule(r)),
        "{:?}",
        offered("ME1")
    );
    assert!(
        offered("KE1").iter().any(|r| !medway.knows_rule(r)),
        "{:?}",
        offered("KE1")
    );
}
