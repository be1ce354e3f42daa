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
            _ => 1,
        }
    }
}

pub(super) fn choice_key(options: &[Opt], index: &mut usize, key: KeyEvent) -> bool {
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
