"""SMTP submission against a real server on 127.0.0.1 (aiosmtpd), with STARTTLS, SSL and AUTH."""

from __future__ import annotations

import email
import email.policy
import logging
import ssl
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contactdesk.core.errors import ValidationError
from contactdesk.core.formats import eml
from contactdesk.core.mail import imip
from contactdesk.core.mail.smtp import SmtpConfig, SmtpError, SmtpTransport
from tests.core.mail.smtpserver import PASSWORD, USER, Server, free_port, smtp_server

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


def config(server: Server, **changes: object) -> SmtpConfig:
    values: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "security": "starttls",
        "user": USER,
        "password": PASSWORD,
        "sender_name": "Jörg Urban",
        "sender_email": USER,
        "timeout": 5,
    }
    values.update(changes)
    return SmtpConfig(**values)  # type: ignore[arg-type]


def message(recipients: list[str]) -> email.message.EmailMessage:
    return imip.imip_message(
        sender=eml.Mailbox("Jörg Urban", USER),
        recipients=[eml.Mailbox("", r) for r in recipients],
        subject="Einladung: Test",
        text="Guten Tag",
        ics=b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
        method="REQUEST",
        date=NOW,
    )


def test_starttls_auth_and_send(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        transport = SmtpTransport(config(server), context=server.client_context)
        transport.test_connection()
        assert server.handler.messages == []  # the test sends nothing
        outcome = transport.send(
            message(["lena@example.de", "unbekannt@example.de"]),
            ["lena@example.de", "unbekannt@example.de"],
        )
    assert outcome.accepted == ["lena@example.de"]
    assert list(outcome.refused) == ["unbekannt@example.de"]
    assert outcome.refused["unbekannt@example.de"].startswith("550")
    assert outcome.message_id.startswith("<") and "bitterfeld-wolfen.example" in outcome.message_id
    [received] = server.handler.messages
    assert received.rcpt_tos == ["lena@example.de"]
    assert received.mail_from == USER
    assert "BODY=8BITMIME" in received.mail_options  # the calendar part is 8-bit UTF-8
    parsed = email.message_from_bytes(received.data, policy=email.policy.default)
    assert parsed["Message-ID"].strip() == outcome.message_id.strip()
    assert parsed["From"].addresses[0].display_name == "Jörg Urban"


def test_implicit_tls_on_465_style_port(tmp_path: Path) -> None:
    with smtp_server(tmp_path, mode="ssl") as server:
        transport = SmtpTransport(config(server, security="ssl"), context=server.client_context)
        transport.test_connection()
        outcome = transport.send(message(["lena@example.de"]), ["lena@example.de"])
    assert outcome.accepted == ["lena@example.de"] and len(server.handler.messages) == 1


@pytest.mark.parametrize(
    ("mode", "changes", "cause", "words"),
    [
        ("starttls", {"password": "falsch"}, "auth", "Passwort ist falsch"),
        ("starttls", {"user": ""}, "relay", "Relaying abgelehnt"),
        ("plain", {}, "starttls", "STARTTLS"),
        ("ssl", {"security": "starttls"}, "disconnected", "Port und Sicherheit"),
        ("starttls", {"security": "ssl"}, "tls", "verschlüsselte Verbindung"),
    ],
)
def test_failures_name_their_cause(
    tmp_path: Path, mode: str, changes: dict[str, object], cause: str, words: str
) -> None:
    with smtp_server(tmp_path, mode=mode) as server:
        transport = SmtpTransport(config(server, **changes), context=server.client_context)
        with pytest.raises(SmtpError) as info:
            transport.test_connection()
    assert info.value.cause == cause
    assert words in info.value.message
    assert PASSWORD not in info.value.message and PASSWORD not in (info.value.detail or "")


def test_untrusted_certificate(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        transport = SmtpTransport(config(server))  # the system's CAs do not know it
        with pytest.raises(SmtpError) as info:
            transport.test_connection()
    assert info.value.cause == "certificate"
    assert "Zertifikat" in info.value.message


def test_refused_connection_and_unknown_host() -> None:
    cfg = SmtpConfig(host="127.0.0.1", port=free_port(), sender_email=USER, timeout=3)
    with pytest.raises(SmtpError) as info:
        SmtpTransport(cfg).test_connection()
    assert info.value.cause == "refused" and "abgelehnt" in info.value.message
    cfg = SmtpConfig(host="mail.invalid", port=587, sender_email=USER, timeout=3)
    with pytest.raises(SmtpError) as info:
        SmtpTransport(cfg).test_connection()
    assert info.value.cause == "dns" and "nicht gefunden" in info.value.message


def test_every_recipient_refused_is_reported_not_raised(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        transport = SmtpTransport(config(server), context=server.client_context)
        outcome = transport.send(message(["unbekannt@example.de"]), ["unbekannt@example.de"])
    assert outcome.accepted == [] and list(outcome.refused) == ["unbekannt@example.de"]
    assert server.handler.messages == []


def test_settings_are_checked() -> None:
    with pytest.raises(ValidationError) as info:
        SmtpConfig(host="smtp.example.de", security="none", sender_email=USER).validated()
    assert "nur ein Server auf diesem Rechner" in info.value.fields["smtp.security"]
    with pytest.raises(ValidationError) as info:
        SmtpConfig(host="", sender_email="kein-at").validated()
    assert set(info.value.fields) == {"smtp.host", "organiser.email"}
    assert SmtpConfig(host="localhost", port=25, security="none", sender_email=USER).validated()
    assert PASSWORD not in repr(config(Server("h", 1, None, ssl.create_default_context())))  # type: ignore[arg-type]


def test_password_never_in_a_log_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with smtp_server(tmp_path) as server:
        transport = SmtpTransport(config(server), context=server.client_context)
        transport.test_connection()
        transport.send(message(["lena@example.de"]), ["lena@example.de"])
        with pytest.raises(SmtpError):
            SmtpTransport(
                config(server, password=PASSWORD + "x"), context=server.client_context
            ).test_connection()
    assert caplog.records, "the transport logs what it does"
    for record in caplog.records:
        text = record.getMessage() + " " + str(record.args or "")
        assert PASSWORD not in text


def test_no_encryption_only_on_this_computer(tmp_path: Path) -> None:
    """security "none" is allowed for 127.0.0.1 (a local relay) and works without TLS."""
    with smtp_server(tmp_path, mode="plain") as server:
        transport = SmtpTransport(config(server, security="none"))
        transport.test_connection()
        outcome = transport.send(message(["lena@example.de"]), ["lena@example.de"])
    assert outcome.accepted == ["lena@example.de"]
