//! One write on the server: `BEGIN; SELECT begin_append()` takes the writers' lock
//! and gives the tail; the batch's ids already stored are asked of `in_use` (which
//! sees past row security and says no more than that); the check reads the record
//! through this same connection, inside the lock, so it sees exactly what the append
//! adds to; `append(batch, tail)` numbers, chains and notifies; `COMMIT`. A refusal,
//! or any failure, rolls the whole batch back.

use super::client::Param;
use super::PgStore;
use crate::record::event::Refusal;
use crate::record::log::{AppendOutcome, Check, StoreError};
use crate::record::Event;
use std::collections::HashSet;

impl PgStore {
    pub(super) fn append(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        self.client.run(|pg| pg.batch_execute("BEGIN"))?;
        let outcome = self.append_in_transaction(batch, check);
        let end = match &outcome {
            Ok(Ok(_)) => "COMMIT",
            _ => "ROLLBACK",
        };
        let ended = self.client.run(move |pg| pg.batch_execute(end));
        if let Err(e) = ended {
            // A COMMIT that failed has stored nothing; make sure the session is clean.
            let _ = self.client.run(|pg| pg.batch_execute("ROLLBACK"));
            if end == "COMMIT" {
                return Err(e);
            }
        } else if let Ok(Ok(_)) = &outcome {
            self.refresh_fold(self.own_seq.get());
        }
        outcome
    }

    fn append_in_transaction(
        &mut self,
        batch: &[(Event, String)],
        check: &mut Check<'_>,
    ) -> Result<Result<AppendOutcome, Vec<Refusal>>, StoreError> {
        let tail: i64 = self
            .client
            .one("SELECT tail FROM dutyboard.begin_append()", vec![], |r| {
                r.try_get(0)
            })?
            .unwrap_or(0);
        let ids: Vec<String> = batch.iter().map(|(e, _)| e.id.clone()).collect();
        let mut known = HashSet::new();
        self.client.each(
            "SELECT r FROM dutyboard.in_use('id', $1) AS u(r)".into(),
            vec![Box::new(ids)],
            |r| r.try_get::<_, String>(0),
            &mut |id| {
                known.insert(id);
                Ok(())
            },
        )?;
        // A reference another authority holds: refused alike on every desk.
        let hidden = self.hidden_references(batch, &known)?;
        if !hidden.is_empty() {
            return Ok(Err(hidden));
        }
        if let Err(refusals) = check(&known, &*self) {
            return Ok(Err(refusals));
        }
        let bodies: Param = Box::new(batch.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>());
        let mut outcome = AppendOutcome::default();
        let mut last = tail;
        self.client.each(
            "SELECT id, seq FROM dutyboard.append($1::text[], $2)".into(),
            vec![bodies, Box::new(tail)],
            |r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, Option<i64>>(1)?)),
            &mut |(id, seq)| {
                match seq {
                    Some(seq) => {
                        last = last.max(seq);
                        outcome.stored.push(id);
                    }
                    None => outcome.skipped.push(id),
                }
                Ok(())
            },
        )?;
        self.own_seq.set(self.own_seq.get().max(last));
        Ok(Ok(outcome))
    }
}
