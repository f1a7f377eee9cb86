"""Table models of the "Termine" area: the agenda (occurrences) and an event's participants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont

from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import (
    EVENT_KIND,
    EVENT_STATUS,
    INVITATION,
    PARTICIPANT_ROLE,
    RESPONSE,
    label,
)
from contactdesk.core.models.schedule import EventStatus, Invitation, Response
from contactdesk.core.services.schedule import Occurrence, ParticipantData
from contactdesk.core.timezones import zone
from contactdesk.gui import theme
from contactdesk.gui.models.rows import Column, Index, RowTableModel

#: Marks an occurrence of a series (in the list, the month and the week view).
SERIES_MARK = "↻"
WEEKDAYS = [N_("Mo"), N_("Di"), N_("Mi"), N_("Do"), N_("Fr"), N_("Sa"), N_("So")]
WEEKDAYS_LONG = [
    N_("Montag"),
    N_("Dienstag"),
    N_("Mittwoch"),
    N_("Donnerstag"),
    N_("Freitag"),
    N_("Samstag"),
    N_("Sonntag"),
]
MONTHS = [
    N_("Januar"),
    N_("Februar"),
    N_("März"),
    N_("April"),
    N_("Mai"),
    N_("Juni"),
    N_("Juli"),
    N_("August"),
    N_("September"),
    N_("Oktober"),
    N_("November"),
    N_("Dezember"),
]


def kind_colour(kind: str) -> QColor:
    """The background colour of an event kind (gui/theme.py, light or dark)."""
    return theme.color(theme.kind_role(kind))


def day_text(day: date) -> str:
    """'Di, 05.10.2021'"""
    return f"{_(WEEKDAYS[day.weekday()])}, {day:%d.%m.%Y}"


def last_day(occ: Occurrence) -> date:
    """The last calendar day an occurrence touches (all-day ends are exclusive)."""
    end = occ.end - timedelta(days=1) if occ.all_day else occ.end - timedelta(microseconds=1)
    return max(end.date(), occ.start.date())


def time_text(occ: Occurrence) -> str:
    """'14:00–16:00', 'ganztägig', or with the end day for events over several days."""
    if occ.all_day:
        end = last_day(occ)
        if end != occ.start.date():
            return _("ganztägig bis {day}").format(day=f"{end:%d.%m.}")
        return _("ganztägig")
    if occ.end.date() != occ.start.date() and last_day(occ) != occ.start.date():
        return f"{occ.start:%H:%M} – {occ.end:%d.%m. %H:%M}"
    return f"{occ.start:%H:%M}–{occ.end:%H:%M}"


def place_text(location: str, room: str) -> str:
    if location and room:
        return f"{room} · {location}"
    return room or location


def title_text(occ: Occurrence) -> str:
    return f"{SERIES_MARK} {occ.title}" if occ.is_series else occ.title


def occurrence_tooltip(occ: Occurrence) -> str:
    lines = [
        title_text(occ),
        f"{day_text(occ.start.date())}, {time_text(occ)}",
        label(EVENT_KIND, occ.kind) + " · " + label(EVENT_STATUS, occ.status),
    ]
    if place := place_text(occ.location, occ.room):
        lines.append(place)
    if occ.committee:
        lines.append(occ.committee)
    if occ.is_series:
        lines.append(_("Termin einer Serie"))
    return "\n".join(lines)


def occurrence_key(occ: Occurrence) -> tuple[int, datetime | None]:
    return (occ.series_id or occ.event_id, occ.recurrence_id)


AGENDA_COLUMNS = [
    Column(N_("Datum"), lambda o: day_text(o.start.date())),
    Column(N_("Zeit"), time_text),
    Column(N_("Art"), lambda o: label(EVENT_KIND, o.kind)),
    Column(N_("Titel"), title_text),
    Column(N_("Ort/Raum"), lambda o: place_text(o.location, o.room)),
    Column(N_("Status"), lambda o: label(EVENT_STATUS, o.status)),
    Column(N_("Teilnehmende"), lambda o: str(o.participants) if o.participants else ""),
]


class AgendaTableModel(RowTableModel[Occurrence]):
    """Read-only rows of Occurrence; the view loads one range with one service call."""

    columns = AGENDA_COLUMNS

    def set_rows(self, rows: list[Occurrence]) -> None:
        self._replace_rows(rows)

    occurrence = RowTableModel.record

    def key_of(self, record: Occurrence) -> tuple[int, datetime | None]:
        return occurrence_key(record)

    def row_of(self, key: Any) -> int | None:
        """The row of an occurrence key; (event id, None) also finds an occurrence of it."""
        found = super().row_of(key)
        if found is None and key[1] is None:
            for i, occ in enumerate(self._rows):
                if occ.event_id == key[0]:
                    return i
        return found

    def cell(self, record: Occurrence, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return occurrence_tooltip(record)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == 3 and record.is_series:
                return _("Serie: {title}").format(title=record.title)
            return None
        cancelled = record.status == EventStatus.ABGESAGT.value
        if role == Qt.ItemDataRole.FontRole and cancelled:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and cancelled:
            return theme.brush("muted")
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return kind_colour(record.kind)
        if role == Qt.ItemDataRole.DisplayRole:
            return super().cell(record, column, role)
        return None


# --------------------------------------------------------------------------- participants

P_NAME, P_ROLE, P_INVITATION, P_RESPONSE, P_STATE, P_ATTENDED = range(6)
PARTICIPANT_HEADERS = [
    N_("Name"),
    N_("Rolle"),
    N_("Einladung"),
    N_("Rückmeldung"),
    N_("Hinweise"),
    N_("anwesend"),
]
#: the theme role of an answer's text colour
RESPONSE_COLOURS = {
    Response.ZUSAGE.value: "success_text",
    Response.ABSAGE.value: "error_text",
    Response.VORBEHALT.value: "warning_text",
}


def participant_notes(p: ParticipantData) -> str:
    notes = []
    if p.waiting_list:
        notes.append(_("Warteliste"))
    if p.consent_missing:
        notes.append(_("⚠ Einwilligung fehlt"))
    if p.contact_deleted:
        notes.append(_("gelöscht"))
    return ", ".join(notes)


def invitation_text(p: Any) -> str:
    """ "eingeladen (gesendet am 07.12.2026, 09:15)" once the mail server accepted it."""
    sent = getattr(p, "sent_at", None)
    if p.invitation == Invitation.EINGELADEN.value and sent is not None:
        when = sent.astimezone(zone("Europe/Berlin"))
        return _("eingeladen (gesendet am {when})").format(when=f"{when:%d.%m.%Y, %H:%M}")
    return label(INVITATION, p.invitation)


class ParticipantTableModel(RowTableModel[ParticipantData]):
    """The participants of one event. Edits are not applied here: they are announced with
    `sig_edit_requested` and the editor decides (a service call, or a change of the draft)."""

    sig_edit_requested = Signal(int, str, object)
    """(contact id, field 'role' | 'response' | 'attended', new value)"""

    columns = [Column(header, str) for header in PARTICIPANT_HEADERS]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._attendance = False

    def set_rows(self, rows: list[ParticipantData], *, attendance: bool) -> None:
        self._attendance = attendance
        self._replace_rows(rows)

    @property
    def attendance(self) -> bool:
        return self._attendance

    participant = RowTableModel.record

    def key_of(self, record: ParticipantData) -> int:
        return record.contact_id

    # ------------------------------------------------------------------ Qt
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() in (P_ROLE, P_RESPONSE):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == P_ATTENDED and self._attendance:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def cell(self, p: ParticipantData, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == P_NAME:
                return p.contact_name
            if col == P_ROLE:
                return label(PARTICIPANT_ROLE, p.role)
            if col == P_INVITATION:
                return invitation_text(p)
            if col == P_RESPONSE:
                if p.response == "offen" and p.response_before_change:
                    return _("offen (Termin geändert)")
                return label(RESPONSE, p.response)
            if col == P_STATE:
                return participant_notes(p)
            if col == P_ATTENDED:
                if not self._attendance:
                    return ""
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    return _("anwesend") if p.attended else _("nicht anwesend")
                return ""
        if role == Qt.ItemDataRole.EditRole:
            if col == P_ROLE:
                return p.role
            if col == P_RESPONSE:
                return p.response
        if role == Qt.ItemDataRole.CheckStateRole and col == P_ATTENDED and self._attendance:
            return Qt.CheckState.Checked if p.attended else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == P_RESPONSE and p.response in RESPONSE_COLOURS:
                return theme.brush(RESPONSE_COLOURS[p.response])
            if col == P_STATE and (p.consent_missing or p.contact_deleted):
                return theme.brush("error_text")
            if col == P_INVITATION and p.invitation == Invitation.NICHT_EINGELADEN.value:
                return theme.brush("muted")
        if role == Qt.ItemDataRole.ToolTipRole and col == P_NAME:
            return p.email or _("keine E-Mail-Adresse")
        if role == Qt.ItemDataRole.ToolTipRole and col == P_STATE:
            tips = []
            if p.consent_missing:
                tips.append(_("Es liegt keine gültige Einwilligung für Einladungen vor (DSGVO)."))
            if p.waiting_list:
                tips.append(_("Die Teilnehmerzahl ist erreicht: Platz auf der Warteliste."))
            if p.contact_deleted:
                tips.append(_("Die Person wurde aus dem Kontaktregister gelöscht."))
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.FontRole and col == P_NAME and p.waiting_list:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        p = self._rows[index.row()]
        col = index.column()
        if col == P_ROLE and role == Qt.ItemDataRole.EditRole and value != p.role:
            self.sig_edit_requested.emit(p.contact_id, "role", value)
            return True
        if col == P_RESPONSE and role == Qt.ItemDataRole.EditRole and value != p.response:
            self.sig_edit_requested.emit(p.contact_id, "response", value)
            return True
        if col == P_ATTENDED and role == Qt.ItemDataRole.CheckStateRole and self._attendance:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.sig_edit_requested.emit(p.contact_id, "attended", checked)
            return True
        return False


__all__ = [
    "AGENDA_COLUMNS",
    "AgendaTableModel",
    "ParticipantTableModel",
    "day_text",
    "kind_colour",
    "occurrence_key",
    "time_text",
]
