#!/usr/bin/env python3
"""Hand-worked scenarios for dutyboard (tests/scenarios/README.md has the format).

Usage: run.py [--bin PATH] [--expected FILE] [--db-url TEMPLATE] [--verbose] [SCENARIO_FILE_OR_DIR...]

Runs every scenario against the binary and prints PASS/FAIL with the first difference.
The set of failing scenarios must equal the one listed in expected_failures.txt (beside
this file unless --expected names another): exit 1 when a scenario fails that is not
listed, or when a listed one now passes (so the list is always exact and shrinks as the
fixes land). Naming scenarios on the command line checks only those.
--db-url (or $DUTYBOARD_SCENARIOS_DB_URL) runs every scenario on a database named by the
template instead of a fresh file, {n} replaced by a name unique to the scenario, e.g.
  --db-url 'postgres:///sc_{n}?host=/tmp/pg-socket&user=postgres'   (init creates it).
"""
import json, os, subprocess, sys, tempfile
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DB_URL = os.environ.get("DUTYBOARD_SCENARIOS_DB_URL")
# The scenario's own folder ({tmp} in a command): beside the file, or the temporary one.
TMP = None


class Mismatch(AssertionError):
    pass


def instant(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def looks_instant(v):
    return isinstance(v, str) and len(v) >= 20 and v[4] == "-" and v[10] == "T"


def same(want, got):
    """`got` holds everything `want` says: dicts by key, lists by containment, instants as instants."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and same(v, got[k]) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and all(any(same(w, g) for g in got) for w in want)
    if looks_instant(want) and looks_instant(got):
        try:
            return instant(want) == instant(got)
        except ValueError:
            return want == got
    return want == got


def dig(obj, path):
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def run(bin_, db, *args, stdin=None):
    env = dict(os.environ, DUTYBOARD_OPERATOR="scenarios", NO_COLOR="1")
    env.pop("DUTYBOARD_DB", None)
    return subprocess.run([bin_, "--db", db, *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=env)


def load_json(out, what):
    try:
        return json.loads(out)
    except json.JSONDecodeError as e:
        raise Mismatch(f"{what} did not print JSON ({e}): {out[:200]!r}")


def jsonl(events):
    return "".join(json.dumps(e) + "\n" for e in events)


def snapshot(bin_, db, at):
    """What a refused step must leave exactly as it was: the board and the due list."""
    if not at:
        return None
    return tuple(run(bin_, db, cmd, "--at", at, "--format", "json").stdout for cmd in ("board", "due"))


def step(bin_, db, st, probe_at, label):
    if "command" in st:
        r = run(bin_, db, *[a.replace("{tmp}", TMP or os.path.dirname(db)) for a in st["command"]],
                stdin=st.get("stdin"))
        what = " ".join(st["command"])
    else:
        before = snapshot(bin_, db, probe_at) if "expect_refused" in st else None
        r = run(bin_, db, "import", "-", stdin=jsonl(st["events"]))
        what = f"import ({label})"
    if "expect_refused" in st:
        if r.returncode == 0:
            raise Mismatch(f"{what} should have been refused but was accepted")
        err = r.stderr.strip()
        if not err:
            raise Mismatch(f"{what} refused without saying why on stderr")
        for word in st["expect_refused"]:
            if word.lower() not in err.lower():
                raise Mismatch(f"{what} refused, but the error does not say {word!r}: {err[:300]!r}")
        for word in st.get("refusal_not", []):
            if word.lower() in err.lower():
                raise Mismatch(f"{what} refused, but the error says {word!r}: {err[:300]!r}")
        if "command" not in st and before is not None and snapshot(bin_, db, probe_at) != before:
            raise Mismatch(f"the refused {what} changed the board or the due list")
    elif r.returncode != 0:
        raise Mismatch(f"{what} refused: {r.stderr.strip()[:300]}")
    for word in st.get("stdout_contains", []):
        if word.lower() not in r.stdout.lower():
            raise Mismatch(f"{what}: output does not say {word!r}: {r.stdout[:300]!r}")


def check_due(at, items, check):
    for want in check.get("due", []):
        if not any(same(want, i) for i in items):
            near = [i for i in items if i.get("rule") == want["rule"]]
            raise Mismatch(f"at {at}: expected {want}, got {near or 'no such rule due'}")
    for unwanted in check.get("not_due", []):
        hit = [i for i in items if same(unwanted, i)]
        if hit:
            raise Mismatch(f"at {at}: {unwanted} should not be due, got {hit}")


def check_board(bin_, db, at, check):
    r = run(bin_, db, "board", "--at", at, "--format", "json")
    if r.returncode != 0:
        raise Mismatch(f"board --at {at} failed: {r.stderr.strip()[:300]}")
    rows = load_json(r.stdout, "board")
    if "board_count" in check and len(rows) != check["board_count"]:
        raise Mismatch(f"at {at}: board has {len(rows)} rows, expected {check['board_count']}")
    for ep in check.get("board_violation", []):
        row = [x for x in rows if x.get("episode") == ep]
        if not (row and row[0].get("violations")):
            raise Mismatch(f"at {at}: {ep} shows no policy violation")
    for ep in check.get("board_no_violation", []):
        row = [x for x in rows if x.get("episode") == ep]
        if not row:
            raise Mismatch(f"at {at}: {ep} is not on the board")
        if row[0].get("violations"):
            raise Mismatch(f"at {at}: {ep} shows violations {row[0]['violations']}, expected none")
    for want in check.get("board_rows", []):
        if not any(same(want, x) for x in rows):
            near = [x for x in rows if x.get("episode") == want.get("episode")]
            raise Mismatch(f"at {at}: expected a board row {want}, got {near or 'no such row'}")
    for gone in check.get("board_absent", []):
        if any(x.get("episode") == gone for x in rows):
            raise Mismatch(f"at {at}: {gone} should not be on the board")


def check_report(bin_, db, at, name, spec):
    if name == "stats":
        args = ["report", "stats", "--from", spec["from"], "--to", spec["to"]]
    elif name == "daily":
        args = ["report", "daily"]
    else:
        args = ["report", "handover", "--since", spec["since"]]
    r = run(bin_, db, *args, "--at", at, "--format", "json")
    if r.returncode != 0:
        raise Mismatch(f"report {name} --at {at} failed: {r.stderr.strip()[:300]}")
    got = load_json(r.stdout, f"report {name}")
    if not same(spec.get("expect", {}), got):
        keys = spec.get("expect", {}).keys()
        raise Mismatch(f"report {name} at {at}: expected {spec['expect']}, got "
                       f"{ {k: got.get(k) for k in keys} }")
    for path in spec.get("zero", []):
        v = dig(got, path)
        if v not in (None, 0, [], {}):
            raise Mismatch(f"report {name} at {at}: {path} is {v}, expected none")
    for ep in spec.get("not_listed", []):
        if any(e.get("episode") == ep for e in got.get("episodes", [])):
            raise Mismatch(f"report {name} at {at}: {ep} should not be listed")
    for unwanted in spec.get("not_in_breaches", []):
        hit = [b for b in got.get("breaches", []) if same(unwanted, b)]
        if hit:
            raise Mismatch(f"report {name} at {at}: {unwanted} should not be a breach, got {hit}")


def check_text(bin_, db, spec, what):
    r = run(bin_, db, *spec["command"])
    if r.returncode != 0:
        raise Mismatch(f"{what} failed: {r.stderr.strip()[:300]}")
    out = r.stdout
    for word in spec.get("contains", []):
        if word.lower() not in out.lower():
            raise Mismatch(f"{what}: output does not say {word!r}")
    for word in spec.get("not_contains", []):
        if word.lower() in out.lower():
            raise Mismatch(f"{what}: output says {word!r}, which it should not")
    if "lines" in spec:
        got = [json.loads(line) for line in out.splitlines() if line.strip()]
        for want in spec["lines"]:
            if not any(same(want, g) for g in got):
                raise Mismatch(f"{what}: no line holds {want}")


def scenario(bin_, path):
    spec = json.load(open(path))
    for key in ("name", "why", "policy"):
        if not spec.get(key):
            raise Mismatch(f"scenario has no {key!r}")
    checks = spec.get("checks", [])
    probe_at = checks[0]["at"] if checks else None
    steps = list(spec.get("steps", []))
    if spec.get("events"):
        last = {"events": spec["events"]}
        if spec.get("import_must_fail") or "expect_refused" in spec:
            last["expect_refused"] = spec.get("expect_refused", [])
        steps.append(last)
    global TMP
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "board.db")
        TMP = tmp
        if DB_URL:
            db = DB_URL.replace("{n}", f"{os.getpid()}_{os.path.basename(tmp)[-6:]}".lower()
                                .replace("-", "_"))
        for fname, text in spec.get("files", {}).items():
            with open(os.path.join(tmp, fname), "w") as fh:
                fh.write(text)
        r = run(bin_, db, "init", "--policy", spec["policy"], *spec.get("init_args", []))
        if r.returncode != 0:
            raise Mismatch(f"init failed: {r.stderr.strip()[:300]}")
        if spec.get("setup"):
            step(bin_, db, {"events": spec["setup"]}, probe_at, "setup")
        for n, st in enumerate(steps, 1):
            step(bin_, db, st, st.get("probe_at", probe_at), f"step {n}")
        for check in checks:
            at = check["at"]
            if "due" in check or "not_due" in check:
                r = run(bin_, db, "due", "--at", at, "--format", "json", *check.get("due_args", []))
                if r.returncode != 0:
                    raise Mismatch(f"due --at {at} failed: {r.stderr.strip()[:300]}")
                check_due(at, load_json(r.stdout, "due"), check)
            if any(k.startswith("board") for k in check):
                check_board(bin_, db, at, check)
            for name in ("stats", "handover", "daily"):
                if name in check:
                    check_report(bin_, db, at, name, check[name])
            for n, t in enumerate(check.get("text", []), 1):
                check_text(bin_, db, t, " ".join(t["command"]))
    return spec["name"]


def read_expected(path):
    listed = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, why = line.partition(" ")
                listed[name.removesuffix(".json")] = why.strip()
    return listed


def take(argv, flag):
    if flag in argv:
        i = argv.index(flag)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return None


def main():
    global DB_URL
    argv = sys.argv[1:]
    verbose = "--verbose" in argv
    if verbose:
        argv.remove("--verbose")
    bin_ = take(argv, "--bin") or os.environ.get("DUTYBOARD_BIN") or "target/release/dutyboard"
    bin_ = os.path.abspath(bin_)
    if not os.path.exists(bin_):
        sys.exit(f"no dutyboard binary at {bin_}: build it or pass --bin")
    DB_URL = take(argv, "--db-url") or DB_URL
    expected_path = take(argv, "--expected") or os.path.join(HERE, "expected_failures.txt")
    files = []
    for a in argv or [HERE]:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".json"))
        else:
            files.append(a)
    listed = read_expected(expected_path)
    failing, passed = set(), 0
    for f in files:
        stem = os.path.basename(f).removesuffix(".json")
        try:
            name = scenario(bin_, f)
            print(f"PASS {stem}: {name}")
            passed += 1
        except (AssertionError, subprocess.TimeoutExpired, OSError, json.JSONDecodeError) as e:
            tag = " (expected: " + listed[stem] + ")" if stem in listed else ""
            first = " | ".join(line.strip() for line in str(e).splitlines() if line.strip())
            print(f"FAIL {stem}{tag}: {first}")
            failing.add(stem)
    ran = {os.path.basename(f).removesuffix(".json") for f in files}
    unexpected = sorted(failing - set(listed))
    now_pass = sorted((set(listed) & ran) - failing)
    unknown = sorted(set(listed) - {os.path.basename(f).removesuffix(".json")
                                    for f in os.listdir(HERE) if f.endswith(".json")})
    print(f"{passed} passed, {len(failing)} failed ({len(failing & set(listed))} listed in "
          f"{os.path.basename(expected_path)})")
    for s in unexpected:
        print(f"UNEXPECTED FAILURE {s}: not in {os.path.basename(expected_path)}")
    for s in now_pass:
        print(f"NOW PASSES {s}: take it out of {os.path.basename(expected_path)} ({listed[s]})")
    for s in unknown:
        print(f"UNKNOWN {s}: listed in {os.path.basename(expected_path)} but no such scenario")
    ok = passed + len(failing) > 0 and not unexpected and not now_pass and not unknown
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
