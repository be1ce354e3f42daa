//! Themes: TOML files, built in from `themes/` and read from a user theme folder.
//!
//! A theme names a style for each role on the screen (`overdue`, `risk_high`, ...).
//! Colours are named ANSI colours (`red`, `light_cyan`: they follow the terminal's
//! palette), `#rrggbb`, or an index `0`-`255`; modifiers are `bold`, `reversed`,
//! `underlined`, `italic`, `dim`. A user theme may say `extends = "default"` and name
//! only what it changes; a role it leaves out is otherwise unstyled. `NO_COLOR` selects
//! `mono` unless a theme is asked for by name.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The themes shipped in the binary, in the order `t` cycles through them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    (
        "colour-blind",
        include_str!("../../themes/colour-blind.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

macro_rules! roles {
    ($($(#[$doc:meta])* $role:ident),+ $(,)?) => {
        /// One style per role on the screen.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct Styles { $( $(#[$doc])* pub $role: Style ),+ }

        impl Styles {
            pub const ROLES: &'static [&'static str] = &[$(stringify!($role)),+];

            fn slot(&mut self, role: &str) -> Option<&mut Style> {
                match role { $( stringify!($role) => Some(&mut self.$role), )+ _ => None }
            }

            pub fn get(&self, role: &str) -> Option<Style> {
                match role { $( stringify!($role) => Some(self.$role), )+ _ => None }
            }
        }
    };
}

roles!(
    /// Ordinary text.
    base,
    /// The header bar.
    header,
    /// The header's breached count when anything is breached.
    header_alert,
    /// Section titles on the board and the detail pane.
    section,
    /// Column titles.
    column_header,
    /// The selected row.
    selected,
    /// A row whose next action is overdue.
    overdue,
    /// The `OVERDUE 1h 05m` countdown.
    overdue_label,
    /// The `DUE NOW` countdown.
    due_now,
    /// An `in 3h 12m` countdown.
    due,
    /// An `opens in` countdown.
    upcoming,
    risk_high,
    risk_medium,
    risk_low,
    risk_nar,
    /// The `!` policy-violation mark and violation texts.
    violation,
    /// The ticker when something is breached.
    ticker,
    /// The ticker when nothing is breached.
    ticker_calm,
    /// The key-hint bar.
    hints,
    /// A key in the key-hint bar and the help.
    hints_key,
    /// Popup borders.
    border,
    /// Popup titles.
    title,
    /// The focused form field's label.
    focus,
    /// Text being typed.
    input,
    /// Errors shown in place.
    error,
    /// Confirmations, recorded checklist items.
    ok,
    /// Checklist items the record still lacks.
    missing,
    /// Secondary text.
    dim,
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub description: String,
    pub styles: Styles,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    description: Option<String>,
    extends: Option<String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

impl StyleSpec {
    fn to_style(&self, role: &str) -> Result<Style, String> {
        let mut style = Style::default();
        if let Some(fg) = &self.fg {
            style = style.fg(colour(fg).map_err(|e| format!("styles.{role}.fg: {e}"))?);
        }
        if let Some(bg) = &self.bg {
            style = style.bg(colour(bg).map_err(|e| format!("styles.{role}.bg: {e}"))?);
        }
        for m in &self.modifiers {
            let modifier = match m.as_str() {
                "bold" => Modifier::BOLD,
                "reversed" | "reverse" => Modifier::REVERSED,
                "underlined" | "underline" => Modifier::UNDERLINED,
                "italic" => Modifier::ITALIC,
                "dim" => Modifier::DIM,
                other => {
                    return Err(format!(
                        "styles.{role}.modifiers: `{other}` is not one of bold, reversed, underlined, italic, dim"
                    ))
                }
            };
            style = style.add_modifier(modifier);
        }
        Ok(style)
    }
}

fn colour(text: &str) -> Result<Color, String> {
    Color::from_str(text).map_err(|_| {
        format!("`{text}` is not a colour (a name such as red or light_cyan, #rrggbb, or 0-255)")
    })
}

impl Theme {
    /// Parses a theme file. `extends` names a theme (built in or in `user_dir`)
    /// whose styles this one starts from.
    pub fn parse(
        text: &str,
        fallback_name: &str,
        user_dir: Option<&Path>,
    ) -> Result<Theme, String> {
        Theme::parse_depth(text, fallback_name, user_dir, 0)
    }

    fn parse_depth(
        text: &str,
        fallback_name: &str,
        user_dir: Option<&Path>,
        depth: u32,
    ) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut styles = match &file.extends {
            Some(parent) if depth < 4 => Theme::load_depth(parent, user_dir, depth + 1)?.styles,
            Some(parent) => return Err(format!("`extends = \"{parent}\"` goes round in a circle")),
            None => Styles::default(),
        };
        for (role, spec) in &file.styles {
            let style = spec.to_style(role)?;
            let slot = styles.slot(role).ok_or_else(|| {
                format!(
                    "styles.{role}: not a role of a theme; the roles are {}",
                    Styles::ROLES.join(", ")
                )
            })?;
            *slot = style;
        }
        Ok(Theme {
            name: file.name.unwrap_or_else(|| fallback_name.to_string()),
            description: file.description.unwrap_or_default(),
            styles,
        })
    }

    /// A built-in theme by name.
    pub fn built_in(name: &str) -> Option<Theme> {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Theme::parse(text, n, None).expect("the built-in themes parse"))
    }

    /// A theme by name: a `.toml` path, then the user theme folder, then the built-ins.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Theme, String> {
        Theme::load_depth(name, user_dir, 0)
    }

    fn load_depth(name: &str, user_dir: Option<&Path>, depth: u32) -> Result<Theme, String> {
        let as_path = Path::new(name);
        if name.ends_with(".toml") && as_path.exists() {
            let text = std::fs::read_to_string(as_path).map_err(|e| format!("{name}: {e}"))?;
            let stem = as_path.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
            return Theme::parse_depth(&text, stem, user_dir, depth)
                .map_err(|e| format!("{name}: {e}"));
        }
        if let Some(dir) = user_dir {
            let path = dir.join(format!("{name}.toml"));
            if path.exists() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                return Theme::parse_depth(&text, name, user_dir, depth)
                    .map_err(|e| format!("{}: {e}", path.display()));
            }
        }
        if let Some((n, text)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
            return Theme::parse_depth(text, n, user_dir, depth);
        }
        Err(format!(
            "no theme called `{name}`; the themes are {}",
            available(user_dir).join(", ")
        ))
    }

    /// The theme to start with: `--theme`, else `mono` when `NO_COLOR` is set, else
    /// `default`.
    pub fn resolve(
        requested: Option<&str>,
        no_color: bool,
        user_dir: Option<&Path>,
    ) -> Result<Theme, String> {
        match requested {
            Some(name) => Theme::load(name, user_dir),
            None if no_color => Theme::load("mono", user_dir),
            None => Theme::load("default", user_dir),
        }
    }
}

