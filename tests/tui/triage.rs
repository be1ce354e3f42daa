//! The MASH triage pane: `T` lists the police notifications waiting (the header
//! counts them), each with the known children it may be about; the screener
//! accepts it onto a child (the episode opens with the police reference, and the
//! policy's clocks start), registers a new child, dismisses it with a reason, rates
//! it and records the MASH decision. Every one of those is an event in the record.

use crate::support::tui::*;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use dutyboard::record::event::notification_id;
use dutyboard::record::NotificationStatus;
use dutyboard::tui::app::Screen;

const FORCE: &str = "Cumbria Constabulary";

/// A `notification_received` line for `name` born `dob`, as the inbox records it,
/// received ten minutes before the fixture's now.
fn received(name: &str, dob: &str, police_ref: &str, risk: &str) -> (String, String) {
    let reported: DateTime<Utc> = now() - Duration::hours(2);
    let id = notification_id(FORCE, police_ref, reported);
    let line = serde_json::json!({
        "type": "notification_received",
        "at": (now() - Duration::minutes(10)).to_rfc3339(),
        "id": format!("received-{id}"),
        "notification": id,
        "police_force": FORCE,
        "police_ref": police_ref,
        "reported_at": reported.to_rfc3339(),
        "name": name,
        "dob": dob,
        "address": "12 Example Road, Carlisle",
        "last_seen_at": (reported - Duration::hours(3)).to_rfc3339(),
        "last_seen_location": "the bus station",
        "risk": risk,
        "circumstances": "Left the house after an argument; phone off.",
        "reported_by": "mother",
    });
    (id, line.to_string())
}

/// A demo child to match against, back home (no episode open): (reference, name,
/// date of birth).
fn known_child(f: &mut Fixture) -> (String, String, String) {
    let d = a_returned_child(f);
    (d.child.clone(), d.name.clone(), d.dob.to_string())
}

/// The fixture with one notification about a known demo child (names swapped, as
/// forces often write them) and one about a child nobody knows.
fn with_notifications() -> (Fixture, String, String, (String, String, String)) {
    let mut f = fixture();
    let child = known_child(&mut f);
    let swapped: Vec<&str> = child.1.split_whitespace().rev().collect();
    let (known_id, a) = received(&swapped.join(" "), &child.2, "CC-1001", "medium");
    let (stranger_id, b) = received("Zebedee Quorn", "2012-01-31", "CC-1002", "high");
    import_as_other_desk(&f, &format!("{a}\n{b}\n"));
    assert!(
        f.ctl.poll(now()),
        "the other desk's notifications are noticed"
    );
    (f, known_id, stranger_id, child)
}

#[test]
fn the_header_counts_the_notifications_waiting() {
    let f = fixture();
    let header = screen(&f.ctl, 80, 24).lines().nth(1).unwrap().to_string();
    assert!(
        !header.contains("TRIAGE"),
        "nothing waiting, nothing said: {header}"
    );
    let (f, ..) = with_notifications();
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("TRIAGE 2"), "{text}");
}

#[test]
fn t_opens_the_pane_highest_police_risk_first_and_esc_goes_back() {
    let (mut f, known, stranger, _) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    assert_eq!(f.ctl.app.screen, Screen::Triage);
    let order: Vec<&str> = f
        .ctl
        .app
        .snapshot
        .triage
        .iter()
        .map(|t| t.notification.id.as_str())
        .collect();
    assert_eq!(
        order,
        [stranger.as_str(), known.as_str()],
        "HIGH before MED"
    );
    let text = screen(&f.ctl, 80, 24);
    assert!(
        text.contains("MASH triage: 2 police notifications waiting"),
        "{text}"
    );
    assert!(text.contains("Zebedee Quorn"), "{text}");
    press(&mut f.ctl, KeyCode::Esc);
    assert_eq!(f.ctl.app.screen, Screen::Board);
}

