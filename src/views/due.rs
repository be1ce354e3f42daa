//! One item of `due --format json`: a rule instance and the policy it was worked out
//! under. The fields are in alphabetical order because the JSON is printed in field
//! order and the contract's keys are sorted (tests/goldens.rs); instants are RFC 3339
//! to the second, and the optional facts are left out when absent, as the contract has
//! them.

use super::{rfc, rfc_opt};
use crate::procedures::{InstanceState, RuleInstance};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due<'a> {
    pub asap: bool,
    pub authority: &'a str,
    pub breached: bool,
    pub child: &'a str,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a str>,
    #[serde(serialize_with = "rfc")]
    pub due_at: DateTime<Utc>,
    pub episode: &'a str,
    pub escalated: bool,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub escalates_at: Option<DateTime<Utc>>,
    pub occurrence: u32,
    #[serde(serialize_with = "rfc")]
    pub opens_at: DateTime<Utc>,
    pub policy: &'a str,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc_opt")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<&'a str>,
    pub rule: &'a str,
    pub source: &'a str,
    pub state: InstanceState,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver_reason: Option<&'a str>,
}

impl<'a> Due<'a> {
    /// The instance as `due` lists it, with the policy and authority it follows.
    pub fn of(i: &'a RuleInstance) -> Due<'a> {
        Due {
            asap: i.asap,
            authority: &i.authority,
            breached: i.breached,
            child: &i.child,
            closed_at: i.closed_at,
            detail: i.detail.as_deref(),
            due_at: i.due_at,
            episode: &i.episode,
            escalated: i.escalated,
            escalates_at: i.escalates_at,
            occurrence: i.occurrence,
            opens_at: i.opens_at,
            policy: &i.policy,
            resolved_at: i.resolved_at,
            resolved_by: i.resolved_by.as_deref(),
            rule: &i.rule,
            source: &i.source,
            state: i.state,
            title: &i.title,
            waiver_reason: i.waiver_reason.as_deref(),
        }
    }
}