/// `NO_COLOR` set to anything but the empty string (https://no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// `$XDG_CONFIG_HOME/dutyboard/themes`, else the platform's configuration folder.
pub fn user_theme_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DUTYBOARD_THEME_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::config_dir)?;
    Some(base.join("dutyboard").join("themes"))
}

/// Every theme name there is: the built-ins, then the user's own.
pub fn available(user_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
    if let Some(dir) = user_dir {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut own: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension().and_then(|x| x.to_str()) == Some("toml"))
                        .then(|| p.file_stem()?.to_str().map(str::to_string))
                        .flatten()
                })
                .filter(|n| !names.contains(n))
                .collect();
            own.sort();
            names.extend(own);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_and_names_every_role() {
        for (name, text) in BUILT_IN {
            let file: ThemeFile = toml::from_str(text).unwrap();
            for role in Styles::ROLES {
                assert!(
                    file.styles.contains_key(*role),
                    "theme {name} leaves out {role}"
                );
            }
            let theme = Theme::parse(text, name, None).unwrap();
            assert_eq!(&theme.name, name);
        }
    }

    #[test]
    fn mono_uses_no_colour_at_all() {
        let mono = Theme::built_in("mono").unwrap();
        for role in Styles::ROLES {
            let s = mono.styles.get(role).unwrap();
            assert_eq!(s.fg, None, "{role}");
            assert_eq!(s.bg, None, "{role}");
        }
    }

    #[test]
    fn a_misspelt_role_or_colour_is_refused_by_name() {
        let e = Theme::parse("[styles]\noverdew = {}\n", "x", None).unwrap_err();
        assert!(e.contains("overdew"), "{e}");
        let e = Theme::parse("[styles]\noverdue = { fg = \"redd\" }\n", "x", None).unwrap_err();
        assert!(e.contains("redd"), "{e}");
    }

    #[test]
    fn no_color_selects_mono_unless_a_theme_is_named() {
        assert_eq!(Theme::resolve(None, true, None).unwrap().name, "mono");
        assert_eq!(
            Theme::resolve(Some("light"), true, None).unwrap().name,
            "light"
        );
        assert_eq!(Theme::resolve(None, false, None).unwrap().name, "default");
    }

    #[test]
    fn a_user_theme_extends_a_built_in_one() {
        let dir = std::env::temp_dir().join(format!("dutyboard-theme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("night.toml"),
            "extends = \"mono\"\n[styles]\noverdue = { fg = \"red\" }\n",
        )
        .unwrap();
        let t = Theme::load("night", Some(&dir)).unwrap();
        assert_eq!(t.name, "night");
        assert_eq!(t.styles.overdue.fg, Some(Color::Red));
        assert_eq!(
            t.styles.risk_high,
            Theme::built_in("mono").unwrap().styles.risk_high
        );
        assert!(available(Some(&dir)).contains(&"night".to_string()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