#[test]
fn a_notification_shows_the_known_child_it_may_be_about_with_the_similarity_and_why() {
    let (mut f, known, _, (child, name, _)) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Down);
    assert_eq!(f.ctl.app.triage_selected.as_deref(), Some(known.as_str()));
    let item = &f.ctl.app.snapshot.triage[1];
    let candidate = item
        .candidates
        .iter()
        .find(|c| c.child == child)
        .expect("same date of birth, names swapped: offered");
    let text = screen(&f.ctl, 160, 48);
    let line = text
        .lines()
        .find(|l| l.contains(&format!("{name} ({child})")))
        .unwrap_or_else(|| panic!("the candidate is listed:\n{text}"));
    assert!(
        line.contains(&format!("{}% match", candidate.similarity))
            && line.contains(&candidate.reason),
        "{line}"
    );
}

#[test]
fn accepting_onto_the_matched_child_opens_the_episode_with_the_police_reference() {
    let (mut f, known, _, (child, _, _)) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Down);
    press(&mut f.ctl, KeyCode::Char('a'));
    let form = f.ctl.app.form.as_ref().expect("the accept form opens");
    assert_eq!(form.value("who"), child, "the matched child is preselected");
    let episode = form.value("episode");
    ctrl(&mut f.ctl, 's');
    assert!(
        f.ctl.app.form.is_none(),
        "saved: {:?}",
        f.ctl.app.form.as_ref().map(|f| &f.errors)
    );
    let state = &f.ctl.app.snapshot;
    let row = state
        .board
        .rows
        .iter()
        .find(|r| r.episode == episode)
        .expect("the new episode is on the board");
    assert_eq!(row.child, child);
    assert_eq!(row.police_ref.as_deref(), Some("CC-1001"));
    assert!(
        state.triage.iter().all(|t| t.notification.id != known),
        "no longer waiting"
    );
    let accepted = stored(&f.ctl, "notification_accepted");
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].0, OPERATOR, "recorded as the screener");
    // The policy's clocks run from the opened episode.
    let detail = f.ctl.detail(&episode).unwrap();
    assert!(
        detail
            .instances
            .iter()
            .any(|i| i.rule == "strategy_meeting"),
        "{:?}",
        detail.instances.iter().map(|i| &i.rule).collect::<Vec<_>>()
    );
}

#[test]
fn n_registers_a_new_child_not_open_from_the_notification() {
    let (mut f, _, stranger, _) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    assert_eq!(
        f.ctl.app.triage_selected.as_deref(),
        Some(stranger.as_str())
    );
    press(&mut f.ctl, KeyCode::Char('n'));
    let form = f.ctl.app.form.as_ref().expect("the form opens");
    assert_eq!(form.value("who"), "new");
    assert_eq!(form.value("status"), "not_open");
    ctrl(&mut f.ctl, 's');
    assert!(
        f.ctl.app.form.is_none(),
        "{:?}",
        f.ctl.app.form.as_ref().map(|f| &f.errors)
    );
    let registered = stored(&f.ctl, "child_registered");
    let new = registered
        .iter()
        .find(|(_, e)| format!("{:?}", e.kind).contains("Zebedee Quorn"))
        .expect("the child is registered under the notified name");
    assert!(
        format!("{:?}", new.1.kind).contains("NotOpen"),
        "{:?}",
        new.1.kind
    );
    assert!(f
        .ctl
        .app
        .snapshot
        .board
        .rows
        .iter()
        .any(|r| r.name == "Zebedee Quorn" && r.police_ref.as_deref() == Some("CC-1002")));
}

#[test]
fn a_dismissal_needs_a_reason_and_then_leaves_the_list() {
    let (mut f, _, stranger, _) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Char('x'));
    ctrl(&mut f.ctl, 's');
    let form = f.ctl.app.form.as_ref().expect("refused in place");
    assert!(
        form.field("reason")
            .and_then(|r| r.error.as_deref())
            .is_some(),
        "the reason field says why"
    );
    assert!(stored(&f.ctl, "notification_dismissed").is_empty());
    type_text(
        &mut f.ctl,
        "Not a child of this authority: passed to Lancashire MASH",
    );
    ctrl(&mut f.ctl, 's');
    press(&mut f.ctl, KeyCode::Char('y')); // a dismissal asks first
    assert!(f.ctl.app.form.is_none());
    assert_eq!(stored(&f.ctl, "notification_dismissed").len(), 1);
    assert!(f
        .ctl
        .app
        .snapshot
        .triage
        .iter()
        .all(|t| t.notification.id != stranger));
    assert!(screen(&f.ctl, 80, 24).contains("TRIAGE 1"));
}

