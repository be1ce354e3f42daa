//! Which policy governs an episode (PROCEDURES.md, `policy_adopted`): "an episode
//! follows, for its whole life, the policy adopted for its child's authority with the
//! latest `effective_from` at or before its `reported_at`, or the authority's first
//! adoption when the episode was reported before every `effective_from`".
//!
//! The engine asks [`Govern::govern`] once per episode. A lone [`Policy`] governs every
//! episode (tests, `--policy`); [`Governs`] holds a record's adoptions, each policy
//! parsed once, and its loaded calendars.

use super::Policy;
use crate::calendar::Calendar;
use crate::record::adoption::RecordPolicies;
use crate::record::{Child, Episode, Event, EventKind, Rules, State};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The policy an episode follows and the authority whose procedure it is.
#[derive(Debug, Clone, Copy)]
pub struct Governed<'a> {
    pub policy: &'a Policy,
    pub authority: &'a str,
    /// The adopted text's version (none for a policy given for one call).
    pub version: Option<&'a str>,
}

/// What the engine asks of the record's policies.
pub trait Govern {
    /// The policy `episode` follows, evaluated at `now` (later adoptions count from
    /// their `at`; an authority's first adoption at every `now`).
    fn govern(&self, episode: &Episode, now: DateTime<Utc>) -> Governed<'_>;
}

/// One policy for every episode: the authority is the policy's name (as `init` names it).
impl Govern for Policy {
    fn govern(&self, _episode: &Episode, _now: DateTime<Utc>) -> Governed<'_> {
        Governed {
            policy: self,
            authority: &self.name,
            version: None,
        }
    }
}

/// INTERFACE: a child placed here by another council (`other_la_placement`) carries
/// `placing_authority`; without it the board shows a violation (nothing is refused, so
/// older records stay valid).
pub fn placing_authority_missing(
    episode: &Episode,
    child: &Child,
) -> Option<super::PolicyViolation> {
    (child.has_flag(crate::record::vocab::Flag::OtherLaPlacement)
        && child.placing_authority.is_none())
    .then(|| super::PolicyViolation {
        episode: episode.reference.clone(),
        text: "placing authority not recorded".into(),
        source: "INTERFACE: a child placed here by another council carries placing_authority"
            .into(),
    })
}

