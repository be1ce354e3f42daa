//! Issue 12: "the timeline follow[s] them (the original entry and its correction side
//! by side, a voided entry struck through with who and why)". Alfie (E201 in the demo)
//! had his last sighting typed wrongly and an update recorded on the wrong child: the
//! correction stands beside the report, the update is voided, struck through, and the
//! void says who and why.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use ratatui::style::Modifier;

const CORRECTIONS: &str = r#"{"type":"update_recorded","at":"2026-03-02T02:00:00Z","id":"u-wrong","episode":"E201","text":"Seen at the bus station (meant for another child)"}
{"type":"episode_corrected","at":"2026-03-02T02:10:00Z","id":"c1","episode":"E201","last_seen_at":"2026-02-28T00:30:00Z","reason":"last seen typed as the report time"}
{"type":"event_voided","at":"2026-03-02T02:20:00Z","id":"v1","event":"u-wrong","reason":"recorded on the wrong child"}"#;

fn timeline_after_corrections() -> (Fixture, String) {
    let mut f = fixture_with("cumbria", "default", (80, 24));
    import_as_other_desk(&f, CORRECTIONS);
    assert!(f.ctl.poll(now()));
    select(&mut f.ctl, "E201");
    press(&mut f.ctl, KeyCode::Enter);
    press(&mut f.ctl, KeyCode::End);
    let text = screen(&f.ctl, 80, 24);
    (f, text)
}

#[test]
fn the_timeline_shows_the_report_its_correction_and_a_voided_entry_struck_through() {
    let (f, text) = timeline_after_corrections();
    let timeline = text
        .split("TIMELINE")
        .nth(1)
        .expect("the timeline is on screen");
    assert!(timeline.contains("Reported missing"), "{timeline}");
    assert!(timeline.contains("Corrected"), "{timeline}");
    assert!(timeline.contains("VOIDED (entry u-wrong)"), "{timeline}");
    assert!(timeline.contains("Voided entry u-wrong"), "{timeline}");
    assert!(timeline.contains("wrong child"), "the reason: {timeline}");
    assert_snapshot!("timeline_corrected_and_voided_80x24", text);
    // Struck through, not colour alone: the words say VOIDED and the cells are crossed out.
    let buf = buffer(&f.ctl, 80, 24);
    let y = row_of(&buf, "VOIDED (entry").expect("the voided entry's row");
    let x = col_of(&buf, y, "VOIDED").unwrap();
    assert!(
        buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT),
        "the voided entry is struck through"
    );
    let y = row_of(&buf, "Reported missing").unwrap();
    let x = col_of(&buf, y, "Reported missing").unwrap();
    assert!(!buf[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
}
