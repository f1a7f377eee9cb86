"""After a change of time or place: answers open again, an update to send, old replies outdated."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from contactdesk.core.db import Database
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import invitations as inv
from contactdesk.core.services import schedule as sc
from tests.core.mail.smtpserver import smtp_server
from tests.core.mail.test_invitations import ORGANISER, participants, transport

NOW = datetime(2027, 2, 1, 8, 30, tzinfo=UTC)


def _send(db: Database, event_id: int, tmp_path: Path) -> email.message.EmailMessage:
    with db.session() as s:
        plan = inv.plan_sending(s, event_id, organiser=ORGANISER)
    folder = tmp_path / f"server{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    with smtp_server(folder) as server, db.session() as s:
        inv.send(s, plan, transport(server), now=NOW)
    return email.message_from_bytes(server.handler.messages[0].data, policy=email.policy.default)


def _move(db: Database, event_id: int, **changes: object) -> sc.EventData:
    with db.session() as s:
        data = sc.get_event(s, event_id)
        for name, value in changes.items():
            setattr(data, name, value)
        return sc.update_event(s, event_id, data).event


def _reply(tmp_path: Path, uid: str, email_address: str, partstat: str, sequence: int) -> Path:
    path = tmp_path / f"antwort-{sequence}-{partstat}.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Outlook//DE\r\nMETHOD:REPLY\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270202T100000Z\r\nSEQUENCE:{sequence}\r\n"
        "DTSTART:20270304T150000Z\r\nSUMMARY:Zugesagt: Workshop\r\n"
        f"ATTENDEE;PARTSTAT={partstat}:mailto:{email_address}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_a_new_time_opens_the_answers_and_the_update_asks_again(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    event_id = world["event"]
    _send(core_db, event_id, tmp_path)
    with core_db.session() as s:
        sc.record_response(s, event_id, world["ayse"], "vorbehalt", sequence=0)
    # a title alone changes no answer
    assert not _move(core_db, event_id, title="Workshop „Engagement“ (2)").update_pending
    moved = _move(core_db, event_id, start=datetime(2027, 3, 5, 16), end=datetime(2027, 3, 5, 19))
    assert moved.update_pending and moved.sequence == 1
    people = participants(core_db, event_id)
    assert people["Lena Müller"].response == "offen"
    assert people["Lena Müller"].response_before_change == "zusage"
    assert people["Ayşe Öztürk"].response_before_change == "vorbehalt"
    assert people["Uwe Unbekannt"].response_before_change is None  # never invited
    # Stefan had accepted but may not get mail: listed for another way of notice
    with core_db.session() as s:
        plan = inv.plan_sending(s, event_id, organiser=ORGANISER)
    assert plan.is_update and plan.subject.startswith("Aktualisiert:")
    [stefan] = [p for p in plan.left_out if p.notify_otherwise]
    assert stefan.name == "Stefan Groß" and "hatte zugesagt" in stefan.reason

    message = _send(core_db, event_id, tmp_path)
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    [vevent] = Calendar.from_ical(calendar.get_content()).walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == 1
    attendees = {str(a)[7:]: a.params for a in vevent["ATTENDEE"]}
    for address in ("lena@jugendclub83.example", "ayse@weisswasser.example"):
        assert attendees[address]["PARTSTAT"] == "NEEDS-ACTION"
        assert attendees[address]["RSVP"] == "TRUE"
    with core_db.session() as s:
        data = sc.get_event(s, event_id)
    assert not data.update_pending  # sent
    lena = next(p for p in data.participants if p.contact_name == "Lena Müller")
    assert lena.sent_at == NOW


def test_a_reply_to_the_old_version_is_outdated_and_overwrites_nothing(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    event_id = world["event"]
    _send(core_db, event_id, tmp_path)
    _move(core_db, event_id, location="Rathaus Wolfen", room="")
    with core_db.session() as s:
        uid = sc.get_event(s, event_id).uid or ""
    old = _reply(tmp_path, uid, "lena@jugendclub83.example", "ACCEPTED", 0)
    with core_db.session() as s:
        preview = calx.preview_ics(s, [old])
        [entry] = preview.entries
        assert entry.action == "unverändert" and "veraltete Antwort" in entry.reason
        report = calx.commit_ics(s, preview)
    assert report.responses == []
    assert participants(core_db, event_id)["Lena Müller"].response == "offen"
    new = _reply(tmp_path, uid, "lena@jugendclub83.example", "DECLINED", 1)
    with core_db.session() as s:
        preview = calx.preview_ics(s, [new])
        assert [e.action for e in preview.entries] == ["antwort"]
        calx.commit_ics(s, preview)
    lena = participants(core_db, event_id)["Lena Müller"]
    assert lena.response == "absage" and lena.response_before_change is None


def test_an_imported_update_of_someone_elses_event_asks_for_nothing(
    core_db: Database, world: dict[str, int]
) -> None:
    event_id = world["event"]
    with core_db.session() as s:
        data = sc.get_event(s, event_id)
        data.start += timedelta(days=1)
        data.end += timedelta(days=1)
        result = sc.update_event(s, event_id, data, track_changes=False)
    assert not result.event.update_pending
    assert participants(core_db, event_id)["Stefan Groß"].response == "zusage"


def test_moving_an_event_that_took_place_asks_nobody_again(
    core_db: Database, world: dict[str, int]
) -> None:
    event_id = world["event"]
    with core_db.session() as s:
        data = sc.get_event(s, event_id)
        data.status = "durchgefuehrt"
        sc.update_event(s, event_id, data)
    moved = _move(core_db, event_id, room="Saal")  # a correction after the fact
    assert not moved.update_pending
    assert participants(core_db, event_id)["Stefan Groß"].response == "zusage"
