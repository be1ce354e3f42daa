//! The keyboard panes that write events. Each form is a list of fields; submitting
//! turns it into typed new events (one file per form says how), which the desk
//! records through the same checks as `import` (`Desk::record`). Whatever the
//! record refuses is shown in place, beside the field it names.

pub mod acknowledge;
pub mod action;
pub mod details;
pub mod link;
pub mod police;
pub mod report;
pub mod returned;
pub mod rhi;
pub mod risk;
pub mod triage;
pub mod update;

use super::snapshot::{PolicyInfo, Snapshot};
use crate::calendar::{from_local, local};
use crate::record::NewEvent;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    Report,
    Update,
    Police,
    Risk,
    Complete,
    Waive,
    Return,
    RhiAttempt,
    RhiDeclined,
    Link,
    Details,
    Acknowledge,
    /// MASH triage of the police notification selected in the triage pane.
    TriageAccept,
    TriageNew,
    TriageDismiss,
    TriageRate,
    TriageDecide,
}

impl FormKind {
    pub const ALL: &'static [FormKind] = &[
        FormKind::Report,
        FormKind::Update,
        FormKind::Police,
        FormKind::Risk,
        FormKind::Complete,
        FormKind::Waive,
        FormKind::Return,
        FormKind::RhiAttempt,
        FormKind::RhiDeclined,
        FormKind::Link,
        FormKind::Details,
        FormKind::Acknowledge,
        FormKind::TriageAccept,
        FormKind::TriageNew,
        FormKind::TriageDismiss,
        FormKind::TriageRate,
        FormKind::TriageDecide,
    ];

    /// Whether the form acts on the selected episode.
    pub fn needs_episode(self) -> bool {
        self != FormKind::Report && !self.is_triage()
    }

    /// Whether the form acts on the police notification selected in the triage pane.
    pub fn is_triage(self) -> bool {
        matches!(
            self,
            FormKind::TriageAccept
                | FormKind::TriageNew
                | FormKind::TriageDismiss
                | FormKind::TriageRate
                | FormKind::TriageDecide
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            FormKind::Report => "Report a child missing",
            FormKind::Update => "Record an update",
            FormKind::Police => "Police informed",
            FormKind::Risk => "Regrade risk",
            FormKind::Complete => "Complete an action",
            FormKind::Waive => "Waive an action",
            FormKind::Return => "Record the return",
            FormKind::RhiAttempt => "Return home interview: attempt",
            FormKind::RhiDeclined => "Return home interview: declined",
            FormKind::Link => "Link children missing together",
            FormKind::Details => "Add police information",
            FormKind::Acknowledge => "Acknowledge a breached deadline",
            FormKind::TriageAccept => "Police notification: accept onto a child",
            FormKind::TriageNew => "Police notification: register a new child",
            FormKind::TriageDismiss => "Police notification: dismiss",
            FormKind::TriageRate => "Police notification: RAG rating",
            FormKind::TriageDecide => "Police notification: MASH decision",
        }
    }

    /// The event it writes, in words, for the confirmation line.
    pub fn saved(self) -> &'static str {
        match self {
            FormKind::Report => "reported missing",
            FormKind::Update => "update recorded",
            FormKind::Police => "police informed recorded",
            FormKind::Risk => "risk regraded",
            FormKind::Complete => "action completed",
            FormKind::Waive => "action waived",
            FormKind::Return => "return recorded",
            FormKind::RhiAttempt => "RHI attempt recorded",
            FormKind::RhiDeclined => "RHI declined recorded",
            FormKind::Link => "link recorded",
            FormKind::Details => "police information added",
            FormKind::Acknowledge => "breach acknowledged",
            FormKind::TriageAccept | FormKind::TriageNew => "notification accepted, episode opened",
            FormKind::TriageDismiss => "notification dismissed",
            FormKind::TriageRate => "RAG rating recorded",
            FormKind::TriageDecide => "MASH decision recorded",
        }
    }
}

