#!/usr/bin/env bash
# The reproductions of ../shared/reviews/reliability.md (issue 13), run against a
# dutyboard binary: each must now hold. Prints "ok Dn: ..." or "FAIL Dn: ..." per
# check and exits 1 if any failed. Run by tests/cli/repro.rs (and so by `cargo test`
# and .ci/run), or by hand: tests/reliability/repro.sh target/release/dutyboard
#
# Defects whose reproduction needs a terminal, a second account or a fake clock are
# checked by the Rust tests named beside them, not here.
set -uo pipefail
B="$(realpath "${1:?usage: repro.sh PATH-TO-dutyboard}")"
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
cd "$W"
export DUTYBOARD_OPERATOR=T
unset DUTYBOARD_DB DUTYBOARD_GROUP DUTYBOARD_NOTIFY_LOG
failed=0
ok() { echo "ok $1: $2"; }
fail() { echo "FAIL $1: $2"; failed=1; }
check() { # check ID WHAT CONDITION...
    local id="$1" what="$2"; shift 2
    if "$@"; then ok "$id" "$what"; else fail "$id" "$what"; fi
}
old() { touch -d '1 minute ago' "$@"; }
count() { sqlite3 "$1" 'select count(*) from events'; }
AMY="$HERE/tests/notifications/good/amy-smith.json"

# D1: a return and its report in one microsecond, or at a leap second.
$B --db w3.db init --policy cumbria >/dev/null 2>&1
echo '{"type":"child_registered","at":"2026-01-05T09:00:00Z","id":"r2","child":"C2","name":"Ben Cole","dob":"2010-02-01","status":"child_in_need"}' | $B --db w3.db import - 2>/dev/null
$B --db w3.db due >/dev/null 2>&1
cat > pair.jsonl <<'J'
{"type":"child_returned","at":"2026-01-11T11:00:00Z","id":"ret","episode":"E2"}
{"type":"episode_reported","at":"2026-01-11T10:59:60Z","id":"rep","episode":"E2","child":"C2","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium"}
J
check D1 "a leap second :60 is refused" bash -c "! $B --db w3.db import pair.jsonl 2>/dev/null"
cat > sub.jsonl <<'J'
{"type":"child_returned","at":"2026-01-11T10:00:00.0000009Z","id":"ret","episode":"E2"}
{"type":"episode_reported","at":"2026-01-11T10:00:00.0000001Z","id":"rep","episode":"E2","child":"C2","last_seen_at":"2026-01-11T08:00:00Z","category":"missing","risk":"medium"}
J
if $B --db w3.db import sub.jsonl 2>/dev/null; then
    check D1 "a stored return is never hidden" bash -c "! $B --db w3.db board --format json | grep -q '\"E2\"'"
else
    ok D1 "a sub-microsecond pair in the wrong order is refused, not stored out of order"
fi
echo '{"type":"update_recorded","at":"2026-01-13T09:00:00Z","episode":"E2","text":"later"}' >later.jsonl
check D1 "the desk is not wedged" bash -c "$B --db w3.db import later.jsonl 2>/dev/null || ! grep -q E2 <($B --db w3.db log --format json)"

# D2: a CSV written slowly is read only once complete.
$B --db t.db init --policy cumbria >/dev/null 2>&1
mkdir -p inbox
H='police_force,police_ref,reported_at,name,dob,last_seen_at,risk'
row() { echo "Cumbria Constabulary,CC-S$1,2026-03-02T21:0$1:00Z,Child Number$1,2011-04-1$1,2026-03-02T18:30:00Z,High"; }
printf '%s\n%s\n' "$H" "$(row 1)" > inbox/slow.csv
$B --db t.db triage scan >/dev/null 2>&1 &
sleep 0.5; printf '%s\n%s\n' "$(row 2)" "$(row 3)" >> inbox/slow.csv; wait
$B --db t.db triage scan >/dev/null 2>&1
check D2 "every row of a slowly written CSV is recorded" \
    bash -c "[ \$($B --db t.db triage list --all --format json | grep -c '\"police_ref\": \"CC-S') = 3 ]"

# D3: a notification 30 s ahead of the desk clock is recorded.
python3 -c 'import json,datetime;n=datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(seconds=30);print(json.dumps({"police_force":"Cumbria Constabulary","police_ref":"CC-FUT","reported_at":n.strftime("%Y-%m-%dT%H:%M:%SZ"),"name":"Amy Smith","dob":"2011-04-12","last_seen_at":"2026-03-02T18:30:00Z","risk":"High"}))' > inbox/f.json
old inbox/f.json
check D3 "a notification 30 s ahead is processed" bash -c "$B --db t.db triage scan | grep -q '^processed f.json'"

