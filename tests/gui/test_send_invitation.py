"""Einladung senden … from the window: the preview, sending in the background to a real SMTP
server, what is marked, the Outlook draft without a server, and the banner after a change."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QDialog, QMessageBox

from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import export_done, send_invitation
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.models.schedule import P_INVITATION, P_RESPONSE
from tests.core.mail.smtpserver import PASSWORD, USER, free_port, smtp_server
from tests.core.mail.world import build_world


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    return build_world(db)


def _configure(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, host: str, port: int, cert: Path | None
) -> None:
    store = window.settings.store
    for key, value in (
        ("smtp.host", host),
        ("smtp.port", str(port)),
        ("smtp.security", "starttls"),
        ("smtp.user", USER),
        ("organiser.name", "Jörg Urban"),
        ("organiser.email", USER),
    ):
        store.set(key, value)
    monkeypatch.setenv("CONTACTDESK_SMTP_PASSWORD", PASSWORD)
    if cert is not None:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))


def _open(window: MainWindow, event_id: int) -> Any:
    assert window.show_area("events")
    view: Any = window.area("events")
    assert view.open_event(event_id)
    return view


class Preview:
    """Answers the preview: edits it with `edit`, ends it with `answer`; keeps what it showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: int, edit: Any = None) -> None:
        self.answer = answer
        self.edit = edit
        self.seen: list[dict[str, Any]] = []
        self.results: list[QMessageBox] = []
        monkeypatch.setattr(prompts, "exec_dialog", self._exec)
        monkeypatch.setattr(prompts, "show_message", self.results.append)

    def _exec(self, dialog: QDialog) -> int:
        assert isinstance(dialog, send_invitation.SendInvitationDialog)
        lists = (dialog.recipients, dialog.left_out)
        self.seen.append(
            {
                "title": dialog.windowTitle(),
                "recipients": [dialog.recipients.item(i).text() for i in range(lists[0].count())],
                "left_out": [dialog.left_out.item(i).text() for i in range(lists[1].count())],
                "notice": dialog.notice.text() if not dialog.notice.isHidden() else "",
                "send": dialog.send_button.isEnabled(),
                "draft": dialog.draft_button.isEnabled(),
            }
        )
        if self.edit is not None:
            self.edit(dialog)
        return self.answer


