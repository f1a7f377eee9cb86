"""ContactTableModel pages through list_contacts: it never loads more than the view asks for."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from contactdesk.core.db import Database, open_database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactData, ContactFilter
from contactdesk.gui.models.contacts import ContactIdRole, ContactTableModel
from contactdesk.gui.ops import Ops

N = 1000


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 contacts created through the service, once per module."""
    path = tmp_path_factory.mktemp("paged") / "many.sqlite"
    database = open_database(path)
    with database.session() as session:
        for i in range(N):
            data = ContactData(
                first_name=f"Vorname{i}",
                last_name=f"Nach{i:04d}",
                tags=["Engagierte Stadt"] if i % 10 == 0 else [],
            )
            cs.create_contact(session, data, allow_duplicate=True)
    database.dispose()
    return path


@pytest.fixture
def many(template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "many.sqlite"
    shutil.copy(template, target)
    database = open_database(target)
    yield database
    database.dispose()


def test_first_page_only_until_fetch_more(many: Database) -> None:
    model = ContactTableModel(Ops(many), page_size=200, first_page=200)
    model.set_filter(ContactFilter())
    assert model.query_count == 1
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    assert model.data(model.index(0, 0)) == "Vorname0 Nach0000"
    assert model.data(model.index(199, 0)) == "Vorname199 Nach0199"
    assert model.data(model.index(0, 1)) == "Person"

    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400 and model.query_count == 2
    assert model.data(model.index(399, 0)) == "Vorname399 Nach0399"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == N
    assert model.query_count == 1 + N // 200  # the last page is full: one empty query ends it
    ids = {model.contact_id(r) for r in range(N)}
    assert len(ids) == N and None not in ids
    assert model.data(model.index(5, 0), ContactIdRole) == model.contact_id(5)


def test_new_filter_resets_with_one_query(many: Database) -> None:
    model = ContactTableModel(Ops(many), page_size=200, first_page=200)
    model.set_filter(ContactFilter())
    model.fetchMore(QModelIndex())
    before = model.query_count
    model.set_filter(ContactFilter(tag="Engagierte Stadt"))
    assert model.query_count == before + 1
    assert model.rowCount() == 100 and not model.canFetchMore(QModelIndex())
    model.set_filter(ContactFilter(query="nach0042"))
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
        "Vorname42 Nach0042"
    ]


def test_refresh_keeps_the_loaded_rows_in_one_query(many: Database) -> None:
    model = ContactTableModel(Ops(many), page_size=200, first_page=200)
    model.set_filter(ContactFilter())
    model.fetchMore(QModelIndex())
    before = model.query_count
    model.refresh()
    assert model.query_count == before + 1 and model.rowCount() == 400


def test_view_fetches_more_when_scrolled_to_the_end(qtbot: Any, many: Database) -> None:
    model = ContactTableModel(Ops(many), page_size=200, first_page=200)
    model.set_filter(ContactFilter())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == 200
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 400, timeout=2000)
    assert model.rowCount() < N


def test_headers_are_german(db: Database) -> None:
    model = ContactTableModel(Ops(db))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Name",
        "Art",
        "Funktion/Organisation",
        "E-Mail",
        "Telefon",
        "Ort",
        "Netzwerkrolle",
        "Schlagwörter",
    ]


def test_a_new_filter_reads_only_what_fills_the_view(many: Database) -> None:
    model = ContactTableModel(Ops(many))
    model.set_filter(ContactFilter())
    assert model.rowCount() == ContactTableModel.FIRST_PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == ContactTableModel.FIRST_PAGE + ContactTableModel.PAGE_SIZE
