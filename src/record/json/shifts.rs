//! Reading the events of shifts and ownership (INTERFACE "Shifts and
//! acknowledgements"): `episode_assigned`, `shift_started`, `handover_acknowledged`.

use super::super::event::{EventKind, FieldError};
use super::super::schema::{EventType, RawEvent};
use super::{non_blank, required};

impl RawEvent {
    /// The typed kind of a shift or ownership event (`ty` is one of them).
    pub(super) fn shift_kind(&self, ty: EventType) -> Result<EventKind, FieldError> {
        Ok(match ty {
            EventType::EpisodeAssigned => {
                let owner = required("owner", &self.owner)?;
                if owner.trim().is_empty() {
                    return Err(FieldError::field("owner", "must name an officer"));
                }
                EventKind::EpisodeAssigned {
                    episode: required("episode", &self.episode)?.to_string(),
                    owner: owner.trim().to_string(),
                }
            }
            EventType::ShiftStarted => EventKind::ShiftStarted {
                ends_at: super::parse_instant("ends_at", required("ends_at", &self.ends_at)?)?,
                manager: non_blank(&self.manager, "manager")?,
            },
            EventType::HandoverAcknowledged => EventKind::HandoverAcknowledged,
            other => unreachable!("{other:?} is not a shift event"),
        })
    }
}
