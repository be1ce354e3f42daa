//! The event format in one table: every field an event may carry (with the kind of
//! JSON value it takes), and every event type with the fields it may carry. Every
//! list of names the program uses is derived from these two tables: the wire shape
//! ([`RawEvent`]), [`EVENT_TYPES`], [`EventType::fields`], [`INFO_FIELDS`],
//! [`notification_fields`] and the kinds [`crate::record::json::diagnose_json`]
//! checks against ([`RAW_FIELDS`]). A field or type is added here, once; a type's
//! field list names fields by identifier, so a misspelt one does not compile.

use serde::{Deserialize, Serialize};

/// The kind of JSON value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Json {
    /// A string.
    Text,
    /// An array of strings.
    Texts,
    /// `true` or `false`.
    Flag,
    /// A JSON object (a bank-holidays file, as GOV.UK publishes it).
    Object,
}

impl Json {
    /// The kind in words, as a refusal says it: "must be a string".
    pub fn described(self) -> &'static str {
        match self {
            Json::Text => "a string",
            Json::Texts => "an array of strings",
            Json::Flag => "true or false",
            Json::Object => "a JSON object",
        }
    }

    /// Whether `value` is of this kind.
    pub fn admits(self, value: &serde_json::Value) -> bool {
        match self {
            Json::Text => value.is_string(),
            Json::Texts => value
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string())),
            Json::Flag => value.is_boolean(),
            Json::Object => value.is_object(),
        }
    }
}

macro_rules! json_type {
    (Text) => { String };
    (Texts) => { Vec<String> };
    (Flag) => { bool };
    (Object) => { serde_json::Value };
}

/// The name of the field every event carries its type in (`kind` in [`RawEvent`]).
pub const TYPE: &str = "type";

