"""Einladung senden …: the preview before anything leaves, then sending in the background.

The preview shows the sender, who gets the e-mail, who is left out and why (people who had
accepted but cannot get an update by e-mail are marked for another way of notice), and the
subject and text, which the user may edit. "Senden" submits one iMIP message over the
configured SMTP server in a worker thread (core/services/invitations.py); only the people the
server accepted are marked as invited. Without a configured server the dialog says so and
offers the Outlook draft (.eml) instead; so does it after a failed send.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import EVENT_KINDS
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.services import invitations as inv
from contactdesk.gui import prompts, theme
from contactdesk.gui.ops import Change

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.core.progress import Progress
    from contactdesk.gui.ops import Ops

log = logging.getLogger(__name__)

#: what the dialog ended with (QDialog.done codes besides Rejected = 0)
SEND = 1
DRAFT = 2


class SendInvitationDialog(QDialog):
    """The preview of one invitation, update or cancellation."""

    def __init__(
        self, plan: inv.SendPlan, *, smtp_problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("SendInvitationDialog")
        if plan.method == "CANCEL":
            title = _("Absage senden")
        elif plan.is_update:
            title = _("Aktualisierung senden")
        else:
            title = _("Einladung senden")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)

        heading = QLabel(f"<b>{_html(plan.title)}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        self.notice = QLabel()
        self.notice.setObjectName("send_notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Hinweis"))
        theme.set_style(
            self.notice,
            "QLabel {{ background: {warning_bg}; border: 1px solid {warning_border}; padding: 4px;"
            " color: {warning_text}; }}",
        )
        notes = []
        if smtp_problem:
            notes.append(
                _(
                    "Es ist kein Mailserver eingerichtet ({problem}). Sie können die E-Mail "
                    "als Entwurf für Outlook speichern und dort senden, oder den Server unter "
                    "Einstellungen › E-Mail eintragen."
                ).format(problem=smtp_problem.rstrip("."))
            )
        if not plan.recipients:
            notes.append(
                _(
                    "Niemand kann per E-Mail erreicht werden: Es fehlen Adressen oder Einwilligungen."
                )
            )
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))
        layout.addWidget(self.notice)

        form = QFormLayout()
        sender = QLabel(
            f"{plan.organiser.name} <{plan.organiser.email}>".strip()
            if plan.organiser.name
            else plan.organiser.email
        )
        sender.setAccessibleName(_("Absender"))
        sender.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Absender:"), sender)
        layout.addLayout(form)

        self.recipients = QListWidget()
        self.recipients.setObjectName("send_recipients")
        self.recipients.setAccessibleName(_("Empfänger"))
        for r in plan.recipients:
            self.recipients.addItem(f"{r.name} <{r.email}>")
        recipients_label = QLabel(_("&Empfänger ({n}):").format(n=len(plan.recipients)))
        recipients_label.setBuddy(self.recipients)
        layout.addWidget(recipients_label)
        self.recipients.setMaximumHeight(self._rows_height(self.recipients, 6))
        layout.addWidget(self.recipients)

        self.left_out = QListWidget()
        self.left_out.setObjectName("send_left_out")
        self.left_out.setAccessibleName(_("Nicht per E-Mail"))
        for p in plan.left_out:
            item = QListWidgetItem(f"{p.name} – {p.reason}")
            if p.notify_otherwise:
                item.setForeground(theme.brush("warning_text"))
            self.left_out.addItem(item)
        left_label = QLabel(
            _("&Nicht per E-Mail ({n}), bitte auf anderem Weg benachrichtigen:").format(
                n=len(plan.left_out)
            )
        )
        left_label.setWordWrap(True)
        left_label.setBuddy(self.left_out)
        left_label.setVisible(bool(plan.left_out))
        self.left_out.setVisible(bool(plan.left_out))
        for lst in (self.recipients, self.left_out):
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.left_out.setMaximumHeight(self._rows_height(self.left_out, 5) * 2)
        layout.addWidget(left_label)
        layout.addWidget(self.left_out)

        self.subject = QLineEdit(plan.subject)
        self.subject.setObjectName("send_subject")
        self.subject.setAccessibleName(_("Betreff"))
        subject_label = QLabel(_("&Betreff:"))
        subject_label.setBuddy(self.subject)
        layout.addWidget(subject_label)
        layout.addWidget(self.subject)
        self.text = QPlainTextEdit(plan.text)
        self.text.setObjectName("send_text")
        self.text.setAccessibleName(_("Text der E-Mail"))
        self.text.setTabChangesFocus(True)
        text_label = QLabel(_("&Text:"))
        text_label.setBuddy(self.text)
        layout.addWidget(text_label)
        layout.addWidget(self.text, 1)

        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton(_("&Senden"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("send_button")
        self.send_button.setEnabled(bool(plan.recipients) and not smtp_problem)
        self.draft_button = buttons.addButton(
            _("Als Outlook-&Entwurf speichern …"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.draft_button.setObjectName("draft_button")
        self.draft_button.setToolTip(
            _("Eine E-Mail (.eml), die Outlook als neuen Entwurf zum Senden öffnet")
        )
        self.draft_button.setEnabled(bool(plan.recipients) and plan.method == "REQUEST")
        cancel = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        self.send_button.clicked.connect(lambda: self.done(SEND))
        self.draft_button.clicked.connect(lambda: self.done(DRAFT))
        buttons.rejected.connect(self.reject)
        if self.send_button.isEnabled():
            self.send_button.setDefault(True)
        elif self.draft_button.isEnabled():
            self.draft_button.setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumSize(620, 560)

    @staticmethod
    def _rows_height(widget: QListWidget, rows: int) -> int:
        count = max(1, min(rows, widget.count()))
        return count * max(widget.sizeHintForRow(0), 18) + 8

    def edited_plan(self) -> inv.SendPlan:
        """The plan with the subject and text as the user left them."""
        return dataclasses.replace(
            self.plan, subject=self.subject.text(), text=self.text.toPlainText()
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _smtp_problem(store: Any) -> str:
    """'' when a server is set and its settings fit together, else why not (German)."""
    from contactdesk.core.mail.config import smtp_config

    try:
        smtp_config(store)
    except ContactdeskError as exc:
        return exc.message
    return ""


def send_invitation(
    ops: Ops,
    window: QWidget,
    settings: Any,
    event_id: int,
    method: str = "REQUEST",
    *,
    draft: Callable[[], object] | None = None,
) -> inv.SendResult | None:
    """The whole flow: preview, send through the runner (in the background), report; None
    when nothing was sent. `window` is the parent of the dialogs; `settings` the window's
    (organiser, mail server). `draft` saves the Outlook draft instead (Exchange.export_email)."""
    title = _("Absage senden") if method.upper() == "CANCEL" else _("Einladung senden")
    organiser = settings.organiser() if callable(getattr(settings, "organiser", None)) else None
    try:
        plan = ops.read(lambda s: inv.plan_sending(s, event_id, method, organiser=organiser))
    except ContactdeskError as exc:
        prompts.show_error(window, exc.message, title)
        return None
    store = getattr(settings, "store", None)
    problem = _smtp_problem(store)
    dialog = SendInvitationDialog(plan, smtp_problem=problem, parent=window)
    try:
        answer = prompts.exec_dialog(dialog)
        plan = dialog.edited_plan()
    finally:
        dialog.deleteLater()
    if answer == DRAFT and draft is not None:
        draft()
        return None
    if answer != SEND:
        return None
    return _send(ops, window, plan, store, title, draft)


def _send(
    ops: Ops,
    window: QWidget,
    plan: inv.SendPlan,
    store: Any,
    title: str,
    draft: Callable[[], object] | None,
) -> inv.SendResult | None:
    from contactdesk.core.mail.config import smtp_config
    from contactdesk.core.mail.smtp import SmtpTransport

    def work(session: Session, progress: Progress) -> inv.SendResult:
        progress(0, len(plan.recipients))
        config = dataclasses.replace(
            smtp_config(store),
            sender_name=plan.organiser.name,
            sender_email=plan.organiser.email,
        )
        result = inv.send(session, plan, SmtpTransport(config))
        progress(len(plan.recipients), len(plan.recipients))
        return result

    def sent(result: inv.SendResult) -> Change:
        # the recipients are marked as invited: the event's participants changed
        return Change.of(
            _("Einladung zu „{title}“ an {n} Empfänger gesendet").format(
                title=plan.title, n=len(result.accepted)
            ),
            EVENT_KINDS,
        )

    outcome = ops.run_in_background(
        work,
        title=title,
        label=_("Die E-Mail wird an {n} Empfänger gesendet …").format(n=len(plan.recipients)),
        on_done=sent,
        # a message the server has taken cannot be called back: no "Abbrechen" halfway
        cancellable=False,
        show_errors=False,
        parent=window,
    )
    if outcome.error is not None:
        exc = outcome.error
        log.info("sending failed: %s (%s)", exc.message, exc.detail)
        text = _("{message}\n\nEs wurde nichts gesendet und nichts geändert.").format(
            message=exc.message
        )
        if draft is not None and plan.method == "REQUEST":
            retry = prompts.confirm(
                window,
                title,
                text,
                _("Als Outlook-&Entwurf speichern …"),
                _("Sie können die Einladung stattdessen als Entwurf für Outlook speichern."),
            )
            if retry:
                draft()
        else:
            prompts.show_error(window, text, title)
        return None
    result = outcome.value
    if result is None:
        return None
    prompts.show_message(_result_box(window, plan, result, title))
    return result


def _result_box(window: Any, plan: inv.SendPlan, result: inv.SendResult, title: str) -> QMessageBox:
    if result.accepted:
        icon = QMessageBox.Icon.Information
        text = _("Gesendet an {n} Empfänger; sie sind jetzt als eingeladen markiert.").format(
            n=len(result.accepted)
        )
    else:
        icon = QMessageBox.Icon.Warning
        text = _("Der Mailserver hat alle Empfänger abgelehnt; niemand wurde markiert.")
    lines = []
    if result.refused:
        lines.append(_("Vom Mailserver abgelehnt:"))
        lines += [
            f"• {r.recipient.name} <{r.recipient.email}> – {r.answer}" for r in result.refused
        ]
    notify = [p for p in result.left_out if p.notify_otherwise]
    if notify:
        lines.append(_("Bitte auf anderem Weg benachrichtigen:"))
        lines += [f"• {p.name} – {p.reason}" for p in notify]
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("SendResultBox")
    box.setAccessibleName(title)
    if lines:
        box.setInformativeText("\n".join(lines))
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    return box
