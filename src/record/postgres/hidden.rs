//! References a batch names that are in use on the record but hidden from this login
//! by row security (another authority's child, its episode, one of its events). The
//! check cannot see them, so it would give an answer that depends on who asks ("no
//! such episode", or a child registered twice); instead each such line is refused
//! with no more than "reference in use", which is all `dutyboard.in_use()` (a SECURITY
//! DEFINER function) says about a reference. The server's append() refuses the same
//! lines itself, whatever a client sends.

use super::client::Param;
use super::PgStore;
use crate::record::event::{FieldError, Refusal};
use crate::record::log::StoreError;
use crate::record::Event;
use std::collections::HashSet;

/// What one batch line names: (field, reference, kind for in_use).
fn references(body: &str) -> Vec<(&'static str, String, &'static str)> {
    let Ok(serde_json::Value::Object(v)) = serde_json::from_str::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let mut out = Vec::new();
    for (field, kind) in [
        ("child", "child"),
        ("into", "child"),
        ("episode", "episode"),
        ("event", "id"),
        ("id", "id"),
    ] {
        if let Some(r) = text(field) {
            out.push((field, r, kind));
        }
    }
    out
}

impl PgStore {
    /// The batch's lines that name a reference hidden from this login.
    pub(super) fn hidden_references(
        &self,
        batch: &[(Event, String)],
        known_ids: &HashSet<String>,
    ) -> Result<Vec<Refusal>, StoreError> {
        let named: Vec<_> = batch.iter().map(|(_, body)| references(body)).collect();
        let of_kind = |kind: &str| -> Vec<String> {
            let mut refs: Vec<String> = named
                .iter()
                .flatten()
                .filter(|(_, _, k)| *k == kind)
                .map(|(_, r, _)| r.clone())
                .collect();
            refs.sort();
            refs.dedup();
            refs
        };
        let children = of_kind("child");
        let episodes = of_kind("episode");
        let ids: Vec<String> = of_kind("id")
            .into_iter()
            .filter(|id| known_ids.contains(id))
            .collect();
        let mut hidden = HashSet::new();
        for (kind, refs, visible) in [
            (
                "child",
                children,
                "SELECT r FROM unnest($1::text[]) r
                 WHERE EXISTS (SELECT 1 FROM dutyboard.events e WHERE e.child = r)",
            ),
            (
                "episode",
                episodes,
                "SELECT r FROM unnest($1::text[]) r
                 WHERE EXISTS (SELECT 1 FROM dutyboard.events e WHERE e.episode = r)",
            ),
        ] {
            if refs.is_empty() {
                continue;
            }
            let mut in_use = HashSet::new();
            let (k, r): (Param, Param) = (Box::new(kind.to_string()), Box::new(refs.clone()));
            self.client.each(
                "SELECT r FROM dutyboard.in_use($1, $2) AS u(r)".into(),
                vec![k, r],
                |row| row.try_get::<_, String>(0),
                &mut |r| {
                    in_use.insert(r);
                    Ok(())
                },
            )?;
            self.client.each(
                visible.into(),
                vec![Box::new(refs)],
                |row| row.try_get::<_, String>(0),
                &mut |r| {
                    in_use.remove(&r);
                    Ok(())
                },
            )?;
            hidden.extend(in_use.into_iter().map(|r| (kind, r)));
        }
        if !ids.is_empty() {
            let mut unseen: HashSet<String> = ids.iter().cloned().collect();
            self.client.each(
                "SELECT id FROM dutyboard.events WHERE id = ANY($1)".into(),
                vec![Box::new(ids)],
                |row| row.try_get::<_, String>(0),
                &mut |r| {
                    unseen.remove(&r);
                    Ok(())
                },
            )?;
            hidden.extend(unseen.into_iter().map(|r| ("id", r)));
        }
        if hidden.is_empty() {
            return Ok(Vec::new());
        }
        Ok(named
            .iter()
            .enumerate()
            .filter_map(|(i, refs)| {
                let (field, _, _) = refs
                    .iter()
                    .find(|(_, r, kind)| hidden.contains(&(*kind, r.clone())))?;
                Some(Refusal {
                    line: Some(i + 1),
                    error: FieldError::field(field, "reference in use"),
                })
            })
            .collect())
    }
}
