"""Areas refresh only what a Change names: the re-reads of every area are counted for a contact
edit, an event edit, an agreement edit, an import and a restore, each done as the user does it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from contactdesk.core import backup as bk
from contactdesk.core.changes import Kind
from contactdesk.core.db import Database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import schedule as sc
from contactdesk.gui import prompts
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.ops import Change
from tests.gui.helpers import add_person

DATA = Path(__file__).resolve().parents[1] / "data"
AREAS = ("dashboard", "contacts", "agreements", "events", "sessions")


@pytest.fixture
def counted(
    db: Database, make_window: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MainWindow, Counter[str], list[Change]]]:
    """A window over a contact, an agreement and an event, every area shown once (started);
    then each area's re-read (`refresh`) is counted and every Change kept."""
    add_person(db, "Lena", "Müller", "lena@example.org")
    with db.session() as session:
        ag.create_agreement(session, ag.AgreementData(title="Kooperation Jugendclub"))
        start = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
        sc.create_event(
            session,
            sc.EventData(title="Netzwerktreffen", start=start, end=start + timedelta(hours=2)),
        )
    window = make_window()
    for key in (*AREAS, "contacts"):
        assert window.show_area(key)
    reloads: Counter[str] = Counter()
    for key in AREAS:
        area: Any = window.area(key)
        real = area.refresh

        def spy(change: Change, real: Callable[[Change], None] = real, key: str = key) -> None:
            reloads[key] += 1
            real(change)

        monkeypatch.setattr(area, "refresh", spy)
    changes: list[Change] = []
    window.ops.subscribe(None, changes.append)
    yield window, reloads, changes


def only(**expected: int) -> dict[str, int]:
    """Every area with its expected count (0 when not named)."""
    return {key: expected.get(key, 0) for key in AREAS}


def counts(reloads: Counter[str]) -> dict[str, int]:
    return {key: reloads[key] for key in AREAS}


def test_a_contact_edit_refreshes_the_areas_that_show_contacts(
    counted: tuple[MainWindow, Counter[str], list[Change]],
) -> None:
    window, reloads, changes = counted
    window.contacts.select_row(0)
    editor = window.contacts.editor
    editor.last_name.setText("Müller-Lüdenscheidt")
    assert editor.save()
    # the agreements list shows partners by name, the dashboard open responses with names;
    # Termine and Sitzungen show names only in an open editor
    assert counts(reloads) == only(contacts=1, agreements=1, dashboard=1)
    assert changes[-1].ids_of(Kind.CONTACTS) == frozenset({editor.contact_id})
    assert not changes[-1].names({Kind.EVENTS, Kind.PAPERS})

    reloads.clear()
    window.undo()  # the undo step names the same kinds as the edit
    assert counts(reloads) == only(contacts=1, agreements=1, dashboard=1)


def test_an_event_edit_refreshes_only_the_areas_that_show_events(
    counted: tuple[MainWindow, Counter[str], list[Change]],
) -> None:
    window, reloads, changes = counted
    schedule: Any = window.area("events")
    assert window.show_area("events")
    schedule.select_row(0)
    assert schedule.editor.event_id is not None
    reloads.clear()
    schedule.editor.title.setText("Netzwerktreffen im Jugendclub")
    assert schedule.editor.save()
    assert counts(reloads) == only(events=1, sessions=1, dashboard=1)
    assert changes[-1].names({Kind.EVENTS}) and not changes[-1].names({Kind.CONTACTS})


def test_an_agreement_edit_refreshes_only_the_areas_that_show_agreements(
    counted: tuple[MainWindow, Counter[str], list[Change]],
) -> None:
    window, reloads, changes = counted
    assert window.show_area("agreements")
    window.agreements.select_row(0)
    reloads.clear()
    window.agreements.editor.title.setText("Kooperation Jugendclub'83")
    assert window.agreements.editor.save()
    # the contact editor lists the agreements that name the contact
    assert counts(reloads) == only(agreements=1, contacts=1, dashboard=1)
    assert changes[-1].names({Kind.AGREEMENTS}) and not changes[-1].names({Kind.EVENTS})


def test_an_import_of_contacts_refreshes_the_areas_that_show_contacts(
    counted: tuple[MainWindow, Counter[str], list[Change]], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, reloads, changes = counted
    monkeypatch.setattr(prompts, "exec_dialog", lambda d: QDialog.DialogCode.Accepted)
    outcome = window.exchange.import_files([DATA / "contacts" / "thunderbird_30.vcf"])
    assert outcome is not None and outcome.contacts is not None
    assert counts(reloads) == only(contacts=1, agreements=1, dashboard=1)
    imported = set(outcome.contacts.created_ids + outcome.contacts.updated_ids)
    assert imported and changes[-1].ids_of(Kind.CONTACTS) == imported
    assert changes[-1].message.startswith("Import:")


def test_a_restore_refreshes_every_area_once(
    counted: tuple[MainWindow, Counter[str], list[Change]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, reloads, changes = counted
    database = window.db.path
    assert database is not None
    saved = bk.create_backup(database, tmp_path / "sicherung.sqlite")
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    assert window.data_safety.restore(saved)
    assert counts(reloads) == only(**dict.fromkeys(AREAS, 1))
    assert changes[-1].kinds == frozenset(Kind)
    assert "Wiederhergestellt" in window.statusBar().currentMessage()