#[test]
fn the_rag_rating_and_mash_decision_are_recorded_and_shown_in_words() {
    let (mut f, _, stranger, _) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Char('g'));
    assert_eq!(f.ctl.app.form.as_ref().unwrap().value("rag"), "red");
    ctrl(&mut f.ctl, 's');
    press(&mut f.ctl, KeyCode::Char('m'));
    press(&mut f.ctl, KeyCode::Right);
    press(&mut f.ctl, KeyCode::Right);
    press(&mut f.ctl, KeyCode::Right);
    assert_eq!(
        f.ctl.app.form.as_ref().unwrap().value("decision"),
        "strategy_discussion"
    );
    ctrl(&mut f.ctl, 's');
    let n = f
        .ctl
        .app
        .snapshot
        .triage
        .iter()
        .find(|t| t.notification.id == stranger)
        .unwrap();
    assert_eq!(
        n.notification.status,
        NotificationStatus::Pending,
        "still to place"
    );
    assert!(n.notification.screening.rag.is_some());
    assert!(n.notification.screening.decision.is_some());
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("RED by Test Officer"), "{text}");
    assert!(text.contains("Strategy discussion"), "{text}");
    // RED is a word in the high-risk style, never colour alone.
    let buf = buffer(&f.ctl, 80, 24);
    let y = row_of(&buf, "RED by").unwrap();
    let x = col_of(&buf, y, "RED by").unwrap();
    assert_eq!(buf[(x, y)].style().fg, f.ctl.app.styles().risk_high.fg);
}

#[test]
fn privacy_mode_hides_every_name_and_the_address_on_the_triage_pane() {
    let (mut f, known, _, (_, name, _)) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Char('i'));
    assert!(f.ctl.app.privacy);
    press(&mut f.ctl, KeyCode::Down);
    assert_eq!(f.ctl.app.triage_selected.as_deref(), Some(known.as_str()));
    for (w, h) in [(80, 24), (160, 48)] {
        let text = screen(&f.ctl, w, h);
        for word in name
            .split_whitespace()
            .chain(["Zebedee", "Quorn", "Example Road"])
        {
            assert!(!text.contains(word), "{word} shown at {w}x{h}:\n{text}");
        }
    }
    // The accept form's choices are initials too.
    press(&mut f.ctl, KeyCode::Char('a'));
    let text = screen(&f.ctl, 160, 48);
    for word in name.split_whitespace() {
        assert!(!text.contains(word), "{word} in the form:\n{text}");
    }
}

#[test]
fn a_notification_settled_on_another_desk_leaves_this_desks_pane() {
    let (mut f, _, stranger, _) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    assert_eq!(
        f.ctl.app.triage_selected.as_deref(),
        Some(stranger.as_str())
    );
    let line = serde_json::json!({
        "type": "notification_dismissed",
        "at": (now() - Duration::minutes(1)).to_rfc3339(),
        "notification": stranger,
        "reason": "duplicate of a call already handled",
    });
    import_as_other_desk(&f, &line.to_string());
    assert!(f.ctl.poll(now()));
    assert_eq!(f.ctl.app.snapshot.triage.len(), 1);
    assert_ne!(
        f.ctl.app.triage_selected.as_deref(),
        Some(stranger.as_str())
    );
}

#[test]
fn the_triage_pane_at_80x24_and_160x48() {
    let (mut f, ..) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Down);
    insta::assert_snapshot!("triage_80x24", screen(&f.ctl, 80, 24));
    insta::assert_snapshot!("triage_160x48", screen(&f.ctl, 160, 48));
}

#[test]
fn the_triage_keys_are_in_its_help() {
    let (mut f, ..) = with_notifications();
    press(&mut f.ctl, KeyCode::Char('T'));
    press(&mut f.ctl, KeyCode::Char('?'));
    let text = screen(&f.ctl, 80, 24);
    assert!(text.contains("Keys: MASH triage"), "{text}");
    assert!(text.contains("dismiss, with a reason"), "{text}");
}