macro_rules! raw_event {
    ($( $(#[$doc:meta])* $field:ident : $json:ident ),* $(,)?) => {
        /// Every field any event type may carry, as it travels in JSON (and is stored).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RawEvent {
            #[serde(rename = "type")]
            pub kind: Option<String>,
            pub at: Option<String>,
            $(
                $(#[$doc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<json_type!($json)>,
            )*
        }

        /// Every field of [`RawEvent`] with the kind of value it takes, in its order.
        pub const RAW_FIELDS: &[(&str, Json)] =
            &[(TYPE, Json::Text), ("at", Json::Text), $((stringify!($field), Json::$json)),*];

        impl RawEvent {
            /// The names of the fields this raw event carries, in [`RAW_FIELDS`]' order.
            pub fn present(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                if self.kind.is_some() {
                    out.push(TYPE);
                }
                if self.at.is_some() {
                    out.push("at");
                }
                $( if self.$field.is_some() { out.push(stringify!($field)); } )*
                out
            }

            /// Every text value it carries, with its field's name (each item of a
            /// list on its own), in [`RAW_FIELDS`]' order.
            pub fn text_values(&self) -> Vec<(&'static str, &str)> {
                let mut out = Vec::new();
                if let Some(v) = &self.kind {
                    out.push((TYPE, v.as_str()));
                }
                if let Some(v) = &self.at {
                    out.push(("at", v.as_str()));
                }
                $( text_values!($json, &self.$field, stringify!($field), out); )*
                out
            }
        }
    };
}

macro_rules! text_values {
    (Text, $value:expr, $name:expr, $out:ident) => {
        if let Some(v) = $value {
            $out.push(($name, v.as_str()));
        }
    };
    (Texts, $value:expr, $name:expr, $out:ident) => {
        for v in $value.iter().flatten() {
            $out.push(($name, v.as_str()));
        }
    };
    (Flag, $value:expr, $name:expr, $out:ident) => {};
    (Object, $value:expr, $name:expr, $out:ident) => {};
}

raw_event! {
    id: Text,
    by: Text,
    note: Text,
    child: Text,
    name: Text,
    dob: Text,
    status: Text,
    flags: Texts,
    authority: Text,
    allocated_worker: Text,
    placement: Text,
    episode: Text,
    last_seen_at: Text,
    category: Text,
    risk: Text,
    police_ref: Text,
    last_seen_location: Text,
    circumstances: Text,
    missing_with: Texts,
    reason: Text,
    text: Text,
    rule: Text,
    found_report_at: Text,
    location_found: Text,
    injured: Flag,
    victim_of_crime: Flag,
    with: Texts,
    lead_officer: Text,
    // What the police need to know (PROCEDURES.md, "Every policy"), beyond the core fields.
    with_whom: Text,
    clothing: Text,
    description: Text,
    photo_ref: Text,
    medical: Text,
    associates: Text,
    previous_locations: Text,
    social_media: Text,
    actions_taken: Text,
    // MASH triage of police notifications (docs/NOTIFICATIONS.md).
    notification: Text,
    police_force: Text,
    reported_at: Text,
    address: Text,
    reported_by: Text,
    source_file: Text,
    /// The stored `notification_received` a re-sent notification replaces.
    supersedes: Text,
    /// The inbox file a `notification_refused` event is about.
    file: Text,
    rag: Text,
    decision: Text,
    // Corrections and changes (INTERFACE.md): the event a void names, the child a merge keeps.
    event: Text,
    into: Text,
    // Several authorities on one record (INTERFACE): the procedure an authority adopts,
    // and the bank holidays the record's calendar holds.
    policy: Text,
    policy_text: Text,
    policy_version: Text,
    effective_from: Text,
    bank_holidays: Object,
    removes: Texts,
    // A child placed here by another council: the council responsible for it.
    placing_authority: Text,
    // Shifts and acknowledgements (INTERFACE): who owns an episode, when a shift ends
    // and who its duty manager is, and when an acknowledgement lapses.
    owner: Text,
    ends_at: Text,
    manager: Text,
    until: Text,
}

/// The fields every event may carry, whatever its type.
pub const COMMON: &[&str] = &[TYPE, "at", "id", "by", "note"];

macro_rules! field_names {
    ($($field:ident),* $(,)?) => {{
        // Each name is a field of RawEvent: a misspelt one does not compile.
        #[allow(dead_code, unused_variables)]
        fn exists(r: &RawEvent) { $( let _ = &r.$field; )* }
        &[$(stringify!($field)),*]
    }};
}

/// Free text: the fields whose values may hold TAB and line breaks (a note's lines, an
/// address), unlike names, references and times (INTERFACE: control characters).
pub const FREE_TEXT: &[&str] = field_names![
    note,
    text,
    reason,
    address,
    last_seen_location,
    circumstances,
    with_whom,
    clothing,
    description,
    photo_ref,
    medical,
    associates,
    previous_locations,
    social_media,
    actions_taken,
    policy_text,
];

/// What the police need to know beyond the core report (PROCEDURES.md, "Every
/// policy"): carried by the types marked `+ police_info` below.
pub const INFO_FIELDS: &[&str] = field_names![
    last_seen_location,
    circumstances,
    with_whom,
    clothing,
    description,
    photo_ref,
    medical,
    associates,
    previous_locations,
    social_media,
    actions_taken,
];

macro_rules! event_types {
    ($( $(#[$doc:meta])* $variant:ident = $name:ident [$($field:ident),* $(,)?] $(+ $info:ident)? ;)*) => {
        /// An event type, as the `type` field names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventType {
            $( $(#[$doc])* $variant, )*
        }

        /// Every event type's name, in the table's order.
        pub const EVENT_TYPES: &[&str] = &[$(stringify!($name)),*];

        impl EventType {
            /// Every event type, in the table's order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            /// Its name in the `type` field: `child_registered`.
            pub fn name(self) -> &'static str {
                match self { $(EventType::$variant => stringify!($name),)* }
            }

            /// The type a `type` field names, if it names one.
            pub fn named(name: &str) -> Option<EventType> {
                match name {
                    $(stringify!($name) => Some(EventType::$variant),)*
                    _ => None,
                }
            }

            /// The fields it may carry besides [`COMMON`] (and [`INFO_FIELDS`], if
            /// [`EventType::carries_police_info`]).
            pub const fn fields(self) -> &'static [&'static str] {
                match self { $(EventType::$variant => field_names![$($field),*],)* }
            }

            /// Whether it also carries the police information fields ([`INFO_FIELDS`]).
            pub fn carries_police_info(self) -> bool {
                match self { $(EventType::$variant => false $(|| police_info!($info))?,)* }
            }
        }
    };
}

macro_rules! police_info {
    (police_info) => {
        true
    };
}

event_types! {
    ChildRegistered = child_registered
        [child, name, dob, status, flags, authority, allocated_worker, placement,
         placing_authority];
    ChildUpdated = child_updated
        [child, name, dob, status, flags, authority, allocated_worker, placement,
         placing_authority];
    EpisodeReported = episode_reported
        [episode, child, last_seen_at, category, risk, police_ref, missing_with] + police_info;
    /// Extension: more of what the police need, added after the report.
    DetailsAdded = details_added [episode] + police_info;
    PoliceInformed = police_informed [episode, police_ref];
    RiskChanged = risk_changed [episode, risk, reason];
    UpdateRecorded = update_recorded [episode, text];
    ActionCompleted = action_completed [episode, rule];
    ActionWaived = action_waived [episode, rule, reason];
    ChildReturned = child_returned
        [episode, found_report_at, location_found, injured, victim_of_crime];
    RhiAttempt = rhi_attempt [episode];
    RhiDeclined = rhi_declined [episode];
    /// Extension: children missing together (Camden 6), with one officer as lead.
    EpisodesLinked = episodes_linked [episode, with, lead_officer];
    /// Extension: an officer has seen a breached deadline (it stops alerting until
    /// `until`, or the end of the shift it was made in).
    BreachAcknowledged = breach_acknowledged [episode, rule, until];
    /// The notification format's own fields (docs/NOTIFICATIONS.md), its id and file.
    NotificationReceived = notification_received
        [notification, police_force, police_ref, reported_at, name, dob, address, placement,
         last_seen_at, last_seen_location, risk, circumstances, reported_by, source_file,
         supersedes];
    NotificationAccepted = notification_accepted [notification, child, episode];
    NotificationDismissed = notification_dismissed [notification, reason];
    /// The inbox refused a file (INTERFACE "Clocks"): nothing from it is in the record,
    /// and every board shows that it came and why.
    NotificationRefused = notification_refused [file, reason];
    RagRated = rag_rated [notification, episode, rag, reason];
    MashDecision = mash_decision [notification, episode, decision];
    /// The episode's facts were recorded wrongly: rules read it as if reported so.
    EpisodeCorrected = episode_corrected
        [episode, reason, last_seen_at, reported_at, category, last_seen_location];
    /// The episode itself changed at `at` (an absence became a missing episode).
    CategoryChanged = category_changed [episode, category, last_seen_at, reason];
    /// A stored event was entered in error: from then on it counts as never recorded.
    EventVoided = event_voided [event, reason];
    /// One child registered twice: the duplicate's episodes are `into`'s.
    ChildrenMerged = children_merged [child, into, reason];
    /// From `effective_from`, the authority's children's episodes follow this policy.
    PolicyAdopted = policy_adopted
        [authority, policy, policy_text, policy_version, effective_from];
    /// Bank holidays join (and `removes` leave) the working-day calendar.
    CalendarLoaded = calendar_loaded [bank_holidays, removes];
    /// The officer who owns the episode from now on.
    EpisodeAssigned = episode_assigned [episode, owner];
    /// A shift begins: until `ends_at`, breaches escalate to `manager`.
    ShiftStarted = shift_started [ends_at, manager];
    /// The operator has read the handover at sign-in.
    HandoverAcknowledged = handover_acknowledged [];
}

/// The fields of a `notification_received` event (the notification format's own
/// fields, docs/NOTIFICATIONS.md, and the id and source file).
pub const fn notification_fields() -> &'static [&'static str] {
    EventType::NotificationReceived.fields()
}

/// The kind of value `field` takes, if it is a field of any event type.
pub fn kind_of(field: &str) -> Option<Json> {
    RAW_FIELDS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_wire_shape_is_in_the_table_once() {
        let every: serde_json::Map<String, serde_json::Value> = RAW_FIELDS
            .iter()
            .map(|(name, kind)| {
                let value = match kind {
                    Json::Text => serde_json::json!(""),
                    Json::Texts => serde_json::json!([]),
                    Json::Flag => serde_json::json!(true),
                    Json::Object => serde_json::json!({}),
                };
                (name.to_string(), value)
            })
            .collect();
        let raw: RawEvent = serde_json::from_value(serde_json::Value::Object(every))
            .expect("every RAW_FIELDS entry is a RawEvent field of its kind");
        let names: Vec<&str> = RAW_FIELDS.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            raw.present(),
            names,
            "every RawEvent field is in RAW_FIELDS, in order"
        );
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "no field twice");
    }

    #[test]
    fn every_field_a_type_carries_is_a_field_and_every_field_belongs_to_a_type() {
        for ty in EventType::ALL {
            assert_eq!(EventType::named(ty.name()), Some(*ty));
            for f in ty.fields() {
                assert!(kind_of(f).is_some(), "{}: {f}", ty.name());
            }
        }
        for (field, _) in RAW_FIELDS {
            let used = COMMON.contains(field)
                || INFO_FIELDS.contains(field)
                || EventType::ALL.iter().any(|t| t.fields().contains(field));
            assert!(used, "`{field}` belongs to no event type");
        }
        assert_eq!(EVENT_TYPES.len(), EventType::ALL.len());
    }
}
