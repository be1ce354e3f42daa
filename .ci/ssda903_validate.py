#!/usr/bin/env python3
"""Runs the DfE's SSDA903 validator (PyPI `csc-validator-be-903`, module
`lac_validator`) on `dutyboard export ssda903` output; exits non-zero on any error
in the Missing table, or when the validator could not be shown to work.

    python3 .ci/ssda903_validate.py --bin target/release/dutyboard

Three checks:
1. the validator itself: a deliberately bad Missing table (overlapping periods, a
   start before the date of birth, an unreadable date, an end before its start) must
   be flagged, rule by rule, so a clean result below cannot come from rules that
   never ran;
2. the demo caseload (`dutyboard demo --print --keep DB`), exported for the
   collection year containing today;
3. a generated record for the year ending 31 March 2026: hand-worked children whose
   rows are written out below (a period crossing 1 April 2025, one returning after
   31 March 2026, one still open, an absence, two overlapping reports merged, two
   periods on one day kept apart, periods wholly outside the year, children who are
   not looked after), then a seeded bulk of children for volume.

Only the Missing table is given (the record holds no Episodes or Header data), so
only rules on the Missing table alone run; the count of rules run is printed and
must not fall below MIN_RULES.
"""
import argparse
import contextlib
import datetime as dt
import importlib
import json
import logging
import os
import random
import subprocess
import sys
import tempfile

HEADER = "CHILD,DOB,MISSING,MIS_START,MIS_END"
RULESET = "lac2025_26"
# The rules on the Missing table alone (564-581, 586, 1004-1006, ...) ran 11 when
# this was written; fewer means the validator changed and the check is weaker.
MIN_RULES = 8


def validator_run(csv_path, year):
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    registry = importlib.import_module(f"lac_validator.rules.{RULESET}").registry
    files = process_uploaded_files({"This year": [csv_path]})
    # The validator prints stray debugging output; keep the report readable.
    with contextlib.redirect_stdout(open(os.devnull, "w")):
        v = lac_validator.LacValidator(
            metadata={"collectionYear": str(year), "localAuthority": "E09000027"},
            files=files,
            registry=registry,
            selected_rules=None,
        )
    return v, registry


def flagged(csv_path, year):
    """{row index: set of rule codes} the validator raised on the Missing table,
    the rules that ran, and the rules that crashed."""
    v, registry = validator_run(csv_path, year)
    if "Missing" not in v.dfs:
        raise SystemExit(f"{csv_path}: the validator did not read it as the Missing table")
    result = v.ds_results["Missing"]
    found = {}
    for col in result.columns:
        if str(col).startswith("ERR_"):
            for idx in result.index[result[col] == True]:  # noqa: E712 (object column)
                found.setdefault(int(idx), set()).add(str(col)[4:])
    return found, result, v.dones, v.fails, registry


def validate(csv_path, year, label):
    """The number of Missing-table errors in one export (each printed)."""
    with open(csv_path) as f:
        first = f.readline().rstrip("\n")
    if first != HEADER:
        print(f"{label}: header is {first!r}, not {HEADER!r}")
        return 1
    found, result, dones, fails, registry = flagged(csv_path, year)
    errors = 0
    for idx, codes in sorted(found.items()):
        row = dict(result.loc[idx, ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]])
        for code in sorted(codes):
            errors += 1
            print(f"{label}: rule {code} on row {idx} {row}: {registry[code].message}")
    print(f"{label}: {len(result)} row(s), {len(dones)} rule(s) run "
          f"({', '.join(sorted(dones))}), {errors} Missing-table error(s)")
    if fails:
        print(f"{label}: rules that crashed on this table: {', '.join(fails)}")
        errors += len(fails)
    if len(dones) < MIN_RULES:
        print(f"{label}: only {len(dones)} rule(s) ran on the Missing table; expected {MIN_RULES}+")
        errors += 1
    return errors


def validator_catches_bad_rows(tmp):
    """A table with one fault per row must be flagged by the rule for that fault."""
    bad = os.path.join(tmp, "bad.csv")
    rows = [
        # 0, 1: overlapping periods of one child (574 flags the later one)
        "B1,01/01/2010,M,01/05/2025,10/05/2025",
        "B1,01/01/2010,M,05/05/2025,12/05/2025",
        # 2: starts before the child was born (586)
        "B2,01/06/2015,M,01/05/2015,02/05/2015",
        # 3: a start date that is not a date (1004: not a valid date)
        "B3,01/01/2010,M,31/02/2025,",
        # 4: ends before it starts (567)
        "B4,01/01/2010,A,10/06/2025,01/06/2025",
        # 5: starts after the collection year (570)
        "B5,01/01/2010,M,02/04/2026,03/04/2026",
        # 6: a clean row; it and row 0 must not be flagged
        "B6,01/01/2010,A,01/07/2025,02/07/2025",
    ]
    with open(bad, "w") as f:
        f.write(HEADER + "\n" + "\n".join(rows) + "\n")
    found, _, dones, _, _ = flagged(bad, 2026)
    expect = {1: "574", 2: "586", 3: "1004", 4: "567", 5: "570"}
    problems = []
    for idx, code in expect.items():
        if code not in found.get(idx, set()):
            problems.append(f"row {idx} ({rows[idx]}) not flagged by rule {code}: got {sorted(found.get(idx, []))}")
    for idx in (0, 6):
        if found.get(idx):
            problems.append(f"row {idx} ({rows[idx]}) was flagged: {sorted(found[idx])}")
    for p in problems:
        print(f"validator self-check: {p}")
    print(f"validator self-check: {len(dones)} rule(s) ran; "
          f"{'bad rows caught' if not problems else 'FAILED'}")
    return len(problems)


