-- dutyboard's record on PostgreSQL (issue 16; INTERFACE "Beyond one machine").
--
-- Load it as a superuser, or a role with CREATEROLE that may create in the database:
--     psql -v ON_ERROR_STOP=1 -1 -f sql/postgres/schema.sql 'postgres://.../desk'
-- It is idempotent: loading it again over a record changes nothing that was stored
-- (tables are created if absent, functions, policies and triggers replaced in place).
--
-- Roles (cluster-wide, shared by every dutyboard database on the server):
--   dutyboard_owner     NOLOGIN, owns every object; nobody works as it
--   dutyboard_app       what officers' login roles are granted: reads (through row
--                       security) and appends through append(); no UPDATE, DELETE,
--                       TRUNCATE, or even INSERT of its own
--   dutyboard_reader    reads through row security, never writes
--   dutyboard_auditor   reads everything (verify runs as it), never writes
--   dutyboard_migrator  may copy a SQLite record in, keeping its recorded_at
--   dutyboard_la_<code> one per authority (authority_role() spells the name): an
--                       officer is a member of each authority whose children they see
--
-- Visibility is per child: a child's every event, and its episodes', is visible to
-- each authority that has ever been its `authority` or `placing_authority`
-- (child_authorities, kept by append()); events naming no child are record-wide.

SET client_min_messages = warning;

DO $$
DECLARE
    enc text := (SELECT pg_encoding_to_char(encoding) FROM pg_database
                 WHERE datname = current_database());
BEGIN
    IF enc <> 'UTF8' THEN
        -- The chain hashes the body's UTF-8 bytes; another encoding would change them.
        RAISE EXCEPTION 'dutyboard needs a UTF8 database; % is %', current_database(), enc;
    END IF;
END $$;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['dutyboard_owner', 'dutyboard_app', 'dutyboard_reader',
                             'dutyboard_auditor', 'dutyboard_migrator'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO dutyboard_owner', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO dutyboard_app, dutyboard_reader, '
                   'dutyboard_auditor, dutyboard_migrator', current_database());
END $$;
-- The loader works as the owner, so everything made below belongs to it.
GRANT dutyboard_owner TO CURRENT_USER;
SET ROLE dutyboard_owner;

CREATE SCHEMA IF NOT EXISTS dutyboard;
REVOKE ALL ON SCHEMA dutyboard FROM PUBLIC;
GRANT USAGE ON SCHEMA dutyboard TO dutyboard_app, dutyboard_reader, dutyboard_auditor, dutyboard_migrator;

-- The record's settings: its random id (the chain's genesis) is made here once.
CREATE TABLE IF NOT EXISTS dutyboard.meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO dutyboard.meta (key, value)
    VALUES ('record_id', replace(gen_random_uuid()::text, '-', ''))
    ON CONFLICT (key) DO NOTHING;
INSERT INTO dutyboard.meta (key, value) VALUES ('schema_version', '1')
    ON CONFLICT (key) DO NOTHING;

