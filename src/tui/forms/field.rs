//! The parts of a form: a field, what it takes as input, and a choice's options.
//! A field knows nothing of events: a form's own file reads its values.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

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
    /// A choice's search line, while something is typed into it: it filters the
    /// options, and the choice changes only when Enter takes the highlighted match.
    pub search: Option<Search>,
    /// Text that names the child: shown as initials in privacy mode.
    pub private: bool,
}

/// What is typed into a choice (issue 17, "Forgiving": typing never changes a
/// choice by itself), and which of the options it matches is highlighted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub text: String,
    /// The highlighted match, as a place among the matches.
    pub cursor: usize,
}

/// How many matches a choice's search line shows under it.
pub const MATCHES_SHOWN: usize = 5;

/// Text with case and accents set aside, for a search.
fn folded(text: &str) -> String {
    crate::triage::matching::words(text).join(" ")
}

/// The options (by place) whose label, privacy label or value hold every word of
/// `query`, case and accents set aside; every option for a blank query.
pub fn matching(options: &[Opt], query: &str) -> Vec<usize> {
    let words = crate::triage::matching::words(query);
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            let hay = format!(
                "{} {} {}",
                folded(&o.label),
                folded(&o.private_label),
                folded(&o.value)
            );
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
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
            search: None,
            private: false,
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
            hint: "Left/right, or type to search (Enter takes)",
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

    /// Text that names the child (shown as initials in privacy mode).
    pub fn private(mut self) -> Field {
        self.private = true;
        self
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

    pub(super) fn is_blank(&self) -> bool {
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
            Input::Choice { options, .. } => match &self.search {
                Some(search) => {
                    1 + matching(options, &search.text)
                        .len()
                        .clamp(1, MATCHES_SHOWN) as u16
                }
                None => 1,
            },
            _ => 1,
        }
    }

    /// The options a choice's open search matches (by place), if a search is open.
    pub fn matches(&self) -> Option<Vec<usize>> {
        match (&self.input, &self.search) {
            (Input::Choice { options, .. }, Some(search)) => Some(matching(options, &search.text)),
            _ => None,
        }
    }

    /// Why the form cannot be saved with this choice's search still open: what was
    /// typed was never taken (Enter takes the highlighted match; Esc keeps the choice).
    pub fn search_untaken(&self) -> Option<String> {
        let search = self.search.as_ref()?;
        let Input::Choice { options, index } = &self.input else {
            return None;
        };
        let kept = options.get(*index).map_or("", |o| o.label.as_str());
        let matches = matching(options, &search.text);
        Some(
            match matches.get(search.cursor.min(matches.len().saturating_sub(1))) {
                Some(&m) => format!(
                    "\"{}\" is typed here but nothing was chosen: Enter takes {}, Esc keeps {kept}",
                    search.text, options[m].label
                ),
                None => format!(
                    "nothing matches \"{}\": Backspace to search again, Esc keeps {kept}",
                    search.text
                ),
            },
        )
    }
}

/// A key typed into a choice: letters go into its search line (never straight into
/// the choice); with a search open, Up/Down (and Left/Right) move among the matches,
/// Enter takes the highlighted one, Backspace takes a letter back and Esc closes the
/// search with the choice as it was. Without one, Left/Right/Home/End change it.
/// `Some(true)` if the key changed something, `Some(false)` if not; `None` for a key
/// the form handles itself (Enter, Esc or Up/Down with no search open).
pub(super) fn choice_search_key(field: &mut Field, key: KeyEvent) -> Option<ChoiceKey> {
    let Input::Choice { options, index } = &mut field.input else {
        return None;
    };
    let ctrl = key
        .modifiers
        .contains(crossterm::event::KeyModifiers::CONTROL);
    if ctrl {
        return None;
    }
    let Some(search) = field.search.as_mut() else {
        return match key.code {
            KeyCode::Char(c) if !c.is_whitespace() && !c.is_control() => {
                field.search = Some(Search {
                    text: c.to_string(),
                    cursor: 0,
                });
                Some(ChoiceKey::Changed)
            }
            KeyCode::Char(' ') => Some(ChoiceKey::Unchanged),
            KeyCode::Enter | KeyCode::Esc | KeyCode::Up | KeyCode::Down => None,
            _ => Some(if choice_key(options, index, key) {
                ChoiceKey::Changed
            } else {
                ChoiceKey::Unchanged
            }),
        };
    };
    let n = matching(options, &search.text).len();
    Some(match key.code {
        KeyCode::Char(c) if !c.is_control() => {
            search.text.push(c);
            search.cursor = 0;
            ChoiceKey::Changed
        }
        KeyCode::Backspace => {
            search.text.pop();
            search.cursor = 0;
            if search.text.trim().is_empty() {
                field.search = None;
            }
            ChoiceKey::Changed
        }
        KeyCode::Up | KeyCode::Left => {
            search.cursor = search.cursor.saturating_sub(1);
            ChoiceKey::Changed
        }
        KeyCode::Down | KeyCode::Right => {
            search.cursor = (search.cursor + 1).min(n.saturating_sub(1));
            ChoiceKey::Changed
        }
        KeyCode::Esc => {
            field.search = None;
            ChoiceKey::Changed
        }
        KeyCode::Enter => {
            let matches = matching(options, &search.text);
            match matches.get(search.cursor.min(n.saturating_sub(1))) {
                Some(&m) => {
                    *index = m;
                    field.search = None;
                    ChoiceKey::Taken
                }
                None => ChoiceKey::Unchanged,
            }
        }
        _ => ChoiceKey::Unchanged,
    })
}

/// What a key did to a choice with its search line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChoiceKey {
    Unchanged,
    Changed,
    /// Enter took the highlighted match: the form moves on to the next field.
    Taken,
}

/// Left/Right (and Home/End) change a choice: the only keys that do, but for Enter
/// on a search's match.
pub(super) fn choice_key(options: &[Opt], index: &mut usize, key: KeyEvent) -> bool {
    if options.is_empty() {
        return false;
    }
    let n = options.len();
    match key.code {
        KeyCode::Right => {
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
        _ => false,
    }
}