# D4: re-sent with risk raised.
$B --db c.db init --policy cumbria >/dev/null 2>&1
mkdir -p dinbox
sed 's/"Medium"/"Medium"/' "$AMY" > dinbox/v1.json; old dinbox/v1.json
$B --db c.db --inbox dinbox triage scan >/dev/null
sed -e 's/"Medium"/"High"/' -e 's/phone off\./seen with an older man./' "$AMY" > dinbox/v2.json; old dinbox/v2.json
check D4 "the re-send is no duplicate" bash -c "$B --db c.db --inbox dinbox triage scan | grep -q '^processed v2.json'"
check D4 "triage shows the raised risk and the change" \
    bash -c "$B --db c.db --inbox dinbox triage list --format json | grep -q 'risk medium → HIGH'"

# D5: an inbox that is the database's folder.
$B --db desk.db init --policy cumbria >/dev/null 2>&1
check D5 "an inbox holding the record is refused" bash -c "! $B --db desk.db --inbox . triage scan >/dev/null 2>&1"
check D5 "the record is where it was" test -f desk.db

# D6: same id, new content.
$B --db d6.db init --policy cumbria >/dev/null 2>&1
echo '{"type":"child_registered","at":"2026-01-05T09:00:00Z","id":"c1","child":"C1","name":"A B","dob":"2011-01-01","status":"looked_after"}' | $B --db d6.db import - 2>/dev/null
check D6 "a stored id with new content is refused" bash -c "! echo '{\"type\":\"child_registered\",\"at\":\"2026-01-05T09:00:00Z\",\"id\":\"c1\",\"child\":\"C1\",\"name\":\"A C\",\"dob\":\"2011-01-01\",\"status\":\"looked_after\"}' | $B --db d6.db import - 2>/dev/null"

# D7 needs a fake clock: tests/record/clock_behind.rs and tests/tui (injected clocks).

# D8: init adopts a file it did not make.
touch pre.db; chmod 666 pre.db
$B --db pre.db init --policy cumbria >/dev/null 2>&1
check D8 "init on an empty file of ours gives it the desk's mode" bash -c "[ \$(stat -c %a pre.db) = 600 ]"
echo 'not a record' > pre2.db
check D8 "init refuses a file that holds something" bash -c "! $B --db pre2.db init --policy cumbria >/dev/null 2>&1"

# D9: REPLACE past the triggers; a calendar beside the database.
check D9 "INSERT OR REPLACE into events is refused" \
    bash -c "! sqlite3 d6.db \"insert or replace into events(at_us,seq,id,type,at,by,recorded_at,body) select at_us,seq,id,type,at,by,recorded_at,body from events where id='c1'\" 2>/dev/null"
check D9 "verify finds the record whole" bash -c "$B --db d6.db verify >/dev/null"
$B --db d6.db due --format json > due-before.json 2>/dev/null
echo '{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2026-01-06","notes":"","bunting":true}]}}' > bank-holidays.json
$B --db d6.db due --format json > due-after.json 2>/dev/null
check D9 "a bank-holidays.json beside the record changes nothing" cmp -s due-before.json due-after.json
rm -f bank-holidays.json

# D10: an escape sequence in a name.
check D10 "a control character in a name is refused at import" bash -c "! printf '%s\n' '{\"type\":\"child_registered\",\"at\":\"2026-01-05T09:00:00Z\",\"child\":\"C7\",\"name\":\"A\\u001b]0;PWNED\\u0007\",\"dob\":\"2011-01-01\",\"status\":\"looked_after\"}' | $B --db d6.db import - 2>/dev/null"

# D13 (another account's files) needs throwaway users: tests/triage/accounts.rs.

# D14: privacy mode and a name in the wrong field.
check D14 "with privacy on, a refusal does not echo the name" bash -c "! echo '{\"type\":\"child_registered\",\"at\":\"2026-01-05T09:00:00Z\",\"child\":\"C8\",\"name\":\"A B\",\"dob\":\"Amy Smith\",\"status\":\"looked_after\"}' | $B --db d6.db --privacy import - 2>&1 | grep -q 'Amy Smith'"

# D15: read-only commands and another application's file.
sqlite3 foreign.db "create table customers(id,name)"; h1=$(sha1sum < foreign.db)
$B --db foreign.db due >/dev/null 2>&1
check D15 "due leaves another application's database as it was" bash -c "[ \"$h1\" = \"\$(sha1sum < foreign.db)\" ]"

# D16 (the notification log) is the board's: tests/record/notify_log.rs.

# D17: a FIFO named like a notification.
mkdir -p finbox; mkfifo finbox/pipe.json
check D17 "a FIFO in the inbox is reported" bash -c "timeout 20 $B --db desk.db --inbox finbox triage scan | grep -q 'left pipe.json'"

# D18: a hard link into the inbox.
mkdir -p hinbox; cp "$AMY" outside.json; chmod 644 outside.json; ln outside.json hinbox/amy.json; old hinbox/amy.json
$B --db desk.db --inbox hinbox triage scan >/dev/null 2>&1
check D18 "the file outside the inbox keeps its mode" bash -c "[ \$(stat -c %a outside.json) = 644 ]"

