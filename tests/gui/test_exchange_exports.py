"""Export from the main window: contact and calendar exports that parse back, invitations with
their left-out report, cancellations, the "Öffnen" button, context menus, Outlook drags."""

from __future__ import annotations

import csv
import email
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QMenu

from contactdesk.core.db import Database
from contactdesk.core.formats import vcard
from contactdesk.core.services import schedule as sc
from contactdesk.gui import exchange, prompts
from contactdesk.gui.dialogs import export_done, import_preview
from contactdesk.gui.dialogs.export_options import (
    SCOPE_SELECTED,
    CalendarExportDialog,
    ContactScopeDialog,
    OrganiserDialog,
)
from contactdesk.gui.mainwindow import MainWindow
from tests.core.formats.icaljs import parse_with_icaljs
from tests.gui.exchange_support import (
    ACCEPTED,
    CONTACTS,
    ICS,
    Boxes,
    Done,
    demo,
    dialogs,
    drop_on,
    find_event_id,
    open_event,
    save_to,
)
from tests.gui.helpers import add_person, get, names

# ------------------------------------------------------------------ contact exports


def test_export_contacts_as_outlook_csv_and_vcard(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_person(db, "Jörg", "Müller", "j.mueller@bitterfeld-wolfen.example")
    add_person(db, "Ayşe", "Öztürk", "ayse@jugendclub83.example", notes="=SUMME(A1)")
    done = Done(monkeypatch)
    asked = save_to(monkeypatch, tmp_path / "kontakte")  # the suffix is added
    window.show_area("agreements")  # outside Kontakte: all contacts, no question
    path = window.exchange.export_contacts(exchange.CSV)
    assert path == tmp_path / "kontakte.csv"
    assert asked[0].endswith("kontakte-outlook.csv")
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted((r["Vorname"], r["Nachname"]) for r in rows) == [
        ("Ayşe", "Öztürk"),
        ("Jörg", "Müller"),
    ]
    assert all(not r["Notizen"].startswith("=") for r in rows)
    assert done.summaries == ["2 Kontakte als Outlook-CSV exportiert."]
    assert done.opened == [path]  # "Öffnen" hands exactly this file to the system

    save_to(monkeypatch, tmp_path / "alle.vcf")
    vcf = window.exchange.export_contacts(exchange.VCARD)
    assert vcf is not None
    cards = vcard.parse(vcf.read_bytes(), vcf.name)
    assert sorted(c.contact.last_name for c in cards if c.contact) == ["Müller", "Öztürk"]
    assert b"VERSION:3.0" in vcf.read_bytes()
    assert done.opened[-1] == vcf


def test_contacts_area_offers_the_selected_contact(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_person(db, "Jörg", "Müller", "j.mueller@bitterfeld-wolfen.example")
    add_person(db, "Lena", "Schulz", "lena@jugendclub83.example")
    window.show_area("contacts")
    window.contacts.reload()
    model = window.contacts.model
    row = next(
        i for i in range(model.rowCount()) if model.contact_row(i).display_name == "Lena Schulz"
    )
    window.contacts.select_row(row)
    selected = window.contacts.selected_contact_id()
    assert selected is not None
    scopes: list[list[str]] = []

    def choose(dialog: QDialog) -> int:
        assert isinstance(dialog, ContactScopeDialog)
        scopes.append(list(dialog.options))
        dialog.options[SCOPE_SELECTED].setChecked(True)
        return ACCEPTED

    monkeypatch.setattr(prompts, "exec_dialog", choose)
    done = Done(monkeypatch)
    save_to(monkeypatch, tmp_path / "einer.zip")
    path = window.exchange.export_contacts(exchange.VCARD_ZIP)
    assert scopes == [["all", "selected"]]
    with zipfile.ZipFile(path) as archive:
        members = archive.namelist()
        assert len(members) == 1
        data = archive.read(members[0])
    assert b"VERSION:2.1" in data
    assert get(db, selected).last_name.encode() in data
    assert done.summaries[0].startswith("1 Kontakt ")


def test_export_with_no_contacts_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes()
    monkeypatch.setattr(prompts, "exec_box", boxes)
    assert window.exchange.export_contacts(exchange.VCARD) is None
    assert boxes.seen[0][1] == "Es gibt noch keine Kontakte zum Exportieren."


# ------------------------------------------------------------------ calendar exports


def test_calendar_export_parses_back_with_icaljs(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    demo(db)
    with db.session() as session:
        expected = {
            d.uid for d in sc.get_events(session, [find_event_id(db, "Workshop Engagement")])
        }

    def options(dialog: QDialog) -> int:
        assert isinstance(dialog, CalendarExportDialog)
        dialog.range_combo.setCurrentIndex(dialog.range_combo.findData("all"))
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("workshop"))
        dialog.name_edit.setText("Workshops Bitterfeld-Wolfen")
        return ACCEPTED

    monkeypatch.setattr(prompts, "exec_dialog", options)
    done = Done(monkeypatch)
    save_to(monkeypatch, tmp_path / "kalender.ics")
    path = window.exchange.export_calendar()
    assert path is not None
    parsed = parse_with_icaljs(path)
    assert parsed["method"] == "PUBLISH"
    assert parsed["calname"] == "Workshops Bitterfeld-Wolfen"
    titles = sorted(e["summary"] for e in parsed["events"])
    assert titles and all("orkshop" in t for t in titles)
    assert expected <= {e["uid"] for e in parsed["events"]}
    assert done.summaries[0].startswith(f"{len(titles)} Einträge")


def test_calendar_range_dialog_checks_the_dates(qtbot: Any) -> None:
    from datetime import date

    dialog = CalendarExportDialog(date(2021, 9, 1))
    qtbot.addWidget(dialog)
    dialog.range_combo.setCurrentIndex(dialog.range_combo.findData("custom"))
    dialog.date_from.set_value(date(2021, 12, 1))
    dialog.date_to.set_value(date(2021, 11, 1))
    dialog.accept()
    assert dialog.result() != ACCEPTED and "vor seinem Beginn" in dialog.error.text()
    dialog.range_combo.setCurrentIndex(dialog.range_combo.findData("year"))
    dialog.deadlines.setChecked(True)
    choice = dialog.choice()
    assert (choice.start, choice.end, choice.deadlines) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
        True,
    )


# ------------------------------------------------------------------ invitations


def test_invitation_for_demo_event_reports_who_was_left_out(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    demo(db)
    event_id = find_event_id(db, "Präsenzveranstaltung")
    open_event(window, event_id)
    window.exchange.update_actions()
    assert window.exchange.actions[exchange.INVITATION].isEnabled()
    done = Done(monkeypatch)
    asked = save_to(monkeypatch, tmp_path / "einladung.ics")
    path = window.exchange.export_invitation("REQUEST")
    assert path == tmp_path / "einladung.ics"
    assert Path(asked[0]).name.startswith("einladung-Präsenzveranstaltung")
    parsed = parse_with_icaljs(path)
    assert parsed["method"] == "REQUEST" and len(parsed["events"]) == 1
    ev = parsed["events"][0]
    assert ev["organizer"] == "mailto:urban@bitterfeld-wolfen.example"
    assert len(ev["attendees"]) == 3
    assert sorted(done.left_out[0]) == [
        "Jürgen Maier – keine Einwilligung, Einladungen zu erhalten",
        "Stefan Groß – keine Einwilligung, Einladungen zu erhalten",
        "Thomas Lehmann – keine Einwilligung, Einladungen zu erhalten",
    ]
    assert "an 3 Empfänger" in done.summaries[0]
    assert done.opened == [path]

    # the same as an e-mail Outlook opens as a meeting request
    save_to(monkeypatch, tmp_path / "einladung.eml")
    eml_path = window.exchange.export_email()
    assert eml_path is not None
    message = email.message_from_bytes(eml_path.read_bytes())
    assert len(message.get_all("To")[0].split(",")) == 3
    calendar_parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_parts and calendar_parts[0].get_param("method") == "REQUEST"
    assert len(done.left_out[-1]) == 3


def test_invitation_without_organiser_asks_and_remembers(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    demo(db)
    event_id = find_event_id(db, "Interessenbekundung")
    open_event(window, event_id)
    asked: list[str] = []

    def organiser(dialog: QDialog) -> int:
        assert isinstance(dialog, OrganiserDialog)
        asked.append(dialog.windowTitle())
        dialog.name_edit.setText("Björn Schäfer")
        dialog.email_edit.setText("kein-at-zeichen")
        dialog.accept()  # refused: not an address
        assert not dialog.error.isHidden()
        dialog.email_edit.setText("b.schaefer@bitterfeld-wolfen.example")
        return ACCEPTED

    monkeypatch.setattr(prompts, "exec_dialog", organiser)
    Done(monkeypatch)
    save_to(monkeypatch, tmp_path / "einladung.ics")
    path = window.exchange.export_invitation("REQUEST")
    assert path is not None and len(asked) == 1
    parsed = parse_with_icaljs(path)
    assert parsed["events"][0]["organizer"] == "mailto:b.schaefer@bitterfeld-wolfen.example"
    assert window.settings.organiser_email == "b.schaefer@bitterfeld-wolfen.example"
    # next time the settings answer: no question
    monkeypatch.setattr(
        prompts,
        "exec_dialog",
        lambda d: (
            ACCEPTED if isinstance(d, export_done.ExportDoneDialog) else pytest.fail("asked again")
        ),
    )
    assert window.exchange.export_invitation("REQUEST") is not None


def test_cancellation_asks_marks_the_event_and_writes_cancel(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    demo(db)
    event_id = find_event_id(db, "Workshop Engagement")
    open_event(window, event_id)
    boxes = Boxes("Absagen und speichern …")
    monkeypatch.setattr(prompts, "exec_box", boxes)
    done = Done(monkeypatch)
    save_to(monkeypatch, tmp_path / "absage.ics")
    changes: list[Any] = []
    window.ops.sig_changed.connect(changes.append)
    path = window.exchange.export_invitation("CANCEL")
    assert path is not None
    assert "nicht mit Rückgängig" in boxes.seen[0][2]
    parsed = parse_with_icaljs(path)
    assert parsed["method"] == "CANCEL"
    assert parsed["events"][0]["status"] == "CANCELLED"
    with db.session() as session:
        assert sc.get_event(session, event_id).status == "abgesagt"
    assert changes and done.summaries[0].startswith("Absage für")


def test_invitation_needs_a_chosen_event(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes()
    monkeypatch.setattr(prompts, "exec_box", boxes)
    assert window.exchange.export_invitation("REQUEST") is None
    assert "gespeicherten Termin" in boxes.seen[0][1]


def test_open_path_hands_the_file_to_the_system(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    urls: list[QUrl] = []
    monkeypatch.setattr(prompts.QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    assert prompts.open_path(tmp_path / "a b.ics")
    assert urls[0].toLocalFile() == str(tmp_path / "a b.ics")


def test_export_done_dialog_opens_file_and_folder(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_path", lambda p: opened.append(p) or True)
    target = tmp_path / "einladung.ics"
    dialog = export_done.ExportDoneDialog(
        target, "Einladung gespeichert.", left_out=[("Stefan Groß", "keine E-Mail-Adresse")]
    )
    qtbot.addWidget(dialog)
    assert str(target) in dialog.path_label.accessibleName()
    dialog.folder_button.click()
    dialog.open_button.click()
    assert opened == [tmp_path, target]
    assert dialog.result() == ACCEPTED
    assert dialog.left_out_list is not None
    assert dialog.left_out_list.item(0).text() == "Stefan Groß – keine E-Mail-Adresse"


def test_cancel_while_saving_rolls_everything_back(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real runner: worker thread, progress dialog; "Abbrechen" is pressed after the
    contacts were written and before the events are: nothing stays, the status says so."""
    from contactdesk.core.services import contact_exchange
    from contactdesk.gui.dialogs import progress as progress_dialog

    runners: list[progress_dialog.ProgressRunner] = []
    real_init = progress_dialog.ProgressRunner.__init__

    def remember(self: progress_dialog.ProgressRunner, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        runners.append(self)

    monkeypatch.setattr(progress_dialog.ProgressRunner, "__init__", remember)
    real_commit = contact_exchange.commit_import
    written: list[int] = []

    def commit_then_cancel(*args: Any, **kwargs: Any) -> Any:
        report = real_commit(*args, **kwargs)  # in the worker thread, in its session
        written.extend(report.created_ids)
        runners[-1].cancel_event.set()  # what "Abbrechen" does (thread-safe)
        return report

    monkeypatch.setattr(contact_exchange, "commit_import", commit_then_cancel)
    dialogs(monkeypatch, lambda d: ACCEPTED)
    outcome = window.exchange.import_files(
        [CONTACTS / "thunderbird_30.vcf", ICS / "thunderbird.ics"]
    )
    assert outcome is None
    assert len(runners) == 2  # reading, then saving: both through the runner
    label = runners[0].dialog.labelText()
    assert "thunderbird_30.vcf" in label and "thunderbird.ics" in label
    assert written  # the contacts had been written in the session ...
    assert names(db) == []  # ... and were rolled back
    with db.session() as session:
        assert sc.find_by_uid(session, "6f2a7e3c-1d4b-4c59-9d0e-2b8f1a3c5d7e") is None
    status = window.statusBar().currentMessage()
    assert "abgebrochen" in status and "nichts geändert" in status


def test_context_menus_on_the_lists(window: MainWindow, db: Database) -> None:
    add_person(db, "Lena", "Schulz", "lena@jugendclub83.example")
    window.show_area("contacts")
    window.contacts.reload()
    window.contacts.select_row(0)
    table = window.contacts.table
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    table.customContextMenuRequested.emit(table.rect().center())
    menu = table.findChild(QMenu)
    assert menu is not None
    entries = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert entries[:2] == [
        "Ausgewählten Kontakt als vCard (.vcf) …",
        "Ausgewählten Kontakt als Outlook-CSV …",
    ]
    assert all(a.isEnabled() for a in menu.actions())
    menu.close()
    schedule: Any = window.area("events")
    assert schedule.table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


def test_an_item_dragged_out_of_outlook_is_imported(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """Outlook hands a contact over as FileGroupDescriptorW + FileContents, not as a file."""
    from tests.gui.test_outlook_drop import contact_msg, outlook_mime

    data = contact_msg()
    mime = outlook_mime([("Jörg Müller.msg", len(data))], data)
    previews: list[list[str]] = []

    def handle(dialog: QDialog) -> int:
        if isinstance(dialog, import_preview.ImportPreviewDialog):
            previews.append(sorted({r.file for r in dialog.model.rows}))
        return ACCEPTED

    dialogs(monkeypatch, handle)
    drop_on(window, mime)
    qtbot.waitUntil(lambda: "Jörg Müller" in names(db), timeout=10000)
    assert previews == [["Jörg Müller.msg"]]
