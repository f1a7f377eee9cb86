"""The one runner (gui/ops.py): Change naming kinds and ids, subscriptions by kind, background
work with its own session, errors and cancel; and that nothing else emits change signals."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest

from contactdesk.core.changes import ALL_KINDS, CONTACT_KINDS, Kind
from contactdesk.core.db import Database
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.progress import Cancelled
from contactdesk.core.services import contacts as cs
from contactdesk.core.undo import UndoStack
from contactdesk.gui import prompts
from contactdesk.gui.ops import Change, Ops

GUI = Path(__file__).resolve().parents[2] / "contactdesk" / "gui"


@pytest.fixture
def ops(db: Database) -> Ops:
    return Ops(db, UndoStack(db))


def test_a_change_names_kinds_and_ids() -> None:
    change = Change.of("x", {Kind.EVENTS}, {Kind.CONTACTS: [3, 4]})
    assert change.kinds == {Kind.EVENTS, Kind.CONTACTS}
    assert change.ids_of(Kind.CONTACTS) == {3, 4}
    assert change.ids_of(Kind.EVENTS) is None  # any event may have changed
    assert change.ids_of(Kind.PAPERS) == frozenset()  # no paper changed
    assert change.contact_ids == {3, 4}
    assert change.names({Kind.PAPERS, Kind.EVENTS}) and not change.names({Kind.PAPERS})
    assert Change("alles").kinds == ALL_KINDS  # a change that does not say: everything
    assert not Change.note("nur ein Hinweis").names(ALL_KINDS)


def test_subscribers_hear_only_the_kinds_they_asked_for(ops: Ops) -> None:
    contacts: list[Change] = []
    events: list[Change] = []
    every: list[Change] = []
    ops.subscribe(CONTACT_KINDS, contacts.append)
    ops.subscribe({Kind.EVENTS}, events.append)
    ops.subscribe(None, every.append)
    result = ops.run(
        lambda s: cs.create_contact(s, cs.ContactData(last_name="Schulz")),
        kinds=CONTACT_KINDS,
        ids=lambda data: {Kind.CONTACTS: [data.id]},
    )
    assert result.ok and result.value is not None
    assert len(contacts) == 1 and events == [] and len(every) == 1
    assert contacts[0].ids_of(Kind.CONTACTS) == {result.value.id}
    ops.announce(Change.note("Export gespeichert"))
    assert len(contacts) == 1 and len(every) == 2  # a message reaches only "every change"


def test_background_work_gets_its_own_session_and_commits(
    ops: Ops, db: Database, qtbot: Any
) -> None:
    heard: list[Change] = []
    ops.subscribe(None, heard.append)
    threads: list[bool] = []

    def work(session: Any, progress: Any) -> int:
        threads.append(threading.current_thread() is threading.main_thread())
        progress(0, 1, "Anlegen")
        data = cs.create_contact(session, cs.ContactData(last_name="Krause"))
        progress(1, 1)
        assert data.id is not None
        return data.id

    result = ops.run_in_background(
        work,
        title="Test",
        on_done=lambda cid: Change.of("angelegt", ids={Kind.CONTACTS: [cid]}),
    )
    assert result.ok and threads == [False]  # it ran in the worker thread
    with db.session() as session:
        assert cs.count_contacts(session) == 1  # committed
    assert heard[-1].ids_of(Kind.CONTACTS) == {result.value}


def test_background_cancel_rolls_back_and_says_so(ops: Ops, db: Database, qtbot: Any) -> None:
    heard: list[Change] = []
    ops.subscribe(None, heard.append)

    def work(session: Any, progress: Any) -> None:
        cs.create_contact(session, cs.ContactData(last_name="Halb"))
        session.flush()
        raise Cancelled  # what the progress callback raises after "Abbrechen"

    result = ops.run_in_background(work, title="Importieren")
    assert result.cancelled and not result.ok
    with db.session() as session:
        assert cs.count_contacts(session) == 0
    assert heard[-1].message == "Importieren abgebrochen; es wurde nichts geändert."
    assert not heard[-1].names(ALL_KINDS)


def test_background_errors_are_shown_in_german(
    ops: Ops, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda _p, text, title=None: shown.append((text, title))
    )

    def work(session: Any, progress: Any) -> None:
        raise ContactdeskError("Die Datei ist leer.")

    result = ops.run_in_background(work, title="Importieren")
    assert result.error is not None and shown == [("Die Datei ist leer.", "Importieren")]
    quiet = ops.run_in_background(work, title="Senden", show_errors=False)
    assert quiet.error is not None and len(shown) == 1  # the caller shows it its own way


def test_only_the_runner_emits_change_notifications() -> None:
    emitters = [
        str(path.relative_to(GUI))
        for path in GUI.rglob("*.py")
        if path.name != "ops.py" and re.search(r"sig_changed\.emit\(\s*Change", path.read_text())
    ]
    assert emitters == []
    # and the areas do not listen to every change: they subscribe by kind
    views = GUI / "views"
    assert [p.name for p in views.glob("*.py") if "ops.sig_changed.connect" in p.read_text()] == []
