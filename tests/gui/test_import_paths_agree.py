"""The command line (`import --dry-run --json`) and the window (Datei › Importieren, dropping
files) come to the same plan for every file of tests/data and for files dropped together:
the same entries, actions and reasons, the same errors and the same files left out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from contactdesk.cli import main
from contactdesk.core.db import Database, open_database
from contactdesk.gui.dialogs import import_preview, prompts
from contactdesk.gui.mainwindow import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "realworld"
EVERY_FILE = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".md")

SETS = {
    "invitation and cancellation": [
        REAL / "outlook2010_de_absage_cp1252.eml",
        REAL / "outlook365_de_einladung.eml",
    ],
    "invitation and replies": [
        REAL / "outlook365_de_antwort_zugesagt.eml",
        REAL / "outlook365_de_einladung.eml",
        REAL / "thunderbird_115_antwort_abgelehnt.eml",
    ],
    "google series and its cancellation": [
        REAL / "google_absage_serie.eml",
        REAL / "google_einladung_serie.eml",
    ],
    "contacts of several programs": [
        REAL / "thunderbird_115_adressbuch.vcf",
        REAL / "thunderbird_115_adressbuch_de.csv",
        REAL / "outlook2016_de_kontakte.csv",
    ],
    "contacts, calendar and an Outlook item": [
        DATA / "contacts" / "thunderbird_30.vcf",
        DATA / "ics" / "outlook_windows_tz.ics",
        REAL / "outlook365_kontakt_gezogen.msg",
    ],
    "a broken file among good ones": [
        DATA / "contacts" / "truncated.vcf",
        DATA / "contacts" / "unknown_headers.csv",
        DATA / "ics" / "thunderbird.ics",
    ],
}


@pytest.fixture(scope="module")
def cli_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite"
    open_database(path).dispose()
    return path


def cli_plan(database: Path, files: list[Path], capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    main(["--database", str(database), "import", *map(str, files), "--dry-run", "--json"])
    return json.loads(capsys.readouterr().out)


def window_plan(
    window: MainWindow, files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[dict, list[str]]:
    """Import through the window, cancel in the preview; the plan it showed (as JSON) and
    the names the preview dialog listed."""
    shown: list[str] = []

    def cancel(dialog: QDialog) -> int:
        assert isinstance(dialog, import_preview.ImportPreviewDialog)
        shown.extend(sorted({r.file for r in dialog.model.rows}))
        return QDialog.DialogCode.Rejected.value

    def answer(box: QMessageBox) -> object:
        return box.buttons()[0] if box.buttons() else None

    monkeypatch.setattr(import_preview, "exec_dialog", cancel)
    monkeypatch.setattr(prompts, "exec_box", answer)
    window.exchange.last_plan = None
    window.exchange.import_files(files)
    plan = window.exchange.last_plan
    assert plan is not None
    return json.loads(json.dumps(plan.to_dict(), ensure_ascii=False)), shown


def compare(
    window: MainWindow,
    cli_database: Path,
    files: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict:
    from_cli = cli_plan(cli_database, files, capsys)
    from_window, shown = window_plan(window, files, monkeypatch)
    assert from_window == from_cli
    entries = [e["file"] for e in (from_cli["preview"] or {}).get("entries", [])]
    entries += [e["file"] for e in from_cli.get("calendar", {}).get("preview", [])]
    last = window.exchange.last_plan
    assert last is not None
    if entries and last.ok:  # the preview dialog listed exactly the files of the entries
        assert shown == sorted(set(entries))
    else:
        assert shown == []
    return from_cli


def test_every_file_alone(
    window: MainWindow,
    db: Database,
    cli_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert len(EVERY_FILE) > 40
    for path in EVERY_FILE:
        compare(window, cli_database, [path], monkeypatch, capsys)


@pytest.mark.parametrize("name", list(SETS))
def test_files_dropped_together(
    name: str,
    window: MainWindow,
    cli_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = compare(window, cli_database, SETS[name], monkeypatch, capsys)
    actions = [
        (e["file"], e["action"], e["reason"]) for e in plan.get("calendar", {}).get("preview", [])
    ]
    if name == "invitation and cancellation":
        assert ("outlook2010_de_absage_cp1252.eml", "absagen", "") in actions
    if name == "invitation and replies":
        assert sum(a == "antwort" for _f, a, _r in actions) == 2


def test_renamed_and_unsupported_files_agree(
    window: MainWindow,
    cli_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    renamed = tmp_path / "kalender.txt"
    shutil.copy(DATA / "ics" / "thunderbird.ics", renamed)
    mail = tmp_path / "einladung.ics"
    shutil.copy(REAL / "outlook365_de_einladung.eml", mail)
    letter = tmp_path / "Brief.pdf"
    letter.write_bytes(b"%PDF-1.4")
    plan = compare(window, cli_database, [renamed, mail, letter], monkeypatch, capsys)
    assert {e["file"] for e in plan["calendar"]["preview"]} == {"kalender.txt", "einladung.ics"}
    assert [u["file"] for u in plan["unsupported"]] == ["Brief.pdf"]


def test_window_and_command_line_both_import_nothing_on_error(
    window: MainWindow,
    db: Database,
    cli_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan: Any = compare(
        window, cli_database, SETS["a broken file among good ones"], monkeypatch, capsys
    )
    assert plan["preview"]["errors"] and "calendar" in plan
    assert window.exchange.last_plan is not None and not window.exchange.last_plan.ok
