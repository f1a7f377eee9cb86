"""The one import plan (core/services/imports.py): routing by content, one error boundary,
files previewed together, one commit."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import imports
from contactdesk.core.services import schedule as sc

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "realworld"
INVITATION = REAL / "outlook365_de_einladung.eml"
CANCELLATION = REAL / "outlook2010_de_absage_cp1252.eml"


@pytest.fixture
def session(core_db: Database) -> Iterator[Session]:
    with core_db.session() as s:
        yield s


def copy_as(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(source, target)
    return target


def msg_reader() -> imports.Reader:
    return next(r for r in imports.READERS if r.key == "msg")


# --------------------------------------------------------------------------- routing


@pytest.mark.parametrize(
    ("source", "name", "kind"),
    [
        (DATA / "contacts" / "thunderbird_30.vcf", "adressen.txt", "vcard"),
        (DATA / "contacts" / "thunderbird_30.vcf", "ohne_endung", "vcard"),
        (DATA / "ics" / "thunderbird.ics", "kalender.vcf", "ics"),  # content beats suffix
        (INVITATION, "einladung.ics", "eml"),  # a mail saved with the wrong suffix
        (INVITATION, "Einladung.EML", "eml"),
        (DATA / "ics" / "thunderbird.ics", "frei-belegt.ifb", "ics"),
        (DATA / "contacts" / "outlook_de_bom_semicolon.csv", "export.txt", "csv"),
        (DATA / "contacts" / "outlook_en_comma.csv", "KONTAKTE.CSV", "csv"),
    ],
)
def test_files_are_routed_by_content_first(
    tmp_path: Path, source: Path, name: str, kind: str
) -> None:
    [routed] = imports.route([copy_as(tmp_path, source, name)])
    assert routed.state == imports.READ and routed.reader is not None
    assert routed.reader.key == kind


def test_utf16_vcard_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "outlook.dat"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Weiß;Katrin\r\nEND:VCARD\r\n".encode("utf-16")
    )
    [routed] = imports.route([path])
    assert routed.reader is not None and routed.reader.key == "vcard"


def test_unsupported_files_get_a_german_reason(tmp_path: Path) -> None:
    pdf = tmp_path / "Brief.PDF"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    doc = tmp_path / "Protokoll.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # OLE, but no .msg
    empty = tmp_path / "leer.dat"
    empty.write_bytes(b"")
    routed = imports.route([pdf, doc, empty])
    assert [r.state for r in routed] == [imports.UNSUPPORTED] * 3
    assert "Das Dateiformat „.PDF“ wird nicht unterstützt" in routed[0].reason
    assert "vCard (.vcf)" in routed[0].reason and "Datei Brief.PDF" in routed[0].reason
    assert "„.doc“" in routed[1].reason


def test_outlook_msg_goes_to_the_msg_reader_or_is_named_unsupported() -> None:
    [routed] = imports.route([REAL / "outlook365_kontakt_gezogen.msg"])
    assert routed.reader is msg_reader()
    if msg_reader().available():
        assert routed.state == imports.READ
    else:
        assert routed.state == imports.UNSUPPORTED
        assert "„.msg“ wird nicht unterstützt" in routed.reason
        assert "in Outlook als vCard oder iCalendar" in routed.reason


def test_missing_files_and_folders_fail(tmp_path: Path) -> None:
    missing, folder = imports.route([tmp_path / "fehlt.ics", tmp_path])
    assert missing.state == imports.FAILED and "nicht gefunden" in missing.reason
    assert "fehlt.ics" in missing.reason and str(tmp_path) not in missing.reason
    assert folder.state == imports.FAILED and "Ordner" in folder.reason


def test_each_file_once(tmp_path: Path) -> None:
    path = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "a.vcf")
    assert len(imports.route([path, str(path), path])) == 1


def test_a_new_format_is_one_entry_in_the_table(
    tmp_path: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A made-up "Namensliste" format: one Reader, and route, preview and commit use it."""

    def read(data: bytes, name: str) -> imports.FileContent:
        people = [line for line in data.decode().splitlines()[1:] if line.strip()]
        return imports.FileContent(
            contacts=[
                imports.MessageContact(
                    i, cs.ContactData(first_name=p.split()[0], last_name=p.split()[1])
                )
                for i, p in enumerate(people, 1)
            ]
        )

    names = imports.Reader(
        "names",
        "Namensliste",
        (".names",),
        frozenset({imports.CONTACTS}),
        lambda head, suffix: head.startswith(b"NAMENSLISTE"),
        read,
    )
    monkeypatch.setattr(imports, "READERS", (*imports.READERS, names))
    path = tmp_path / "liste.txt"
    path.write_text("NAMENSLISTE\nKatrin Weiß\nJörg Müller\n", encoding="utf-8")
    plan = imports.preview(session, [path])
    assert plan.read_files[0].reader is names
    assert plan.contacts is not None and [e.status for e in plan.contacts.entries] == ["neu"] * 2
    report = imports.commit(session, plan)
    assert report.contacts is not None and len(report.contacts.created) == 2


