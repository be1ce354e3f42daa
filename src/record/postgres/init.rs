//! `init` on a URL: the database (made when it does not exist and the login may), the
//! schema of sql/postgres/schema.sql (idempotent), and the record's settings, fixed
//! once: the policy it is kept under and the authority `init` names.

use super::client::{Client, Param};
use super::{PgStore, PgUrl};
use crate::record::log::StoreError;
use chrono::{DateTime, Utc};

const SCHEMA: &str = include_str!("../../../sql/postgres/schema.sql");

/// Makes the URL's database unless it exists. The server's `postgres` database is
/// where that is asked; a login that cannot reach it is left to connect to its own.
pub(super) fn create_database(url: &PgUrl) -> Result<(), StoreError> {
    let Ok(admin) = Client::connect(url.on_database("postgres"), url.shown()) else {
        return Ok(());
    };
    let name: Param = Box::new(url.dbname().to_string());
    let exists = admin
        .one(
            "SELECT 1 FROM pg_database WHERE datname = $1",
            vec![name],
            |r| r.try_get::<_, i32>(0),
        )?
        .is_some();
    if !exists {
        // The chain hashes the bodies' UTF-8 bytes: the database must keep them so.
        let sql = format!(
            "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0",
            quote_ident(url.dbname())
        );
        admin.run(move |pg| pg.batch_execute(&sql))?;
    }
    Ok(())
}

/// Loads the schema in one transaction (a simple query of many statements is one).
pub(super) fn load_schema(client: &Client) -> Result<(), StoreError> {
    client.run(|pg| again_if_raced(|| pg.batch_execute(SCHEMA)))
}

/// Runs `step` again when it lost a race to make a role (roles are the server's, not
/// one database's: two `init`s at once may both find `dutyboard_owner` missing). The
/// step is one transaction, so the loser made nothing, and finds the role next time.
fn again_if_raced(
    mut step: impl FnMut() -> Result<(), postgres::Error>,
) -> Result<(), postgres::Error> {
    use postgres::error::SqlState;
    for _ in 0..5 {
        match step() {
            Err(e)
                if e.code() == Some(&SqlState::UNIQUE_VIOLATION)
                    || e.code() == Some(&SqlState::DUPLICATE_OBJECT) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
    step()
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl PgStore {
    /// Records the policy the record is kept under; done once, at init.
    pub fn initialise(
        &mut self,
        policy_name: &str,
        policy_text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let rows = [
            ("policy_name", policy_name.to_string()),
            ("policy_text", policy_text.to_string()),
            ("created_at", now.to_rfc3339()),
        ];
        let rows: Vec<(String, String)> = rows.map(|(k, v)| (k.to_string(), v)).into();
        let existing = self.client.run(move |pg| {
            let mut tx = pg.transaction()?;
            // The writers' lock: two inits at once cannot both find no policy.
            tx.execute("SELECT pg_advisory_xact_lock(dutyboard.lock_key())", &[])?;
            let existing = tx
                .query_opt(
                    "SELECT value FROM dutyboard.meta WHERE key = 'policy_name'",
                    &[],
                )?
                .map(|r| r.try_get::<_, String>(0))
                .transpose()?;
            if existing.is_none() {
                for (k, v) in &rows {
                    tx.execute(
                        "INSERT INTO dutyboard.meta (key, value) VALUES ($1, $2)",
                        &[k, v],
                    )?;
                }
                tx.commit()?;
            }
            Ok(existing)
        })?;
        match existing {
            Some(name) => Err(StoreError::AlreadyInitialised(
                self.url.shown().into(),
                name,
            )),
            None => Ok(()),
        }
    }

    /// Adds a setting at init (settings are never changed once written).
    pub fn add_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let (k, v): (Param, Param) = (Box::new(key.to_string()), Box::new(value.to_string()));
        self.client
            .execute(
                "INSERT INTO dutyboard.meta (key, value) VALUES ($1, $2)",
                vec![k, v],
            )
            .map(|_| ())
    }

    /// The authority `init` names: its role (`dutyboard_la_...`, for officers to be
    /// granted), and adopted, so that while it is the only one a child registered
    /// without an authority is its.
    pub fn note_authority(&mut self, authority: &str) -> Result<(), StoreError> {
        let a = authority.to_string();
        self.client.run(move |pg| {
            again_if_raced(|| {
                pg.execute("CALL dutyboard.adopt_first_authority($1)", &[&a])
                    .map(|_| ())
            })
        })
    }
}
