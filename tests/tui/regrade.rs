//! Review D4 on the board: when the police re-send a notification with another risk
//! after it was accepted, the episode shows the police regrade until an officer takes
//! it up or dismisses it. `g` (regrade risk) offers both: take the police grade (a
//! `risk_changed`), or keep the risk and dismiss the regrade (a
//! `notification_dismissed` of the accepted notification), asking first.

use crate::support::tui::*;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use dutyboard::record::event::notification_id;
use dutyboard::record::vocab::Risk;

const FORCE: &str = "Cumbria Constabulary";

/// The notification about `name` born `dob`, as the inbox records it; `supersedes`
/// makes it the police's re-send of the one stored.
fn received(name: &str, dob: &str, risk: &str, at: DateTime<Utc>, resend: bool) -> String {
    let reported: DateTime<Utc> = now() - Duration::hours(2);
    let id = notification_id(FORCE, "CC-2001", reported);
    let mut line = serde_json::json!({
        "type": "notification_received",
        "at": at.to_rfc3339(),
        "id": format!("received-{id}{}", if resend { "-2" } else { "" }),
        "notification": id,
        "police_force": FORCE,
        "police_ref": "CC-2001",
        "reported_at": reported.to_rfc3339(),
        "name": name,
        "dob": dob,
        "last_seen_at": (reported - Duration::hours(3)).to_rfc3339(),
        "risk": risk,
        "circumstances": "Left after an argument.",
        "reported_by": "mother",
    });
    if resend {
        line["supersedes"] = format!("received-{id}").into();
    }
    line.to_string()
}

/// A returned demo child's notification (Medium) accepted from the triage pane, then
/// re-sent by the police as High: the fixture and the episode opened.
fn accepted_then_regraded() -> (Fixture, String) {
    let mut f = fixture();
    let d = a_returned_child(&mut f);
    let (name, dob) = (d.name.clone(), d.dob.to_string());
    let first = received(&name, &dob, "medium", now() - Duration::minutes(30), false);
    import_as_other_desk(&f, &format!("{first}\n"));
    assert!(f.ctl.poll(now()));
    // Accepted twenty minutes ago, so that the re-send comes after the acceptance.
    let then = now() - Duration::minutes(20);
    let key = |ctl: &mut dutyboard::tui::Controller, code, mods| {
        ctl.key(crossterm::event::KeyEvent::new(code, mods), then)
    };
    use crossterm::event::KeyModifiers as M;
    key(&mut f.ctl, KeyCode::Char('T'), M::NONE);
    key(&mut f.ctl, KeyCode::Char('a'), M::NONE);
    let episode = f
        .ctl
        .app
        .form
        .as_ref()
        .expect("accept form")
        .value("episode");
    key(&mut f.ctl, KeyCode::Char('s'), M::CONTROL);
    assert!(f.ctl.app.form.is_none(), "accepted");
    let again = received(&name, &dob, "high", now() - Duration::minutes(5), true);
    import_as_other_desk(&f, &format!("{again}\n"));
    assert!(f.ctl.poll(now()));
    press(&mut f.ctl, KeyCode::Esc);
    select(&mut f.ctl, &episode);
    let detail = f.ctl.detail(&episode).unwrap();
    let regrade = detail
        .regrade
        .as_ref()
        .expect("the police regrade is outstanding");
    assert_eq!((regrade.from, regrade.to), (Risk::Medium, Risk::High));
    (f, episode)
}

#[test]
fn a_police_regrade_is_dismissed_from_the_risk_form_and_the_risk_is_kept() {
    let (mut f, episode) = accepted_then_regraded();
    let regrades = stored(&f.ctl, "risk_changed").len();
    press(&mut f.ctl, KeyCode::Char('g'));
    let form = f.ctl.app.form.as_ref().expect("the risk form opens");
    assert!(
        form.field("police").is_some(),
        "it offers the regrade's answers"
    );
    press(&mut f.ctl, KeyCode::Right); // "dismiss it: keep the risk"
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Spoke to the police: the car was her uncle's");
    ctrl(&mut f.ctl, 's');
    let question = f.ctl.app.confirm.as_ref().map(|c| c.question.clone());
    assert!(
        question.as_deref().is_some_and(
            |q| q.starts_with("Dismiss the police regrade for ") && q.contains("at 03:00")
        ),
        "{question:?}"
    );
    assert!(
        stored(&f.ctl, "notification_dismissed").is_empty(),
        "nothing before y"
    );
    press(&mut f.ctl, KeyCode::Char('y'));
    assert!(f.ctl.app.form.is_none(), "saved");
    assert_eq!(stored(&f.ctl, "notification_dismissed").len(), 1);
    assert_eq!(
        stored(&f.ctl, "risk_changed").len(),
        regrades,
        "the risk is not changed"
    );
    let detail = f.ctl.detail(&episode).unwrap();
    assert!(detail.regrade.is_none(), "the regrade is settled");
    assert_eq!(detail.risk, Risk::Medium);
    assert!(
        detail
            .violations
            .iter()
            .all(|v| !v.text.contains("police re-sent")),
        "{:?}",
        detail.violations
    );
}

#[test]
fn a_police_regrade_is_taken_up_with_the_police_grade_preselected() {
    let (mut f, episode) = accepted_then_regraded();
    let regrades = stored(&f.ctl, "risk_changed").len();
    press(&mut f.ctl, KeyCode::Char('g'));
    let form = f.ctl.app.form.as_ref().unwrap();
    assert_eq!(
        form.value("risk"),
        "high",
        "the police's new grade is offered"
    );
    press(&mut f.ctl, KeyCode::Tab);
    press(&mut f.ctl, KeyCode::Tab);
    type_text(&mut f.ctl, "Police regraded: seen with an older man");
    ctrl(&mut f.ctl, 's');
    if f.ctl.app.confirm.is_some() {
        press(&mut f.ctl, KeyCode::Char('y'));
    }
    assert!(
        f.ctl.app.form.is_none(),
        "saved: {:?}",
        f.ctl.app.form.as_ref().map(|f| &f.errors)
    );
    assert_eq!(stored(&f.ctl, "risk_changed").len(), regrades + 1);
    assert!(stored(&f.ctl, "notification_dismissed").is_empty());
    let detail = f.ctl.detail(&episode).unwrap();
    assert!(detail.regrade.is_none());
    assert_eq!(detail.risk, Risk::High);
}

#[test]
fn without_a_police_regrade_the_risk_form_asks_only_the_grade_and_the_reason() {
    let mut f = fixture();
    select(&mut f.ctl, "E202");
    press(&mut f.ctl, KeyCode::Char('g'));
    let form = f.ctl.app.form.as_ref().unwrap();
    assert!(form.field("police").is_none());
    assert!(form.field("risk").is_some() && form.field("reason").is_some());
}