# --------------------------------------------------------------------------- the boundary


def test_an_unexpected_reader_error_names_the_file_and_imports_nothing(
    tmp_path: Path,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom(data: bytes, name: str) -> imports.FileContent:
        raise ZeroDivisionError("internal detail 4711")

    readers = tuple(
        dataclasses.replace(r, read=boom) if r.key == "ics" else r for r in imports.READERS
    )
    monkeypatch.setattr(imports, "READERS", readers)
    good = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "gut.vcf")
    bad = copy_as(tmp_path, DATA / "ics" / "thunderbird.ics", "kalender.ics")
    with caplog.at_level(logging.ERROR, logger="contactdesk.core.services.imports"):
        plan = imports.preview(session, [good, bad])
    [error] = plan.errors
    assert "unerwarteten Fehlers" in error and "Datei kalender.ics" in error
    assert "4711" not in error and "ZeroDivisionError" not in error
    assert "4711" in caplog.text  # the detail is in the log
    assert plan.read_files == [plan.files[0]]
    with pytest.raises(ImportError_, match="Es wurde nichts importiert"):
        imports.commit(session, plan)
    assert cs.count_contacts(session) == 0


def test_a_damaged_file_blocks_the_whole_import(tmp_path: Path, session: Session) -> None:
    good = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "gut.vcf")
    bad = tmp_path / "bild.vcf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    broken = tmp_path / "kaputt.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    plan = imports.preview(session, [good, bad, broken])
    assert len(plan.errors) == 2
    assert any("Binärdaten" in e and "bild.vcf" in e for e in plan.errors)
    assert any("kaputt.ics" in e for e in plan.errors)
    data = plan.to_dict()
    assert data["preview"]["files"] == ["gut.vcf", "bild.vcf"]
    assert "calendar" not in data  # as before: no calendar preview when a calendar file failed


def test_unsupported_files_are_left_out_and_the_rest_is_imported(
    tmp_path: Path, session: Session
) -> None:
    pdf = tmp_path / "Brief.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "gut.vcf")
    plan = imports.preview(session, [pdf, good])
    assert plan.ok and [f.name for f in plan.unsupported] == ["Brief.pdf"]
    assert plan.to_dict()["unsupported"][0]["file"] == "Brief.pdf"
    report = imports.commit(session, plan)
    assert report.contacts is not None and report.contacts.created


# --------------------------------------------------------------------------- together


