"""Undo and redo of committee papers through the core's undo stack, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from contactdesk.core import undo_papers as up
from contactdesk.core.db import Database, open_database
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.core.undo import UndoStack


@pytest.fixture
def stack_db(tmp_path: Path) -> Iterator[tuple[Database, UndoStack]]:
    database = open_database(tmp_path / "papers.sqlite")
    yield database, UndoStack(database)
    database.dispose()


def _new(database: Database, stack: UndoStack) -> PaperData:
    data = PaperData(
        subject="Beitritt zum Netzwerk Engagierte Stadt",
        submitter="Oberbürgermeister",
        lead_office="Persönlicher Referent",
        paper_date=date(2021, 8, 20),
    )
    with database.session() as session:
        created = ps.create_paper(session, data)
    stack.push(up.created_paper(created))
    return created


def _get(database: Database, paper_id: int) -> PaperData:
    with database.session() as session:
        return ps.get_paper(session, paper_id)


def test_create_edit_and_delete_undo_and_redo(stack_db: tuple[Database, UndoStack]) -> None:
    database, stack = stack_db
    created = _new(database, stack)
    assert created.id is not None
    pid = created.id
    after = PaperData(**{**created.__dict__, "subject": "Beitritt (geändert)"})
    with database.session() as session:
        saved = ps.update_paper(session, pid, after)
    stack.push(up.updated_paper(created, saved))
    assert stack.undo_text == f"Ändern von {created.reference}"

    stack.undo()
    assert _get(database, pid).subject == "Beitritt zum Netzwerk Engagierte Stadt"
    stack.redo()
    assert _get(database, pid).subject == "Beitritt (geändert)"

    with database.session() as session:
        ps.delete_paper(session, pid)
    stack.push(up.deleted_paper(pid, created.reference))
    stack.undo()
    with database.session() as session:
        assert pid in {p.id for p in ps.list_papers(session)}
    stack.redo()
    with database.session() as session:
        assert pid not in {p.id for p in ps.list_papers(session)}


def test_release_and_status_steps(stack_db: tuple[Database, UndoStack]) -> None:
    database, stack = stack_db
    created = _new(database, stack)
    pid, ref = created.id, created.reference
    assert pid is not None
    with database.session() as session:
        ps.release_paper(session, pid, on_date=date(2021, 8, 23), note="")
    stack.push(up.released_paper(pid, ref, date(2021, 8, 23), ""))
    with database.session() as session:
        ps.change_status(session, pid, "in_beratung", on_date=date(2021, 9, 1), note="")
    stack.push(up.status_step(pid, ref, "in_beratung", date(2021, 9, 1), ""))

    stack.undo()
    assert _get(database, pid).status == "freigegeben"
    stack.undo()
    back = _get(database, pid)
    assert back.status == "entwurf"
    assert [v.version for v in back.versions] == [1]  # a released PDF is never removed
    stack.redo()
    stack.redo()
    assert _get(database, pid).status == "in_beratung"


def test_attachment_added_and_removed(stack_db: tuple[Database, UndoStack], tmp_path: Path) -> None:
    database, stack = stack_db
    pid = _new(database, stack).id
    assert pid is not None
    file = tmp_path / "Anlage Netzwerkvereinbarung.pdf"
    file.write_bytes(b"%PDF-1.4\n% Vereinbarung\n")
    with database.session() as session:
        info = ps.add_file_attachment(session, pid, file)
    stack.push(up.added_attachment(pid, info))

    stack.undo()
    assert _get(database, pid).attachments == []
    stack.redo()
    (again,) = _get(database, pid).attachments
    assert again.sha256 == info.sha256
    with database.session() as session:
        assert ps.attachment_content(session, again.id) == file.read_bytes()
        removed = ps.remove_attachment(session, again.id)
    stack.push(up.removed_attachment(removed))
    stack.undo()
    (back,) = _get(database, pid).attachments
    assert back.title == info.title
    stack.redo()
    assert _get(database, pid).attachments == []
