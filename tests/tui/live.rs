//! The board follows the record live and cheaply: a poll reads only the events stored
//! since the last read, each put in its place in time, and the board it builds is the
//! board a fresh start would build, late-entered events included.

use crate::support::tui::*;

fn fresh(f: &Fixture) -> dutyboard::tui::Controller {
    another_board(f, OPERATOR)
}

fn timeline(ctl: &mut dutyboard::tui::Controller, episode: &str) -> Vec<String> {
    ctl.detail(episode)
        .unwrap()
        .timeline
        .iter()
        .map(|e| format!("{} {} {}", e.at, e.by, e.what))
        .collect()
}

#[test]
fn a_poll_with_nothing_new_rebuilds_nothing() {
    let mut f = fixture();
    f.ctl.app.dirty = false;
    assert!(!f.ctl.poll(now()));
    assert!(!f.ctl.app.dirty, "no redraw");
}

#[test]
fn events_entered_late_by_another_desk_land_in_their_place_in_time() {
    let mut f = fixture();
    // Three updates: one now, one entered late (an hour ago), one in between.
    import_as_other_desk(
        &f,
        r#"{"type":"update_recorded","at":"2026-03-02T02:59:00Z","episode":"E201","text":"latest","by":"Other Desk"}"#,
    );
    assert!(f.ctl.poll(now()));
    import_as_other_desk(
        &f,
        r#"{"type":"update_recorded","at":"2026-03-02T02:00:00Z","episode":"E201","text":"entered late","by":"Other Desk"}
{"type":"update_recorded","at":"2026-03-02T02:30:00Z","episode":"E201","text":"in between","by":"Other Desk"}"#,
    );
    assert!(f.ctl.poll(now()));
    let live = timeline(&mut f.ctl, "E201");
    let cold = timeline(&mut fresh(&f), "E201");
    assert_eq!(live, cold);
    let order: Vec<&String> = live.iter().filter(|l| l.contains("Update: ")).collect();
    assert!(order[order.len() - 3].contains("entered late"), "{order:?}");
    assert!(order[order.len() - 2].contains("in between"), "{order:?}");
    assert!(order[order.len() - 1].contains("latest"), "{order:?}");
    assert_eq!(
        screen(&f.ctl, 80, 24),
        screen(&fresh(&f), 80, 24),
        "the same board as a fresh start"
    );
}
