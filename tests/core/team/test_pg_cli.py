"""Team mode: the command line against a real PostgreSQL server (subprocesses, as admins run it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        check=False,
    )


def test_demo_search_events_and_paper_pdf_on_postgresql(pg_empty_url: str, tmp_path: Path) -> None:
    first = run("--database", pg_empty_url, "demo", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"]
    again = run("--database", pg_empty_url, "demo", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["created"] == []

    found = run("--database", pg_empty_url, "contacts", "search", "weisswasser", "--json")
    assert found.returncode == 0, found.stderr
    assert "Stadt Weißwasser" in {row["display_name"] for row in json.loads(found.stdout)}

    events = run("--database", pg_empty_url, "events", "list", "--json")
    assert events.returncode == 0, events.stderr
    assert isinstance(json.loads(events.stdout), list)

    out = tmp_path / "vorlage.pdf"
    pdf = run("--database", pg_empty_url, "papers", "pdf", "M006-2021", "--out", str(out))
    assert pdf.returncode == 0, pdf.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "M006-2021" in text