def run(args, **kw):
    """Runs the binary; on failure shows its stderr (the import's refusals)."""
    p = subprocess.run(args, text=True, capture_output=True, **kw)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"`{' '.join(args)}` exited {p.returncode}")
    return p.stdout


def demo_case(binary, tmp):
    db = os.path.join(tmp, "demo.db")
    run([binary, "demo", "--print", "--keep", db])
    today = dt.date.today()
    year = today.year + 1 if today.month >= 4 else today.year
    out = os.path.join(tmp, "demo.csv")
    with open(out, "w") as f:
        f.write(run([binary, "--db", db, "export", "ssda903", "--year", str(year)]))
    return out, year


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Record:
    def __init__(self):
        self.events = []

    def child(self, ref, dob, status):
        self.events.append({"type": "child_registered", "at": "2024-01-01T09:00:00Z",
                            "by": "Admin", "child": ref, "name": f"Generated {ref}",
                            "dob": dob, "status": status})

    def episode(self, ref, child, last_seen, category="missing", reported=None, returned=None):
        """Times are UTC strings "YYYY-MM-DDTHH:MM"; reported defaults to an hour
        after last seen."""
        seen = dt.datetime.fromisoformat(last_seen)
        rep = dt.datetime.fromisoformat(reported) if reported else seen + dt.timedelta(hours=1)
        self.events.append({"type": "episode_reported", "at": z(rep), "by": "Duty",
                            "episode": ref, "child": child, "last_seen_at": z(seen),
                            "category": category, "risk": "medium"})
        if returned:
            self.events.append({"type": "child_returned", "by": "Duty", "episode": ref,
                                "at": z(dt.datetime.fromisoformat(returned))})


# The hand-worked children: their events, and the rows the export must give for the
# year ending 31 March 2026 (dates are Europe/London; British Summer Time runs from
# 30 March 2025 and from 29 March 2026, so these UTC times fall on the same day).
def hand_worked(rec):
    # Missing from 20 March 2025 to 2 April 2025: crosses 1 April, keeps its start.
    rec.child("H1", "2010-05-05", "looked_after")
    rec.episode("H1-1", "H1", "2025-03-20T12:00", returned="2025-04-02T12:00")
    # An absence (A), away from placement but whereabouts known.
    rec.episode("H1-2", "H1", "2025-06-10T12:00", "absent", returned="2025-06-11T09:00")
    # Returned on 3 April 2026, after the year: the end is left empty (rule 571).
    rec.child("H2", "2011-02-14", "looked_after")
    rec.episode("H2-1", "H2", "2026-03-25T12:00", returned="2026-04-03T09:00")
    # Still missing at the year end (and at --at).
    rec.child("H3", "2009-11-30", "looked_after")
    rec.episode("H3-1", "H3", "2026-03-30T12:00")
    # Reported absent, returned 5 September; then reported missing on 6 September,
    # last seen on 3 September: the periods overlap and are merged into one M period.
    rec.child("H4", "2012-07-19", "looked_after")
    rec.episode("H4-1", "H4", "2025-09-01T12:00", "absent", returned="2025-09-05T12:00")
    rec.episode("H4-2", "H4", "2025-09-03T12:00", reported="2025-09-06T12:00",
                returned="2025-09-08T12:00")
    # Two periods on 1 July 2025, the second starting the day the first ended: apart.
    rec.child("H5", "2010-01-01", "looked_after")
    rec.episode("H5-1", "H5", "2025-07-01T08:00", returned="2025-07-01T10:00")
    rec.episode("H5-2", "H5", "2025-07-01T15:00", returned="2025-07-02T10:00")
    # Wholly before the year, on its last day, and after it.
    rec.child("H6", "2008-08-08", "looked_after")
    rec.episode("H6-1", "H6", "2025-01-10T12:00", returned="2025-01-12T12:00")
    rec.episode("H6-2", "H6", "2026-03-31T09:00", returned="2026-03-31T18:00")
    rec.episode("H6-3", "H6", "2026-04-10T12:00", returned="2026-04-11T12:00")
    # Not looked after: never in the return.
    rec.child("H7", "2011-03-03", "child_in_need")
    rec.episode("H7-1", "H7", "2025-05-05T12:00", returned="2025-05-06T12:00")
    rec.child("H8", "2007-04-04", "care_leaver")
    rec.episode("H8-1", "H8", "2025-10-10T12:00")
    return [
        "H1,05/05/2010,M,20/03/2025,02/04/2025",
        "H1,05/05/2010,A,10/06/2025,11/06/2025",
        "H2,14/02/2011,M,25/03/2026,",
        "H3,30/11/2009,M,30/03/2026,",
        "H4,19/07/2012,M,01/09/2025,08/09/2025",
        "H5,01/01/2010,M,01/07/2025,01/07/2025",
        "H5,01/01/2010,M,01/07/2025,02/07/2025",
        "H6,08/08/2008,M,31/03/2026,31/03/2026",
    ]


