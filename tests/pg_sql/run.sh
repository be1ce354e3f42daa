#!/usr/bin/env bash
# The PostgreSQL schema (sql/postgres/schema.sql) against real throwaway servers:
# each check is one named line, "ok" or "FAIL" with what went wrong under it; the
# count is printed at the end and any failure exits 1.
#
#   tests/pg_sql/run.sh
#
# Without PostgreSQL's server binaries it skips with the reason (exit 0), unless
# DUTYBOARD_REQUIRE_PG=1 (as .ci/run sets), when a skip is a failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pgt=$root/scripts/pg-throwaway.sh
schema=$root/sql/postgres/schema.sql
deployment=$root/docs/DEPLOYMENT.md
began=$(date +%s.%N)

missing() {
    if [ "${DUTYBOARD_REQUIRE_PG:-0}" = 1 ]; then
        echo "FAIL DUTYBOARD_REQUIRE_PG=1 but $1"
        exit 1
    fi
    echo "skip: $1 (set DUTYBOARD_REQUIRE_PG=1 to make this a failure)"
    exit 0
}
bin=$("$pgt" bindir 2>&1) || missing "no PostgreSQL server: $bin"
export PATH="$bin:$PATH"
for tool in psql openssl python3; do
    command -v "$tool" >/dev/null 2>&1 || missing "$tool is not installed"