/// The version of a policy's text: its SHA-256, shortened (stored with each adoption).
pub fn version_of(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// One adoption, its policy read.
#[derive(Debug, Clone)]
pub struct Adoption {
    pub id: String,
    pub at: DateTime<Utc>,
    pub effective_from: DateTime<Utc>,
    pub policy: Arc<Policy>,
    pub version: String,
    /// The built-in it named, if it named one.
    pub named: Option<String>,
}

/// An authority and its adoptions, in record order (the first is its first).
#[derive(Debug, Clone)]
pub struct Authority {
    pub name: String,
    pub adoptions: Vec<Adoption>,
}

/// A record's policies: every authority's adoptions, the calendars loaded, and a
/// `--policy` given for one call (it governs every episode, authorities kept).
#[derive(Debug, Clone)]
pub struct Governs {
    pub authorities: Vec<Authority>,
    over: Option<Arc<Policy>>,
    calendars: Vec<(DateTime<Utc>, serde_json::Value, Vec<chrono::NaiveDate>)>,
}

impl Governs {
    /// The record's adoptions read (each distinct text parsed once). A stored text that
    /// no longer parses is an error naming the authority.
    pub fn of_record(record: &RecordPolicies) -> Result<Governs, String> {
        let mut parsed: HashMap<String, Arc<Policy>> = HashMap::new();
        let mut authorities: Vec<Authority> = Vec::new();
        for a in &record.adoptions {
            let text = match (&a.text, &a.name) {
                (Some(t), _) => t.clone(),
                (None, Some(name)) => Policy::shipped(name)
                    .map_err(|e| format!("authority {}: {e}", a.authority))?
                    .text
                    .clone(),
                (None, None) => return Err(format!("authority {}: no policy", a.authority)),
            };
            let policy = match parsed.get(&text) {
                Some(p) => p.clone(),
                None => {
                    let p = Arc::new(Policy::parse(&text).map_err(|e| {
                        format!(
                            "the policy authority {} adopted cannot be read: {e}",
                            a.authority
                        )
                    })?);
                    parsed.insert(text.clone(), p.clone());
                    p
                }
            };
            let adoption = Adoption {
                id: a.id.clone(),
                at: a.at,
                effective_from: a.effective_from.unwrap_or(a.at),
                version: a.version.clone().unwrap_or_else(|| version_of(&text)),
                policy,
                named: a.name.clone(),
            };
            match authorities.iter_mut().find(|x| x.name == a.authority) {
                Some(x) => x.adoptions.push(adoption),
                None => authorities.push(Authority {
                    name: a.authority.clone(),
                    adoptions: vec![adoption],
                }),
            }
        }
        if authorities.is_empty() {
            return Err("the record has adopted no policy".into());
        }
        let calendars = record
            .calendars
            .iter()
            .map(|c| (c.at, c.bank_holidays.clone(), c.removes.clone()))
            .collect();
        Ok(Governs {
            authorities,
            over: None,
            calendars,
        })
    }

    /// One policy for a record that holds none (a store made without `init`'s adoption
    /// and no policy in its settings): its name is the authority.
    pub fn single(policy: Policy) -> Governs {
        Governs {
            authorities: vec![Authority {
                name: policy.name.clone(),
                adoptions: vec![Adoption {
                    id: String::new(),
                    at: DateTime::<Utc>::UNIX_EPOCH,
                    effective_from: DateTime::<Utc>::UNIX_EPOCH,
                    version: version_of(&policy.text),
                    named: Some(policy.name.clone()),
                    policy: Arc::new(policy),
                }],
            }],
            over: None,
            calendars: Vec::new(),
        }
    }

    /// Whether these are the policies `record` holds: the same adoptions (by id, in
    /// order) and the same calendars (by when they were loaded).
    pub fn holds(&self, record: &RecordPolicies) -> bool {
        let mut mine: Vec<&str> = self
            .authorities
            .iter()
            .flat_map(|a| a.adoptions.iter().map(|x| x.id.as_str()))
            .collect();
        let mut theirs: Vec<&str> = record.adoptions.iter().map(|a| a.id.as_str()).collect();
        mine.sort_unstable();
        theirs.sort_unstable();
        mine == theirs
            && self.calendars.len() == record.calendars.len()
            && self
                .calendars
                .iter()
                .zip(&record.calendars)
                .all(|(c, r)| c.0 == r.at)
    }

    /// The policy given for this call (`--policy`), if one was.
    pub fn over(&self) -> Option<&Policy> {
        self.over.as_deref()
    }

    /// These policies with `policy` governing every episode, for one call (`--policy`).
    pub fn overridden(mut self, policy: Policy) -> Governs {
        self.over = Some(Arc::new(policy));
        self
    }

    /// The record's first authority's policy (in force now): what the screens name
    /// when one name is shown, and what governs an event of no episode.
    pub fn principal(&self) -> &Policy {
        if let Some(p) = &self.over {
            return p;
        }
        let first = &self.authorities[0];
        &first.adoptions[first.adoptions.len() - 1].policy
    }

    /// Whether the record has more than one authority.
    pub fn several(&self) -> bool {
        self.authorities.len() > 1
    }

    /// The adopted authority `named` (else the record's first: a child with no
    /// authority, or one the record never adopted, follows the first).
    fn authority(&self, named: Option<&str>) -> &Authority {
        named
            .and_then(|n| self.authorities.iter().find(|a| a.name == n))
            .unwrap_or(&self.authorities[0])
    }

    /// The policy an episode of `authority` reported at `reported_at` follows, at `now`.
    pub fn at_report(
        &self,
        authority: Option<&str>,
        reported_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Governed<'_> {
        let auth = self.authority(authority);
        let mut best: Option<&Adoption> = None;
        for (k, a) in auth.adoptions.iter().enumerate() {
            let counts = k == 0 || a.at <= now;
            if counts
                && a.effective_from <= reported_at
                && best.is_none_or(|b| a.effective_from >= b.effective_from)
            {
                best = Some(a);
            }
        }
        let chosen = best.unwrap_or(&auth.adoptions[0]);
        match &self.over {
            Some(p) => Governed {
                policy: p,
                authority: &auth.name,
                version: None,
            },
            None => Governed {
                policy: &chosen.policy,
                authority: &auth.name,
                version: Some(&chosen.version),
            },
        }
    }

    /// `base` (the built-in calendar and any `--bank-holidays`) with the record's
    /// calendars loaded by `at`.
    pub fn calendar_at<'c>(&self, base: &'c Calendar, at: DateTime<Utc>) -> Cow<'c, Calendar> {
        let mut cal = Cow::Borrowed(base);
        for (loaded_at, holidays, removes) in &self.calendars {
            if *loaded_at <= at {
                if let Ok(more) = cal.clone().into_owned().loaded(holidays, removes) {
                    cal = Cow::Owned(more);
                }
            }
        }
        cal
    }

    /// The rules an event is checked under: its episode's policy (a report: the
    /// child's authority's policy in force at the report), else the first authority's.
    fn rules_for(&self, state: &State, event: &Event) -> &Policy {
        let far = DateTime::<Utc>::MAX_UTC;
        let authority_of = |c: &Child| c.authority.clone();
        match &event.kind {
            EventKind::EpisodeReported { child, .. } => {
                let authority = state
                    .children
                    .get(state.child_ref(child))
                    .and_then(authority_of);
                self.at_report(authority.as_deref(), event.at, far).policy
            }
            _ => match event.episode().and_then(|e| state.episode(e)) {
                Some(e) => self.govern(e, far).policy,
                None => self.principal(),
            },
        }
    }
}

