"""Kill -9 in the middle of a large import or of edits: the database stays intact and the
interrupted transaction is either complete or absent. Real subprocesses, really killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

ROOT = Path(__file__).resolve().parents[2]

IMPORT_SCRIPT = """
import sys
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

db = open_database(sys.argv[1])
with db.session() as session:  # a first, committed import
    cs.bulk_create(session, [cs.ContactData(last_name=f"Erst{i}") for i in range(500)])
print("committed", flush=True)
for round_ in range(1000):  # large imports, one transaction each, until killed
    with db.session() as session:
        items = [cs.ContactData(last_name=f"Runde{round_}x{i}") for i in range(4000)]
        print("begin", round_, flush=True)
        cs.bulk_create(session, items)
    print("done", round_, flush=True)
"""

EDIT_SCRIPT = """
import sys
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

db = open_database(sys.argv[1])
with db.session() as session:
    ids = [cs.create_contact(session, cs.ContactData(last_name=f"P{i}")).id for i in range(20)]
print("ready", flush=True)
n = 0
while True:  # every edit renames all 20 people in one transaction: all or nothing
    n += 1
    with db.session() as session:
        for cid in ids:
            data = cs.get_contact(session, cid)
            data.first_name = f"Stand{n}"
            cs.update_contact(session, cid, data)
"""


def run_and_kill(script: str, db_path: Path, wait_for: str, delay: float) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.startswith(wait_for):
            break
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "the process ended before it was killed"
    lines += [x.strip() for x in proc.stdout.read().splitlines()]
    return lines


def integrity(db_path: Path) -> str:
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())
    finally:
        db.dispose()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_during_a_large_import(tmp_path: Path) -> None:
    db_path = tmp_path / "import.sqlite"
    lines = run_and_kill(IMPORT_SCRIPT, db_path, "begin 1", 0.15)
    done = sum(1 for line in lines if line.startswith("done"))
    assert integrity(db_path) == "ok"
    db = open_database(db_path)
    try:
        with db.session() as session:
            total = cs.count_contacts(session)
            rows = cs.list_contacts(session, cs.ContactFilter(query="Runde1x3999"))
    finally:
        db.dispose()
    # 500 committed + 4000 for every finished round; the killed round is absent (or, if the
    # commit had just gone through before the kill, complete) - never partial
    assert (total - 500) % 4000 == 0, total
    assert total in (500 + 4000 * done, 500 + 4000 * (done + 1))
    assert total >= 500 + 4000  # round 0 was committed before round 1 began
    assert bool(rows) == (total >= 500 + 8000)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_during_edits(tmp_path: Path) -> None:
    db_path = tmp_path / "edit.sqlite"
    run_and_kill(EDIT_SCRIPT, db_path, "ready", 1.0)
    assert integrity(db_path) == "ok"
    db = open_database(db_path)
    try:
        with db.session() as session:
            rows = cs.list_contacts(session)
            firsts = {cs.get_contact(session, r.id).first_name for r in rows}
    finally:
        db.dispose()
    assert len(rows) == 20
    assert len(firsts) == 1, f"a transaction was applied in part: {sorted(firsts)}"
