"""The Sitzungen area driven as a user would: the list, papers with their Beratungsfolge, release,
status steps, undo, field errors, accessible names and attachments. Outcomes are checked through
the core services. Fixtures and helpers: paper_support.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from contactdesk.core.db import Database
from contactdesk.core.models import Event
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import PaperData
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.papers import SessionsView
from tests.gui.paper_support import (  # the fixtures and helpers of the Sitzungen area
    BACKWARDS,
    HFA,
    STADTRAT,
    accept_status,
    dialogs,
    event_id,
    m006,
    new_paper_with_consultations,
    no_unexpected_paper_dialogs,  # noqa: F401 (autouse fixture)
    paper,
    pick,
)
from tests.gui.paper_support import demo as demo
from tests.gui.paper_support import view as view

# --------------------------------------------------------------------------- the list


def test_area_lists_m006_and_its_sessions(view: SessionsView, demo: Database) -> None:
    assert view.model.rowCount() == 1
    row = view.model.paper_row(0)
    assert row is not None and row.reference == "M006-2021"
    assert view.model.data(view.model.index(0, 3)) == "zur Kenntnis genommen"
    assert view.model.data(view.model.index(0, 4)) == "öffentlich"
    assert view.editor.paper_id == m006(demo)  # the first paper is opened
    assert view.editor.heading.text().startswith("M006-2021")
    assert not view.editor.is_editable()  # zur Kenntnis genommen: final

    view.tabs.setCurrentIndex(1)
    rows = [view.sessions.session_row(i) for i in range(view.sessions.rowCount())]
    assert [(r.committee, r.start.date(), r.papers, r.is_public) for r in rows if r] == [
        (STADTRAT, date(2021, 9, 8), 1, True),
        (HFA, date(2021, 9, 2), 1, True),
    ]
    assert view.sessions.data(view.sessions.index(0, 3)) == "1"


def test_filters_by_type_status_and_year(view: SessionsView) -> None:
    view.type_filter.setCurrentIndex(view.type_filter.findData("B"))
    assert view.model.rowCount() == 0
    view.type_filter.setCurrentIndex(view.type_filter.findData("M"))
    assert view.model.rowCount() == 1
    view.status_filter.setCurrentIndex(view.status_filter.findData("entwurf"))
    assert view.model.rowCount() == 0
    view.status_filter.setCurrentIndex(0)
    assert view.year_filter.findData(2021) > 0
    view.year_filter.setCurrentIndex(view.year_filter.findData(2021))
    assert view.model.rowCount() == 1
    assert "1 Vorlage" in view.status_text()


def test_deadline_warning_in_the_list(view: SessionsView, demo: Database) -> None:
    """A draft on a session in 5 days is late (14-day rule): the Frist column says so."""
    with demo.session() as session:
        committee_id = session.scalar(
            select(Event.committee_id).where(Event.id == event_id(demo, "event:hfa"))
        )
        start = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        start += timedelta(days=5)
        soon = sc.create_event(
            session,
            sc.EventData(
                title="Sitzung des Haupt- und Finanzausschusses",
                kind="gremiensitzung",
                committee_id=committee_id,
                start=start,
                end=start + timedelta(hours=2),
            ),
        ).event.id
        assert soon is not None
        ps.create_paper(
            session,
            PaperData(
                subject="Eilige Mitteilung",
                consultations=[ps.ConsultationData(soon)],
            ),
        )
    view.reload()
    texts = [view.model.data(view.model.index(r, 6)) for r in range(view.model.rowCount())]
    assert any(t and "verspätet" in t for t in texts), texts
    late = next(r for r in range(view.model.rowCount()) if "verspätet" in (texts[r] or ""))
    tip = view.model.data(view.model.index(late, 6), Qt.ItemDataRole.ToolTipRole)
    assert "ist verspätet" in tip
    assert "Fristwarnung" in view.status_text()


# --------------------------------------------------------------------------- the editor


def test_create_paper_with_beratungsfolge_block_then_release(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.action_registry[ActionId.NEW].trigger()  # Ctrl+N: a new paper
    editor = view.editor
    assert editor.is_new
    with demo.session() as session:
        expected = ps.next_reference(session, "M", date.today().year)
    assert expected in editor.master.number_hint.text()

    editor.master.subject.setText("Sachstand im Netzwerk „Engagierte Stadt“")
    editor.master.submitter.setText("Oberbürgermeister")
    editor.master.lead_office.setText("Persönlicher Referent")
    editor.text.body_edit.setPlainText("Die Stadt berichtet über den Stand.")
    editor.text.body_edit.moveCursor(editor.text.body_edit.textCursor().MoveOperation.End)
    editor.text.block_actions["partner"].trigger()  # Baustein einfügen › Partner mit Netzwerkrolle
    body = editor.text.body_edit.toPlainText()
    assert body.startswith("Die Stadt berichtet über den Stand.\n\n## Partner im Netzwerk")
    assert "Jugendclub'83" in body

    dialogs(monkeypatch, pick(HFA), pick(STADTRAT))
    assert editor.consultation.add_session()
    assert editor.consultation.add_session()
    editor.consultation.table.cellWidget(1, 2).setCurrentIndex(2)  # Stadtrat: Entscheidung
    assert editor.field_error("consultations") == ""

    window.action_registry[ActionId.SAVE].trigger()  # Ctrl+S
    assert not editor.is_new and editor.paper_id is not None
    saved = paper(demo, editor.paper_id)
    assert saved.reference == expected
    assert saved.status == "entwurf"
    assert [(c.committee_name, c.start.date(), c.role) for c in saved.consultations] == [
        (HFA, date(2021, 9, 2), "kenntnisnahme"),
        (STADTRAT, date(2021, 9, 8), "entscheidung"),
    ]
    assert "## Partner im Netzwerk" in saved.body
    assert saved.financial_effects == "keine"  # filled by the core: no linked agreement costs
    assert editor.text.financial.toPlainText() == "keine"
    assert view.model.row_of(saved.id or 0) is not None  # listed

    seen = dialogs(monkeypatch, accept_status(note="vom OB"))
    assert set(editor.status.status_buttons) == {
        "freigegeben",
        "zurueckgezogen",
    }  # allowed_transitions
    editor.status.status_buttons["freigegeben"].click()
    assert len(seen) == 1
    released = paper(demo, saved.id or 0)
    assert released.status == "freigegeben"
    assert [v.version for v in released.versions] == [1]
    assert (
        editor.master.subject.isReadOnly()
        and not editor.consultation.add_session_button.isEnabled()
    )
    assert editor.status.unlock_button.isVisibleTo(editor)
    assert not window.action_registry[ActionId.SAVE].isEnabled()

    # undo of the release: back to Entwurf, the stored version stays
    assert window.ops.undo()
    back = paper(demo, saved.id or 0)
    assert back.status == "entwurf" and len(back.versions) == 1
    assert not editor.master.subject.isReadOnly()


def test_backwards_beratungsfolge_shows_the_core_message(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, STADTRAT, HFA)
    editor = view.editor
    message = editor.field_error("consultations")
    assert BACKWARDS in message
    assert "02.09.2021" in message and "08.09.2021" in message
    assert editor.consultation.table.current() == 1  # the row that goes back is selected

    assert not view.save()  # the core refuses it; the message stays at the list
    assert BACKWARDS in editor.field_error("consultations")
    with demo.session() as session:
        assert len(ps.list_papers(session)) == 1  # nothing stored

    assert editor.consultation.move(-1)  # HFA up: the order is right now
    assert editor.field_error("consultations") == ""
    assert view.save()
    assert editor.paper_id is not None
    assert [c.committee_name for c in paper(demo, editor.paper_id).consultations] == [
        HFA,
        STADTRAT,
    ]


def test_release_warns_when_late(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Released after the submission deadline: a non-blocking German warning at the editor."""
    with demo.session() as session:
        committee_id = session.scalar(
            select(Event.committee_id).where(Event.id == event_id(demo, "event:stadtrat"))
        )
        start = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        sc.create_event(
            session,
            sc.EventData(
                title="Sitzung des Stadtrates",
                kind="gremiensitzung",
                committee_id=committee_id,
                start=start + timedelta(days=3),
                end=start + timedelta(days=3, hours=2),
            ),
        )
    view.new_item()
    editor = view.editor
    editor.master.subject.setText("Späte Mitteilung")
    editor.master.submitter.setText("Oberbürgermeister")
    editor.master.lead_office.setText("Persönlicher Referent")
    day = (start + timedelta(days=3)).strftime("%d.%m.%Y")
    dialogs(monkeypatch, pick(day))
    assert editor.consultation.add_session()
    assert view.save()
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    assert editor.warnings_label.isVisibleTo(editor)
    assert "verspätet" in editor.warnings_label.text()
    assert paper(demo, editor.paper_id or 0).status == "freigegeben"  # not blocked