CREATE TABLE IF NOT EXISTS dutyboard.events (
    -- Numbered by append() under one advisory lock: gap-free and in commit order.
    seq bigint PRIMARY KEY CHECK (seq > 0),
    id text NOT NULL UNIQUE,
    type text NOT NULL,
    at timestamptz NOT NULL,
    by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    -- The login that stored it, from the connection: no client can choose it.
    recorded_by name NOT NULL DEFAULT session_user,
    -- The child the event is about (its own, its episode's, its target's); NULL for a
    -- record-wide event. Row security reads this and nothing else.
    child text,
    episode text,
    -- The seq of the first event stored in the same append.
    batch bigint NOT NULL,
    -- The event's JSON exactly as stored: text, not jsonb, so the chain's bytes stay.
    body text NOT NULL,
    hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX IF NOT EXISTS events_in_time_order ON dutyboard.events (at, seq);
CREATE INDEX IF NOT EXISTS events_by_child ON dutyboard.events (child);

-- Authorities the record knows (from policy_adopted, or named by a DBA).
CREATE TABLE IF NOT EXISTS dutyboard.authorities (
    code text PRIMARY KEY,
    role name NOT NULL
);
-- The authorities adopted (`policy_adopted`, and the one `init` names): with one, a
-- child registered without an authority is its. A placing authority need not be one.
CREATE TABLE IF NOT EXISTS dutyboard.adopted (
    code text PRIMARY KEY
);
-- Every authority a child has ever had, as `authority` or `placing_authority`.
CREATE TABLE IF NOT EXISTS dutyboard.child_authorities (
    child text NOT NULL,
    authority text NOT NULL,
    PRIMARY KEY (child, authority)
);
CREATE TABLE IF NOT EXISTS dutyboard.episodes (
    episode text PRIMARY KEY,
    child text NOT NULL
);
-- children_merged: the duplicate and the child it was merged into share visibility.
CREATE TABLE IF NOT EXISTS dutyboard.merges (
    child text NOT NULL,
    into_child text NOT NULL,
    PRIMARY KEY (child, into_child)
);

-- ---------------------------------------------------------------- append-only
-- The application role has no UPDATE, DELETE or TRUNCATE; these triggers refuse them
-- to the owner and superusers too. A schema upgrade run by a DBA may lift them for its
-- own transaction (SET LOCAL dutyboard.schema_migration = 'on'); the setting alone
-- gives an ordinary role nothing, since it holds no such privilege to begin with.
CREATE OR REPLACE FUNCTION dutyboard.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    -- current_user: the owner itself (a DBA's SET ROLE, or a definer function that
    -- sets this for its own call, as adopt_record_id does) or a superuser.
    IF current_setting('dutyboard.schema_migration', true) = 'on'
       AND pg_has_role(current_user, 'dutyboard_owner', 'MEMBER') THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'the record is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'DB005';
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['meta', 'events', 'authorities', 'adopted', 'child_authorities',
                             'episodes', 'merges'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON dutyboard.%I '
                       'FOR EACH ROW EXECUTE FUNCTION dutyboard.refuse_change()',
                       t || '_are_never_changed', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON dutyboard.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION dutyboard.refuse_change()',
                       t || '_are_never_truncated', t);
        EXECUTE format('REVOKE ALL ON dutyboard.%I FROM PUBLIC', t);
    END LOOP;
END $$;

-- Even an insert by the owner cannot name someone else as the one who stored it.
CREATE OR REPLACE FUNCTION dutyboard.stamp_recorded_by() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    NEW.recorded_by := session_user;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER events_recorded_by_the_login BEFORE INSERT ON dutyboard.events
    FOR EACH ROW EXECUTE FUNCTION dutyboard.stamp_recorded_by();

GRANT SELECT ON dutyboard.events TO dutyboard_app, dutyboard_reader, dutyboard_auditor, dutyboard_migrator;
GRANT SELECT ON dutyboard.meta, dutyboard.authorities
    TO dutyboard_app, dutyboard_reader, dutyboard_auditor, dutyboard_migrator;
-- child_authorities, episodes and merges name other authorities' children: owner only.

-- ---------------------------------------------------------------- names and clocks
-- The role an authority's officers are granted: `Demo County Council` -> dutyboard_la_demo_county_council.
CREATE OR REPLACE FUNCTION dutyboard.authority_role(code text) RETURNS name
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
    SELECT ('dutyboard_la_' || trim(BOTH '_' FROM
            regexp_replace(lower(code), '[^a-z0-9]+', '_', 'g')))::name
$$;

-- RFC 3339 in UTC with exactly six fractional digits, as the chain hashes it (CHAIN.md).
CREATE OR REPLACE FUNCTION dutyboard.rfc3339(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

CREATE OR REPLACE FUNCTION dutyboard.genesis() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to('dutyboard-genesis' || E'\n' || value, 'UTF8')), 'hex')
    FROM dutyboard.meta WHERE key = 'record_id'
$$;

CREATE OR REPLACE FUNCTION dutyboard.chain_hash(prev text, seq bigint, id text,
                                                recorded_at timestamptz, body text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to(prev || E'\n' || seq::text || E'\n' || id || E'\n'
                                    || dutyboard.rfc3339(recorded_at) || E'\n' || body,
                                    'UTF8')), 'hex')
$$;

-- ---------------------------------------------------------------- who may see what
-- Membership of the login (session_user), never a setting a client can change, and
-- never current_user, which inside a definer function is the owner.
CREATE OR REPLACE FUNCTION dutyboard.sees_everything() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT r.rolsuper OR r.rolbypassrls
           OR pg_has_role(session_user, 'dutyboard_auditor', 'MEMBER')
           OR pg_has_role(session_user, 'dutyboard_owner', 'MEMBER')
    FROM pg_roles r WHERE r.rolname = session_user
