//! The words of PROCEDURES.md, "Vocabulary": statuses, flags, categories, risk grades.
//! Each is a closed set: anything else in an event is refused by name.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $( #[serde(rename = $text)] $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WHAT: &'static str = $what;

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "`{}` is not a {}; expected one of {}",
                        other, $what, [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocabulary!(
    /// Where the child stands with children's services (one at a time).
    Status, "status", {
    LookedAfter = "looked_after",
    ChildProtection = "child_protection",
    ChildInNeed = "child_in_need",
    CareLeaver = "care_leaver",
    EarlyHelp = "early_help",
    NotOpen = "not_open",
});

vocabulary!(
    /// Facts about the child that change what the procedure demands.
    Flag, "flag", {
    Uasc = "uasc",
    OtherLaPlacement = "other_la_placement",
    CeRisk = "ce_risk",
    CePoliceReportOpen = "ce_police_report_open",
    LearningDisability = "learning_disability",
    MentalHealth = "mental_health",
    CourtOrder = "court_order",
    // 001's "subject to restriction" (temporary admission or release, bail, a
    // restriction order, a notice of liability to deport): the Home Office is told.
    ImmigrationRestriction = "immigration_restriction",
});

vocabulary!(
    /// What kind of absence an episode is.
    Category, "category", {
    Missing = "missing",
    Absent = "absent",
    ConcerningAbsenceLow = "concerning_absence_low",
    ConcerningAbsenceMedium = "concerning_absence_medium",
    UnauthorisedAbsence = "unauthorised_absence",
    Absconded = "absconded",
    Abducted = "abducted",
});

vocabulary!(
    /// The police risk grading.
    Risk, "risk grade", {
    High = "high",
    Medium = "medium",
    Low = "low",
    NoApparentRisk = "no_apparent_risk",
});

impl Risk {
    /// The label the board shows: never colour alone.
    pub fn label(self) -> &'static str {
        match self {
            Risk::High => "HIGH",
            Risk::Medium => "MED",
            Risk::Low => "LOW",
            Risk::NoApparentRisk => "NAR",
        }
    }

    /// Higher is more urgent.
    pub fn rank(self) -> u8 {
        match self {
            Risk::High => 3,
            Risk::Medium => 2,
            Risk::Low => 1,
            Risk::NoApparentRisk => 0,
        }
    }
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::LookedAfter => "CLA",
            Status::ChildProtection => "CP",
            Status::ChildInNeed => "CIN",
            Status::CareLeaver => "Care leaver",
            Status::EarlyHelp => "Early help",
            Status::NotOpen => "Not open",
        }
    }
}

impl Category {
    /// Away from placement with whereabouts known: not "missing" (PROCEDURES.md, Every policy).
    pub fn is_whereabouts_known(self) -> bool {
        matches!(self, Category::Absent)
    }

    /// An absence, not a missing episode: PROCEDURES' "missing categories are `missing`,
    /// `absconded` and `abducted`; the rest are absences", and camden 2.2-2.3 "absences
    /// have whereabouts known". The board shows these with the children away, not in
    /// its MISSING list, and the handover does not count them as missing now. (Which
    /// episodes a repeat window counts is the policy's, not this.)
    pub fn is_absence(self) -> bool {
        !matches!(
            self,
            Category::Missing | Category::Absconded | Category::Abducted
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Missing => "Missing",
            Category::Absent => "Absent",
            Category::ConcerningAbsenceLow => "Conc. abs. low",
            Category::ConcerningAbsenceMedium => "Conc. abs. med",
            Category::UnauthorisedAbsence => "Unauth. absence",
            Category::Absconded => "Absconded",
            Category::Abducted => "Abducted",
        }
    }
}

vocabulary!(
    /// A MASH screener's red/amber/green rating of a police notification or episode.
    Rag, "RAG rating", {
    Red = "red",
    Amber = "amber",
    Green = "green",
});

vocabulary!(
    /// What the MASH decided to do about a notification or episode.
    Decision, "MASH decision", {
    Nfa = "nfa",
    EarlyHelp = "early_help",
    Assessment = "assessment",
    StrategyDiscussion = "strategy_discussion",
});

impl Rag {
    /// Never colour alone: the word itself is shown.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "RED",
            Rag::Amber => "AMBER",
            Rag::Green => "GREEN",
        }
    }
}
