//! The forms that ask before saving (issue 17, "Forgiving"): a return, an RHI
//! declined, a completion, a waiver and a dismissal are hard to take back, so each
//! asks in one line that names the child and the time ("Record Amy Smith's return
//! at 03:10? y/n").

use super::{Form, FormKind, Input};
use crate::calendar::local;
use crate::record::{initials, NewEvent};
use chrono::{DateTime, Utc};

/// The question to ask before saving `form` as `events`, for the forms that ask;
/// `None` for the others. Names as initials in privacy mode.
pub fn question(
    form: &Form,
    events: &[NewEvent],
    privacy: bool,
    now: DateTime<Utc>,
) -> Option<String> {
    let at = clock(events.first().map_or(now, |e| e.at), now);
    let name = name(form, privacy);
    let action = || action_title(form);
    Some(match form.kind {
        FormKind::Return => format!("Record {}'s return at {at}? y/n", name?),
        FormKind::RhiDeclined => format!(
            "Record that {} declined the return home interview, at {at}? y/n",
            name?
        ),
        FormKind::Complete => format!("Record \"{}\" as done for {} at {at}? y/n", action(), name?),
        FormKind::Waive => format!("Waive \"{}\" for {} at {at}? y/n", action(), name?),
        FormKind::Risk if super::risk::dismissing(form).is_some() => format!(
            "Dismiss the police regrade for {} at {at} (the risk stays as it is)? y/n",
            name?
        ),
        FormKind::TriageDismiss => format!(
            "Dismiss the police notification about {} at {at}? y/n",
            name?
        ),
        FormKind::EditChild => {
            let since = if form.value("since") == super::child::NOW {
                format!("changed at {at}")
            } else {
                "as it always was, since the registration".to_string()
            };
            format!("Save {}'s details, {since}? y/n", name?)
        }
        FormKind::Correct if form.value("how") == super::correct::CHANGED => format!(
            "Record that {}'s episode became {} at {at}? y/n",
            name?,
            category_label(form)
        ),
        FormKind::Correct => format!("Correct {}'s episode as recorded wrongly? y/n", name?),
        FormKind::Void => format!(
            "Mark {}'s entry \"{}\" as made in error? y/n",
            name?,
            super::void::chosen(form)
        ),
        FormKind::Merge => {
            let (dup, kept) = super::merge::pair(form)?;
            format!(
                "Merge {} into {}: one child from now? y/n",
                super::merge::label_of(form, &dup, privacy),
                super::merge::label_of(form, &kept, privacy)
            )
        }
        _ => return None,
    })
}

/// Whom the form is about: the selected child, or the child a police notification
/// names.
fn name(form: &Form, privacy: bool) -> Option<String> {
    let full = match (&form.subject, &form.notification) {
        (Some(s), _) if privacy => return Some(s.initials.clone()),
        (Some(s), _) => s.name.clone(),
        (None, Some(n)) => n.details.name.clone(),
        (None, None) => return None,
    };
    Some(if privacy { initials(&full) } else { full })
}

/// The new category's label, as the form on screen shows it.
fn category_label(form: &Form) -> String {
    crate::record::vocab::Category::parse(
        &form
            .shown_field("category")
            .map(|f| f.text_value())
            .unwrap_or_default(),
    )
    .map(|c| c.label().to_string())
    .unwrap_or_default()
}

/// The chosen action's title, without the chooser's state tag ("[due now]").
fn action_title(form: &Form) -> String {
    match form.field("rule").map(|f| &f.input) {
        Some(Input::Choice { options, index }) => options
            .get(*index)
            .map(|o| match o.label.rfind(" [") {
                Some(i) => o.label[..i].to_string(),
                None => o.label.clone(),
            })
            .unwrap_or_default(),
        _ => form.value("rule"),
    }
}

/// A time in a question, as the desk reads it: `03:10` today, else `Mon 30 Nov 21:53`.
pub fn clock(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if local(t).date_naive() == local(now).date_naive() {
        local(t).format("%H:%M").to_string()
    } else {
        crate::calendar::time::when(t)
    }
}
