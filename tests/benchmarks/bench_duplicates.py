"""Benchmark: the duplicate finder on 100,000 contacts (95,000 people + 5,000 known duplicates).

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_duplicates.py
Printed beside their references, measured in the same run on the same machine:
- finding every pair in memory            vs  one pass over the same rows (folding each name)
- reading the register from SQLite + finding  vs  a bare SELECT of the same columns
- precision and recall against the known duplicates (typos, ß/ss, umlaut spellings, swapped
  first and last name, same e-mail under another name)
The target is under 10 s for the whole register read and search. The generated names are dense
(130 first names, 1,600 syllable-built last names, many one letter apart), so many pairs that are
not planted duplicates are still names a person would look at twice: precision here is a floor.
"""

from __future__ import annotations

import gc
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from contactdesk.core.db import open_database  # noqa: E402
from contactdesk.core.folding import fold  # noqa: E402
from contactdesk.core.services import contacts as cs  # noqa: E402
from contactdesk.core.services import duplicates as dup  # noqa: E402
from tests.core.privacy.dupset import generate, precision_recall  # noqa: E402

N_PEOPLE = 95_000
N_DUPLICATES = 5_000


def main() -> None:
    records, truth = generate(N_PEOPLE, N_DUPLICATES)
    gc.collect()
    start = time.perf_counter()
    folded = [fold(r.first_name) + " " + fold(r.last_name) for r in records]
    one_pass = time.perf_counter() - start
    assert len(folded) == len(records)
    dup.cologne.cache_clear()  # type: ignore[attr-defined]
    start, cpu = time.perf_counter(), time.process_time()
    pairs = dup.find_pairs(records)
    finding, finding_cpu = time.perf_counter() - start, time.process_time() - cpu
    found = {(p.keep_id, p.other_id) for p in pairs}
    precision, recall = precision_recall(found, truth)
    print(f"{len(records):,} contacts, {len(truth):,} known duplicates")
    print(f"one pass folding every name       {one_pass:6.2f} s")
    print(
        f"duplicate finder (in memory)      {finding:6.2f} s   (CPU {finding_cpu:.2f} s)"
        f"   {len(pairs):,} pairs"
    )
    print(f"precision {precision:.3f}   recall {recall:.3f}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        db = open_database(path)
        items = [
            cs.ContactData(
                first_name=r.first_name,
                last_name=r.last_name,
                emails=[cs.EmailData(e) for e in sorted(r.emails)],
            )
            for r in records
        ]
        with db.session() as s:
            cs.bulk_create(s, items)
        db.dispose()
        gc.collect()
        conn = sqlite3.connect(path)
        start = time.perf_counter()
        rows = conn.execute(
            "SELECT c.id, c.kind, c.display_name, p.first_name, p.last_name FROM contact c "
            "LEFT JOIN person p ON p.id = c.id WHERE c.deleted_at IS NULL"
        ).fetchall()
        rows += conn.execute("SELECT contact_id, address FROM email").fetchall()
        bare = time.perf_counter() - start
        conn.close()
        db = open_database(path)
        dup.cologne.cache_clear()  # type: ignore[attr-defined]
        start, cpu = time.perf_counter(), time.process_time()
        with db.session() as s:
            stored = dup.find_all(s)
        whole, whole_cpu = time.perf_counter() - start, time.process_time() - cpu
        db.dispose()
    print(f"bare SELECT of the same columns   {bare:6.2f} s")
    print(
        f"read from SQLite + find           {whole:6.2f} s   (CPU {whole_cpu:.2f} s)"
        f"   {len(stored):,} pairs"
    )
    print("(CPU time: what the run costs when the machine is not shared with other work)")
    print("target: under 10 s —", "met" if whole < 10 else "MISSED")


if __name__ == "__main__":
    main()
