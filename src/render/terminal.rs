//! What may reach a terminal (INTERFACE: control characters; reliability review D10).
//! A name, a file name or an error message can carry an escape sequence that sets a
//! window's title, or a carriage return that overwrites what an officer reads; a bidi
//! control can reorder a line. Every text output passes through here: control and
//! format characters are written as visible escapes (`\u{1b}`), so the officer sees
//! that something odd was sent rather than what it pretends to be.

use crate::record::characters::{is_control, is_format};
use std::borrow::Cow;

/// Text for a terminal, lines kept: every control character but LF and TAB, and every
/// format character, written as `\u{..}`. CR is escaped too (it would overwrite).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c != '\n' && c != '\t')
}

/// One line for a terminal: as [`text`], and a line break or tab is escaped too, so a
/// file name cannot forge a second line of a report.
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape(s, |_| true)
}

/// JSON for a terminal: serde already writes control characters as `\u001b`; format
/// characters are written the same way, which keeps the value (a JSON reader decodes
/// them back) and keeps them off the screen.
pub fn json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_format) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_format(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escape(s: &str, control_escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| (is_control(c) && control_escaped(c)) || is_format(c);
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_setting_escape_in_a_name_is_shown_not_obeyed() {
        let name = "A B\u{1b}]0;PWNED-TITLE\u{7}";
        assert_eq!(text(name), "A B\\u{1b}]0;PWNED-TITLE\\u{7}");
    }

    #[test]
    fn a_carriage_return_cannot_overwrite_the_real_name() {
        assert_eq!(text("Real Name\rFAKE NAME"), "Real Name\\u{d}FAKE NAME");
    }

    #[test]
    fn lines_and_tabs_are_kept_in_text_but_not_in_one_line() {
        assert_eq!(text("a\n\tb"), "a\n\tb");
        assert_eq!(
            one_line("x.json\nprocessed fake.json"),
            "x.json\\u{a}processed fake.json"
        );
    }

    #[test]
    fn a_bidi_override_is_escaped_everywhere() {
        assert_eq!(text("gpj\u{202e}.exe"), "gpj\\u{202e}.exe");
        assert_eq!(
            json("{\"name\":\"gpj\u{202e}x\"}"),
            "{\"name\":\"gpj\\u202ex\"}"
        );
        let back: serde_json::Value =
            serde_json::from_str(&json("{\"n\":\"a\u{202e}\u{e0001}b\"}")).unwrap();
        assert_eq!(back["n"], "a\u{202e}\u{e0001}b", "JSON keeps the value");
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        assert!(matches!(text("Zoë O'Neill, 14"), Cow::Borrowed(_)));
        assert!(matches!(json("[1,2]"), Cow::Borrowed(_)));
    }
}