@pytest.mark.parametrize("order", [1, -1])
def test_invitation_and_its_cancellation_in_one_plan(session: Session, order: int) -> None:
    plan = imports.preview(session, [INVITATION, CANCELLATION][::order])
    assert plan.calendar is not None
    actions = {e.file: (e.action, e.reason) for e in plan.calendar.entries}
    assert actions[INVITATION.name] == ("neu", "")
    assert actions[CANCELLATION.name] == ("absagen", "")
    report = imports.commit(session, plan)
    assert report.events is not None and len(report.events.cancelled) == 1
    uid = next(e.event.uid for e in plan.calendar.entries if e.event is not None)
    event_id = sc.find_by_uid(session, uid)
    assert event_id is not None and sc.get_event(session, event_id).status == "abgesagt"


def test_contact_files_are_previewed_together(tmp_path: Path, session: Session) -> None:
    first = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "eins.vcf")
    second = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "zwei.txt")
    plan = imports.preview(session, [first, second])
    assert plan.contacts is not None
    statuses = {e.file: e.status for e in plan.contacts.entries}
    assert statuses == {"eins.vcf": "neu", "zwei.txt": "doppelt"}


def test_progress_can_cancel_reading_and_writing(tmp_path: Path, session: Session) -> None:
    path = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "a.vcf")
    with pytest.raises(imports.ImportCancelled):
        imports.preview(session, [path], progress=lambda done, total, text="": done == 0)
    seen: list[tuple[int, int, str]] = []
    plan = imports.preview(
        session, [path], progress=lambda d, t, text="": seen.append((d, t, text)) or True
    )
    assert seen[0][:2] == (0, 2) and seen[-1][:2] == (2, 2)
    assert any("a.vcf" in text for _d, _t, text in seen)  # says which file is being read
    with pytest.raises(imports.ImportCancelled, match="nichts geändert"):
        imports.commit(session, plan, progress=lambda done, total, text="": done < 1)


def test_a_callback_that_raises_cancelled_cancels_with_the_import_message(
    tmp_path: Path, session: Session
) -> None:
    from contactdesk.core.progress import Cancelled

    path = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "a.vcf")
    plan = imports.preview(session, [path])

    def progress(done: int, total: int, text: str = "") -> None:
        if done >= 1:
            raise Cancelled

    with pytest.raises(imports.ImportCancelled, match="nichts geändert"):
        imports.commit(session, plan, progress=progress)


def test_update_option_updates_matches(tmp_path: Path, session: Session) -> None:
    path = copy_as(tmp_path, DATA / "contacts" / "thunderbird_30.vcf", "a.vcf")
    imports.commit(session, imports.preview(session, [path]))
    again = imports.preview(session, [path])
    report = imports.commit(session, again, imports.ImportOptions(default_for_matches="update"))
    assert report.contacts is not None and report.contacts.updated
    assert report.to_dict()["contacts"]["updated"] == report.contacts.updated


def test_a_file_over_the_limit_is_not_read(
    tmp_path: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contactdesk.core.services import contact_exchange as cx

    monkeypatch.setattr(cx, "MAX_FILE_SIZE", 1024 * 1024)
    path = tmp_path / "riesig.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n" * 40000)
    plan = imports.preview(session, [path])
    [error] = plan.errors
    assert "zu groß" in error and "höchstens 1 MB" in error and "riesig.vcf" in error


def test_remarks_of_a_reader_reach_the_calendar_entries(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an Outlook item loses on the way (helper msg's warnings) is shown with its events."""
    from contactdesk.core.formats import ical

    def read(data: bytes, name: str) -> imports.FileContent:
        return imports.FileContent(
            calendars=[ical.parse(data, name)], notes=["Die Anlage „Plan.pdf“ fehlt"]
        )

    readers = tuple(
        dataclasses.replace(r, read=read) if r.key == "ics" else r for r in imports.READERS
    )
    monkeypatch.setattr(imports, "READERS", readers)
    plan = imports.preview(session, [DATA / "ics" / "outlook_windows_tz.ics"])
    assert plan.calendar is not None and plan.calendar.entries
    assert {e.reason for e in plan.calendar.entries} == {"Die Anlage „Plan.pdf“ fehlt"}
