//! What the board's filter (`/`) matches (issue 17, "Conventions"). The text is
//! words, every one of which must match the row (in any order), and each word is
//! either plain text (the name, child and episode references, status, category,
//! risk, next action, police reference, authority, "overdue" / "due now") or a field
//! filter: `risk:high`, `st:cla` (`status:`), `cat:miss` (`category:`), `auth:medway`
//! (`authority:`), `owner:me` (`owner:NAME`). Accents and case are ignored both
//! ways: `zoe` finds Zoë, `ZOË` finds Zoe.

use crate::procedures::InstanceState;
use crate::views::board::BoardRow;

/// A filter as typed, read into its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    words: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Text(String),
    Field(FieldName, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldName {
    Risk,
    Status,
    Category,
    Authority,
    Owner,
}

impl FieldName {
    fn of(name: &str) -> Option<FieldName> {
        Some(match name {
            "risk" => FieldName::Risk,
            "st" | "status" => FieldName::Status,
            "cat" | "category" => FieldName::Category,
            "auth" | "authority" => FieldName::Authority,
            "owner" => FieldName::Owner,
            _ => return None,
        })
    }
}

/// What a row is matched with besides itself.
pub struct Seen<'a> {
    /// The name as shown (initials in privacy mode: a filter never finds a hidden name).
    pub name: &'a str,
    /// The record has several authorities (one authority is every row's: not text).
    pub several_authorities: bool,
    /// Who is on the desk, for `owner:me`.
    pub operator: &'a str,
    /// The episode's owner, once episodes have owners (issue 17, "Owned"). Until the
    /// board's rows carry one this is `None`, and `owner:` matches no row.
    pub owner: Option<&'a str>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let words = text
            .split_whitespace()
            .map(|w| {
                let folded = fold(w);
                match folded.split_once(':') {
                    Some((name, value)) if !value.is_empty() => match FieldName::of(name) {
                        Some(field) => Word::Field(field, value.to_string()),
                        None => Word::Text(folded),
                    },
                    _ => Word::Text(folded),
                }
            })
            .collect();
        Query { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word matches `row`.
    pub fn matches(&self, row: &BoardRow, seen: &Seen) -> bool {
        self.words.iter().all(|w| match w {
            Word::Text(t) => haystack(row, seen).iter().any(|h| fold(h).contains(t)),
            Word::Field(field, value) => field_matches(*field, value, row, seen),
        })
    }
}

fn field_matches(field: FieldName, value: &str, row: &BoardRow, seen: &Seen) -> bool {
    let starts = |options: &[&str]| options.iter().any(|o| fold(o).starts_with(value));
    match field {
        FieldName::Risk => starts(&[row.risk_label, row.risk.as_str()]),
        FieldName::Status => starts(&[
            status_short(row.status),
            row.status.label(),
            row.status.as_str(),
        ]),
        FieldName::Category => starts(&[
            category_short(row.category),
            row.category.label(),
            row.category.as_str(),
        ]),
        FieldName::Authority => starts(&[&row.authority]),
        FieldName::Owner => {
            let wanted = if value == "me" {
                fold(seen.operator)
            } else {
                value.to_string()
            };
            seen.owner
                .is_some_and(|o| !wanted.is_empty() && fold(o).starts_with(&wanted))
        }
    }
}

fn haystack<'a>(r: &'a BoardRow, seen: &Seen<'a>) -> [&'a str; 12] {
    let state = match r.next_state {
        Some(InstanceState::Overdue) => "overdue",
        Some(InstanceState::DueNow) => "due now",
        _ => "",
    };
    [
        seen.name,
        &r.child,
        &r.episode,
        r.status.label(),
        r.status.as_str(),
        r.category.label(),
        r.category.as_str(),
        r.risk_label,
        r.next_title.as_deref().unwrap_or(""),
        r.police_ref.as_deref().unwrap_or(""),
        if seen.several_authorities {
            &r.authority
        } else {
            ""
        },
        state,
    ]
}

/// Lower case, accents taken off: what a filter and its rows are compared as.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// The plain letters of an accented Latin letter (lower case), if it is one.
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // A combining accent typed or stored apart from its letter.
        '\u{300}'..='\u{36f}' => "",
        _ => return None,
    })
}

pub fn status_short(s: crate::record::vocab::Status) -> &'static str {
    use crate::record::vocab::Status;
    match s {
        Status::LookedAfter => "CLA",
        Status::ChildProtection => "CP",
        Status::ChildInNeed => "CIN",
        Status::CareLeaver => "CL",
        Status::EarlyHelp => "EH",
        Status::NotOpen => "NO",
    }
}

pub fn category_short(c: crate::record::vocab::Category) -> &'static str {
    use crate::record::vocab::Category;
    match c {
        Category::Missing => "MISS",
        Category::Absent => "ABS",
        Category::ConcerningAbsenceLow => "CA-L",
        Category::ConcerningAbsenceMedium => "CA-M",
        Category::UnauthorisedAbsence => "UA",
        Category::Absconded => "ABSC",
        Category::Abducted => "ABDT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_both_ways() {
        assert_eq!(fold("Zoë Nightshift"), "zoe nightshift");
        assert_eq!(fold("ÉLODIE"), "elodie");
        assert_eq!(fold("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(fold("Straße"), "strasse");
        // A combining diaeresis typed apart from its letter.
        assert_eq!(fold("Zoe\u{308}"), "zoe");
    }

    #[test]
    fn a_field_name_it_does_not_know_is_text() {
        let q = Query::parse("ref:ab12 risk:HIGH");
        assert_eq!(
            q.words,
            vec![
                Word::Text("ref:ab12".into()),
                Word::Field(FieldName::Risk, "high".into())
            ]
        );
        assert_eq!(
            Query::parse("risk:").words,
            vec![Word::Text("risk:".into())]
        );
    }
}