# D20: a million-line refusal keeps its headline.
python3 -c 'print("{}\n" * 1000, end="")' > empty-objects.jsonl
check D20 "refusals are capped" bash -c "[ \$($B --db d6.db import empty-objects.jsonl 2>&1 | wc -l) -le 25 ]"

# D21: lenient dates and unclear messages.
check D21 "a dob 2011-4-2 is refused" bash -c "! echo '{\"type\":\"child_registered\",\"at\":\"2026-01-05T09:00:00Z\",\"child\":\"C9\",\"name\":\"A B\",\"dob\":\"2011-4-2\",\"status\":\"looked_after\"}' | $B --db d6.db import - 2>/dev/null"
check D21 "a byte order mark is read" bash -c "printf '\xef\xbb\xbf%s\n' '{\"type\":\"child_registered\",\"at\":\"2026-01-05T09:00:00Z\",\"child\":\"C10\",\"name\":\"A B\",\"dob\":\"2011-04-02\",\"status\":\"looked_after\"}' | $B --db d6.db import - 2>/dev/null"

# D22: a full disk named as such, and the record still read; a journal deleted under an
# open board named; a backup of a record in use keeps what is still in its -wal.
ONE='{"type":"child_registered","at":"2026-01-05T09:00:00Z","child":"C77","name":"Cy Dee","dob":"2011-04-02","status":"looked_after","authority":"cumbria"}'
echo "$ONE" > one.jsonl
echo "${ONE//C77/C78}" > two.jsonl
mkdir -p full
if mount -t tmpfs -o size=5M tmpfs full 2>/dev/null; then
    $B demo --keep full/d.db --print >/dev/null 2>&1
    dd if=/dev/zero of=full/fill bs=4k 2>/dev/null
    said=$($B --db full/d.db import one.jsonl 2>&1)
    check D22 "a write on a full disk says the disk is full" grep -q "the disk is full (no space left on the device holding full)" <<<"$said"
    check D22 "a write on a full disk does not say I/O error" test "$(grep -c 'I/O error' <<<"$said")" = 0
    check D22 "the board is still read on a full disk" bash -c "$B --db full/d.db board --format json 2>/dev/null | grep -q '\"episode\"'"
    check D22 "a read on a full disk says it is as of the last write" bash -c "$B --db full/d.db due 2>&1 >/dev/null | grep -q 'as of its last completed write'"
    check D22 "a backup that does not fit leaves nothing behind" bash -c "! $B --db full/d.db backup full/b.db 2>/dev/null && ! ls full/b.db* >/dev/null 2>&1"
    rm -f full/fill
    check D22 "with space freed the same write is stored" bash -c "$B --db full/d.db import one.jsonl >/dev/null 2>&1"
    umount full
else
    echo "skip D22: cannot mount a small tmpfs here (it needs root): the full-disk checks did not run"
fi
$B demo --keep j.db --print >/dev/null 2>&1
said=$(python3 - "$B" <<'P'
import os, sqlite3, subprocess, sys
b = sys.argv[1]
run = lambda *a: subprocess.run([b, "--db", "j.db", *a], capture_output=True, text=True)
board = sqlite3.connect("j.db")           # a board with the record open: no checkpoint
board.execute("select count(*) from events").fetchone()
run("import", "one.jsonl")
os.system("cp j.db copied.db")
print("backup:", run("backup", "backed.db").returncode)
os.remove("j.db-wal")                    # deleted under the open board
print("after:", run("import", "two.jsonl").stderr)
board.close()
P
)
c77() { sqlite3 "$1" "select count(*) from events where body like '%C77%'"; }
check D22 "cp of a record in use misses what is in its -wal (why backup exists)" test "$(c77 copied.db)" = 0
check D22 "backup keeps what is in the -wal" test "$(grep -c 'backup: 0' <<<"$said")/$(c77 backed.db)" = 1/1
check D22 "the copy a backup made is whole" bash -c "$B --db backed.db verify >/dev/null 2>&1"
check D22 "a backup never replaces a file" bash -c "! $B --db j.db backup backed.db 2>/dev/null"
check D22 "a journal deleted under an open board is named, not 'I/O error'" grep -q "journal .* is missing or cut short" <<<"$said"

# D23: two records in one folder and the default inbox.
mkdir -p two && $B --db two/a.db init --policy cumbria >/dev/null 2>&1 && $B --db two/b.db init --policy cumbria >/dev/null 2>&1
mkdir -p two/inbox; cp "$AMY" two/inbox/x.json; old two/inbox/x.json
$B --db two/a.db triage scan >/dev/null 2>&1
cp "$AMY" two/inbox/y.json; old two/inbox/y.json
check D23 "a second record does not take the first one's inbox" bash -c "! $B --db two/b.db triage scan >/dev/null 2>&1 && [ -f two/inbox/y.json ]"

exit $failed
