//! Which characters a record may hold (INTERFACE, "The record proves it is whole"):
//! control characters (Unicode Cc: C0, DEL, C1) are refused at import, except TAB and
//! LF in free text; a police notification has them replaced by U+FFFD instead, because
//! a force's file is never refused for a stray byte. Format characters (Unicode Cf:
//! bidi controls, zero-width characters) are kept, since real names hold them (a
//! Persian name's zero-width non-joiner), and every text output escapes them.

/// A Unicode control character (general category Cc).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// A Unicode format character (general category Cf): invisible, and able to reorder
/// or hide what a terminal shows (U+202E turns "gpj.exe" into "exe.jpg").
pub fn is_format(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// The first control character a value may not hold, with its position (counted in
/// characters, from 1). `free_text` allows TAB and LF (a note's lines).
pub fn forbidden_control(value: &str, free_text: bool) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|&(_, c)| is_control(c) && !(free_text && (c == '\t' || c == '\n')))
        .map(|(i, c)| (i + 1, c))
}

/// The refusal's words for a control character: "holds a control character (U+001B,
/// escape) at character 5".
pub fn control_refusal(position: usize, c: char) -> String {
    let what = match c {
        '\u{1b}' => " escape",
        '\r' => " carriage return",
        '\n' => " line break",
        '\t' => " tab",
        '\u{7f}' => " delete",
        '\u{8}' => " backspace",
        _ => "",
    };
    format!(
        "holds a control character (U+{:04X}{}{what}) at character {position}; control characters are not allowed here (they could rewrite what a terminal shows)",
        c as u32,
        if what.is_empty() { "" } else { "," }
    )
}

/// A police notification's value with each control character replaced by U+FFFD
/// (TAB and LF kept in free text); `None` when there was nothing to replace.
pub fn replace_controls(value: &str, free_text: bool) -> Option<String> {
    forbidden_control(value, free_text)?;
    Some(
        value
            .chars()
            .map(|c| {
                if is_control(c) && !(free_text && (c == '\t' || c == '\n')) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_in_a_name_is_found_and_named() {
        let found = forbidden_control("A B\u{1b}]0;PWNED\u{7}", false);
        assert_eq!(found, Some((4, '\u{1b}')));
        let why = control_refusal(4, '\u{1b}');
        assert!(why.contains("U+001B, escape"), "{why}");
        assert!(why.contains("character 4"), "{why}");
    }

    #[test]
    fn a_note_may_hold_tabs_and_lines_but_not_a_carriage_return() {
        assert_eq!(forbidden_control("one\n\ttwo", true), None);
        assert_eq!(forbidden_control("one\r\ntwo", true), Some((4, '\r')));
        assert_eq!(forbidden_control("one\ntwo", false), Some((4, '\n')));
    }

    #[test]
    fn c1_controls_and_delete_are_controls_and_bidi_marks_are_formats() {
        assert!(forbidden_control("x\u{9b}31m", false).is_some());
        assert!(forbidden_control("x\u{7f}", false).is_some());
        assert_eq!(forbidden_control("Zo\u{e9} \u{202e}gpj", false), None);
        assert!(is_format('\u{202e}') && is_format('\u{200c}') && is_format('\u{feff}'));
        assert!(!is_format('a') && !is_format('\u{e9}'));
    }

    #[test]
    fn a_notification_value_has_controls_replaced_not_refused() {
        assert_eq!(
            replace_controls("Real\rFAKE", false).as_deref(),
            Some("Real\u{FFFD}FAKE")
        );
        assert_eq!(replace_controls("fine", false), None);
        assert_eq!(replace_controls("two\nlines", true), None);
    }
}
