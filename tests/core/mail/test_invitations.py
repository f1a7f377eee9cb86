"""Sending invitations through a real SMTP server: who gets them, what arrives, what is marked."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from contactdesk.core.db import Database
from contactdesk.core.errors import ValidationError
from contactdesk.core.mail.smtp import SmtpConfig, SmtpError, SmtpTransport
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import invitations as inv
from contactdesk.core.services import schedule as sc
from tests.core.formats.icaljs import parse_with_icaljs
from tests.core.mail.smtpserver import PASSWORD, USER, Server, free_port, smtp_server

NOW = datetime(2027, 2, 1, 8, 30, tzinfo=UTC)


def transport(server: Server) -> SmtpTransport:
    cfg = SmtpConfig(
        host=server.host,
        port=server.port,
        user=USER,
        password=PASSWORD,
        sender_name="Jörg Urban",
        sender_email=USER,
        timeout=5,
    )
    return SmtpTransport(cfg, context=server.client_context)


ORGANISER = calx.Organiser("Jörg Urban", USER)


def participants(db: Database, event_id: int) -> dict[str, sc.ParticipantData]:
    with db.session() as s:
        return {p.contact_name: p for p in sc.get_event(s, event_id).participants}


def test_plan_names_recipients_and_reasons_and_changes_nothing(
    core_db: Database, world: dict[str, int]
) -> None:
    with core_db.session() as s:
        plan = inv.plan_sending(s, world["event"], "request", organiser=ORGANISER)
    assert [r.email for r in plan.recipients] == [
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
        "unbekannt@example.de",
    ]
    reasons = {p.name: p.reason for p in plan.left_out}
    assert reasons["Kein Postfach"] == "keine E-Mail-Adresse"
    assert reasons["Stefan Groß"].startswith("keine Einwilligung")
    assert "hatte zugesagt" in reasons["Stefan Groß"]  # invited and accepted before
    assert [p.notify_otherwise for p in plan.left_out] == [True, False]
    assert plan.subject == "Einladung: Workshop „Engagement“"
    assert "Jörg Urban" in plan.text  # signed by the configured sender
    assert all(p.sent_at is None for p in participants(core_db, world["event"]).values())


def test_send_delivers_one_imip_request_and_marks_only_the_accepted(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        plan = inv.plan_sending(s, world["event"], organiser=ORGANISER)
    plan.subject = "Einladung zum Workshop"  # edited in the preview
    plan.text = "Liebe Engagierte,\n\nbitte kommt zahlreich."
    with smtp_server(tmp_path) as server, core_db.session() as s:
        result = inv.send(s, plan, transport(server), now=NOW)
    assert [r.email for r in result.accepted] == [
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
    ]
    assert [(r.recipient.email, r.answer[:3]) for r in result.refused] == [
        ("unbekannt@example.de", "550")
    ]
    [received] = server.handler.messages
    assert sorted(received.rcpt_tos) == ["ayse@weisswasser.example", "lena@jugendclub83.example"]
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Message-ID"].strip() == result.message_id.strip()
    assert message["From"].addresses[0].addr_spec == USER
    assert message["Subject"] == "Einladung zum Workshop"
    assert "X-Unsent" not in message
    alternative, attachment = message.get_payload()
    plain, html, calendar = alternative.get_payload()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert "bitte kommt zahlreich" in plain.get_content()
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "einladung.ics"
    cal = Calendar.from_ical(calendar.get_content())
    assert str(cal["METHOD"]) == "REQUEST"
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["ORGANIZER"]) == f"mailto:{USER}"
    assert vevent["ORGANIZER"].params["CN"] == "Jörg Urban"
    assert "VALARM" not in [c.name for c in vevent.subcomponents]  # no reminder set
    path = tmp_path / "part.ics"
    path.write_bytes(calendar.get_payload(decode=True))
    parsed = parse_with_icaljs(path)
    [ev] = parsed["events"]
    assert ev["summary"] == "Workshop „Engagement“"
    assert ev["start_utc"] == "2027-03-04T15:00:00.000Z"
    assert {a["email"] for a in ev["attendees"]} >= {
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
    }
    people = participants(core_db, world["event"])
    assert people["Lena Müller"].invitation == "eingeladen"
    assert people["Lena Müller"].sent_at == NOW
    assert people["Ayşe Öztürk"].sent_at == NOW
    assert people["Uwe Unbekannt"].sent_at is None  # refused by the server
    assert people["Uwe Unbekannt"].invitation == "nicht_eingeladen"
    assert people["Kein Postfach"].sent_at is None  # left out: never marked
    assert people["Kein Postfach"].invitation == "nicht_eingeladen"
    assert people["Stefan Groß"].sent_at is None
    assert inv.sent_label("eingeladen", NOW) == "eingeladen (gesendet am 01.02.2027, 09:30)"


def test_failed_connection_changes_nothing(core_db: Database, world: dict[str, int]) -> None:
    cfg = SmtpConfig(host="127.0.0.1", port=free_port(), sender_email=USER, timeout=3)
    with core_db.session() as s:
        plan = inv.plan_sending(s, world["event"], "cancel", organiser=ORGANISER)
    with pytest.raises(SmtpError) as info, core_db.session() as s:
        inv.send(s, plan, SmtpTransport(cfg), now=NOW)
    assert info.value.cause == "refused"
    with core_db.session() as s:
        data = sc.get_event(s, world["event"])
    assert data.status != "abgesagt" and data.sequence == 0  # the cancel was rolled back
    assert all(p.sent_at is None for p in data.participants)


def test_cancel_is_sent_and_cancels_the_event(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        plan = inv.plan_sending(s, world["event"], "cancel", organiser=ORGANISER)
    assert plan.subject.startswith("Abgesagt:")
    with smtp_server(tmp_path) as server, core_db.session() as s:
        inv.send(s, plan, transport(server), now=NOW)
    message = email.message_from_bytes(server.handler.messages[0].data, policy=email.policy.default)
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "CANCEL"
    [vevent] = Calendar.from_ical(calendar.get_content()).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1
    with core_db.session() as s:
        assert sc.get_event(s, world["event"]).status == "abgesagt"


def test_nobody_to_invite_is_refused(core_db: Database) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s,
                sc.EventData(
                    title="Leer", start=datetime(2027, 1, 5, 10), end=datetime(2027, 1, 5, 11)
                ),
            ).event.id
            or 0
        )
        plan = inv.plan_sending(s, eid, organiser=ORGANISER)
        assert plan.recipients == []
        with pytest.raises(ValidationError, match="Niemand kann per E-Mail eingeladen werden"):
            inv.send(s, plan, SmtpTransport(SmtpConfig(host="x", sender_email=USER)))


def test_no_sender_anywhere_is_refused_in_german(core_db: Database) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s,
                sc.EventData(
                    title="Ohne", start=datetime(2027, 1, 5, 10), end=datetime(2027, 1, 5, 11)
                ),
            ).event.id
            or 0
        )
        with pytest.raises(ValidationError, match="keine Absenderadresse"):
            inv.plan_sending(s, eid)


def test_a_cancelled_event_gets_no_invitation(core_db: Database, world: dict[str, int]) -> None:
    with core_db.session() as s:
        sc.cancel_event(s, world["event"])
        with pytest.raises(ValidationError, match="Der Termin ist abgesagt"):
            inv.plan_sending(s, world["event"], "request", organiser=ORGANISER)
        assert inv.plan_sending(s, world["event"], "cancel", organiser=ORGANISER).recipients


def test_an_event_edited_before_anyone_was_invited_is_no_update(
    core_db: Database, world: dict[str, int]
) -> None:
    with core_db.session() as s:
        data = sc.get_event(s, world["event"])
        for p in data.participants:
            p.invitation = "nicht_eingeladen"
        sc.update_event(s, world["event"], data)
        data = sc.get_event(s, world["event"])
        data.room = "Saal"  # raises SEQUENCE
        assert sc.update_event(s, world["event"], data).event.sequence == 1
        plan = inv.plan_sending(s, world["event"], organiser=ORGANISER)
    assert not plan.is_update and plan.subject.startswith("Einladung:")
