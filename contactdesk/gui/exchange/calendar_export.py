"""Exporting events: the calendar (PUBLISH) for one's own Outlook, the chosen event, its
invitation or cancellation (.ics, REQUEST/CANCEL), the invitation as an e-mail draft (.eml),
and sending it over SMTP (gui/dialogs/send_invitation.py).

The organiser is the event's own, else the one set under Einstellungen, else asked for.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from contactdesk.core.changes import Kind
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import schedule as sc
from contactdesk.core.timezones import zone
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import export_done
from contactdesk.gui.dialogs.export_options import CalendarExportDialog, OrganiserDialog
from contactdesk.gui.exchange.base import ExchangeBase, file_slug
from contactdesk.gui.ops import Change


class CalendarExports(ExchangeBase):
    """The event exports of Datei › Exportieren and the schedule's context menu."""

    # ------------------------------------------------------------------ calendar exports
    def export_calendar(self) -> Path | None:
        today = datetime.now(UTC).astimezone(zone("Europe/Berlin")).date()
        dialog = CalendarExportDialog(today, self.widget)
        try:
            if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        finally:
            dialog.deleteLater()
        title = _("Kalender exportieren")
        path = self._save_path(title, "kalender.ics", "iCalendar (*.ics)", ".ics")
        if path is None:
            return None
        berlin = zone("Europe/Berlin")
        start = (
            datetime.combine(choice.start, time(), berlin).astimezone(UTC) if choice.start else None
        )
        end = (
            datetime.combine(choice.end + timedelta(days=1), time(), berlin).astimezone(UTC)
            if choice.end
            else None
        )
        reminder = self._reminder()
        data = self._run(
            title,
            _("Die Termine werden exportiert …"),
            lambda s, _p: calx.write_calendar(
                s,
                path,
                start=start,
                end=end,
                flt=sc.EventFilter(kind=choice.kind) if choice.kind else None,
                include_deadlines=choice.deadlines,
                name=choice.name,
                reminder_minutes=reminder,
                organiser=self._configured_organiser(),
            ),
        )
        if data is None:
            return None
        count = data.count(b"BEGIN:VEVENT")
        summary = _("{n} Einträge in den Kalender „{name}“ exportiert.").format(
            n=count, name=choice.name
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            hint=_(
                "Ein Doppelklick öffnet die Datei in Outlook als zusätzlichen Kalender; die "
                "Termine lassen sich von dort in den eigenen Kalender ziehen."
            ),
        )
        return path

    def _configured_organiser(self) -> calx.Organiser | None:
        """The sender set under Einstellungen (ORGANIZER of a PUBLISH calendar), or None."""
        known = getattr(self.settings, "organiser", None)
        return known() if callable(known) else None

    def _reminder(self) -> int | None:
        minutes = getattr(self.settings, "reminder_minutes", calx.DEFAULT_REMINDER_MINUTES)
        return int(minutes) or None

    def selected_event_id(self) -> int | None:
        """The event shown in the editor of Termine, else the one selected in its list;
        for an occurrence of a series, the series."""
        view = self._area("events")
        if view is None:
            return None
        editor = getattr(view, "editor", None)
        loaded = getattr(editor, "loaded", None)
        if loaded is not None and (loaded.series_id or loaded.id):
            return int(loaded.series_id or loaded.id)
        selected = getattr(view, "selected_occurrence", None)
        occ = selected() if callable(selected) else None
        if occ is not None:
            return int(occ.series_id or occ.event_id)
        return None

    def _event_for_export(self, title: str) -> sc.EventData | None:
        view = self._area("events")
        if view is not None and view.has_unsaved_changes() and not view.confirm_leave():
            return None
        event_id = self.selected_event_id()
        if event_id is None:
            self._inform(
                title,
                _("Bitte wählen Sie zuerst unter „Termine“ einen gespeicherten Termin aus."),
            )
            return None
        try:
            return self.ops.read(lambda s: sc.get_event(s, event_id))
        except ContactdeskError as exc:
            prompts.show_error(self.widget, exc.message, title)
            return None

    def _organiser(self, data: sc.EventData, title: str) -> tuple[bool, calx.Organiser | None]:
        """(go on?, organiser to pass): the event's own, else the settings', else asked."""
        if data.organiser_email:
            return True, None
        settings = self.settings
        from_settings = getattr(settings, "organiser", None)
        known = from_settings() if callable(from_settings) else None
        if known is not None and known.email:
            return True, known
        dialog = OrganiserDialog(
            getattr(settings, "organiser_name", "") or data.organiser_name,
            getattr(settings, "organiser_email", ""),
            self.widget,
        )
        dialog.setWindowTitle(f"{title}: {dialog.windowTitle()}")
        try:
            if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return False, None
            name, email = dialog.values()
            if dialog.remember.isChecked() and hasattr(settings, "organiser_email"):
                settings.organiser_name = name
                settings.organiser_email = email
        finally:
            dialog.deleteLater()
        return True, calx.Organiser(name, email)

    def export_invitation(self, method: str = "REQUEST") -> Path | None:
        cancel = method == "CANCEL"
        title = _("Absage exportieren") if cancel else _("Einladung exportieren")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        if (
            cancel
            and data.status != "abgesagt"
            and not prompts.confirm(
                self.widget,
                title,
                _("Den Termin „{title}“ absagen?").format(title=data.title),
                _("Absagen und speichern …"),
                _(
                    "Der Termin wird dabei als abgesagt markiert. Das kann nicht mit Rückgängig "
                    "zurückgenommen werden; den Status können Sie im Termin wieder ändern."
                ),
            )
        ):
            return None
        go_on, organiser = self._organiser(data, title)
        if not go_on:
            return None
        prefix = "absage" if cancel else "einladung"
        path = self._save_path(
            title, f"{prefix}-{file_slug(data.title)}.ics", "iCalendar (*.ics)", ".ics"
        )
        if path is None:
            return None
        event_id = data.id
        reminder = self._reminder()
        cancelled = Change.of(
            _("Termin abgesagt: {title}").format(title=data.title), ids={Kind.EVENTS: [event_id]}
        )
        result = self._run(
            title,
            _("Die Datei wird geschrieben …"),
            lambda s, _p: calx.write_invitation(
                s,
                event_id,
                path,
                method=method,
                organiser=organiser,
                reminder_minutes=reminder,
            ),
            on_done=lambda _r: cancelled if cancel else None,
        )
        if result is None:
            return None
        if cancel:
            summary = _("Absage für „{title}“ an {n} Empfänger gespeichert.")
        else:
            summary = _("Einladung für „{title}“ an {n} Empfänger gespeichert.")
        summary = summary.format(title=data.title, n=len(result.recipients))
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            left_out=result.left_out,
            hint=_(
                "Ein Doppelklick öffnet die Datei in Outlook als Besprechungsanfrage; von dort "
                "senden Sie sie an die Teilnehmenden."
            ),
        )
        return path

    def export_email(self) -> Path | None:
        title = _("Einladung als E-Mail")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        go_on, organiser = self._organiser(data, title)
        if not go_on:
            return None
        path = self._save_path(
            title, f"einladung-{file_slug(data.title)}.eml", _("E-Mail (*.eml)"), ".eml"
        )
        if path is None:
            return None
        event_id = data.id
        result = self._run(
            title,
            _("Die E-Mail wird geschrieben …"),
            lambda s, _p: calx.write_email(s, event_id, path, organiser=organiser),
        )
        if result is None:
            return None
        summary = _("E-Mail mit der Einladung zu „{title}“ an {n} Empfänger gespeichert.").format(
            title=data.title, n=len(result.recipients)
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            left_out=result.left_out,
            hint=_(
                "So geht es weiter: „Öffnen“ öffnet die E-Mail in Outlook als neuen Entwurf – "
                "mit allen Empfängern, dem Text und der Einladung im Anhang. Prüfen Sie Betreff "
                "und Text und klicken Sie in Outlook auf „Senden“. Der Termin bleibt in "
                "contactdesk; die Zu- und Absagen, die zurückkommen, speichern Sie aus Outlook "
                "und importieren sie hier über Datei › Importieren."
            ),
        )
        return path

    def send_invitation(self, method: str = "REQUEST") -> Any:
        """Einladung senden …: preview, then send over SMTP (gui/dialogs/send_invitation.py);
        without a mail server the preview offers the Outlook draft instead."""
        from contactdesk.gui.dialogs import send_invitation

        event_id = self.selected_event_id()
        if event_id is None:
            return None
        editor = getattr(self._area("events"), "editor", None)
        if editor is not None and editor.is_dirty():
            prompts.show_error(
                self.widget,
                _(
                    "Bitte speichern Sie zuerst die Änderungen am Termin; gesendet wird, was "
                    "gespeichert ist."
                ),
                _("Einladung senden"),
            )
            return None
        return send_invitation.send_invitation(
            self.ops,
            self.widget,
            self.settings,
            event_id,
            method,
            draft=lambda: self.export_email(),
        )

    def export_event_calendar(self) -> Path | None:
        """The chosen event (with its series) as a PUBLISH calendar for one's own Outlook."""
        title = _("Termin exportieren")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        path = self._save_path(
            title, f"termin-{file_slug(data.title)}.ics", "iCalendar (*.ics)", ".ics"
        )
        if path is None:
            return None
        event_id = data.id
        reminder = self._reminder()
        written = self._run(
            title,
            _("Die Datei wird geschrieben …"),
            lambda s, _p: calx.write_calendar(
                s,
                path,
                event_ids=[event_id],
                name=data.title,
                reminder_minutes=reminder,
                organiser=self._configured_organiser(),
            ),
        )
        if written is None:
            return None
        summary = _("Termin „{title}“ für den eigenen Kalender gespeichert.").format(
            title=data.title
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            hint=_("Ein Doppelklick übernimmt den Termin in den Outlook-Kalender."),
        )
        return path