def test_released_paper_is_read_only_until_a_new_version(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    assert editor.master.subject.isReadOnly()

    editor.unlock()  # "Neue Fassung bearbeiten"
    assert not editor.master.subject.isReadOnly()
    editor.master.subject.setText("Sachstand im Netzwerk, zweite Fassung")
    assert view.save()
    assert paper(demo, pid).changed_since_release
    assert editor.status.release_again_button.isVisibleTo(editor)
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    data = paper(demo, pid)
    assert [v.version for v in data.versions] == [1, 2]
    assert data.status == "freigegeben"
    with demo.session() as session:
        first = ps.paper_pdf(session, pid, version=1).data
        second = ps.paper_pdf(session, pid, version=2).data
    assert first != second  # version 1 stays as it was released


def test_every_status_step_can_be_undone_and_redone(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    seen = dialogs(monkeypatch, accept_status(note="im HFA"))
    editor.status.status_buttons["in_beratung"].click()
    assert len(seen) == 1
    assert paper(demo, pid).status == "in_beratung"
    dialogs(monkeypatch, accept_status(note="Stadtrat"))
    editor.status.status_buttons["beschlossen"].click()
    assert paper(demo, pid).status == "beschlossen"

    window.undo()  # Ctrl+Z: back in Beratung, the step is gone from the history
    data = paper(demo, pid)
    assert data.status == "in_beratung"
    assert [h.to_status for h in data.history][-1] == "in_beratung"
    assert set(editor.status.status_buttons) >= {"beschlossen"}  # the editor shows the status again
    window.undo()
    assert paper(demo, pid).status == "freigegeben"
    window.redo()
    window.redo()
    data = paper(demo, pid)
    assert data.status == "beschlossen"
    assert [h.note for h in data.history][-2:] == ["im HFA", "Stadtrat"]
    assert [v.version for v in data.versions] == [1]


def test_undo_and_redo_of_an_edit(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    editor.master.subject.setText("Geänderter Gegenstand")
    editor.master.public.setCurrentIndex(1)  # nichtöffentlich
    assert editor.is_dirty()
    window.action_registry[ActionId.SAVE].trigger()
    assert paper(demo, pid).subject == "Geänderter Gegenstand"
    assert not paper(demo, pid).is_public

    assert "Ändern von" in window.ops.undo_stack.undo_text
    window.undo()
    data = paper(demo, pid)
    assert data.subject == "Sachstand im Netzwerk „Engagierte Stadt“"
    assert data.is_public
    assert editor.master.subject.text() == data.subject  # the editor shows it
    window.redo()
    assert paper(demo, pid).subject == "Geänderter Gegenstand"


def test_delete_and_undo(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = m006(demo)
    view.open_item(pid)
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    assert view.delete_current()
    with demo.session() as session:
        assert ps.list_papers(session) == []
    assert view.model.rowCount() == 0
    window.undo()
    with demo.session() as session:
        assert [r.reference for r in ps.list_papers(session)] == ["M006-2021"]
    assert view.model.rowCount() == 1


def test_missing_subject_is_shown_at_the_field(view: SessionsView, demo: Database) -> None:
    view.new_item()
    assert not view.save()
    assert "Gegenstand" in view.editor.field_error("subject")
    with demo.session() as session:
        assert len(ps.list_papers(session)) == 1


def test_accessible_names(view: SessionsView) -> None:
    editor = view.editor
    for widget in (
        view.table,
        view.search,
        editor.master.subject,
        editor.text.body_edit,
        editor.consultation.table,
        editor.text.block_button,
        view.preview.print_button,
        view.preview.save_button,
        view.session_table,
    ):
        assert widget.accessibleName(), widget


def test_file_attachment_and_undo(
    view: SessionsView,
    demo: Database,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    assert view.save()
    pid = view.editor.paper_id
    assert pid is not None
    source = tmp_path / "Präsentation Netzwerk.pdf"
    source.write_bytes(b"%PDF-1.4 Anlage")
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [str(source)])
    assert view.editor.attachments.choose_files() == 1
    assert [a.title for a in paper(demo, pid).attachments] == ["Präsentation Netzwerk"]
    assert view.editor.attachments.table.rowCount() == 1  # the editor shows it
    window.undo()
    assert paper(demo, pid).attachments == []
    window.redo()
    assert [a.filename for a in paper(demo, pid).attachments] == ["Präsentation Netzwerk.pdf"]
    source.unlink()  # redo and undo below work from the stored bytes, not from the file

    second = tmp_path / "Zeitplan.pdf"
    second.write_bytes(b"%PDF-1.4 Zeitplan")
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [str(second)])
    assert view.editor.attachments.choose_files() == 1
    view.editor.attachments.table.selectRow(0)  # the first Anlage, as a click would
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    assert view.editor.attachments.remove()
    assert [a.title for a in paper(demo, pid).attachments] == ["Zeitplan"]
    window.undo()  # back at its place, with its bytes
    restored = paper(demo, pid).attachments
    assert [a.title for a in restored] == ["Präsentation Netzwerk", "Zeitplan"]
    with demo.session() as session:
        assert ps.attachment_content(session, restored[0].id) == b"%PDF-1.4 Anlage"
    window.redo()
    assert [a.title for a in paper(demo, pid).attachments] == ["Zeitplan"]


def test_tab_walks_the_form_in_reading_order(view: SessionsView) -> None:
    """The keyboard order the sections set up together: master data, signature, proposal,
    Beratungsfolge, Sachverhalt, answer, finances, links, attachments, then the save bar."""
    editor = view.editor
    editor.new_paper("B")
    council = editor.council
    expected = [
        editor.master.type_combo,
        editor.master.paper_date,
        editor.master.public,
        editor.master.submitter,
        editor.master.submitter_pick,
        editor.master.lead_office,
        editor.master.lead_pick,
        editor.master.subject,
        *council.line_edits()[:5],
        council.proposal,
        editor.consultation.table,
        editor.consultation.add_session_button,
        editor.consultation.up_button,
        editor.consultation.down_button,
        editor.consultation.remove_button,
        editor.text.block_button,
        editor.text.body_edit,
        council.answer,
        editor.text.financial,
        editor.text.financial_button,
        *council.line_edits()[5:],
        editor.links.list,
        editor.links.link_contact_button,
        editor.links.link_agreement_button,
        editor.links.link_event_button,
        editor.links.unlink_button,
        editor.attachments.table,
        editor.attachments.attach_document_button,
        editor.attachments.attach_file_button,
        editor.attachments.remove_button,
        editor.discard_button,
        editor.save_button,
    ]
    seen = []
    widget = expected[0]
    for _step in range(5000):
        widget = widget.nextInFocusChain()
        if any(widget is w for w in expected):
            seen.append(widget)
        if widget is expected[-1] or widget is expected[0]:
            break
    assert [w.accessibleName() for w in seen] == [w.accessibleName() for w in expected[1:]]