impl Govern for Governs {
    fn govern(&self, episode: &Episode, now: DateTime<Utc>) -> Governed<'_> {
        self.at_report(episode.authority.as_deref(), episode.reported_at, now)
    }
}

/// The record's checks, each event under the policy that governs it.
impl Rules for Governs {
    fn governing<'s>(&'s self, state: &State, event: &Event) -> &'s dyn Rules {
        self.rules_for(state, event)
    }
    fn authorities(&self) -> Vec<&str> {
        self.authorities.iter().map(|a| a.name.as_str()).collect()
    }
    fn name(&self) -> &str {
        &self.principal().name
    }
    fn knows_rule(&self, rule: &str) -> bool {
        self.principal().knows_rule(rule)
    }
    fn rule_ids(&self) -> Vec<&str> {
        self.principal().rule_ids()
    }
    fn check_category(&self, category: crate::record::vocab::Category) -> Result<(), String> {
        self.principal().check_category(category)
    }
    fn check_grading(
        &self,
        risk: crate::record::vocab::Risk,
        age: u32,
        category: crate::record::vocab::Category,
    ) -> Result<(), String> {
        self.principal().check_grading(risk, age, category)
    }
    fn rhi_decline_min_attempts(&self) -> Option<u32> {
        self.principal().rhi_decline_min_attempts()
    }
    fn check_waiver(&self, rule: &str, episode: &Episode, child: &Child) -> Result<(), String> {
        self.principal().check_waiver(rule, episode, child)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::adoption::Adopted;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn adopted(authority: &str, policy: &str, at: &str, from: Option<&str>) -> Adopted {
        Adopted {
            id: format!("{authority}-{policy}-{at}"),
            at: t(at),
            authority: authority.into(),
            name: Some(policy.into()),
            text: None,
            version: None,
            effective_from: from.map(t),
        }
    }

    /// westshire: practice guidance adopted in October, Cumbria's procedure from 1 June.
    fn westshire() -> Governs {
        Governs::of_record(&RecordPolicies {
            adoptions: vec![
                adopted(
                    "westshire",
                    "practice-guidance",
                    "2025-10-01T10:00:00Z",
                    None,
                ),
                adopted(
                    "westshire",
                    "cumbria",
                    "2026-05-20T09:00:00Z",
                    Some("2026-05-31T23:00:00Z"),
                ),
            ],
            calendars: Vec::new(),
        })
        .unwrap()
    }

    fn policy_at(g: &Governs, reported: &str, now: &str) -> String {
        g.at_report(Some("westshire"), t(reported), t(now))
            .policy
            .name
            .clone()
    }

    #[test]
    fn an_episode_reported_before_a_revised_procedure_keeps_the_one_it_started_under() {
        let g = westshire();
        assert_eq!(
            policy_at(&g, "2026-05-26T09:00:00Z", "2026-06-02T11:00:00Z"),
            "practice-guidance"
        );
        assert_eq!(
            policy_at(&g, "2026-06-02T09:00:00Z", "2026-06-02T11:00:00Z"),
            "cumbria"
        );
    }

    #[test]
    fn an_episode_reported_before_every_effective_from_follows_the_first_adoption() {
        let g = westshire();
        assert_eq!(
            policy_at(&g, "2024-01-01T00:00:00Z", "2026-06-02T11:00:00Z"),
            "practice-guidance"
        );
    }

    #[test]
    fn a_revision_counts_only_from_its_own_at_when_the_record_is_read_as_it_stood() {
        let g = westshire();
        // Asked as at 19 May, before the revision was recorded.
        assert_eq!(
            policy_at(&g, "2026-06-02T09:00:00Z", "2026-05-19T00:00:00Z"),
            "practice-guidance"
        );
    }

    #[test]
    fn a_child_of_an_authority_never_adopted_follows_the_record_s_first_authority() {
        let mut record = RecordPolicies::default();
        record
            .adoptions
            .push(adopted("medway", "medway", "2025-01-01T00:00:00Z", None));
        record
            .adoptions
            .push(adopted("cumbria", "cumbria", "2025-01-01T00:00:00Z", None));
        let g = Governs::of_record(&record).unwrap();
        let now = t("2026-01-01T00:00:00Z");
        let free_text = g.at_report(Some("Kent County Council"), now, now);
        assert_eq!(
            (free_text.authority, &*free_text.policy.name),
            ("medway", "medway")
        );
        let cumbria = g.at_report(Some("cumbria"), now, now);
        assert_eq!(
            (cumbria.authority, &*cumbria.policy.name),
            ("cumbria", "cumbria")
        );
    }
}