/// One choice in a choice list: the value written, and what is shown (with a
/// privacy-mode label where the option names a child).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub private_label: String,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Opt {
        let label = label.into();
        Opt {
            value: value.into(),
            private_label: label.clone(),
            label,
        }
    }

    pub fn private(
        value: impl Into<String>,
        label: impl Into<String>,
        private_label: impl Into<String>,
    ) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
            private_label: private_label.into(),
        }
    }

    pub fn shown(&self, privacy: bool) -> &str {
        if privacy {
            &self.private_label
        } else {
            &self.label
        }
    }
}

#[derive(Debug, Clone)]
pub enum Input {
    /// Text, typed into a kept text-entry widget.
    Text {
        area: TextArea<'static>,
        multiline: bool,
    },
    /// A local date and time (`22:30`, `2026-03-01 22:30`, `now` or RFC 3339).
    Time { area: TextArea<'static> },
    /// One of a list (left/right, or the first letter).
    Choice { options: Vec<Opt>, index: usize },
    /// Yes or no (space).
    Toggle(bool),
    /// Any of a list (left/right to move, space to tick).
    Multi {
        options: Vec<Opt>,
        chosen: Vec<bool>,
        cursor: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The event field it fills (refusals naming this field are shown beside it).
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    /// Shown under the field while it has the focus.
    pub hint: &'static str,
    /// Shown only while the choice field `.0` has the value `.1`.
    pub show_if: Option<(&'static str, &'static str)>,
    pub error: Option<String>,
}

fn text_area(initial: &str, multiline: bool, placeholder: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![initial.to_string()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area.set_cursor_line_style(Style::default());
    area.set_placeholder_text(placeholder.to_string());
    if multiline {
        area.set_wrap_mode(WrapMode::WordOrGlyph);
    }
    area
}

impl Field {
    pub fn text(key: &'static str, label: &'static str) -> Field {
        Field {
            key,
            label,
            input: Input::Text {
                area: text_area("", false, ""),
                multiline: false,
            },
            required: false,
            hint: "",
            show_if: None,
            error: None,
        }
    }

    pub fn multiline(key: &'static str, label: &'static str) -> Field {
        Field {
            input: Input::Text {
                area: text_area("", true, ""),
                multiline: true,
            },
            ..Field::text(key, label)
        }
    }

    pub fn time(key: &'static str, label: &'static str, initial: &str) -> Field {
        Field {
            input: Input::Time {
                area: text_area(initial, false, "22:30, 2026-03-01 22:30 or now"),
            },
            hint: "Local time: 22:30 (the last 24 hours), 2026-03-01 22:30, or now",
            ..Field::text(key, label)
        }
    }

    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<Opt>,
        index: usize,
    ) -> Field {
        let index = index.min(options.len().saturating_sub(1));
        Field {
            input: Input::Choice { options, index },
            hint: "Left/right to choose, or type its first letter",
            ..Field::text(key, label)
        }
    }

    pub fn toggle(key: &'static str, label: &'static str) -> Field {
        Field {
            input: Input::Toggle(false),
            hint: "Space (or y/n) to change",
            ..Field::text(key, label)
        }
    }

    pub fn multi(key: &'static str, label: &'static str, options: Vec<Opt>) -> Field {
        let n = options.len();
        Field {
            input: Input::Multi {
                options,
                chosen: vec![false; n],
                cursor: 0,
            },
            hint: "Up/down to move, space to tick",
            ..Field::text(key, label)
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    pub fn show_if(mut self, key: &'static str, value: &'static str) -> Field {
        self.show_if = Some((key, value));
        self
    }

    pub fn initial(mut self, text: &str) -> Field {
        match &mut self.input {
            Input::Text { area, multiline } => *area = text_area(text, *multiline, ""),
            Input::Time { area } => *area = text_area(text, false, ""),
            _ => {}
        }
        self
    }

    /// The field's text (lines joined with newlines), trimmed.
    pub fn text_value(&self) -> String {
        match &self.input {
            Input::Text { area, .. } | Input::Time { area } => {
                area.lines().join("\n").trim().to_string()
            }
            Input::Choice { options, index } => options
                .get(*index)
                .map(|o| o.value.clone())
                .unwrap_or_default(),
            Input::Toggle(b) => b.to_string(),
            Input::Multi {
                options, chosen, ..
            } => options
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.value.clone())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    fn is_blank(&self) -> bool {
        match &self.input {
            Input::Multi { chosen, .. } => !chosen.iter().any(|c| *c),
            Input::Toggle(_) => false,
            _ => self.text_value().is_empty(),
        }
    }

    /// Rows the field takes in the form (label line, input, error and hint lines
    /// are drawn by the form renderer; this is the input's own height).
    pub fn input_height(&self) -> u16 {
        match &self.input {
            Input::Text {
                multiline: true, ..
            } => 4,
            Input::Multi { options, .. } => options.len().clamp(1, 5) as u16,
            _ => 1,
        }
    }
}

/// Who and what a form is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub episode: String,
    pub child: String,
    pub name: String,
    pub initials: String,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub subject: Option<Subject>,
    /// The police notification a triage form is about.
    pub notification: Option<crate::record::Notification>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Refusals that name no field of this form.
    pub errors: Vec<String>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Nothing,
    Changed,
    Submit,
    Cancel,
}

/// A refusal: the field it names (if any) and why.
pub type Problem = (Option<String>, String);

/// What building events needs besides the form.
pub struct Ctx<'a> {
    pub operator: &'a str,
    pub now: DateTime<Utc>,
    pub policy: &'a PolicyInfo,
}

pub use crate::calendar::time::rfc;

/// A local time as forms show it and read it back: `2026-03-01 22:30`.
pub fn local_input(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Reads a time typed by an officer: `now`, `HH:MM` (the most recent such time, today
/// or yesterday), `YYYY-MM-DD HH:MM` (local, Europe/London), or RFC 3339.
pub fn parse_time(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(x) = DateTime::parse_from_rfc3339(t) {
        return Ok(x.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(from_local(n));
        }
    }
    if let Ok(time) = NaiveTime::parse_from_str(t, "%H:%M") {
        let today: NaiveDate = local(now).date_naive();
        let at = from_local(today.and_time(time));
        if at <= now {
            return Ok(at);
        }
        let yesterday = today.pred_opt().unwrap_or(today);
        return Ok(from_local(yesterday.and_time(time)));
    }
    Err(format!(
        "`{t}` is not a time: write 22:30, 2026-03-01 22:30 or now"
    ))
}

impl Form {
    pub fn new(kind: FormKind, subject: Option<Subject>, fields: Vec<Field>) -> Form {
        Form {
            kind,
            subject,
            notification: None,
            fields,
            focus: 0,
            errors: Vec::new(),
        }
    }

    /// Opens the form of `kind` for the selected episode (if it needs one).
    pub fn open(
        kind: FormKind,
        snapshot: &Snapshot,
        policy: &PolicyInfo,
        episode: Option<&str>,
        operator: &str,
    ) -> Result<Form, String> {
        let detail = match (kind.needs_episode(), episode) {
            (false, _) => None,
            (true, Some(e)) => Some(
                snapshot
                    .detail(e)
                    .ok_or_else(|| format!("episode {e} is not on the board"))?,
            ),
            (true, None) => return Err("select a child on the board first".into()),
        };
        let now = snapshot.now;
        let subject = detail.map(|d| Subject {
            episode: d.episode.clone(),
            child: d.child.clone(),
            name: d.name.clone(),
            initials: d.initials.clone(),
        });
        let fields = match (kind, detail) {
            (FormKind::Report, _) => report::fields(snapshot, policy, now),
            (FormKind::Update, _) => update::fields(),
            (FormKind::Police, Some(d)) => police::fields(d),
            (FormKind::Risk, Some(d)) => risk::fields(d),
            (FormKind::Complete, Some(d)) => action::fields(d, policy, false),
            (FormKind::Waive, Some(d)) => action::fields(d, policy, true),
            (FormKind::Return, Some(_)) => returned::fields(now),
            (FormKind::RhiAttempt, _) | (FormKind::RhiDeclined, _) => rhi::fields(),
            (FormKind::Link, Some(d)) => link::fields(d, snapshot, operator),
            (FormKind::Details, Some(d)) => details::fields(d),
            (FormKind::Acknowledge, Some(d)) => acknowledge::fields(d)?,
            (
                FormKind::TriageAccept
                | FormKind::TriageNew
                | FormKind::TriageDismiss
                | FormKind::TriageRate
                | FormKind::TriageDecide,
                _,
            ) => return Err("open it from the triage pane (T)".into()),
            (_, None) => return Err("select a child on the board first".into()),
        };
        let mut form = Form::new(kind, subject, fields);
        form.focus = form.first_visible();
        Ok(form)
    }

    /// Opens a triage form on the notification `id` (from the triage pane), with the
    /// pane's chosen candidate, if any, preselected.
    pub fn open_triage(
        kind: FormKind,
        snapshot: &Snapshot,
        policy: &PolicyInfo,
        id: &str,
        candidate: Option<usize>,
    ) -> Result<Form, String> {
        let item = snapshot
            .triage
            .iter()
            .find(|t| t.notification.id == id)
            .ok_or_else(|| format!("notification {id} is no longer waiting"))?;
        let n = &item.notification;
        let fields = match kind {
            FormKind::TriageAccept => triage::accept_fields(item, candidate, policy, false),
            FormKind::TriageNew => triage::accept_fields(item, None, policy, true),
            FormKind::TriageDismiss => triage::dismiss_fields(),
            FormKind::TriageRate => triage::rate_fields(n.screening.rag.as_ref().map(|r| r.rag)),
            FormKind::TriageDecide => {
                triage::decide_fields(n.screening.decision.as_ref().map(|d| d.decision))
            }
            _ => return Err("not a triage form".into()),
        };
        let mut form = Form::new(kind, None, fields);
        form.notification = Some(n.clone());
        form.focus = form.first_visible();
        Ok(form)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Sets the choice field `key` to the option whose value is `value`, if any.
    pub fn choose(&mut self, key: &str, value: &str) {
        if let Some(Field {
            input: Input::Choice { options, index },
            ..
        }) = self.fields.iter_mut().find(|f| f.key == key)
        {
            if let Some(i) = options.iter().position(|o| o.value == value) {
                *index = i;
            }
        }
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key).map(Field::text_value).unwrap_or_default()
    }

    /// A text field's value, if anything but blanks was typed.
    pub fn text(&self, key: &str) -> Option<String> {
        Some(self.value(key)).filter(|v| !v.trim().is_empty())
    }

    /// A field's word read as the record's vocabulary; what does not read is said
    /// beside the field, in the record's words.
    pub fn word<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<T, Vec<Problem>> {
        parse(&self.value(key)).map_err(|e| vec![(Some(key.to_string()), e)])
    }

    pub fn toggled(&self, key: &str) -> bool {
        matches!(self.field(key).map(|f| &f.input), Some(Input::Toggle(true)))
    }

    pub fn chosen(&self, key: &str) -> Vec<String> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Multi {
                options, chosen, ..
            }) => options
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.value.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn is_visible(&self, i: usize) -> bool {
        match self.fields.get(i).and_then(|f| f.show_if) {
            None => i < self.fields.len(),
            Some((key, value)) => self.value(key) == value,
        }
    }

    pub fn visible(&self) -> Vec<usize> {
        (0..self.fields.len())
            .filter(|&i| self.is_visible(i))
            .collect()
    }

    fn first_visible(&self) -> usize {
        self.visible().first().copied().unwrap_or(0)
    }

    pub fn focus_next(&mut self) {
        let v = self.visible();
        if let Some(&next) = v.iter().find(|&&i| i > self.focus) {
            self.focus = next;
        } else if let Some(&first) = v.first() {
            self.focus = first;
        }
    }

    pub fn focus_prev(&mut self) {
        let v = self.visible();
        if let Some(&prev) = v.iter().rev().find(|&&i| i < self.focus) {
            self.focus = prev;
        } else if let Some(&last) = v.last() {
            self.focus = last;
        }
    }

    fn is_last_visible(&self) -> bool {
        self.visible().last() == Some(&self.focus)
    }

    /// Handles one key. Esc cancels, Ctrl+S saves, Tab and Shift+Tab move between
    /// fields (up/down too, outside multi-line text), Enter moves on (saves on the
    /// last field; a new line in multi-line text).
    pub fn key(&mut self, key: KeyEvent) -> FormOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Char('s') | KeyCode::Char('S') if ctrl => return FormOutcome::Submit,
            KeyCode::Tab => {
                self.focus_next();
                return FormOutcome::Changed;
            }
            KeyCode::BackTab => {
                self.focus_prev();
                return FormOutcome::Changed;
            }
            _ => {}
        }
        let last = self.is_last_visible();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Nothing;
        };
        let multiline = matches!(
            field.input,
            Input::Text {
                multiline: true,
                ..
            }
        );
        if let Input::Multi {
            options, cursor, ..
        } = &mut field.input
        {
            match key.code {
                KeyCode::Up if *cursor > 0 => {
                    *cursor -= 1;
                    return FormOutcome::Changed;
                }
                KeyCode::Down if *cursor + 1 < options.len() => {
                    *cursor += 1;
                    return FormOutcome::Changed;
                }
                _ => {}
            }
        }
        match key.code {
            KeyCode::Enter if !multiline => {
                return if last {
                    FormOutcome::Submit
                } else {
                    self.focus_next();
                    FormOutcome::Changed
                };
            }
            KeyCode::Down if !multiline => {
                self.focus_next();
                return FormOutcome::Changed;
            }
            KeyCode::Up if !multiline => {
                self.focus_prev();
                return FormOutcome::Changed;
            }
            _ => {}
        }
        let changed = match &mut field.input {
            Input::Text { area, .. } | Input::Time { area } => area.input(key),
            Input::Choice { options, index } => choice_key(options, index, key),
            Input::Toggle(b) => match key.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    *b = !*b;
                    true
                }
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    *b = true;
                    true
                }
                KeyCode::Char('n') | KeyCode::Char('N') => {
                    *b = false;
                    true
                }
                _ => false,
            },
            Input::Multi {
                options,
                chosen,
                cursor,
            } => match key.code {
                KeyCode::Left if *cursor > 0 => {
                    *cursor -= 1;
                    true
                }
                KeyCode::Right if *cursor + 1 < options.len() => {
                    *cursor += 1;
                    true
                }
                KeyCode::Char(' ') if !options.is_empty() => {
                    chosen[*cursor] = !chosen[*cursor];
                    true
                }
                _ => false,
            },
        };
        if changed {
            field.error = None;
            FormOutcome::Changed
        } else {
            FormOutcome::Nothing
        }
    }

    pub fn clear_errors(&mut self) {
        self.errors.clear();
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Shows a refusal beside the field it names, or above the fields.
    pub fn add_problem(&mut self, field: Option<&str>, message: String) {
        let visible = self.visible();
        if let Some(key) = field {
            if let Some(i) = self
                .fields
                .iter()
                .position(|f| f.key == key)
                .filter(|i| visible.contains(i))
            {
                let f = &mut self.fields[i];
                f.error = Some(match f.error.take() {
                    Some(e) => format!("{e}; {message}"),
                    None => message,
                });
                return;
            }
            self.errors.push(format!("{key}: {message}"));
            return;
        }
        self.errors.push(message);
    }

    /// Moves the focus to the first field that shows an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self
            .visible()
            .into_iter()
            .find(|&i| self.fields[i].error.is_some())
        {
            self.focus = i;
        }
    }

    /// The checks a form can make by itself: required fields, times that read.
    pub fn check_fields(&self, now: DateTime<Utc>) -> Vec<Problem> {
        let mut out = Vec::new();
        for i in self.visible() {
            let f = &self.fields[i];
            if f.required && f.is_blank() {
                out.push((Some(f.key.to_string()), "is required".to_string()));
                continue;
            }
            if let Input::Time { .. } = f.input {
                let v = f.text_value();
                if !v.is_empty() {
                    if let Err(e) = parse_time(&v, now) {
                        out.push((Some(f.key.to_string()), e));
                    }
                }
            }
        }
        out
    }

    /// A time field's value, if it is filled in and reads.
    pub fn time(&self, key: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let v = self.value(key);
        if v.is_empty() {
            return None;
        }
        parse_time(&v, now).ok()
    }

    /// The events this form writes, typed.
    pub fn events(&self, ctx: &Ctx) -> Result<Vec<NewEvent>, Vec<Problem>> {
        let problems = self.check_fields(ctx.now);
        if !problems.is_empty() {
            return Err(problems);
        }
        let episode = self.subject.as_ref().map(|s| s.episode.as_str());
        let one = |e: NewEvent| Ok(vec![e]);
        match (self.kind, episode) {
            (FormKind::Report, _) => report::events(self, ctx),
            (FormKind::Update, Some(e)) => one(update::event(self, ctx, e)),
            (FormKind::Police, Some(e)) => one(police::event(self, ctx, e)),
            (FormKind::Risk, Some(e)) => risk::event(self, ctx, e).map(|e| vec![e]),
            (FormKind::Complete, Some(e)) => one(action::event(self, ctx, e, false)),
            (FormKind::Waive, Some(e)) => one(action::event(self, ctx, e, true)),
            (FormKind::Return, Some(e)) => one(returned::event(self, ctx, e)),
            (FormKind::RhiAttempt, Some(e)) => one(rhi::event(self, ctx, e, false)),
            (FormKind::RhiDeclined, Some(e)) => one(rhi::event(self, ctx, e, true)),
            (FormKind::Link, Some(e)) => one(link::event(self, ctx, e)),
            (FormKind::Acknowledge, Some(e)) => one(acknowledge::event(self, ctx, e)),
            (FormKind::Details, Some(e)) => details::event(self, ctx, e).map(|e| vec![e]),
            (
                FormKind::TriageAccept
                | FormKind::TriageNew
                | FormKind::TriageDismiss
                | FormKind::TriageRate
                | FormKind::TriageDecide,
                _,
            ) => self.triage_events(ctx),
            (_, None) => Err(vec![(None, "no child is selected".to_string())]),
        }
    }
}

