//! The `:` command line (issue 17, "Conventions", as in vim, k9s and lazygit): what
//! it understands and how Tab completes it. Pure: the pane (`panes/command.rs`) types
//! into it and carries out what it reads.

use ratatui_textarea::TextArea;

/// The line being typed, and what Tab last offered.
#[derive(Debug, Clone)]
pub struct CommandLine {
    pub input: TextArea<'static>,
    pub offered: Vec<String>,
}

impl CommandLine {
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }
}

/// The commands, as Tab completes them.
pub const COMMANDS: &[&str] = &["child", "report", "export", "theme", "policy", "quit", "q"];

/// What `report` takes.
pub const REPORTS: &[&str] = &["daily", "handover", "stats"];

/// A command line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:child C12` (a child's or an episode's reference): its detail pane.
    Child(String),
    /// `:report daily|handover|stats`.
    Report(String),
    /// `:export`: how the SSDA903 return is made.
    Export,
    /// `:theme NAME`.
    Theme(String),
    /// `:policy`: the procedure each authority follows.
    Policy,
    Quit,
}

/// Reads a command line (without its `:`), or says in words what is wrong.
pub fn parse(line: &str) -> Result<Command, String> {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return Err("Type a command: child, report, export, theme, policy or q".into());
    };
    let arg = words.collect::<Vec<_>>().join(" ");
    let need = |what: &str| format!(":{word} needs {what} (Tab completes it)");
    match word {
        "child" | "c" => match arg.is_empty() {
            true => Err(need("a child's or episode's reference, e.g. :child C12")),
            false => Ok(Command::Child(arg)),
        },
        "report" | "r" => match REPORTS
            .iter()
            .find(|r| r.starts_with(&arg) && !arg.is_empty())
        {
            Some(r) => Ok(Command::Report(r.to_string())),
            None => Err(need("daily, handover or stats")),
        },
        "export" => Ok(Command::Export),
        "theme" => match arg.is_empty() {
            true => Err(need("a theme's name")),
            false => Ok(Command::Theme(arg)),
        },
        "policy" => Ok(Command::Policy),
        "q" | "quit" | "q!" => Ok(Command::Quit),
        other => Err(format!(
            "No command :{other}: child, report, export, theme, policy or q (Tab completes)"
        )),
    }
}

/// Tab: the line completed as far as every choice agrees (the command's word, or
/// its argument from `choices` for that command), and the choices left.
pub fn complete(line: &str, choices: &dyn Fn(&str) -> Vec<String>) -> (String, Vec<String>) {
    let (word, rest) = match line.split_once(' ') {
        Some((w, r)) => (w, Some(r.trim_start())),
        None => (line, None),
    };
    match rest {
        None => {
            let found: Vec<String> = COMMANDS
                .iter()
                .filter(|c| c.starts_with(word) && **c != "q")
                .map(|c| c.to_string())
                .collect();
            match found.as_slice() {
                [one] => (format!("{one} "), found),
                [] => (line.to_string(), found),
                many => (common_prefix(many).max_by_len(word), found),
            }
        }
        Some(arg) => {
            let found: Vec<String> = choices(word)
                .into_iter()
                .filter(|c| c.to_lowercase().starts_with(&arg.to_lowercase()))
                .collect();
            let done = match found.as_slice() {
                [one] => one.clone(),
                [] => arg.to_string(),
                many => common_prefix(many).max_by_len(arg),
            };
            (format!("{word} {done}"), found)
        }
    }
}

/// The longest start every one of `words` shares.
fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut n = first.len();
    for w in &words[1..] {
        n = n.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a.eq_ignore_ascii_case(b))
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first[..n].to_string()
}

trait Longer {
    fn max_by_len(self, typed: &str) -> String;
}

impl Longer for String {
    /// The completion, never shorter than what was typed.
    fn max_by_len(self, typed: &str) -> String {
        if self.len() >= typed.len() {
            self
        } else {
            typed.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Vec<String> {
        Vec::new()
    }

    #[test]
    fn it_reads_each_command_and_says_what_is_missing() {
        assert_eq!(parse("child C12"), Ok(Command::Child("C12".into())));
        assert_eq!(parse("report daily"), Ok(Command::Report("daily".into())));
        assert_eq!(parse("report hand"), Ok(Command::Report("handover".into())));
        assert_eq!(parse("theme mono"), Ok(Command::Theme("mono".into())));
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(parse("export"), Ok(Command::Export));
        assert_eq!(parse("policy"), Ok(Command::Policy));
        assert!(parse("child").unwrap_err().contains("needs a child's"));
        assert!(parse("report weekly")
            .unwrap_err()
            .contains("daily, handover or stats"));
        assert!(parse("frobnicate")
            .unwrap_err()
            .starts_with("No command :frobnicate"));
    }

    #[test]
    fn tab_completes_the_command_then_its_argument() {
        assert_eq!(complete("ch", &none).0, "child ");
        assert_eq!(complete("p", &none).0, "policy ");
        let (line, left) = complete("", &none);
        assert_eq!(line, "");
        assert_eq!(left.len(), COMMANDS.len() - 1);
        let reports = |w: &str| match w {
            "report" => REPORTS.iter().map(|r| r.to_string()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(complete("report d", &reports).0, "report daily");
        assert_eq!(complete("report ", &reports).1.len(), 3);
        let children = |_: &str| vec!["C12".to_string(), "C120".into(), "C7".into()];
        assert_eq!(complete("child c1", &children).0, "child C12");
        assert_eq!(complete("child C7", &children).0, "child C7");
    }
}
