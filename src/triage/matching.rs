//! Which known children a police notification may be about: the same date of birth
//! and a similar name, with how similar and why, so the screener can judge.
//!
//! Names are compared as sets of words once spelling noise is removed (case,
//! accents, hyphens and apostrophes), because forces and case records often differ in
//! exactly that, and in which name comes first. Nicknames (Bill for William) are out
//! of scope: a guess there would put a notification on the wrong child. A reason
//! never quotes a name, so it can be shown in privacy mode.

use crate::record::Child;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// A child the notification may be about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub child: String,
    pub name: String,
    /// 0 to 100: 100 is the same name.
    pub similarity: u8,
    pub reason: String,
}

/// How two names compare, if they are similar enough to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    pub similarity: u8,
    pub reason: String,
}

/// The words of a name with case, accents and separators set aside.
pub fn words(name: &str) -> Vec<String> {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Compares a notification's name with a child's.
pub fn compare(notified: &str, known: &str) -> Option<NameMatch> {
    let a = words(notified);
    let b = words(known);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let found = |similarity: u8, reason: String| Some(NameMatch { similarity, reason });
    if a == b {
        return if notified.trim() == known.trim() {
            found(100, "names match exactly".into())
        } else {
            found(
                98,
                "names match once case, accents, hyphens and apostrophes are set aside".into(),
            )
        };
    }
    let (mut sa, mut sb) = (a.clone(), b.clone());
    sa.sort();
    sb.sort();
    if sa == sb {
        return found(95, "names match with given and family names swapped".into());
    }
    let (short, long) = if sa.len() < sb.len() {
        (&sa, &sb)
    } else {
        (&sb, &sa)
    };
    if short.len() >= 2 {
        if let Some(extra) = without(long, short) {
            let names = if extra.len() == 1 { "name" } else { "names" };
            return found(
                85,
                format!("names match apart from {} extra {names}", extra.len()),
            );
        }
    }
    if sa.len() == sb.len() && sa.len() >= 2 && one_letter_apart(&sa, &sb) {
        return found(80, "names match but for one letter in one name".into());
    }
    None
}

/// The words of `long` left once every word of `short` is taken out, if all are there.
fn without(long: &[String], short: &[String]) -> Option<Vec<String>> {
    let mut rest = long.to_vec();
    for w in short {
        let i = rest.iter().position(|r| r == w)?;
        rest.remove(i);
    }
    Some(rest)
}

/// Word sets that are equal except for one pair of words one edit apart (a typing
/// slip such as Jayden / Jaden). Short words are left out: one letter changes them
/// into another name altogether (Jon / Jo).
fn one_letter_apart(a: &[String], b: &[String]) -> bool {
    let only_a: Vec<&String> = a.iter().filter(|w| !b.contains(w)).collect();
    let only_b: Vec<&String> = b.iter().filter(|w| !a.contains(w)).collect();
    match (only_a.as_slice(), only_b.as_slice()) {
        ([x], [y]) => x.chars().count() >= 4 && y.chars().count() >= 4 && edit_distance(x, y) == 1,
        _ => false,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Among `children` (already chosen by date of birth), those whose names are similar
/// to `name`, most similar first.
pub fn candidates_among<'a>(
    children: impl Iterator<Item = &'a Child>,
    name: &str,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = children
        .filter_map(|child| {
            compare(name, &child.name).map(|m| Candidate {
                child: child.reference.clone(),
                name: child.name.clone(),
                similarity: m.similarity,
                reason: format!("same date of birth; {}", m.reason),
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.similarity
            .cmp(&x.similarity)
            .then_with(|| x.child.cmp(&y.child))
    });
    out
}