impl Form {
    /// The events of a triage form, about the notification it was opened on.
    fn triage_events(&self, ctx: &Ctx) -> Result<Vec<NewEvent>, Vec<Problem>> {
        let Some(n) = &self.notification else {
            return Err(vec![(None, "no notification is selected".to_string())]);
        };
        match self.kind {
            FormKind::TriageDismiss => triage::dismiss_events(self, ctx, &n.id),
            FormKind::TriageRate => triage::rate_events(self, ctx, &n.id),
            FormKind::TriageDecide => triage::decide_events(self, ctx, &n.id),
            _ => triage::accept_events(self, ctx, n),
        }
    }
}

fn choice_key(options: &[Opt], index: &mut usize, key: KeyEvent) -> bool {
    if options.is_empty() {
        return false;
    }
    let n = options.len();
    match key.code {
        KeyCode::Right | KeyCode::Char(' ') => {
            *index = (*index + 1) % n;
            true
        }
        KeyCode::Left => {
            *index = (*index + n - 1) % n;
            true
        }
        KeyCode::Home => {
            *index = 0;
            true
        }
        KeyCode::End => {
            *index = n - 1;
            true
        }
        KeyCode::Char(c) if c.is_alphanumeric() => {
            let c = c.to_lowercase().to_string();
            let starts = |o: &Opt| o.label.to_lowercase().starts_with(&c);
            let found = (1..=n)
                .map(|k| (*index + k) % n)
                .find(|&i| starts(&options[i]));
            if let Some(i) = found {
                *index = i;
                true
            } else {
                false
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_bare_time_is_the_most_recent_such_time() {
        // 03:00 GMT on 2 March: 22:30 means last night, 02:15 means this morning.
        let now = at("2026-03-02T03:00:00Z");
        assert_eq!(
            parse_time("22:30", now).unwrap(),
            at("2026-03-01T22:30:00Z")
        );
        assert_eq!(
            parse_time("02:15", now).unwrap(),
            at("2026-03-02T02:15:00Z")
        );
        assert_eq!(parse_time("now", now).unwrap(), now);
    }

    #[test]
    fn local_dates_are_read_in_london_time() {
        let now = at("2026-07-02T03:00:00Z");
        assert_eq!(
            parse_time("2026-07-01 22:30", now).unwrap(),
            at("2026-07-01T21:30:00Z")
        );
        assert!(parse_time("yesterday-ish", now).is_err());
    }
}
