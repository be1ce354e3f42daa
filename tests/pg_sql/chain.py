#!/usr/bin/env python3
"""Recompute a PostgreSQL record's hash chain from its rows, apart from the server.

    chain.py URL            exit 0 and "chain whole: N events, head H" when every
                            stored hash is what /work/notes/CHAIN.md says it is;
                            exit 1 naming the first event whose hash does not match.

It reads seq, id, recorded_at (as microseconds since the epoch, so the RFC 3339
text is made here, not by the server's to_char) and body through psql, as whatever
role the URL names (a role that sees everything, or row security hides rows and the
chain breaks where they were).
"""
import datetime
import hashlib
import json
import subprocess
import sys

QUERY = """
SELECT json_build_object('seq', seq, 'id', id, 'hash', hash, 'body', body,
       'us', (extract(epoch FROM recorded_at) * 1000000)::bigint)
FROM dutyboard.events ORDER BY seq
"""


def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True, encoding="utf-8")
    return out.stdout


def rfc3339(us):
    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=us)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    url = sys.argv[1]
    record_id = psql(url, "SELECT value FROM dutyboard.meta WHERE key = 'record_id'").strip()
    prev = sha("dutyboard-genesis\n" + record_id)
    expected_seq = 1
    n = 0
    for line in psql(url, QUERY).splitlines():
        row = json.loads(line)
        if row["seq"] != expected_seq:
            print(f"chain broken: seq {expected_seq} is missing (next stored is {row['seq']})")
            return 1
        text = f"{prev}\n{row['seq']}\n{row['id']}\n{rfc3339(row['us'])}\n{row['body']}"
        mine = sha(text)
        if mine != row["hash"]:
            print(f"chain broken at seq {row['seq']} ({row['id']}): stored {row['hash']}, recomputed {mine}")
            return 1
        prev = mine
        expected_seq += 1
        n += 1
    print(f"chain whole: {n} events, head {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
