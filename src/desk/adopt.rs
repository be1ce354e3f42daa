//! The record's policies at the desk: reading them when a record opens (the first
//! adoption is the policy `init` kept in the record's settings, so a record made before
//! adoptions were events opens as one authority with nothing lost), filling in the full
//! text and version of an adoption given by name before it is stored.

use super::{Desk, DeskError};
use crate::procedures::governs::{version_of, Governs};
use crate::procedures::Policy;
use crate::record::adoption::{self, Adopted, RecordPolicies};
use crate::record::event::{Adoption, FieldError};
use crate::record::import::{Parsed, Refusal};
use crate::record::{EventKind, RawEvent, Store};
use chrono::{DateTime, Utc};

/// The id `init`'s adoption is read with (it is no event: it cannot be voided).
pub const INIT_ADOPTION: &str = "policy-adopted-at-init";

/// The setting `init --authority A` keeps (absent: the authority is the policy's name).
pub const INIT_AUTHORITY: &str = "authority";

/// The record's adoptions and calendars: first the one `init` made (the policy in the
/// record's settings, as every record since the first release holds it), then the
/// `policy_adopted` events in record order.
pub fn record_policies(store: &Store) -> Result<RecordPolicies, DeskError> {
    let mut record = adoption::read(store)?;
    if let (Some(name), Some(text)) = (store.meta("policy_name")?, store.meta("policy_text")?) {
        let at = store
            .meta("created_at")?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or(DateTime::<Utc>::UNIX_EPOCH, |t| t.with_timezone(&Utc));
        let authority = store.meta(INIT_AUTHORITY)?.unwrap_or_else(|| name.clone());
        let first = Adopted {
            id: INIT_ADOPTION.into(),
            at,
            authority,
            name: Some(name),
            version: Some(version_of(&text)),
            text: Some(text),
            effective_from: None,
        };
        record.adoptions.insert(0, first);
    }
    Ok(record)
}

/// The record's policies, or `policy` alone for a store that holds none at all.
pub fn governs_of(store: &Store, policy: Option<&Policy>) -> Result<Governs, DeskError> {
    let record = record_policies(store)?;
    if record.adoptions.is_empty() {
        if let Some(p) = policy {
            return Ok(Governs::single(p.clone()));
        }
    }
    Governs::of_record(&record).map_err(DeskError::Failed)
}

/// An adoption of `policy` for `authority`, as `init` and `policy adopt` record it:
/// with the full text and version, and the built-in's name when it is one.
pub fn adoption_of(
    policy: &Policy,
    authority: &str,
    built_in: bool,
    from: Option<DateTime<Utc>>,
) -> EventKind {
    EventKind::PolicyAdopted(Box::new(Adoption {
        authority: authority.to_string(),
        policy: built_in.then(|| policy.name.clone()),
        policy_text: Some(policy.text.clone()),
        policy_version: Some(version_of(&policy.text)),
        effective_from: from,
    }))
}

impl Desk {
    /// The record's authorities, in the record's order (the board's AUTH column and
    /// per-authority counts show when there are several).
    pub fn authority_names(&self) -> Vec<&str> {
        self.governs
            .authorities
            .iter()
            .map(|a| a.name.as_str())
            .collect()
    }

    /// Reads the record's policies again if its adoptions or calendars changed since
    /// the desk opened (the live board takes up an adoption another desk recorded,
    /// without a restart); `--policy` stays in force. Whether they changed.
    pub fn refresh_policies(&mut self) -> Result<bool, DeskError> {
        // A desk given one policy by hand (no adoption read from a record) keeps it.
        let by_hand = self
            .governs
            .authorities
            .iter()
            .all(|a| a.adoptions.iter().all(|x| x.id.is_empty()));
        if by_hand {
            return Ok(false);
        }
        let record = record_policies(&self.store)?;
        if record.adoptions.is_empty() || self.governs.holds(&record) {
            return Ok(false);
        }
        let fresh = Governs::of_record(&record).map_err(DeskError::Failed)?;
        self.governs = match self.governs.over() {
            Some(p) => fresh.overridden(p.clone()),
            None => fresh,
        };
        self.policy = self.governs.principal().clone();
        Ok(true)
    }