def test_preview_then_send_marks_only_the_accepted(
    window: MainWindow,
    db: Database,
    world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    def edit(dialog: send_invitation.SendInvitationDialog) -> None:
        assert dialog.grab().save(str(tmp_path / "send-preview.png"))  # looked at by hand
        dialog.subject.setText("Einladung zum Workshop am 4. März")
        dialog.text.setPlainText("Liebe Engagierte,\n\nwir freuen uns auf euch.")

    with smtp_server(tmp_path) as server:
        _configure(window, monkeypatch, server.host, server.port, tmp_path / "cert.pem")
        view = _open(window, world["event"])
        preview = Preview(monkeypatch, send_invitation.SEND, edit)
        result = window.exchange.send_invitation()
    assert result is not None
    [shown] = preview.seen
    assert shown["title"] == "Einladung senden" and shown["send"] and not shown["notice"]
    assert shown["recipients"] == [
        "Lena Müller <lena@jugendclub83.example>",
        "Ayşe Öztürk <ayse@weisswasser.example>",
        "Uwe Unbekannt <unbekannt@example.de>",
    ]
    assert shown["left_out"][0].startswith("Stefan Groß – keine Einwilligung")
    assert shown["left_out"][1] == "Kein Postfach – keine E-Mail-Adresse"
    [received] = server.handler.messages
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Subject"] == "Einladung zum Workshop am 4. März"
    assert "wir freuen uns auf euch" in message.get_body(("plain",)).get_content()
    [box] = preview.results
    assert "Gesendet an 2 Empfänger" in box.text()
    assert "unbekannt@example.de" in box.informativeText()  # refused by the server
    assert "Stefan Groß" in box.informativeText()  # had accepted: tell him another way
    # the participant list of the open event shows who was sent the invitation
    model = view.editor.people.participants_model
    texts = {
        model.index(r, 0).data(): model.index(r, P_INVITATION).data()
        for r in range(model.rowCount())
    }
    assert texts["Lena Müller"].startswith("eingeladen (gesendet am ")
    assert texts["Uwe Unbekannt"] == "nicht eingeladen"
    assert texts["Kein Postfach"] == "nicht eingeladen"


def test_without_a_mail_server_the_preview_offers_the_outlook_draft(
    window: MainWindow,
    world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _open(window, world["event"])
    preview = Preview(monkeypatch, send_invitation.DRAFT)
    target = tmp_path / "einladung.eml"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *_a: str(target))
    done: list[str] = []
    preview_answer = prompts.exec_dialog

    def answer(dialog: QDialog) -> int:
        if isinstance(dialog, export_done.ExportDoneDialog):  # after the draft was saved
            done.append(dialog.summary_label.text())
            return 0
        return preview_answer(dialog)

    monkeypatch.setattr(prompts, "exec_dialog", answer)
    assert window.exchange.send_invitation() is None
    [shown] = preview.seen
    assert not shown["send"] and shown["draft"]
    assert "kein Mailserver eingerichtet" in shown["notice"]
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and "From" not in message
    assert done and "gespeichert" in done[0]


def test_a_network_error_changes_nothing_and_offers_the_draft(
    window: MainWindow,
    db: Database,
    world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _configure(window, monkeypatch, "127.0.0.1", free_port(), None)
    _open(window, world["event"])
    Preview(monkeypatch, send_invitation.SEND)
    said: list[tuple[str, str]] = []

    def answer(box: QMessageBox) -> object:
        said.append((box.text(), box.informativeText()))
        return next(b for b in box.buttons() if b.text() == "Abbrechen")

    monkeypatch.setattr(prompts, "exec_box", answer)
    assert window.exchange.send_invitation() is None
    [(text, info)] = said
    assert "abgelehnt" in text and "nichts gesendet und nichts geändert" in text
    assert "Entwurf" in info
    with db.session() as s:
        assert all(p.sent_at is None for p in sc.get_event(s, world["event"]).participants)


def test_banner_after_a_change_until_the_update_is_sent(
    window: MainWindow,
    db: Database,
    world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    event_id = world["event"]
    with db.session() as s:
        data = sc.get_event(s, event_id)
        data.start += timedelta(days=1)
        data.end += timedelta(days=1)
        sc.update_event(s, event_id, data)  # Stefan was invited and had accepted
    view = _open(window, event_id)
    editor = view.editor
    assert not editor.update_banner.isHidden()
    window.resize(1200, 800)
    assert editor.grab().save(str(tmp_path / "update-banner.png"))  # looked at by hand
    model = editor.people.participants_model
    responses = {
        model.index(r, 0).data(): model.index(r, P_RESPONSE).data() for r in range(model.rowCount())
    }
    assert responses["Stefan Groß"] == "offen (Termin geändert)"
    with smtp_server(tmp_path) as server:
        _configure(window, monkeypatch, server.host, server.port, tmp_path / "cert.pem")
        preview = Preview(monkeypatch, send_invitation.SEND)
        editor.send_update_button.click()
    assert preview.seen[0]["title"] == "Aktualisierung senden"
    assert any("hatte zugesagt" in line for line in preview.seen[0]["left_out"])
    assert server.handler.messages
    assert editor.update_banner.isHidden()  # sent: the editor reloaded without the banner


def test_unsaved_changes_are_not_sent(
    window: MainWindow, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _open(window, world["event"])
    view.editor.title.setText("Noch nicht gespeichert")
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, message, _t=None: errors.append(message))
    assert window.exchange.send_invitation() is None
    assert errors and "speichern" in errors[0]
    view.editor.discard_button.click()


def test_settings_dialog_tests_the_connection_for_real(
    qtbot: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Einstellungen › E-Mail › Verbindung testen with the real transport and a real server:
    the values in the fields count (not yet saved), the answer is German."""
    from contactdesk.gui.dialogs.settings_dialog import SettingsDialog

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, t, m, _i="": said.append(("ok", m)))
    monkeypatch.setattr(prompts, "warn", lambda _p, t, m, _i="": said.append(("warn", m)))
    with smtp_server(tmp_path) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        assert not dialog.test_button.isHidden()
        dialog.smtp.host.setText(server.host)
        dialog.smtp.port.setValue(server.port)
        dialog.smtp.user.setText(USER)
        dialog.organiser_email.setText(USER)
        # no password store on this machine: the variable stands in for it
        monkeypatch.setenv("CONTACTDESK_SMTP_PASSWORD", PASSWORD)
        dialog.test_button.click()
        monkeypatch.setenv("CONTACTDESK_SMTP_PASSWORD", "falsch")
        dialog.test_button.click()
    assert said[0] == ("ok", "Die Verbindung zum SMTP-Server funktioniert.")
    assert said[1][0] == "warn" and "Passwort ist falsch" in said[1][1]
    assert server.handler.messages == []


def test_reminder_is_set_per_event_in_the_editor(
    window: MainWindow, db: Database, world: dict[str, int]
) -> None:
    from contactdesk.core.services import calendar_exchange as calx

    view = _open(window, world["event"])
    editor = view.editor
    assert editor.form.reminder.text() == "keine"
    editor.form.reminder.setValue(30)
    assert editor.is_dirty()
    assert editor.save()
    with db.session() as s:
        assert sc.get_event(s, world["event"]).reminder_minutes == 30
        cal = calx.calendar_for(s, event_ids=[world["event"]], name="x")
    [alarm] = Calendar.from_ical(cal).walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-30)