def bulk(rec, seed=903, children=60):
    """Seeded children with back-to-back episodes from December 2024 to May 2026.
    Returns the references of those not looked after (which must not appear)."""
    rnd = random.Random(seed)
    statuses = ["looked_after"] * 4 + ["child_in_need", "child_protection", "care_leaver"]
    outside = set()
    start = dt.datetime(2024, 12, 1)
    end = dt.datetime(2026, 6, 1)
    for n in range(children):
        ref = f"G{n:03d}"
        status = rnd.choice(statuses)
        if status != "looked_after":
            outside.add(ref)
        dob = dt.date(2008 + rnd.randrange(8), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        rec.child(ref, dob.isoformat(), status)
        t = start + dt.timedelta(hours=rnd.randrange(24 * 120))
        if n % 5 == 0:  # these cross 1 April 2025
            t = dt.datetime(2025, 3, 28, 10) + dt.timedelta(hours=rnd.randrange(72))
        k = 0
        while t < end:
            k += 1
            seen = t
            reported = seen + dt.timedelta(minutes=30 + rnd.randrange(300))
            cat = rnd.choice(["missing", "missing", "absent"])
            if n % 7 == 3 and seen > dt.datetime(2026, 1, 1):
                rec.episode(f"{ref}-{k}", ref, seen.isoformat(), cat, reported.isoformat())
                break  # still missing
            hours = 24 * (1 if rnd.random() < 0.7 else 10)
            back = reported + dt.timedelta(hours=1 + rnd.randrange(hours))
            if n % 5 == 0 and k == 1:
                back = max(back, dt.datetime(2025, 4, 2, 9))
            rec.episode(f"{ref}-{k}", ref, seen.isoformat(), cat, reported.isoformat(),
                        back.isoformat())
            t = back + dt.timedelta(hours=rnd.randrange(24 * 40) + 1)
    return outside


def generated_case(binary, tmp):
    rec = Record()
    expected = hand_worked(rec)
    outside = bulk(rec) | {"H7", "H8"}
    rec.events.sort(key=lambda e: (e["at"], e["type"] != "child_registered"))
    jsonl = os.path.join(tmp, "gen.jsonl")
    with open(jsonl, "w") as f:
        for e in rec.events:
            f.write(json.dumps(e) + "\n")
    db = os.path.join(tmp, "gen.db")
    run([binary, "--db", db, "init", "--policy", "cumbria"])
    run([binary, "--db", db, "import", jsonl])
    out = os.path.join(tmp, "gen.csv")
    text = run([binary, "--db", db, "export", "ssda903", "--year", "2026",
                "--at", "2026-06-01T00:00:00Z"])
    with open(out, "w") as f:
        f.write(text)
    lines = text.splitlines()[1:]
    problems = 0
    got = [l for l in lines if l.startswith("H")]
    if got != expected:
        problems += 1
        print("generated: the hand-worked rows differ")
        print("  expected:\n    " + "\n    ".join(expected))
        print("  exported:\n    " + "\n    ".join(got))
    wrongly = sorted({l.split(",")[0] for l in lines} & outside)
    if wrongly:
        problems += 1
        print(f"generated: children not looked after were exported: {', '.join(wrongly)}")
    bulk_rows = [l.split(",") for l in lines if l.startswith("G")]
    crossing = sum(1 for r in bulk_rows if r[3].endswith("/2025") and r[3][3:5] in ("01", "02", "03"))
    still_open = sum(1 for r in bulk_rows if r[4] == "")
    absent = sum(1 for r in bulk_rows if r[2] == "A")
    print(f"generated: {len(lines)} row(s); bulk: {len(bulk_rows)} row(s), {crossing} starting "
          f"before 1 April 2025, {still_open} open at 31 March 2026, {absent} absent (A)")
    if not (crossing and still_open and absent):
        problems += 1
        print("generated: the bulk lacks a crossing, open or absent period")
    return out, 2026, problems


def main():
    logging.disable(logging.CRITICAL)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bin", required=True, help="the dutyboard binary")
    a = p.parse_args()
    errors = 0
    with tempfile.TemporaryDirectory() as tmp:
        errors += validator_catches_bad_rows(tmp)
        csv, year = demo_case(a.bin, tmp)
        errors += validate(csv, year, "demo")
        csv, year, problems = generated_case(a.bin, tmp)
        errors += problems + validate(csv, year, "generated")
    if errors:
        print(f"ssda903: {errors} problem(s)")
        return 1
    print("ssda903: the validator found no Missing-table errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