    /// Fills in the full text and version of each adoption in `parsed` (one given by
    /// name takes the built-in's text), refusing a name that is no built-in and a text
    /// that fails `policy check`. The stored body is rewritten to hold them.
    pub(super) fn fill_adoptions(parsed: &mut [Parsed]) -> Result<(), Vec<Refusal>> {
        let mut refusals = Vec::new();
        for p in parsed.iter_mut() {
            let EventKind::PolicyAdopted(a) = &mut p.event.kind else {
                continue;
            };
            let refuse = |field: &str, why: String| Refusal {
                line: Some(p.line),
                error: FieldError::field(field, why),
            };
            let text = match (&a.policy_text, &a.policy) {
                (Some(text), _) => match Policy::parse(text) {
                    Ok(_) => text.clone(),
                    Err(e) => {
                        refusals.push(refuse(
                            "policy_text",
                            format!("the policy fails `policy check`: {e}"),
                        ));
                        continue;
                    }
                },
                (None, Some(name)) => match Policy::shipped(name) {
                    Ok(policy) => policy.text,
                    Err(e) => {
                        refusals.push(refuse("policy", e.to_string()));
                        continue;
                    }
                },
                (None, None) => continue,
            };
            let version = version_of(&text);
            if a.policy_text.is_some() && a.policy_version.is_some() {
                continue;
            }
            a.policy_version.get_or_insert(version);
            a.policy_text = Some(text);
            let Ok(mut raw) = serde_json::from_str::<RawEvent>(&p.body) else {
                continue;
            };
            raw.policy_text.clone_from(&a.policy_text);
            raw.policy_version.clone_from(&a.policy_version);
            if let Ok(body) = serde_json::to_string(&raw) {
                p.body = body;
            }
        }
        if refusals.is_empty() {
            Ok(())
        } else {
            Err(refusals)
        }
    }

    /// The rules a batch is checked under: the record's policies with the batch's
    /// own adoptions (a child may name an authority adopted in the same batch), and
    /// the record's without them (what a stored event the batch makes invalid was
    /// valid under).
    pub(super) fn rules_for_batch(
        &self,
        parsed: &[Parsed],
    ) -> Result<(Governs, Governs), Vec<Refusal>> {
        let general = |why: String| {
            vec![Refusal {
                line: None,
                error: FieldError::general(why),
            }]
        };
        let record = record_policies(&self.store).map_err(|e| general(e.to_string()))?;
        if record.adoptions.is_empty() {
            return Ok((self.governs.clone(), self.governs.clone()));
        }
        let over = |governs: Governs| match self.governs.over() {
            Some(p) => governs.overridden(p.clone()),
            None => governs,
        };
        let before = Governs::of_record(&record).map_err(general)?;
        if !parsed.iter().any(|p| {
            matches!(
                p.event.kind,
                EventKind::PolicyAdopted(_) | EventKind::CalendarLoaded { .. }
            )
        }) {
            return Ok((over(before.clone()), over(before)));
        }
        let mut with = record;
        for p in parsed {
            with.add(&p.event);
        }
        // `init`'s first, then the events in time order, the batch's in their places.
        with.adoptions
            .sort_by_key(|a| (a.id != INIT_ADOPTION, a.at));
        let governs = Governs::of_record(&with).map_err(general)?;
        Ok((over(governs), over(before)))
    }
}

/// INTERFACE: "When a built-in policy differs from the text an authority adopted, the
/// board and `due` say so once and name the `policy adopt ... --from ... --dry-run`
/// that would take it up." One line per authority whose procedure in force is an
/// older (or other) text of a built-in; none when every one is the built-in's own.
pub fn built_ins_moved_on(governs: &Governs, now: DateTime<Utc>) -> Vec<String> {
    let mut out = Vec::new();
    for authority in &governs.authorities {
        // An authority's first adoption counts at every instant; a later one from its `at`.
        let mut counts = authority
            .adoptions
            .iter()
            .enumerate()
            .filter(|(k, a)| *k == 0 || a.at <= now);
        let Some((_, latest)) = counts.next_back() else {
            continue;
        };
        let Some(name) = &latest.named else { continue };
        let Ok(built_in) = Policy::shipped(name) else {
            continue;
        };
        if built_in.text == latest.policy.text {
            continue;
        }
        out.push(format!(
            "authority {} follows the {name} text it adopted ({}); the built-in {name} has changed since ({}): `dutyboard policy adopt {name} --authority {} --from {} --dry-run` shows what taking it up would change",
            authority.name,
            latest.version,
            version_of(&built_in.text),
            authority.name,
            crate::calendar::time::rfc(now),
        ));
    }
    out
}
