"""`papers` and `sessions` on the command line: real subprocesses, real files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("papers-cli") / "demo.sqlite"
    result = run("--database", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


def text_of(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in pages)


def test_papers_list(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "papers", "list")
    assert result.returncode == 0, result.stderr
    assert "M006-2021" in result.stdout and "zur Kenntnis genommen" in result.stdout
    rows = json.loads(run("--database", str(demo_db), "papers", "list", "--json").stdout)
    assert [r["reference"] for r in rows] == ["M006-2021"]
    assert rows[0]["status"] == "zur_kenntnis_genommen"
    assert rows[0]["versions"] == 1
    assert (
        json.loads(
            run("--database", str(demo_db), "papers", "list", "--json", "--year", "2020").stdout
        )
        == []
    )


def test_papers_pdf_gives_the_released_version(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "M006-2021.pdf"
    result = run("--database", str(demo_db), "papers", "pdf", "M006-2021", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 Seiten" in result.stdout
    again = tmp_path / "again.pdf"
    run("--database", str(demo_db), "papers", "pdf", "m6-2021", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # the stored bytes, not a new rendering
    text = " ".join(text_of(out.read_bytes()).split())
    assert "Vorlagen-Nr.: M006-2021" in text
    assert "Seite 1 von 2" in text and "Seite 2 von 2" in text


def test_sessions_summary(demo_db: Path, tmp_path: Path) -> None:
    listing = run(
        "--database",
        str(demo_db),
        "events",
        "list",
        "--from",
        "2021-09-01",
        "--to",
        "2021-09-30",
        "--kind",
        "gremiensitzung",
        "--json",
    )
    assert listing.returncode == 0, listing.stderr
    [event_id] = [
        e["event_id"] for e in json.loads(listing.stdout) if e["title"] == "Sitzung des Stadtrates"
    ]
    out = tmp_path / "stadtrat.pdf"
    logo = tmp_path / "fehlt.png"
    result = run(
        "--database",
        str(demo_db),
        "sessions",
        "summary",
        str(event_id),
        "--out",
        str(out),
        "--logo",
        str(logo),
    )
    assert result.returncode == 0, result.stderr
    assert "Hinweis: Die Logodatei" in result.stderr
    text = " ".join(text_of(out.read_bytes()).split())
    assert "Sitzungsübersicht" in text and "Stadtrat Bitterfeld-Wolfen" in text
    assert "08.09.2021" in text and "M006-2021" in text


def test_papers_oparl(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "m006.json"
    result = run(
        "--database",
        str(demo_db),
        "papers",
        "oparl",
        "M006-2021",
        "--out",
        str(out),
        "--base-url",
        "https://ris.example.de/oparl/v1.1",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["paper"]["reference"] == "M006-2021"
    assert len(data["paper"]["consultation"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("papers", "pdf", "M099-2021", "--out", "{tmp}/x.pdf"), "gibt es nicht"),
        (("papers", "pdf", "Vorlage6", "--out", "{tmp}/x.pdf"), "keine Vorlagennummer"),
        (("papers", "pdf", "M006-2021", "--out", "{tmp}/fehlt/x.pdf"), "existiert nicht"),
        (("papers", "oparl", "M099-2021", "--out", "{tmp}/x.json"), "gibt es nicht"),
        (("papers", "oparl", "M006-2021", "--out", "{tmp}/x.json"), "fehlt die Basisadresse"),
        (("sessions", "summary", "999999", "--out", "{tmp}/x.pdf"), "nicht gefunden"),
        (("sessions", "summary", "1", "--out", "{tmp}/x.pdf"), "keine Gremiensitzung"),
    ],
)
def test_errors_are_german_on_stderr(
    demo_db: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("--database", str(demo_db), *(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 1
    assert result.stderr.startswith("Fehler: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()
