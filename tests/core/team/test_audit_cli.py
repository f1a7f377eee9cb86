"""`main.py audit` as an administrator runs it (subprocess, real SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_audit_lists_the_demo_changes_since_a_date(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    assert run("--database", db, "demo").returncode == 0
    today = date.today()
    listed = run("--database", db, "audit", "--since", today.strftime("%d.%m.%Y"), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    labels = {row["record"] for row in rows if row["record_type"] == "contact"}
    assert "Stadt Bitterfeld-Wolfen" in labels
    created = [row for row in rows if row["action"] == "angelegt"]
    assert created and all(row["fields"] == [] for row in created)
    assert all(row["fields"] for row in rows if row["action"] == "geändert")
    later = run("--database", db, "audit", "--since", str(today + timedelta(days=1)), "--json")
    assert later.returncode == 0 and json.loads(later.stdout) == []
    text = run("--database", db, "audit")
    assert text.returncode == 0 and "angelegt  Kontakt" in text.stdout


def test_audit_with_a_bad_date_is_a_german_usage_error(tmp_path: Path) -> None:
    result = run("--database", str(tmp_path / "a.sqlite"), "audit", "--since", "gestern")
    assert result.returncode == 2
    assert "„gestern“ ist kein Datum" in result.stderr
    assert "Traceback" not in result.stderr
