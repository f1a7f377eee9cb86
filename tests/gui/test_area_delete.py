"""Delete in the areas on MasterDetailArea (Vereinbarungen, Kontakte): the question names the
record, "Abbrechen" keeps it, the deletion empties the editor, selects the row that took its
place and is undone with Rückgängig. Checked through the services, not only the list."""

from __future__ import annotations

from typing import Any

import pytest

from contactdesk.core.db import Database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData
from contactdesk.gui import prompts
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person, names


def titles(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(r.title for r in ag.list_agreements(session, ag.AgreementFilter()))


def test_deleting_an_agreement_asks_selects_the_next_row_and_is_undone(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as session:
        for title in ("Anna", "Berta", "Clara"):
            ag.create_agreement(session, AgreementData(title=f"Patenschaft {title}"))
    assert window.show_area("agreements")
    view = window.agreements
    view.reload()
    view.select_row(1)
    assert view.editor.display_name() == "Patenschaft Berta"
    asked: list[str] = []

    def answer(keep: bool) -> Any:
        def confirm(parent: Any, title: str, text: str, *rest: Any) -> bool:
            asked.append(text)
            return not keep

        return confirm

    monkeypatch.setattr(prompts, "confirm", answer(keep=True))
    assert not view.delete_current()
    assert asked == ["Möchten Sie die Vereinbarung „Patenschaft Berta“ löschen?"]
    assert titles(db) == ["Patenschaft Anna", "Patenschaft Berta", "Patenschaft Clara"]

    monkeypatch.setattr(prompts, "confirm", answer(keep=False))
    assert view.delete_current()
    assert titles(db) == ["Patenschaft Anna", "Patenschaft Clara"]
    assert view.selected_agreement_id() == view.editor.agreement_id
    assert view.editor.display_name() == "Patenschaft Clara"

    window.ops.undo()
    assert titles(db) == ["Patenschaft Anna", "Patenschaft Berta", "Patenschaft Clara"]


def test_deleting_the_last_contact_of_the_list_selects_the_one_before(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for first in ("Anna", "Berta"):
        add_person(db, first, "Zander")
    view = window.contacts
    view.reload()
    view.select_row(view.model.rowCount() - 1)
    last = view.editor.display_name()
    monkeypatch.setattr(prompts, "confirm_delete", lambda *a: True)
    assert view.delete_current()
    assert last not in names(db)
    assert view.model.rowCount() >= 1
    assert view.selected_contact_id() == view.editor.contact_id is not None
    assert view.editor.display_name() != last
