//! Cell styles, asserted cell by cell: overdue rows, countdowns and risk labels are
//! styled as the theme says, in every theme; the `mono` theme uses no colour and
//! still tells overdue rows and risk grades apart; `default` uses only named ANSI
//! colours, so it follows the terminal's palette.

use crate::support::tui::*;
use dutyboard::tui::theme::{Styles, Theme, BUILT_IN};
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier, Style};

/// What a cell drawn with `style` over an unstyled cell looks like.
fn expect(cell: &Cell, style: Style, what: &str) {
    assert_eq!(cell.fg, style.fg.unwrap_or(Color::Reset), "{what}: fg");
    assert_eq!(cell.bg, style.bg.unwrap_or(Color::Reset), "{what}: bg");
    let m = style.add_modifier - style.sub_modifier;
    assert_eq!(cell.modifier, m, "{what}: modifiers");
}

fn at<'a>(buf: &'a Buffer, row_text: &str, cell_text: &str) -> (&'a Cell, u16, u16) {
    let y = row_of(buf, row_text).unwrap_or_else(|| panic!("no row shows {row_text}"));
    let x = col_of(buf, y, cell_text).unwrap_or_else(|| panic!("row {y} has no {cell_text}"));
    (&buf[(x, y)], x, y)
}

fn board(theme: &str) -> (Buffer, Styles) {
    let f = fixture_with("cumbria", theme, (80, 24));
    let buf = buffer(&f.ctl, 80, 24);
    (buf, Theme::built_in(theme).unwrap().styles)
}

#[test]
fn overdue_rows_and_countdowns_are_styled_as_each_theme_says() {
    for (name, _) in BUILT_IN {
        let (buf, s) = board(name);
        // Alfie (E201): the strategy meeting is overdue; the row is not selected.
        let row = s.base.patch(s.overdue);
        let (cell, _, _) = at(&buf, "Alfie", "OVERDUE 1d 02h");
        expect(
            cell,
            row.patch(s.overdue_label),
            &format!("{name}: OVERDUE countdown"),
        );
        let (cell, _, _) = at(&buf, "Alfie", "Alfie");
        expect(cell, row, &format!("{name}: overdue row's name"));
        // The `!` of a policy violation.
        let (cell, _, _) = at(&buf, "Alfie", "!");
        expect(
            cell,
            row.patch(s.violation),
            &format!("{name}: violation mark"),
        );
        // Bella: DUE NOW, high risk, not overdue.
        let (cell, _, _) = at(&buf, "Bella", "DUE NOW");
        expect(cell, s.base.patch(s.due_now), &format!("{name}: DUE NOW"));
        let (cell, _, _) = at(&buf, "Bella", "Bella");
        expect(cell, s.base, &format!("{name}: an ordinary row's name"));
        // Gus: time still to run.
        let (cell, _, _) = at(&buf, "Gus", "in 6h 00m");
        expect(cell, s.base.patch(s.due), &format!("{name}: in 6h"));
    }
}

#[test]
fn risk_labels_are_words_styled_as_each_theme_says() {
    for (name, _) in BUILT_IN {
        let (buf, s) = board(name);
        let (cell, x, y) = at(&buf, "Bella", "HIGH");
        expect(cell, s.base.patch(s.risk_high), &format!("{name}: HIGH"));
        // The whole label carries the style, and only the label.
        for dx in 0..4 {
            expect(
                &buf[(x + dx, y)],
                s.base.patch(s.risk_high),
                &format!("{name}: HIGH[{dx}]"),
            );
        }
        let (cell, _, _) = at(&buf, "Eddie", "MED");
        expect(cell, s.base.patch(s.risk_medium), &format!("{name}: MED"));
        let (cell, _, _) = at(&buf, "Stan Ipsum", "NAR");
        expect(cell, s.base.patch(s.risk_nar), &format!("{name}: NAR"));
    }
}

#[test]
fn the_selected_row_is_marked_and_styled() {
    for (name, _) in BUILT_IN {
        let (buf, s) = board(name);
        // The first row is selected at start: Isaac, overdue.
        let (cell, x, y) = at(&buf, "Isaac", "Isaac");
        expect(
            cell,
            s.base.patch(s.overdue).patch(s.selected),
            &format!("{name}: selected"),
        );
        assert_eq!(
            buf[(x - 1, y)].symbol(),
            ">",
            "{name}: the selection marker"
        );
    }
}

#[test]
fn the_ticker_is_highlighted() {
    for (name, _) in BUILT_IN {
        let (buf, s) = board(name);
        let (cell, _, _) = at(&buf, "BREACH 1/", "BREACH");
        expect(cell, s.base.patch(s.ticker), &format!("{name}: ticker"));
    }
}

#[test]
fn mono_uses_no_colour_and_still_tells_overdue_and_risk_apart() {
    let (buf, _) = board("mono");
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, Color::Reset, "colour at {x},{y}");
            assert_eq!(c.bg, Color::Reset, "colour at {x},{y}");
        }
    }
    let overdue_name = at(&buf, "Alfie", "Alfie").0.modifier;
    let ordinary_name = at(&buf, "Bella", "Bella").0.modifier;
    assert_ne!(
        overdue_name, ordinary_name,
        "an overdue row must look different"
    );
    assert!(overdue_name.contains(Modifier::BOLD));
    let overdue = at(&buf, "Alfie", "OVERDUE").0.modifier;
    let due_now = at(&buf, "Bella", "DUE NOW").0.modifier;
    let due = at(&buf, "Gus", "in 6h").0.modifier;
    assert!(overdue.contains(Modifier::REVERSED), "{overdue:?}");
    assert_ne!(overdue, due_now);
    assert_ne!(due_now, due);
    let high = at(&buf, "Bella", "HIGH").0.modifier;
    let med = at(&buf, "Eddie", "MED").0.modifier;
    let nar = at(&buf, "Stan Ipsum", "NAR").0.modifier;
    assert_ne!(high, med, "HIGH and MED must look different");
    assert_ne!(high, nar);
    assert_ne!(med, nar);
    assert!(high.contains(Modifier::REVERSED));
}

#[test]
fn the_default_theme_uses_only_named_colours() {
    let (buf, _) = board("default");
    let named = |c: Color| !matches!(c, Color::Rgb(..) | Color::Indexed(_));
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                named(c.fg) && named(c.bg),
                "a colour outside the palette at {x},{y}: {c:?}"
            );
        }
    }
}

#[test]
fn no_color_selects_mono() {
    let t = Theme::resolve(None, true, None).unwrap();
    assert_eq!(t.name, "mono");
}
