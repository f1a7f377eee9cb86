"""`privacy report` and `privacy erase` as scripts call them (real subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

from contactdesk.core.db import open_database

from ..test_cli import run
from .world import build


def test_report_json_pdf_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    db = open_database(path)
    w = build(db)
    db.dispose()
    out = tmp_path / "auskunft.json"
    done = run("privacy", "report", str(w.person_id), "--out", str(out), "--database", str(path))
    assert done.returncode == 0, done.stderr
    assert "Nr. " in done.stderr  # the probable duplicate is named as a hint
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "contactdesk-auskunft"
    assert data["contact"]["last_name"] == "Zwiebelkönig"
    pdf = tmp_path / "auskunft.pdf"
    done = run(
        "privacy", "report", str(w.person_id), "--out", str(pdf), "--json", "--database", str(path)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["file"] == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    bad = run("privacy", "report", "9999", "--out", str(pdf), "--database", str(path))
    assert bad.returncode != 0 and bad.stderr.startswith("Fehler: ")
    wrong = run("privacy", "report", str(w.person_id), "--out", "x.docx", "--database", str(path))
    assert wrong.returncode != 0 and "Fehler: " in wrong.stderr and "Traceback" not in wrong.stderr
