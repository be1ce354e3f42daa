//! Which names are offered as the same child: spelling noise (case, accents,
//! hyphens, apostrophes, name order, a middle name, one slipped letter) matches;
//! different names, and nicknames, do not (a nickname guess would put a notification
//! on the wrong child).

use dutyboard::triage::matching::{compare, words};

/// (notified name, name on record, the reason it matches) for names that must match.
const MATCH: &[(&str, &str, &str)] = &[
    ("Amy Smith", "Amy Smith", "names match exactly"),
    ("AMY SMITH", "Amy Smith", "set aside"),
    ("Amélie Dubois", "Amelie Dubois", "set aside"),
    ("Zoë Brontë", "Zoe Bronte", "set aside"),
    ("Jordan Ó Briain", "Jordan O Briain", "set aside"),
    ("Siobhán Ní Bhriain", "Siobhan Ni Bhriain", "set aside"),
    ("Mary-Jane Watson", "Mary Jane Watson", "set aside"),
    ("Amy Smith-Jones", "Amy Smith Jones", "set aside"),
    ("Liam O'Connor", "Liam O Connor", "set aside"),
    ("Liam O’Connor", "Liam O'Connor", "set aside"),
    ("Smith Amy", "Amy Smith", "given and family names swapped"),
    ("SMITH, Amy", "Amy Smith", "given and family names swapped"),
    (
        "Nguyen Van Kai",
        "Kai Nguyen Van",
        "given and family names swapped",
    ),
    ("Amy Louise Smith", "Amy Smith", "1 extra name"),
    ("Amy Smith", "Amy Louise Smith", "1 extra name"),
    ("Jayden Smith", "Jaden Smith", "one letter"),
    ("Sarah Jones", "Sara Jones", "one letter"),
];

/// Pairs that must not match.
const NO_MATCH: &[(&str, &str)] = &[
    // Nicknames are out of scope.
    ("Bill Turner", "William Turner"),
    ("Bob Hughes", "Robert Hughes"),
    ("Peggy Evans", "Margaret Evans"),
    ("Liz Patel", "Elizabeth Patel"),
    // Different people.
    ("Amy Smith", "Amy Jones"),
    ("Amy Smith", "Anna Smith"),
    ("Amy Smith", "Smith"),
    ("Amy", "Amy Smith"),
    // One letter changes a short name into another one.
    ("Jon Smith", "Jo Smith"),
    ("Ian Lee", "Ivan Lee"),
    // Two slips are not a typing slip.
    ("Jayden Smith", "Jaden Smyth"),
    ("", "Amy Smith"),
];

#[test]
fn names_that_differ_only_in_spelling_noise_match_and_say_why() {
    for (notified, known, why) in MATCH {
        let m = compare(notified, known)
            .unwrap_or_else(|| panic!("`{notified}` should match `{known}`"));
        assert!(
            m.reason.contains(why),
            "`{notified}` / `{known}`: {}",
            m.reason
        );
        assert!(m.similarity >= 80 && m.similarity <= 100);
    }
}

#[test]
fn different_names_and_nicknames_do_not_match() {
    for (notified, known) in NO_MATCH {
        assert_eq!(compare(notified, known), None, "`{notified}` / `{known}`");
    }
}

#[test]
fn the_closer_the_names_the_higher_the_similarity() {
    let score = |a, b| compare(a, b).unwrap().similarity;
    let exact = score("Amy Smith", "Amy Smith");
    let noise = score("amy smith", "Amy Smith");
    let swapped = score("Smith Amy", "Amy Smith");
    let middle = score("Amy Louise Smith", "Amy Smith");
    let slip = score("Amy Smyth", "Amy Smith");
    assert!(exact > noise && noise > swapped && swapped > middle && middle > slip);
    assert_eq!(exact, 100);
}

#[test]
fn a_reason_never_quotes_a_name_so_privacy_mode_can_show_it() {
    for (notified, known, _) in MATCH {
        let reason = compare(notified, known).unwrap().reason.to_lowercase();
        for word in words(notified).iter().chain(words(known).iter()) {
            if word.len() > 2 {
                assert!(!reason.contains(word.as_str()), "`{word}` in: {reason}");
            }
        }
    }
}