$$;

-- The authorities whose roles the login is a member of (a role not made yet counts
-- as no membership: pg_has_role would raise on it).
CREATE OR REPLACE FUNCTION dutyboard.my_authorities() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT a.code FROM dutyboard.authorities a
    WHERE dutyboard.sees_everything()
       OR (EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = a.role)
           AND pg_has_role(session_user, a.role, 'MEMBER'))
$$;

CREATE OR REPLACE FUNCTION dutyboard.visible_children() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT DISTINCT ca.child FROM dutyboard.child_authorities ca
    WHERE ca.authority IN (SELECT dutyboard.my_authorities())
$$;

CREATE OR REPLACE FUNCTION dutyboard.may_see_child(c text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT dutyboard.sees_everything() OR EXISTS (
        SELECT 1 FROM dutyboard.child_authorities ca
        WHERE ca.child = c AND ca.authority IN (SELECT dutyboard.my_authorities()))
$$;

ALTER TABLE dutyboard.events ENABLE ROW LEVEL SECURITY;
-- Not FORCEd: append() and the check functions run as the owner and must see the
-- whole record to number it and to say "reference in use". The owner never logs in.
DROP POLICY IF EXISTS visible_per_child ON dutyboard.events;
CREATE POLICY visible_per_child ON dutyboard.events FOR SELECT USING (
    child IS NULL
    OR (SELECT dutyboard.sees_everything())
    OR child IN (SELECT dutyboard.visible_children())
);

-- What the check needs to know about references it may not see: only whether each is
-- in use, never whose, what or where. kind: 'child', 'episode' or 'id'.
CREATE OR REPLACE FUNCTION dutyboard.in_use(kind text, refs text[]) RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF kind = 'child' THEN
        RETURN QUERY SELECT DISTINCT r FROM unnest(refs) r
            WHERE EXISTS (SELECT 1 FROM dutyboard.child_authorities ca WHERE ca.child = r)
               OR EXISTS (SELECT 1 FROM dutyboard.events e WHERE e.child = r);
    ELSIF kind = 'episode' THEN
        RETURN QUERY SELECT DISTINCT r FROM unnest(refs) r
            WHERE EXISTS (SELECT 1 FROM dutyboard.episodes ep WHERE ep.episode = r);
    ELSIF kind = 'id' THEN
        RETURN QUERY SELECT DISTINCT r FROM unnest(refs) r
            WHERE EXISTS (SELECT 1 FROM dutyboard.events e WHERE e.id = r);
    ELSE
        RAISE EXCEPTION 'in_use: kind must be child, episode or id, not %', kind
            USING ERRCODE = '22023';
    END IF;
END $$;

-- ---------------------------------------------------------------- authorities
-- Run by a DBA (it needs CREATEROLE, so it runs with the caller's rights): makes the
-- authority's role and records the authority. Officers are then granted the role.
CREATE OR REPLACE PROCEDURE dutyboard.create_authority(code text)
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    r name := dutyboard.authority_role(code);
BEGIN
    IF r = 'dutyboard_la_' THEN
        RAISE EXCEPTION 'authority %: its name has no letters or digits', quote_literal(code);
    END IF;
    IF length(r) > 63 THEN
        RAISE EXCEPTION 'authority %: its role name % is over 63 bytes', quote_literal(code), r;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
    PERFORM dutyboard.note_authority(code);
END $$;

CREATE OR REPLACE FUNCTION dutyboard.note_authority(code text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    INSERT INTO dutyboard.authorities (code, role) VALUES (code, dutyboard.authority_role(code))
    ON CONFLICT DO NOTHING
$$;

-- `init` (and `migrate`) name the record's first authority: adopted, as its
-- `policy_adopted` events name the others. Run by the DBA who loads the schema.
CREATE OR REPLACE PROCEDURE dutyboard.adopt_first_authority(code text)
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    CALL dutyboard.create_authority(code);
    INSERT INTO dutyboard.adopted VALUES (code) ON CONFLICT DO NOTHING;
END $$;

-- Gives an authority sight of a child, and of every child merged with it.
CREATE OR REPLACE FUNCTION dutyboard.share_child(c text, authority text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog AS $$
    WITH RECURSIVE grp(child) AS (
        SELECT c
        UNION
        SELECT CASE WHEN m.child = g.child THEN m.into_child ELSE m.child END
        FROM dutyboard.merges m JOIN grp g ON g.child IN (m.child, m.into_child)
    )
    INSERT INTO dutyboard.child_authorities (child, authority)
    SELECT grp.child, authority FROM grp
    ON CONFLICT DO NOTHING
$$;

-- ---------------------------------------------------------------- appending
CREATE OR REPLACE FUNCTION dutyboard.lock_key() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT 7383082213485847392::bigint $$;  -- 'dutyboar'

-- Step one of every write: BEGIN; SELECT * FROM dutyboard.begin_append(); then read and
-- check the batch; then append(batch, tail); COMMIT. The lock is the transaction's,
-- so the tail returned here is the one append() adds to, and another writer waits.
CREATE OR REPLACE FUNCTION dutyboard.begin_append(OUT tail bigint, OUT tail_hash text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        -- A snapshot older than the lock would not see the writer it waited for.
        RAISE EXCEPTION 'begin_append needs READ COMMITTED, not %',
            current_setting('transaction_isolation') USING ERRCODE = 'DB004';
    END IF;
    PERFORM pg_advisory_xact_lock(dutyboard.lock_key());
    SELECT e.seq, e.hash INTO tail, tail_hash FROM dutyboard.events e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        tail := 0;
        tail_hash := dutyboard.genesis();
    END IF;
END $$;

-- The instant an event names, to the microsecond (more digits are cut, not rounded),
-- refusing a leap second and a time without an offset (which PostgreSQL would read in
-- the session's zone).
CREATE OR REPLACE FUNCTION dutyboard.instant(t text, what text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF t IS NULL OR t !~ '^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:?\d\d)$' THEN
        RAISE EXCEPTION '%: % is not an RFC 3339 time with an offset', what, coalesce(quote_literal(t), 'nothing')
            USING ERRCODE = 'DB003';
    END IF;
    IF substr(t, 18, 2) = '60' THEN
        RAISE EXCEPTION '%: % is a leap second', what, quote_literal(t) USING ERRCODE = 'DB003';
    END IF;
    RETURN regexp_replace(t, '(\.\d{6})\d+', '\1')::timestamptz;
END $$;

-- The writer's half of one append; `recorded` is the stored recorded_at for a migrated
-- record, NULL for now.
CREATE OR REPLACE FUNCTION dutyboard.append_rows(batch text[], expected_tail bigint,
                                                 recorded timestamptz[])
RETURNS TABLE (id text, seq bigint, hash text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog AS $$
DECLARE
    tail bigint;
    prev text;
    now_at timestamptz := clock_timestamp();
    first_seq bigint;
    i int;
    body text;
    j jsonb;
    ev_id text;
    ev_type text;
    ev_by text;
    ev_child text;
    ev_episode text;
    ev_at timestamptz;
    ev_recorded timestamptz;
    what text;
    a text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'append needs READ COMMITTED, not %',
            current_setting('transaction_isolation') USING ERRCODE = 'DB004';
    END IF;
    PERFORM pg_advisory_xact_lock(dutyboard.lock_key());
    SELECT e.seq, e.hash INTO tail, prev FROM dutyboard.events e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        tail := 0;
        prev := dutyboard.genesis();
    END IF;
    IF expected_tail IS DISTINCT FROM tail THEN
        RAISE EXCEPTION 'the record moved: its last event is % but the batch was checked against %',
            tail, coalesce(expected_tail::text, 'nothing') USING ERRCODE = 'DB001',
            HINT = 'begin_append() again, check the batch again, then append';
    END IF;
    IF recorded IS NOT NULL AND cardinality(recorded) <> cardinality(batch) THEN
        RAISE EXCEPTION 'append: % events but % recorded_at', cardinality(batch), cardinality(recorded)
            USING ERRCODE = 'DB003';
    END IF;
    first_seq := tail + 1;
    FOR i IN 1 .. coalesce(cardinality(batch), 0) LOOP
        body := batch[i];
        what := 'batch line ' || i;
        BEGIN
            j := body::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION '%: not JSON (%)', what, SQLERRM USING ERRCODE = 'DB003';
        END;
        IF jsonb_typeof(j) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION '%: not a JSON object', what USING ERRCODE = 'DB003';
        END IF;
        ev_id := j->>'id';
        ev_type := j->>'type';
        ev_by := j->>'by';
        IF coalesce(ev_id, '') = '' OR coalesce(ev_type, '') = '' OR coalesce(ev_by, '') = '' THEN
            RAISE EXCEPTION '%: an event is stored with its id, type and by', what USING ERRCODE = 'DB003';
        END IF;
        what := what || ' (' || ev_id || ')';
        ev_at := dutyboard.instant(j->>'at', what || ': at');
        -- Stored already: skipped, as importing the same file twice changes nothing.
        -- Whether it says the same is the check's to decide (it compares fields as sent).
        IF EXISTS (SELECT 1 FROM dutyboard.events e WHERE e.id = ev_id) THEN
            id := ev_id;
            seq := NULL;
            hash := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;

        -- The child it is about: named, or its episode's, or its target's.
        ev_episode := j->>'episode';
        ev_child := j->>'child';
        IF ev_child IS NULL AND ev_episode IS NOT NULL THEN
            SELECT ep.child INTO ev_child FROM dutyboard.episodes ep WHERE ep.episode = ev_episode;
            IF NOT FOUND THEN
                RAISE EXCEPTION '%: episode % is not on the record', what, quote_literal(ev_episode)
                    USING ERRCODE = 'DB002';
            END IF;
        END IF;
        IF ev_child IS NULL AND j ? 'event' THEN
            SELECT e.child INTO ev_child FROM dutyboard.events e WHERE e.id = j->>'event';
        END IF;

        IF ev_type = 'policy_adopted' AND j->>'authority' IS NOT NULL THEN
            PERFORM dutyboard.note_authority(j->>'authority');
            INSERT INTO dutyboard.adopted VALUES (j->>'authority') ON CONFLICT DO NOTHING;
        END IF;

        IF ev_child IS NOT NULL THEN
            -- Registering a reference another authority holds would give sight of that
            -- child: refused, saying no more than that the reference is in use.
            IF ev_type = 'child_registered' AND NOT dutyboard.may_see_child(ev_child)
               AND EXISTS (SELECT 1 FROM dutyboard.child_authorities ca WHERE ca.child = ev_child) THEN
                RAISE EXCEPTION '%: reference in use', what USING ERRCODE = 'DB002';
            END IF;
            IF ev_type = 'child_registered' AND NOT (j ? 'authority' OR j ? 'placing_authority') THEN
                -- One authority adopted: the child is its (INTERFACE "Several authorities").
                IF (SELECT count(*) FROM dutyboard.adopted) = 1 THEN
                    PERFORM dutyboard.share_child(ev_child, (SELECT code FROM dutyboard.adopted));
                ELSE
                    RAISE EXCEPTION '%: child_registered must name its authority: the record has % adopted authorities',
                        what, (SELECT count(*) FROM dutyboard.adopted) USING ERRCODE = 'DB003';
                END IF;
            END IF;
            IF ev_type = 'child_registered' OR dutyboard.may_see_child(ev_child) THEN
                FOREACH a IN ARRAY ARRAY[j->>'authority', j->>'placing_authority'] LOOP
                    IF a IS NOT NULL THEN
                        PERFORM dutyboard.note_authority(a);
                        PERFORM dutyboard.share_child(ev_child, a);
                    END IF;
                END LOOP;
            END IF;
            IF ev_type = 'children_merged' AND j->>'into' IS NOT NULL
               AND dutyboard.may_see_child(ev_child) AND dutyboard.may_see_child(j->>'into') THEN
                INSERT INTO dutyboard.merges VALUES (ev_child, j->>'into') ON CONFLICT DO NOTHING;
                PERFORM dutyboard.share_child(ev_child, ca.authority)
                FROM dutyboard.child_authorities ca WHERE ca.child IN (ev_child, j->>'into');
            END IF;
            -- Writing about a child is for the authorities that can see it.
            IF NOT dutyboard.may_see_child(ev_child) THEN
                RAISE EXCEPTION '%: reference in use', what USING ERRCODE = 'DB002';
            END IF;
            IF ev_type = 'episode_reported' AND ev_episode IS NOT NULL THEN
                IF EXISTS (SELECT 1 FROM dutyboard.episodes ep
                           WHERE ep.episode = ev_episode AND ep.child <> ev_child) THEN
                    RAISE EXCEPTION '%: reference in use', what USING ERRCODE = 'DB002';
                END IF;
                INSERT INTO dutyboard.episodes VALUES (ev_episode, ev_child) ON CONFLICT DO NOTHING;
            END IF;
        END IF;

        tail := tail + 1;
        ev_recorded := CASE WHEN recorded IS NULL THEN now_at ELSE recorded[i] END;
        IF ev_recorded IS NULL THEN
            RAISE EXCEPTION '%: no recorded_at', what USING ERRCODE = 'DB003';
        END IF;
        prev := dutyboard.chain_hash(prev, tail, ev_id, ev_recorded, body);
        INSERT INTO dutyboard.events (seq, id, type, at, by, recorded_at, child, episode, batch, body, hash)
            VALUES (tail, ev_id, ev_type, ev_at, ev_by, ev_recorded, ev_child, ev_episode,
                    first_seq, body, prev);
        id := ev_id;
        seq := tail;
        hash := prev;
        RETURN NEXT;
    END LOOP;
    IF tail >= first_seq THEN
        -- Only the number: notifications reach every user of the server, whatever they
        -- may see. Each board then reads what is newer through row security.
        PERFORM pg_notify('dutyboard', tail::text);
    END IF;
END $$;
REVOKE ALL ON FUNCTION dutyboard.append_rows(text[], bigint, timestamptz[]) FROM PUBLIC;

-- Appends a checked batch: refuses if the record's last event is not expected_tail,
-- numbers the new events after it, chains their hashes and notifies `dutyboard` with
-- the new last seq. One row per batch line: its id, and its seq and hash (NULL when an
-- event with that id was stored before, and it is skipped).
CREATE OR REPLACE FUNCTION dutyboard.append(batch text[], expected_tail bigint)
RETURNS TABLE (id text, seq bigint, hash text)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT * FROM dutyboard.append_rows(batch, expected_tail, NULL)
$$;

-- `dutyboard migrate`: the same, keeping each event's recorded_at from the SQLite
-- record, and refusing (so the whole copy rolls back) unless every hash comes out as
-- the source's chain says.
CREATE OR REPLACE FUNCTION dutyboard.append_migrated(batch text[], expected_tail bigint,
                                                     recorded timestamptz[], hashes text[])
RETURNS TABLE (id text, seq bigint, hash text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    r record;
    i int := 0;
BEGIN
    IF recorded IS NULL THEN
        RAISE EXCEPTION 'append_migrated: every event needs its recorded_at' USING ERRCODE = 'DB003';
    END IF;
    FOR r IN SELECT * FROM dutyboard.append_rows(batch, expected_tail, recorded) LOOP
        i := i + 1;
        IF hashes IS NOT NULL AND r.hash IS DISTINCT FROM hashes[i] THEN
            RAISE EXCEPTION 'migrate: event % (%) hashes to % here but % in the source',
                i, r.id, coalesce(r.hash, 'nothing (stored before)'), hashes[i] USING ERRCODE = 'DB006';
        END IF;
        id := r.id; seq := r.seq; hash := r.hash;
        RETURN NEXT;
    END LOOP;
END $$;

-- A migrated record keeps its chain: its record_id moves with it, into an empty record.
CREATE OR REPLACE FUNCTION dutyboard.adopt_record_id(record_id text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF record_id !~ '^[0-9a-f]{32}$' THEN
        RAISE EXCEPTION 'record id % is not 32 hex digits', quote_literal(record_id) USING ERRCODE = 'DB003';
    END IF;
    PERFORM pg_advisory_xact_lock(dutyboard.lock_key());
    IF EXISTS (SELECT 1 FROM dutyboard.events) THEN
        RAISE EXCEPTION 'this record already holds events: its id stays' USING ERRCODE = 'DB004';
    END IF;
    -- The one update the record ever allows, lifted for this statement alone.
    PERFORM set_config('dutyboard.schema_migration', 'on', true);
    UPDATE dutyboard.meta SET value = adopt_record_id.record_id WHERE key = 'record_id';
    PERFORM set_config('dutyboard.schema_migration', 'off', true);
END $$;

-- ---------------------------------------------------------------- the fold cache
-- The record folded as one login sees it (src/record/fold_cache.rs), so a write's check
-- walks only what was stored since, not the whole record each time. Never taken on its
-- word: it is handed back only while the event it was folded up to still has the hash
-- it had (the chain head it covers) and the login still sees exactly the children it
-- saw (its sight); anything else means a full fold. One row per login, which only that
-- login reads or writes, through the two functions below; it holds no more than the
-- login could read itself. Not part of the record: it is replaced, never appended to.
CREATE TABLE IF NOT EXISTS dutyboard.fold_cache (
    login name PRIMARY KEY,
    format bigint NOT NULL,
    upto_seq bigint NOT NULL,
    upto_at_us bigint NOT NULL,
    events bigint NOT NULL,
    head text NOT NULL,
    sight text NOT NULL,
    state bytea NOT NULL
);
REVOKE ALL ON dutyboard.fold_cache FROM PUBLIC;

-- Which events the login sees: everything, or a digest of the children it may see (no
-- more than the login could read itself). The live board asks it on every change: a
-- child newly shared with the login brings old events into sight, below seqs read.
CREATE OR REPLACE FUNCTION dutyboard.sight() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT CASE WHEN dutyboard.sees_everything() THEN 'everything'
                ELSE md5(coalesce((SELECT string_agg(c, E'\n' ORDER BY c)
                                   FROM dutyboard.visible_children() c), ''))
           END
$$;

-- The login's fold, if it still covers the record as the login sees it.
CREATE OR REPLACE FUNCTION dutyboard.cached_fold(want_format bigint,
    OUT format bigint, OUT upto_seq bigint, OUT upto_at_us bigint, OUT events bigint,
    OUT state bytea) RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT f.format, f.upto_seq, f.upto_at_us, f.events, f.state
    FROM dutyboard.fold_cache f
    JOIN dutyboard.events e ON e.seq = f.upto_seq AND e.hash = f.head
    WHERE f.login = session_user AND f.format = want_format AND f.sight = dutyboard.sight()
$$;

-- Keeps the login's fold of every event it sees up to upto_seq: only if it holds as
-- many events as the login sees there now (a child shared since the fold was read
-- would make it short), bound to that event's hash and the login's sight.
CREATE OR REPLACE FUNCTION dutyboard.keep_fold(format bigint, upto_seq bigint,
    upto_at_us bigint, events bigint, state bytea) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    seen bigint;
    everything boolean := dutyboard.sees_everything();
BEGIN
    SELECT count(*) INTO seen FROM dutyboard.events e
    WHERE e.seq <= keep_fold.upto_seq
      AND (everything OR e.child IS NULL OR e.child IN (SELECT dutyboard.visible_children()));
    IF seen <> keep_fold.events THEN
        RETURN false;
    END IF;
    INSERT INTO dutyboard.fold_cache AS f
        (login, format, upto_seq, upto_at_us, events, head, sight, state)
    SELECT session_user, keep_fold.format, keep_fold.upto_seq, keep_fold.upto_at_us,
           keep_fold.events, e.hash, dutyboard.sight(), keep_fold.state
    FROM dutyboard.events e WHERE e.seq = keep_fold.upto_seq
    ON CONFLICT (login) DO UPDATE SET format = excluded.format,
        upto_seq = excluded.upto_seq, upto_at_us = excluded.upto_at_us,
        events = excluded.events, head = excluded.head, sight = excluded.sight,
        state = excluded.state;
    RETURN FOUND;
END $$;

-- Only these are callable, and only by the roles named.
DO $$
DECLARE
    f text;
BEGIN
    FOR f IN SELECT p.oid::regprocedure::text FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'dutyboard' LOOP
        EXECUTE format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', f);
    END LOOP;
END $$;
-- Row security calls these as the reader; they reveal only what the policy decides.
GRANT EXECUTE ON FUNCTION dutyboard.sees_everything(), dutyboard.my_authorities(),
    dutyboard.visible_children(), dutyboard.may_see_child(text), dutyboard.authority_role(text),
    dutyboard.rfc3339(timestamptz), dutyboard.genesis(), dutyboard.chain_hash(text, bigint, text, timestamptz, text)
    TO dutyboard_app, dutyboard_reader, dutyboard_auditor, dutyboard_migrator;
GRANT EXECUTE ON FUNCTION dutyboard.begin_append(), dutyboard.append(text[], bigint),
    dutyboard.in_use(text, text[]) TO dutyboard_app, dutyboard_migrator;
GRANT EXECUTE ON FUNCTION dutyboard.sight(), dutyboard.cached_fold(bigint),
    dutyboard.keep_fold(bigint, bigint, bigint, bigint, bytea)
    TO dutyboard_app, dutyboard_reader, dutyboard_auditor, dutyboard_migrator;
GRANT EXECUTE ON FUNCTION dutyboard.append_migrated(text[], bigint, timestamptz[], text[]),
    dutyboard.adopt_record_id(text) TO dutyboard_migrator;

RESET ROLE;
