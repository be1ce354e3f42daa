//! A form being filled in: its fields, the focus, the keys, and the refusals shown
//! beside the fields they name.

use super::field::{choice_key, choice_search_key, ChoiceKey, Field, Input};
use super::time::parse_time;
use super::{FormKind, Problem};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

/// Pasted text for a one-line field: each line break (CRLF, CR or LF) and tab a
/// space, trailing line breaks dropped, other control characters dropped.
pub fn one_line(text: &str) -> String {
    text.trim_end_matches(['\r', '\n'])
        .replace("\r\n", " ")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Pasted text for multi-line text: CRLF and CR are line breaks; tabs kept; other
/// control characters dropped.
pub fn multi_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
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
    /// The officer said yes to saving it (forms that ask first: [`super::confirm`]).
    pub confirmed: bool,
    /// Each field's text as the form opened, to tell whether anything was typed.
    pristine: Vec<String>,
    /// What it acts on as it stood when it opened ([`super::moved`]).
    pub baseline: super::moved::Baseline,
    /// The warning that the record moved under it, once said: the next Ctrl+S saves.
    pub stale_seen: Option<String>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Nothing,
    Changed,
    Submit,
    Cancel,
}

impl Form {
    pub fn new(kind: FormKind, subject: Option<Subject>, fields: Vec<Field>) -> Form {
        let pristine = fields.iter().map(Field::text_value).collect();
        Form {
            kind,
            subject,
            notification: None,
            fields,
            focus: 0,
            errors: Vec::new(),
            confirmed: false,
            pristine,
            baseline: Default::default(),
            stale_seen: None,
        }
    }

    /// Which draft this form keeps: its kind and what it is about.
    pub fn draft_key(&self) -> (FormKind, String) {
        let about = match (&self.subject, &self.notification) {
            (Some(s), _) => s.episode.clone(),
            (None, Some(n)) => n.id.clone(),
            (None, None) => String::new(),
        };
        (self.kind, about)
    }

    /// Whether text was typed into it: a text or time field differs from how the
    /// form opened.
    pub fn has_typed(&self) -> bool {
        self.fields.iter().zip(&self.pristine).any(|(f, was)| {
            matches!(f.input, Input::Text { .. } | Input::Time { .. }) && f.text_value() != *was
        })
    }

    /// Brings back what a draft of this form held: the text, ticks and choices of
    /// the fields it shares with the form as it opens now (a choice only where the
    /// option is still offered).
    pub fn restore(&mut self, draft: &Form) {
        for field in &mut self.fields {
            let Some(old) = draft.fields.iter().find(|f| f.key == field.key) else {
                continue;
            };
            match (&mut field.input, &old.input) {
                (Input::Text { area, .. }, Input::Text { area: kept, .. })
                | (Input::Time { area }, Input::Time { area: kept }) => *area = kept.clone(),
                (Input::Toggle(b), Input::Toggle(kept)) => *b = *kept,
                (Input::Choice { options, index }, Input::Choice { .. }) => {
                    let value = old.text_value();
                    if let Some(i) = options.iter().position(|o| o.value == value) {
                        *index = i;
                    }
                }
                (
                    Input::Multi {
                        options, chosen, ..
                    },
                    Input::Multi {
                        options: kept_options,
                        chosen: kept,
                        ..
                    },
                ) => {
                    for (o, c) in options.iter().zip(chosen.iter_mut()) {
                        if let Some(k) = kept_options.iter().position(|k| k.value == o.value) {
                            *c = kept[k];
                        }
                    }
                }
                _ => {}
            }
        }
        self.focus = draft.focus.min(self.fields.len().saturating_sub(1));
        if !self.is_visible(self.focus) {
            self.focus = self.first_visible();
        }
    }

    /// What another desk changed under it since it opened, in words (`None`: nothing).
    pub fn moved(&self, snapshot: &crate::views::detail::Snapshot) -> Option<String> {
        let rule = self.field("rule").map(Field::text_value);
        let episode = self.subject.as_ref().map(|s| s.episode.as_str());
        super::moved::warning(&self.baseline, episode, rule.as_deref(), snapshot)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether the field `key` (the one on screen) differs from how the form opened.
    pub fn changed(&self, key: &str) -> bool {
        let visible = self.visible();
        let i = visible
            .iter()
            .copied()
            .find(|&i| self.fields[i].key == key)
            .or_else(|| self.fields.iter().position(|f| f.key == key));
        i.is_some_and(|i| self.fields[i].text_value() != self.pristine[i])
    }

    /// The field `key` on screen, where a form shows one of two fields of the same
    /// key (each beside what its choice asks for), else the first.
    pub fn shown_field(&self, key: &str) -> Option<&Field> {
        self.visible()
            .into_iter()
            .map(|i| &self.fields[i])
            .find(|f| f.key == key)
            .or_else(|| self.field(key))
    }

    /// A time field on screen (see [`Form::shown_field`]), if filled in and it reads.
    pub fn shown_time(&self, key: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let v = self.shown_field(key).map(Field::text_value)?;
        if v.is_empty() {
            return None;
        }
        parse_time(&v, now)
            .ok()
            .map(|t| chrono::SubsecRound::trunc_subsecs(t, 0))
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

    pub(super) fn first_visible(&self) -> usize {
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
        // A choice takes what is typed into its search line first (Esc closes the
        // search, Enter takes its match), so typing never changes a choice itself.
        if !matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
            if let Some(field) = self.fields.get_mut(self.focus) {
                match choice_search_key(field, key) {
                    Some(ChoiceKey::Taken) => {
                        field.error = None;
                        self.focus_next();
                        return FormOutcome::Changed;
                    }
                    Some(ChoiceKey::Changed) => {
                        field.error = None;
                        return FormOutcome::Changed;
                    }
                    Some(ChoiceKey::Unchanged) => return FormOutcome::Nothing,
                    None => {}
                }
            }
        }
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
        let ctrl_u = ctrl && matches!(key.code, KeyCode::Char('u') | KeyCode::Char('U'));
        let changed = match &mut field.input {
            // Ctrl+U clears as in a shell (the text widget's own Ctrl+U is "undo", which
            // a tired officer clearing a mistyped reference does not expect).
            Input::Text { area, multiline } if ctrl_u => clear_line(area, *multiline),
            Input::Time { area } if ctrl_u => clear_line(area, false),
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

    /// Text pasted into the focused field: a one-line field takes newlines as
    /// spaces, multi-line text keeps its lines; control characters are dropped. A
    /// choice, a toggle or a list takes no paste. Whether anything went in.
    pub fn paste(&mut self, text: &str) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let taken = match &mut field.input {
            Input::Text {
                area,
                multiline: true,
            } => area.insert_str(multi_line(text)),
            Input::Text { area, .. } | Input::Time { area } => area.insert_str(one_line(text)),
            _ => false,
        };
        if taken {
            field.error = None;
        }
        taken
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
            if let Some(i) = visible.iter().copied().find(|&i| self.fields[i].key == key) {
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
            if let Some(why) = f.search_untaken() {
                out.push((Some(f.key.to_string()), why));
                continue;
            }
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
        // To the second, as an officer types times ("now" included).
        parse_time(&v, now)
            .ok()
            .map(|t| chrono::SubsecRound::trunc_subsecs(t, 0))
    }
}

/// Ctrl+U: a one-line field is emptied; in multi-line text, the line up to the cursor.
fn clear_line(area: &mut TextArea<'static>, multiline: bool) -> bool {
    if !multiline {
        area.move_cursor(ratatui_textarea::CursorMove::End);
    }
    area.delete_line_by_head()
}