done
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    missing "running as root with no postgres user to run the server as"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dutyboard-pg.XXXXXX")
chmod 711 "$tmp" # the server runs as postgres and must reach its folders
servers=()
cleanup() {
    for s in "${servers[@]}"; do
        if [ -f "$s/data/postmaster.pid" ] || [ -f "$s/postmaster.pid" ]; then
            "$pgt" as-postgres pg_ctl -D "$([ -d "$s/data" ] && echo "$s/data" || echo "$s")" \
                -m immediate -w stop >/dev/null 2>&1
        fi
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
# check NAME COMMAND...: runs COMMAND, which says why on failure.
check() {
    local name=$1 out t0=$SECONDS
    shift
    if out=$("$@" 2>&1); then
        echo "ok   $name ($((SECONDS - t0)) s)"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        printf '%s\n' "$out" | sed 's/^/       /'
        failed=$((failed + 1))
    fi
}
fail() {
    echo "$*"
    return 1
}

# ---------------------------------------------------------------- the servers
urls=$("$pgt" start --tls --archive "$tmp/primary") || {
    echo "FAIL the throwaway server did not start"
    exit 1
}
servers+=("$tmp/primary")
admin_url=$(sed -n 1p <<<"$urls")
tls_url=$(sed -n 2p <<<"$urls")
sock=$tmp/primary
port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$admin_url")

# url USER [DB]: a socket URL for USER on the primary.
url() { echo "postgresql:///${2:-desk}?host=$sock&port=$port&user=$1"; }
# q USER SQL...: runs SQL as USER (unaligned, no headers), stopping at the first error.
q() {
    local user=$1
    shift
    psql "$(url "$user")" -X -qAt -v ON_ERROR_STOP=1 "$@"
}
# batch JSON...: the SQL array of these event bodies.
batch() {
    local out="ARRAY[" sep=""
    for b in "$@"; do
        out+="$sep\$j\$$b\$j\$"
        sep=","
    done
    echo "$out]::text[]"
}
# append USER JSON...: one write as the store makes it; prints the rows stored.
append() {
    local user=$1
    shift
    append_at "$(url "$user")" "$@"
}
append_at() {
    local to=$1
    shift
    psql "$to" -X -qAt -v ON_ERROR_STOP=1 <<SQL
BEGIN;
SELECT tail FROM dutyboard.begin_append() \gset
SELECT id || ':' || coalesce(seq::text, 'skipped') FROM dutyboard.append($(batch "$@"), :tail);
COMMIT;
SQL
}
reg() { echo "{\"type\":\"child_registered\",\"at\":\"2026-03-02T09:00:00Z\",\"id\":\"$1\",\"by\":\"$2\",\"child\":\"$3\",\"name\":\"$4\",\"dob\":\"2012-01-01\",\"status\":\"looked_after\",\"authority\":\"$5\"}"; }
episode() { echo "{\"type\":\"episode_reported\",\"at\":\"2026-03-02T10:00:00Z\",\"id\":\"$1\",\"by\":\"$2\",\"episode\":\"$3\",\"child\":\"$4\",\"last_seen_at\":\"2026-03-02T09:30:00Z\",\"category\":\"missing\",\"risk\":\"medium\"}"; }
update() { echo "{\"type\":\"update_recorded\",\"at\":\"2026-03-02T11:00:00Z\",\"id\":\"$1\",\"by\":\"$2\",\"episode\":\"$3\",\"text\":\"${4:-seen near the station}\"}"; }
count() { q "${2:-postgres}" -c "SELECT count(*) FROM dutyboard.events ${1:-}"; }

psql "$admin_url" -X -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE desk" >/dev/null || exit 1

# ---------------------------------------------------------------- schema
schema_loads_twice_unchanged() {
    psql "$(url postgres)" -X -q -v ON_ERROR_STOP=1 -1 -f "$schema" || return 1
    local first second id1 id2
    # (pg_dump's \restrict line carries a fresh random key each time.)
    first=$("$pgt" as-postgres pg_dump -s -h "$sock" -p "$port" -U postgres desk | grep -v '^\\\(un\)\?restrict ') || return 1
    id1=$(q postgres -c "SELECT value FROM dutyboard.meta WHERE key='record_id'")
    psql "$(url postgres)" -X -q -v ON_ERROR_STOP=1 -1 -f "$schema" || return 1
    second=$("$pgt" as-postgres pg_dump -s -h "$sock" -p "$port" -U postgres desk | grep -v '^\\\(un\)\?restrict ') || return 1
    id2=$(q postgres -c "SELECT value FROM dutyboard.meta WHERE key='record_id'")
    [[ $id1 =~ ^[0-9a-f]{32}$ ]] || fail "record_id is '$id1', not 32 hex digits" || return 1
    [ "$id1" = "$id2" ] || fail "record_id changed on reload: $id1 -> $id2" || return 1
    diff <(echo "$first") <(echo "$second") || fail "the schema differs after a second load"
}
check "schema loads, and loads again without a change (record id kept)" schema_loads_twice_unchanged

q postgres >/dev/null <<'SQL' || { echo "FAIL setting up the roles"; exit 1; }
CALL dutyboard.create_authority('Medway');
CALL dutyboard.create_authority('Kent');
CREATE ROLE sam LOGIN IN ROLE dutyboard_app, dutyboard_la_medway;       -- Medway's desk
CREATE ROLE kim LOGIN IN ROLE dutyboard_app, dutyboard_la_kent;         -- Kent's desk
CREATE ROLE edt LOGIN IN ROLE dutyboard_app, dutyboard_la_medway, dutyboard_la_kent;
CREATE ROLE rita LOGIN IN ROLE dutyboard_reader, dutyboard_la_medway;  -- reads Medway only
CREATE ROLE audrey LOGIN IN ROLE dutyboard_auditor;
CREATE ROLE mig LOGIN IN ROLE dutyboard_migrator, dutyboard_la_medway;
CREATE ROLE nobody LOGIN;
SQL

# ---------------------------------------------------------------- appending
append_numbers_a_batch_after_the_tail() {
    local out
    out=$(append edt \
        '{"type":"policy_adopted","at":"2026-03-01T09:00:00Z","id":"adopt-medway","by":"edt","authority":"Medway","policy":"medway"}' \
        '{"type":"policy_adopted","at":"2026-03-01T09:00:00Z","id":"adopt-kent","by":"edt","authority":"Kent","policy":"cumbria"}') || return 1
    [ "$out" = $'adopt-medway:1\nadopt-kent:2' ] || fail "stored: $out" || return 1
    out=$(append sam "$(reg c1 sam C1 'Alfie Example' Medway)" "$(episode e1 sam E1 C1)" "$(update u1 sam E1)") || return 1
    [ "$out" = $'c1:3\ne1:4\nu1:5' ] || fail "stored: $out" || return 1
    out=$(q postgres -c "SELECT string_agg(seq || '/' || batch || '/' || recorded_by || '/' || coalesce(child, '-'), ' ' ORDER BY seq) FROM dutyboard.events")
    [ "$out" = "1/1/edt/- 2/1/edt/- 3/3/sam/C1 4/3/sam/C1 5/3/sam/C1" ] || fail "rows: $out"
}
check "append numbers a batch after the tail, one batch, recorded_by the login" append_numbers_a_batch_after_the_tail

append_refuses_a_moved_tail() {
    local out before
    before=$(count)
    # Checked against seq 4, but seq 5 is stored since: refused, nothing stored.
    out=$(q sam -c "BEGIN" -c "SELECT * FROM dutyboard.append($(batch "$(update u-stale sam E1)"), 4)" 2>&1) &&
        fail "a stale tail was accepted: $out" && return 1
    grep -q "the record moved: its last event is 5 but the batch was checked against 4" <<<"$out" ||
        fail "refused, but not because the tail moved: $out" || return 1
    [ "$(count)" = "$before" ] || fail "something was stored"
}
check "append refuses a batch checked against a tail that has moved" append_refuses_a_moved_tail

append_skips_what_is_stored() {
    local out
    out=$(append sam "$(update u1 sam E1)" "$(update u2 sam E1)") || return 1
    [ "$out" = $'u1:skipped\nu2:6' ] || fail "stored: $out"
}
check "append skips an id already stored and numbers the rest on" append_skips_what_is_stored

append_refuses_bad_instants() {
    local out before
    before=$(count)
    for at in 2026-03-02T23:59:60Z 2026-03-02T10:00:00 yesterday; do
        out=$(append sam "{\"type\":\"update_recorded\",\"at\":\"$at\",\"id\":\"bad-$at\",\"by\":\"sam\",\"episode\":\"E1\",\"text\":\"x\"}" 2>&1) &&
            fail "at=$at was stored" && return 1
        grep -Eq "leap second|not an RFC 3339 time with an offset" <<<"$out" || fail "at=$at: $out" || return 1
    done
    out=$(append sam '{"type":"update_recorded","at":"2026-03-02T11:00:00.1234569+01:00","id":"fine","by":"sam","episode":"E1","text":"x"}') || return 1
    [ "$(q postgres -c "SELECT dutyboard.rfc3339(at) FROM dutyboard.events WHERE id = 'fine'")" = 2026-03-02T10:00:00.123456Z ] ||
        fail "seven fractional digits were not cut to six" || return 1
    [ "$(count)" = "$((before + 1))" ] || fail "a refused batch stored something"
}
check "append refuses a leap second and a time without an offset, cuts to microseconds" append_refuses_bad_instants

# ---------------------------------------------------------------- commit order
seqs_follow_commit_order() {
    local tail fifo_in out a_out reader
    tail=$(q postgres -c "SELECT max(seq) FROM dutyboard.events")
    # Writer A takes the lock and appends, then holds its transaction open.
    coproc A { psql "$(url sam)" -X -qAt -v ON_ERROR_STOP=1 2>&1; }
    echo "BEGIN; SELECT tail FROM dutyboard.begin_append() \gset
SELECT seq FROM dutyboard.append($(batch "$(update a1 sam E1 'writer A')"), :tail);
SELECT 'appended';" >&"${A[1]}"
    read -r -t 10 a_seq <&"${A[0]}" || { fail "writer A did not append"; return 1; }
    read -r -t 10 _ <&"${A[0]}"
    # Writer B starts after A and must wait for A's commit.
    append edt "$(update b1 edt E1 'writer B')" >"$tmp/b.out" 2>&1 &
    local b=$!
    for _ in $(seq 50); do
        [ "$(q postgres -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" = 1 ] && break
        sleep 0.1
    done
    [ "$(q postgres -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" = 1 ] ||
        { fail "writer B is not waiting for the lock"; return 1; }
    reader=$(q audrey -c "SELECT coalesce(max(seq), 0) FROM dutyboard.events")
    [ "$reader" = "$tail" ] || { fail "a reader saw seq $reader before A committed"; return 1; }
    echo "COMMIT;" >&"${A[1]}"
    exec {A[1]}>&-
    wait "$A_PID" 2>/dev/null
    wait $b || { fail "writer B failed: $(cat "$tmp/b.out")"; return 1; }
    out=$(q postgres -c "SELECT string_agg(id || ':' || seq, ' ' ORDER BY seq) FROM dutyboard.events WHERE seq > $tail")
    [ "$a_seq" = $((tail + 1)) ] || fail "A got $a_seq" || return 1
    [ "$out" = "a1:$((tail + 1)) b1:$((tail + 2))" ] || fail "after both: $out"
}
check "seqs follow commit order: a second writer waits, a reader never sees past an open append" seqs_follow_commit_order

two_writers_at_once() {
    local n=150 tail w pids=()
    tail=$(q postgres -c "SELECT max(seq) FROM dutyboard.events")
    for w in sam edt; do
        for i in $(seq $n); do
            echo "BEGIN; SELECT tail FROM dutyboard.begin_append() \gset"
            echo "SELECT count(*) FROM dutyboard.append($(batch "$(update "$w-$i-a" $w E1)" "$(update "$w-$i-b" $w E1)"), :tail);"
            echo "COMMIT;"
        done >"$tmp/writer-$w.sql"
    done
    # A reader samples all through: what it sees must always be 1..max, no gap.
    q audrey -c "DO \$\$
        DECLARE c bigint; m bigint; samples int := 0;
        BEGIN
            LOOP
                SELECT count(*), coalesce(max(seq), 0) INTO c, m FROM dutyboard.events;
                IF c <> m THEN RAISE EXCEPTION 'sample %: % events visible but max seq %', samples, c, m; END IF;
                samples := samples + 1;
                EXIT WHEN m >= $tail + 4 * $n OR samples > 20000;
                PERFORM pg_sleep(0.002);
            END LOOP;
            RAISE NOTICE 'samples %', samples;
        END \$\$" >"$tmp/reader.out" 2>&1 &
    local reader=$!
    for w in sam edt; do
        q $w -f "$tmp/writer-$w.sql" >/dev/null 2>"$tmp/writer-$w.err" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || { fail "a writer failed: $(cat "$tmp"/writer-*.err)"; return 1; }; done
    wait $reader || { fail "the reader saw a gap: $(cat "$tmp/reader.out")"; return 1; }
    local stats
    stats=$(q postgres -c "SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || (max(seq) - min(seq) + 1)
                           FROM dutyboard.events WHERE seq > $tail")
    [ "$stats" = "$((4 * n)) $((4 * n)) $((4 * n))" ] || fail "count, distinct ids, seq span: $stats (want $((4 * n)) each)"
}
check "two writers at once: every event stored once, seqs gap-free, never a gap seen" two_writers_at_once

# ---------------------------------------------------------------- the chain
chain_matches_python() {
    python3 "$here/chain.py" "$(url audrey)"
}
check "the chain hash equals a python3 hashlib recomputation (CHAIN.md)" chain_matches_python

chain_check_finds_an_edit() {
    # An edit by someone who lifts the triggers, on a copy: the recomputation must see it.
    psql "$(url postgres postgres)" -X -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE tampered TEMPLATE desk" || return 1
    psql "$(url postgres tampered)" -X -qAt -v ON_ERROR_STOP=1 -c "BEGIN" \
        -c "SET LOCAL dutyboard.schema_migration = 'on'" \
        -c "UPDATE dutyboard.events SET body = replace(body, 'Alfie', 'Alfred') WHERE seq = 3" -c "COMMIT" >/dev/null || return 1
    local out
    out=$(python3 "$here/chain.py" "$(url postgres tampered)") && fail "the edit went unseen: $out" && return 1
    grep -q "chain broken at seq 3 (c1)" <<<"$out" || fail "$out"
}
check "the recomputation names the first event edited behind the triggers" chain_check_finds_an_edit

# ---------------------------------------------------------------- append-only
app_cannot_change_the_record() {
    local out sql
    for sql in "UPDATE dutyboard.events SET body = '{}' WHERE seq = 1" \
        "DELETE FROM dutyboard.events WHERE seq = 1" \
        "TRUNCATE dutyboard.events" \
        "INSERT INTO dutyboard.events SELECT * FROM dutyboard.events WHERE seq = 1" \
        "UPDATE dutyboard.meta SET value = 'x'" \
        "SELECT dutyboard.append_rows(ARRAY['{}'], 0, NULL)"; do
        out=$(q sam -c "$sql" 2>&1) && fail "the app role may: $sql" && return 1
        grep -q "permission denied" <<<"$out" || fail "$sql: $out" || return 1
    done
}
check "UPDATE, DELETE, TRUNCATE and INSERT are refused to the app role" app_cannot_change_the_record

owner_path_is_refused_too() {
    local out sql
    for sql in "UPDATE dutyboard.events SET by = 'x' WHERE seq = 1" \
        "DELETE FROM dutyboard.events WHERE seq = 1" \
        "TRUNCATE dutyboard.events" \
        "DELETE FROM dutyboard.child_authorities" \
        "UPDATE dutyboard.meta SET value = 'x' WHERE key = 'record_id'"; do
        out=$(q postgres -c "SET ROLE dutyboard_owner" -c "$sql" 2>&1) && fail "the owner may: $sql" && return 1
        grep -q "the record is append-only" <<<"$out" || fail "$sql: $out" || return 1
        out=$(q postgres -c "$sql" 2>&1) && fail "a superuser may: $sql" && return 1
        grep -q "the record is append-only" <<<"$out" || fail "$sql: $out" || return 1
    done
    # The schema-upgrade path exists for the owner, inside its own transaction only.
    q postgres -c "BEGIN" -c "SET LOCAL dutyboard.schema_migration = 'on'" -c "SET LOCAL ROLE dutyboard_owner" \
        -c "UPDATE dutyboard.events SET by = by WHERE seq = 1" -c "ROLLBACK" >/dev/null ||
        fail "a schema upgrade could not lift the triggers" || return 1
    out=$(q sam -c "SET dutyboard.schema_migration = 'on'" -c "UPDATE dutyboard.events SET by = 'x'" 2>&1) &&
        fail "the setting let the app role update" && return 1
    grep -q "permission denied" <<<"$out" || fail "$out"
}
check "the triggers refuse UPDATE, DELETE and TRUNCATE to the owner and a superuser, except a schema upgrade" owner_path_is_refused_too

recorded_by_cannot_be_chosen() {
    q postgres -c "BEGIN" -c "SET LOCAL ROLE dutyboard_owner" \
        -c "INSERT INTO dutyboard.events (seq, id, type, at, by, recorded_at, recorded_by, batch, body, hash)
            VALUES (100000, 'forged', 'x', now(), 'x', now(), 'someone_else', 1, '{}', repeat('0', 64))" \
        -c "SELECT recorded_by FROM dutyboard.events WHERE id = 'forged'" -c "ROLLBACK" >"$tmp/forged" 2>&1 ||
        { fail "$(cat "$tmp/forged")"; return 1; }
    [ "$(tail -n 1 "$tmp/forged")" = postgres ] || fail "recorded_by: $(tail -n 1 "$tmp/forged")"
}
check "recorded_by is the login even on an insert that names another" recorded_by_cannot_be_chosen

# ---------------------------------------------------------------- row security
rls_per_authority() {
    append kim "$(reg k1 kim K1 'Kira Sample' Kent)" "$(episode k2 kim EK1 K1)" >/dev/null || return 1
    append sam "$(reg c3 sam C3 'Cody Placeholder' Medway)" "$(episode c3e sam E3 C3)" >/dev/null || return 1
    local who want got
    for who in "sam:C1 C3" "kim:K1" "edt:C1 C3 K1" "rita:C1 C3" "audrey:C1 C3 K1"; do
        want=${who#*:}
        got=$(q "${who%%:*}" -c "SELECT coalesce(string_agg(DISTINCT child, ' ' ORDER BY child), '') FROM dutyboard.events")
        [ "$got" = "$want" ] || fail "${who%%:*} sees children '$got', not '$want'" || return 1
    done
    q nobody -c "SELECT count(*) FROM dutyboard.events" >/dev/null 2>&1 && fail "a login with no dutyboard role read the record"
    # Record-wide events reach every desk.
    for who in sam kim rita; do
        [ "$(count "WHERE type = 'policy_adopted'" $who)" = 2 ] || fail "$who does not see both adoptions" || return 1
    done
    # A session setting widens nothing, and a role one is not a member of cannot be taken.
    [ "$(q kim -c "SET dutyboard.authority = 'Medway'" -c "SELECT count(*) FROM dutyboard.events WHERE child = 'C1'")" = 0 ] ||
        fail "a setting showed kim Medway's child" || return 1
    q kim -c "SET ROLE dutyboard_la_medway" >/dev/null 2>&1 && fail "kim took Medway's role"
    return 0
}
check "row security per authority: each desk sees its children and the record-wide events" rls_per_authority

rls_follows_every_authority_ever() {
    local before
    before=$(count "WHERE child = 'C1'" kim)
    [ "$before" = 0 ] || fail "kim saw C1 before it was placed from Kent" || return 1
    # Medway records that C1 is placed by Kent: Kent now sees C1's whole history.
    append sam '{"type":"child_updated","at":"2026-03-03T09:00:00Z","id":"c1-placed","by":"sam","child":"C1","placing_authority":"Kent"}' >/dev/null || return 1
    [ "$(count "WHERE child = 'C1'" kim)" = "$(count "WHERE child = 'C1'" audrey)" ] ||
        fail "kim sees $(count "WHERE child = 'C1'" kim) of C1's $(count "WHERE child = 'C1'" audrey) events" || return 1
    [ "$(count "WHERE episode = 'E1' AND type = 'update_recorded'" kim)" -gt 300 ] ||
        fail "kim does not see E1's earlier updates" || return 1
    # Moving C1 on to Medway-only again takes nothing away: ever, not now.
    append sam '{"type":"child_updated","at":"2026-03-04T09:00:00Z","id":"c1-back","by":"sam","child":"C1","placing_authority":"Medway"}' >/dev/null || return 1
    [ "$(count "WHERE child = 'C1'" kim)" = "$(count "WHERE child = 'C1'" audrey)" ] || fail "kim lost sight of C1"
}
check "row security follows every authority a child has ever had, over its whole history" rls_follows_every_authority_ever

refusals_say_only_in_use() {
    local out
    # Kent registers a reference Medway holds, writes about Medway's episode, voids
    # Medway's event: each refused with no more than "reference in use".
    for ev in "$(reg k9 kim C3 'Someone Else' Kent)" "$(update k10 kim E3)" \
        '{"type":"event_voided","at":"2026-03-03T09:00:00Z","id":"k11","by":"kim","event":"c3","reason":"x"}'; do
        out=$(append kim "$ev" 2>&1) && fail "kim stored: $ev" && return 1
        grep -Eq '^ERROR:  batch line 1 \(k[0-9]+\): reference in use$' <<<"$out" || fail "refusal: $out" || return 1
        grep -Eiq 'medway|cody|E3|C3' <<<"$out" && fail "the refusal says too much: $out" && return 1
    done
    out=$(q kim -c "SELECT string_agg(r, ' ' ORDER BY r) FROM dutyboard.in_use('child', ARRAY['C3', 'K1', 'C404']) AS u(r)") || return 1
    [ "$out" = "C3 K1" ] || fail "in_use(child): $out" || return 1
    out=$(q kim -c "SELECT string_agg(r, ' ' ORDER BY r) FROM dutyboard.in_use('episode', ARRAY['E3', 'E404']) AS u(r)") || return 1
    [ "$out" = "E3" ] || fail "in_use(episode): $out" || return 1
    q kim -c "SELECT * FROM dutyboard.child_authorities" >/dev/null 2>&1 && fail "kim read child_authorities"
    q rita -c "SELECT * FROM dutyboard.begin_append()" >/dev/null 2>&1 && fail "a reader may append"
    return 0
}
check "refusals about another authority's references say only \"reference in use\"" refusals_say_only_in_use

# ---------------------------------------------------------------- live updates
notify_carries_only_the_seq() {
    local out
    coproc L { psql "$(url kim)" -X -qAt 2>&1; }
    echo "LISTEN dutyboard; SELECT 'listening';" >&"${L[1]}"
    read -r -t 10 out <&"${L[0]}"
    [ "$out" = listening ] || { fail "listener: $out"; return 1; }
    # Medway stores a batch about a child Kent cannot see.
    append sam "$(update n1 sam E3 'Cody seen at 14 High Street')" "$(update n2 sam E3)" >/dev/null || return 1
    echo "SELECT 'done';" >&"${L[1]}"
    exec {L[1]}>&-
    out=$(cat <&"${L[0]}")
    wait "$L_PID" 2>/dev/null
    local tail
    tail=$(q postgres -c "SELECT max(seq) FROM dutyboard.events")
    grep -q "^Asynchronous notification \"dutyboard\" with payload \"$tail\" received" <<<"$out" ||
        fail "no notification with payload $tail: $out" || return 1
    [ "$(grep -c 'Asynchronous notification' <<<"$out")" = 1 ] || fail "not one notification per batch: $out"
}
check "NOTIFY once per batch, the payload only the new seq" notify_carries_only_the_seq

# ---------------------------------------------------------------- TLS
tls_verify_full() {
    local pass=tls-officer-$$ out
    q postgres -c "CREATE ROLE tess LOGIN PASSWORD '$pass' IN ROLE dutyboard_app, dutyboard_la_kent" >/dev/null || return 1
    printf 'localhost:%s:*:tess:%s\n' "$port" "$pass" >"$tmp/pgpass"
    chmod 600 "$tmp/pgpass"
    local tls="${tls_url/\/postgres\?//desk?}&user=tess"
    out=$(PGPASSFILE=$tmp/pgpass psql "$tls" -X -qAt -v ON_ERROR_STOP=1 \
        -c "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()" \
        -c "SELECT count(*) FROM dutyboard.events WHERE child = 'K1'") || { fail "verify-full refused: $out"; return 1; }
    [[ $(head -n 1 <<<"$out") == t\|TLSv1.[23] ]] || fail "not over TLS: $out" || return 1
    # Another CA, the right server under a name its certificate does not carry, and no TLS at all: refused.
    (cd "$tmp" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout other.key -out other.crt -days 1 -subj "/CN=some other CA" 2>/dev/null)
    out=$(PGPASSFILE=$tmp/pgpass psql "${tls/ca.crt/ca.crt.missing}" -X -qAt -c "SELECT 1" 2>&1) && fail "a missing root certificate was accepted" && return 1
    out=$(PGPASSFILE=$tmp/pgpass psql "${tls%%sslrootcert=*}sslrootcert=$tmp/other.crt&user=tess" -X -qAt -c "SELECT 1" 2>&1) &&
        fail "a certificate from another CA was accepted" && return 1
    grep -q "certificate verify failed" <<<"$out" || fail "another CA: $out" || return 1
    out=$(PGPASSFILE=$tmp/pgpass psql "${tls/localhost/127.0.0.1}" -X -qAt -c "SELECT 1" 2>&1) &&
        fail "a name the certificate does not carry was accepted" && return 1
    grep -q "does not match host name" <<<"$out" || fail "wrong name: $out" || return 1
    out=$(PGPASSFILE=$tmp/pgpass psql "postgresql://tess@localhost:$port/desk?sslmode=disable" -X -qAt -c "SELECT 1" 2>&1) &&
        fail "a connection without TLS was accepted" && return 1
    return 0
}
check "TLS with sslmode=verify-full and a CA made in the test; other CA, wrong name, no TLS refused" tls_verify_full

# ---------------------------------------------------------------- replica and backup
# Runs the shell block that docs/DEPLOYMENT.md marks `<!-- tested: NAME -->`, as the
# postgres user, with the variables it names exported.
deployment_block() {
    local block
    block=$(awk -v want="<!-- tested: $1 -->" '
        $0 == want { on = 1; next }
        on && /^```sh/ { inside = 1; next }
        inside && /^```/ { exit }
        inside { print }' "$deployment")
    [ -n "$block" ] || { echo "docs/DEPLOYMENT.md has no block marked 'tested: $1'"; return 1; }
    (cd "$tmp" && "$pgt" as-postgres bash -euo pipefail -c "$block")
}
# wait_for URL SQL WANT: up to 30 s for SQL to answer WANT.
wait_for() {
    local got
    for _ in $(seq 150); do
        got=$(psql "$1" -X -qAt -c "$2" 2>/dev/null) && [ "$got" = "$3" ] && return 0
        sleep 0.2
    done
    echo "waited 30 s for '$2' to be '$3' on $1: it is '$got'"
    return 1
}

q postgres -c "CREATE ROLE dutyboard_replicator LOGIN REPLICATION" >/dev/null
export PRIMARY="host=$sock port=$port user=dutyboard_replicator"
# Checks run in subshells: the servers they start are known here, to be stopped at the end.
servers+=("$tmp/replica" "$tmp/restore/data")
replica_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

replica_reads_the_whole_chain() {
    mkdir -p "$tmp/replica" && chmod 700 "$tmp/replica"
    [ "$(id -u)" = 0 ] && chown postgres "$tmp/replica"
    REPLICA_DATA=$tmp/replica/data REPLICA_LOG=$tmp/replica/server.log \
        SERVER_OPTIONS="-p $replica_port -k $tmp/replica -c listen_addresses='' -c archive_mode=off" \
        deployment_block replica || return 1
    # A batch stored after the copy reaches the replica by streaming.
    append sam "$(update after-copy sam E1 'after the copy')" >/dev/null || return 1
    local want rurl="postgresql:///desk?host=$tmp/replica&port=$replica_port&user=audrey"
    want=$(count "" audrey)
    wait_for "$rurl" "SELECT count(*) FROM dutyboard.events" "$want" || return 1
    [ "$(psql "$rurl" -X -qAt -c "SELECT pg_is_in_recovery()")" = t ] || fail "the replica is not a standby" || return 1
    local out
    out=$(append_at "${rurl/user=audrey/user=sam}" "$(update on-replica sam E1)" 2>&1) &&
        fail "the replica took a write: $out" && return 1
    grep -q "read-only" <<<"$out" || fail "the replica refused a write, but not as read-only: $out" || return 1
    python3 "$here/chain.py" "$rurl"
}
check "replica (DEPLOYMENT.md): pg_basebackup to a second server, the chain recomputed there" replica_reads_the_whole_chain

point_in_time_restore() {
    mkdir -p "$tmp/restore" && chmod 700 "$tmp/restore"
    [ "$(id -u)" = 0 ] && chown postgres "$tmp/restore"
    BACKUP_DIR=$tmp/restore/base deployment_block base-backup || return 1
    append sam "$(update before-target sam E1 'kept by the restore')" >/dev/null || return 1
    local kept target
    kept=$(count "" audrey)
    # (recovery_target_time takes PostgreSQL's own form, not RFC 3339's T.)
    target=$(q postgres -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
    sleep 1.1
    append sam "$(update after-target sam E1 'after the target: not restored')" >/dev/null || return 1
    # Close the WAL segment so the archive holds the commit after the target.
    local seg
    seg=$(q postgres -c "SELECT pg_walfile_name(pg_switch_wal())")
    wait_for "$(url postgres)" "SELECT last_archived_wal >= '$seg' FROM pg_stat_archiver" t || return 1
    local rport
    rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    BACKUP_DIR=$tmp/restore/base RESTORE_DATA=$tmp/restore/data RESTORE_LOG=$tmp/restore/server.log \
        WAL_ARCHIVE=$tmp/primary/wal-archive TARGET_TIME=$target \
        SERVER_OPTIONS="-p $rport -k $tmp/restore -c listen_addresses='' -c archive_mode=off" \
        deployment_block restore || { tail -n 8 "$tmp/restore/server.log"; return 1; }
    local rurl="postgresql:///desk?host=$tmp/restore&port=$rport&user=audrey"
    wait_for "$rurl" "SELECT pg_is_in_recovery()" f || { tail -n 5 "$tmp/restore/server.log"; return 1; }
    [ "$(psql "$rurl" -X -qAt -c "SELECT count(*) FROM dutyboard.events")" = "$kept" ] ||
        fail "restored $(psql "$rurl" -X -qAt -c "SELECT count(*) FROM dutyboard.events") events, not the $kept stored by $target" || return 1
    [ "$(psql "$rurl" -X -qAt -c "SELECT count(*) FROM dutyboard.events WHERE id = 'after-target'")" = 0 ] ||
        fail "the event after the target was restored" || return 1
    python3 "$here/chain.py" "$rurl"
}
check "point-in-time restore (DEPLOYMENT.md): base backup + WAL archive to a moment, the chain recomputed" point_in_time_restore

took=$(python3 -c "print(f'{$(date +%s.%N) - $began:.1f}')")
echo "$passed passed, $failed failed ($((passed + failed)) checks, ${took} s)"
[ "$failed" = 0 ]
