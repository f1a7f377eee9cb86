"""EventEditor: one event or one occurrence of a series — fields, recurrence, participants,
agenda and links; saves through Ops with undo and shows conflicts and warnings after saving.

Participants of a stored event change at once (invite, response, attendance, each one undo
step); for a new event or an unsaved occurrence they are part of the draft until it is saved.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QDate,
    QDateTime,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import timezones as tzs
from contactdesk.core import undo
from contactdesk.core.changes import EVENT_KINDS
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import (
    EVENT_KIND,
    EVENT_STATUS,
    PARTICIPANT_ROLE,
    RESPONSE,
    label,
)
from contactdesk.core.models.schedule import DEFAULT_TZ, EventKind, EventStatus
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.schedule import EventData, ParticipantData, SaveResult
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.models.schedule import (
    P_RESPONSE,
    P_ROLE,
    ParticipantTableModel,
)
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.event_parts import (
    AgendaList,
    ChoiceDelegate,
    LinkList,
    RecurrenceEditor,
)
from contactdesk.gui.views.event_tasks import task_list
from contactdesk.gui.views.widgets import (
    INVALID_STYLESHEET,
    error_label,
    field_with_error,
    form_layout,
    has_pending_dates,
    heading_label,
    line_edit,
    mark_invalid,
    named,
    refuse_unreadable_dates,
    watch,
)
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.contact_picker import ContactPicker
from contactdesk.gui.widgets.datetime_entry import DateTimeEntry
from contactdesk.gui.widgets.fit_columns import FitColumns

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COMMON_ZONES = [
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Paris",
    "Europe/London",
    "Europe/Warsaw",
    "UTC",
    "America/New_York",
]
ONE = "one"
SERIES = "series"
#: Fields copied from an occurrence's edit onto its series ("die ganze Serie").
SERIES_FIELDS = (
    "title",
    "kind",
    "tz",
    "all_day",
    "description",
    "agenda",
    "location",
    "room",
    "online_url",
    "organiser_id",
    "committee_id",
    "is_public",
    "status",
    "capacity",
    "reminder_minutes",
    "outcome",
    "rrule",
    "organisation_ids",
    "agreement_ids",
    "participants",
)


# --------------------------------------------------------------------------- questions
# Each question is a module-level function so tests can replace it; the message boxes run
# through prompts.exec_box like every other question of the application.


def ask_dst_choice(parent: QWidget | None, local: datetime, tz: str) -> str | None:
    """An autumn wall time that occurs twice: tzs.SUMMER, tzs.WINTER or None (cancel)."""
    accept = QMessageBox.ButtonRole.AcceptRole
    return prompts.ask_among(
        parent,
        QMessageBox.Icon.Question,
        _("Sommerzeit oder Winterzeit?"),
        _(
            "Die Uhrzeit {time} Uhr kommt am {day} in der Zeitzone {tz} zweimal vor, weil die "
            "Uhr in dieser Nacht von Sommerzeit auf Winterzeit zurückgestellt wird."
        ).format(time=f"{local:%H:%M}", day=f"{local:%d.%m.%Y}", tz=tz),
        _("Welche der beiden Uhrzeiten ist gemeint?"),
        [
            (_("Sommerzeit (die erste)"), accept, tzs.SUMMER),
            (_("Winterzeit (die zweite)"), accept, tzs.WINTER),
        ],
        None,
    )


def ask_occurrence_scope(parent: QWidget | None, title: str, verb: str) -> str | None:
    """'Nur diesen Termin oder die ganze Serie?' -> ONE, SERIES or None (cancel)."""
    accept = QMessageBox.ButtonRole.AcceptRole
    return prompts.ask_among(
        parent,
        QMessageBox.Icon.Question,
        _("Termin einer Serie"),
        _("„{title}“ gehört zu einer Serie. Nur diesen Termin oder die ganze Serie?").format(
            title=title
        ),
        verb,
        [(_("Nur diesen Termin"), accept, ONE), (_("Die ganze Serie"), accept, SERIES)],
        None,
    )


def ask_cancel_note(parent: QWidget | None, title: str) -> str | None:
    """The note for a cancellation ('Absagen'); None when the user does not cancel."""
    text, ok = QInputDialog.getMultiLineText(
        parent,
        _("Termin absagen"),
        _("„{title}“ absagen. Grund oder Hinweis für die Teilnehmenden (optional):").format(
            title=title
        ),
    )
    return text if ok else None


def confirm_delete_event(parent: QWidget | None, title: str) -> bool:
    return prompts.confirm(
        parent,
        _("Termin löschen"),
        _("Möchten Sie den Termin „{title}“ löschen?").format(title=title),
        _("Löschen"),
        _("Sie können das Löschen mit Bearbeiten › Rückgängig (Strg+Z) zurücknehmen."),
    )


# --------------------------------------------------------------------------- helpers


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


# --------------------------------------------------------------------------- editor


class EventEditor(QWidget):
    """Shows one event (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """An event was created or updated (its id; for an occurrence its own id)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""
    sig_closed = Signal()
    """The shown event was deleted (the editor is empty now)."""
    sig_send_update_requested = Signal()
    """The user asked to send the update after a change (banner „Aktualisierung senden“)."""

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        self._ops = ops
        self._clock = clock or (lambda: datetime.now(UTC))
        self._loaded: EventData | None = None
        self._baseline: EventData | None = None
        self._series_rule: str | None = None
        self._loading = False
        self._dirty = False
        self._open = False
        self._draft_participants: list[ParticipantData] = []
        self._last_start: datetime | None = None
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(_("Termin bearbeiten"))
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.heading = heading_label(_("Titel des Termins"))
        self.subtitle = QLabel()
        self.subtitle.setAccessibleName(_("Art des Termins"))
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.heading)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Hinweise zum Termin"))
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_style(
            self.notice,
            "QLabel {{ background: {warning_bg}; border: 1px solid {warning_border}; padding: 4px;"
            " color: {warning_text}; }}",
        )
        self.notice.setVisible(False)
        outer.addWidget(self.notice)
        self._build_update_banner(outer)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            _(
                "Wählen Sie einen Termin aus (Doppelklick im Kalender) oder legen Sie mit "
                "Strg+N einen neuen Termin an."
            )
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Kein Termin ausgewählt"))
        self.stack.addWidget(self.placeholder)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Bereiche des Termins"))
        self.stack.addWidget(self.tabs)

        # --- tab: Termin
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(_("Formular des Termins"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.scroll_area.setWidget(body)
        v = QVBoxLayout(body)
        v.setContentsMargins(0, 4, 8, 4)
        box = QGroupBox(_("Termin"))
        form = form_layout(box)
        self.title = line_edit(_("Titel"), _("z. B. Workshop Engagement junger Menschen"))
        self.kind = choice_combo(_("Art des Termins"), EVENT_KIND)
        self.status = choice_combo(_("Status"), EVENT_STATUS)
        self._title_error = field_with_error(form, _("&Titel"), self.title)
        self._kind_error = field_with_error(form, _("&Art"), self.kind)
        self.start = self._datetime_edit(_("Beginn"))
        self.end = self._datetime_edit(_("Ende"))
        self.all_day = named(QCheckBox(_("&ganztägig")), _("ganztägig"))
        self._start_error = field_with_error(form, _("&Beginn"), self.start)
        self._end_error = field_with_error(form, _("&Ende"), self.end)
        form.addRow("", self.all_day)
        self.tz = named(QComboBox(), _("Zeitzone"), _("IANA-Zeitzone, z. B. Europe/Berlin"))
        self.tz.setEditable(True)
        self.tz.addItems(COMMON_ZONES)
        self.tz.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._tz_error = field_with_error(form, _("&Zeitzone"), self.tz)
        self._status_error = field_with_error(form, _("&Status"), self.status)
        v.addWidget(box)

        box = QGroupBox(_("Ort"))
        form = form_layout(box)
        self.location = line_edit(_("Ort"), _("Adresse oder Gebäude"))
        self.room = line_edit(_("Raum"), _("z. B. Ratssaal"))
        self.online_url = line_edit(_("Online-Link"), _("https://…"))
        field_with_error(form, _("&Ort"), self.location)
        self._room_error = field_with_error(form, _("&Raum"), self.room)
        field_with_error(form, _("Online-&Link"), self.online_url)
        v.addWidget(box)

        box = QGroupBox(_("Organisation"))
        form = form_layout(box)
        self.organiser = ContactPicker(self._ops, _("Veranstalter/in"), _("Kontakt suchen …"))
        self._organiser_error = field_with_error(form, _("&Veranstalter/in"), self.organiser)
        self.committee = named(QComboBox(), _("Gremium"))
        self.committee.setMinimumContentsLength(16)
        self.committee.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.committee_caption = QLabel(_("&Gremium"))
        self.is_public = named(QComboBox(), _("Öffentlichkeit der Sitzung"))
        self.is_public.addItem(_("öffentlich"), True)
        self.is_public.addItem(_("nichtöffentlich"), False)
        committee_row = QWidget()
        h = QHBoxLayout(committee_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.committee, 1)
        h.addWidget(self.is_public)
        self._committee_box = QWidget()
        cv = QVBoxLayout(self._committee_box)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(1)
        cv.addWidget(committee_row)
        self._committee_error = error_label()
        cv.addWidget(self._committee_error)
        self.committee_caption.setBuddy(self.committee)
        form.addRow(self.committee_caption, self._committee_box)
        self.capacity = named(QSpinBox(), _("Höchstzahl Teilnehmende"))
        self.capacity.setRange(0, 100000)
        self.capacity.setSpecialValueText(_("unbegrenzt"))
        self._capacity_error = field_with_error(form, _("&Plätze"), self.capacity)
        self.reminder = named(QSpinBox(), _("Erinnerung in Minuten vor Beginn"))
        self.reminder.setRange(-1, 40320)
        self.reminder.setSpecialValueText(_("keine"))
        self.reminder.setSuffix(_(" Min. vorher"))
        self.reminder.setToolTip(
            _("Erinnerung (VALARM) in Kalenderdateien und Einladungen; „keine“ schreibt keine")
        )
        reminder_caption = QLabel(_("Er&innerung"))
        reminder_caption.setBuddy(self.reminder)
        form.addRow(reminder_caption, self.reminder)
        self.description = named(QPlainTextEdit(), _("Beschreibung"))
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(60)
        self.description.setMaximumHeight(120)
        caption = QLabel(_("Bes&chreibung"))
        caption.setBuddy(self.description)
        form.addRow(caption, self.description)
        v.addWidget(box)

        self.recurrence_box = QGroupBox(_("Wiederholung"))
        rv = QVBoxLayout(self.recurrence_box)
        self.recurrence_hint = QLabel()
        self.recurrence_hint.setWordWrap(True)
        self.recurrence_hint.setVisible(False)
        rv.addWidget(self.recurrence_hint)
        self.recurrence = RecurrenceEditor()
        rv.addWidget(self.recurrence)
        v.addWidget(self.recurrence_box)
        v.addStretch(1)
        self.tabs.addTab(self.scroll_area, _("&1 Termin"))

        # --- tab: Teilnehmende
        page = QWidget()
        pv = QVBoxLayout(page)
        add_row = QHBoxLayout()
        self.participant_picker = ContactPicker(
            self._ops,
            _("Teilnehmende suchen"),
            _("Person oder Organisation suchen …"),
        )
        self.participant_role = choice_combo(_("Rolle der neuen Teilnehmenden"), PARTICIPANT_ROLE)
        self.add_participant_button = named(
            QPushButton(_("Hinzufügen")), _("Teilnehmende hinzufügen")
        )
        self.add_participant_button.setEnabled(False)
        add_row.addWidget(self.participant_picker, 1)
        add_row.addWidget(self.participant_role)
        add_row.addWidget(self.add_participant_button)
        pv.addLayout(add_row)
        self.participant_picker.sig_picked.connect(
            lambda cid: self.add_participant_button.setEnabled(cid is not None)
        )
        self.add_participant_button.clicked.connect(self._add_picked)
        # Enter adds the person at once and leaves the cursor there for the next name
        self.participant_picker.sig_confirmed.connect(lambda _cid: self._add_picked(refocus=True))
        self.participant_hint = QLabel()
        self.participant_hint.setWordWrap(True)
        pv.addWidget(self.participant_hint)
        self.participants_model = ParticipantTableModel(self)
        self.participants_model.sig_edit_requested.connect(self._on_participant_edit)
        self.participants = named(QTableView(), _("Teilnehmende"))
        self.participants.setModel(self.participants_model)
        self.participants.setItemDelegate(
            ChoiceDelegate({P_ROLE: PARTICIPANT_ROLE, P_RESPONSE: RESPONSE}, self.participants)
        )
        self.participants.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.participants.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.participants.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.participants.verticalHeader().setVisible(False)
        self.participants.setAlternatingRowColors(True)
        self.participants.setWordWrap(False)
        # columns from their contents, fitted into the pane: the name gives way last
        self.participants_fit = FitColumns(self.participants, keep=(0,))
        self.participants.setToolTip(
            _("Rolle und Rückmeldung: doppelklicken oder F2 drücken, um sie zu ändern.")
        )
        pv.addWidget(self.participants, 1)
        bar = QHBoxLayout()
        self.remove_participant_button = named(
            QPushButton(_("Entfernen")), _("Ausgewählte Person aus der Teilnehmerliste entfernen")
        )
        self.mark_invited_button = named(
            QPushButton(_("Einladungen als versendet markieren")),
            _("Einladungen als versendet markieren"),
        )
        self.remove_participant_button.clicked.connect(self._remove_selected_participant)
        self.mark_invited_button.clicked.connect(self.mark_invited)
        bar.addWidget(self.remove_participant_button)
        bar.addStretch(1)
        bar.addWidget(self.mark_invited_button)
        pv.addLayout(bar)
        self.participant_counts = QLabel()
        self.participant_counts.setAccessibleName(_("Rückmeldungen"))
        pv.addWidget(self.participant_counts)
        self.outcome_box = QGroupBox(_("Ergebnis (nach dem Termin)"))
        ov = QVBoxLayout(self.outcome_box)
        self.outcome = named(QPlainTextEdit(), _("Ergebnis"))
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(90)
        self.outcome.setPlaceholderText(_("Was ist herausgekommen? Wer übernimmt was?"))
        ov.addWidget(self.outcome)
        # one row per result or task: they make the Ergebnisprotokoll (events summary)
        self.tasks = task_list()
        self.tasks.sig_edited.connect(self._on_edited)
        self._tasks_baseline: list[ps.TaskData] = []
        ov.addWidget(self.tasks)
        pv.addWidget(self.outcome_box)
        self.tabs.addTab(page, _("&2 Teilnehmende"))

        # --- tab: Tagesordnung und Verknüpfungen
        page = QWidget()
        form = form_layout(page)
        self.agenda = AgendaList()
        caption = QLabel(_("Tages&ordnung"))
        caption.setBuddy(self.agenda.list)
        form.addRow(caption, self.agenda)
        self.organisations = LinkList(_("Verknüpfte Organisationen"), _("Verknüpfen"))
        self.agreements = LinkList(_("Verknüpfte Vereinbarungen"), _("Verknüpfen"))
        caption = QLabel(_("Or&ganisationen"))
        caption.setBuddy(self.organisations.list)
        form.addRow(caption, self.organisations)
        caption = QLabel(_("Vereinba&rungen"))
        caption.setBuddy(self.agreements.list)
        form.addRow(caption, self.agreements)
        self._links_error = error_label()
        form.addRow("", self._links_error)
        self.tabs.addTab(page, _("&3 Tagesordnung und Verknüpfungen"))

        # --- buttons
        bar = QHBoxLayout()
        self.cancel_event_button = named(
            QPushButton(_("Absagen …")), _("Termin absagen"), _("Den Termin absagen (mit Hinweis)")
        )
        self.delete_button = named(
            QPushButton(_("Löschen")), _("Termin löschen"), _("Den Termin löschen (Entf)")
        )
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        self.discard_button = named(
            QPushButton(_("Verwerfen")), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen")
        )
        self.save_button = named(
            QPushButton(_("Speichern")), _("Speichern"), _("Speichern (Strg+S)")
        )
        bar.addWidget(self.cancel_event_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.dirty_label, 1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        self.cancel_event_button.clicked.connect(self.cancel_event)
        self.delete_button.clicked.connect(self.delete_event)
        self.discard_button.clicked.connect(self.discard)
        self.save_button.clicked.connect(self.save)

        self.all_day.toggled.connect(self._on_all_day)
        self.kind.currentIndexChanged.connect(self._sync_committee)
        self.start.dateTimeChanged.connect(self._on_start_changed)
        self._field_widgets: dict[str, tuple[QWidget, QLabel | None]] = {
            "title": (self.title, self._title_error),
            "kind": (self.kind, self._kind_error),
            "start": (self.start, self._start_error),
            "end": (self.end, self._end_error),
            "tz": (self.tz, self._tz_error),
            "status": (self.status, self._status_error),
            "capacity": (self.capacity, self._capacity_error),
            "committee_id": (self.committee, self._committee_error),
            "organiser_id": (self.organiser.edit, self._organiser_error),
            "room": (self.room, self._room_error),
        }
        watch(body, self._on_edited)
        watch(self.outcome_box, self._on_edited)
        self.recurrence.sig_edited.connect(self._on_edited)
        self.agenda.sig_edited.connect(self._on_edited)
        self.organisations.sig_edited.connect(self._on_edited)
        self.agreements.sig_edited.connect(self._on_edited)
        self._fix_tab_order()

    def _datetime_edit(self, name: str) -> DateTimeEntry:
        # wall time in the event's zone: the field shows and returns naive local times
        return DateTimeEntry(name, with_time=True)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.tabs,
            self.title,
            self.kind,
            self.start,
            self.end,
            self.all_day,
            self.tz,
            self.status,
            self.location,
            self.room,
            self.online_url,
            self.organiser.edit,
            self.committee,
            self.is_public,
            self.capacity,
            self.reminder,
            self.description,
            *self.recurrence.focus_chain(),
            self.participant_picker.edit,
            self.participant_role,
            self.add_participant_button,
            self.participants,
            self.remove_participant_button,
            self.mark_invited_button,
            self.outcome,
            *self.agenda.focus_chain(),
            *self.organisations.focus_chain(),
            *self.agreements.focus_chain(),
            self.cancel_event_button,
            self.delete_button,
            self.discard_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ state
    @property
    def has_event(self) -> bool:
        return self._open

    @property
    def event_id(self) -> int | None:
        return self._loaded.id if self._loaded is not None else None

    @property
    def loaded(self) -> EventData | None:
        return self._loaded

    @property
    def is_new(self) -> bool:
        return self._open and self.event_id is None

    @property
    def is_occurrence(self) -> bool:
        return self._loaded is not None and self._loaded.series_id is not None

    @property
    def is_stored(self) -> bool:
        return self.event_id is not None

    def display_title(self) -> str:
        return self.title.text().strip() if self._open else ""

    def is_dirty(self) -> bool:
        return self._open and (
            self.collect() != self._baseline or self._tasks_changed() or has_pending_dates(self)
        )

    def _tasks_changed(self) -> bool:
        return self.tasks.isVisibleTo(self) and self.tasks.values() != self._tasks_baseline

    def _build_update_banner(self, outer: QVBoxLayout) -> None:
        """„Änderung noch nicht versendet“: time, date or place changed after invitations."""
        self.update_banner = QFrame()
        self.update_banner.setObjectName("update_banner")
        theme.set_style(
            self.update_banner,
            "#update_banner {{ background: {error_bg}; border: 1px solid {error_border}; }}"
            " #update_banner QLabel {{ color: {error_text}; }}",
        )
        row = QHBoxLayout(self.update_banner)
        row.setContentsMargins(6, 4, 6, 4)
        self.update_banner_label = QLabel(
            _(
                "Änderung noch nicht versendet: Zeit, Datum oder Ort haben sich geändert, die "
                "Zusagen der Eingeladenen sind wieder offen."
            )
        )
        self.update_banner_label.setWordWrap(True)
        row.addWidget(self.update_banner_label, 1)
        self.send_update_button = QPushButton(_("Aktualisierung &senden …"))
        self.send_update_button.setObjectName("send_update_button")
        self.send_update_button.setToolTip(
            _("Die geänderte Einladung an alle Eingeladenen senden, mit Vorschau")
        )
        self.send_update_button.clicked.connect(self.sig_send_update_requested.emit)
        row.addWidget(self.send_update_button)
        self.update_banner.setAccessibleName(_("Änderung noch nicht versendet"))
        self.update_banner.setVisible(False)
        outer.addWidget(self.update_banner)

    def _show_update_banner(self, loaded: EventData | None) -> None:
        self.update_banner.setVisible(bool(loaded is not None and loaded.update_pending))

    def clear(self) -> None:
        self._loaded = None
        self._baseline = None
        self._open = False
        self._show_update_banner(None)
        self._clear_errors()
        self.show_notice([])
        self.stack.setCurrentWidget(self.placeholder)
        self.heading.setText(_("Kein Termin ausgewählt"))
        self.subtitle.setText("")
        for w in (
            self.save_button,
            self.discard_button,
            self.delete_button,
            self.cancel_event_button,
        ):
            w.setEnabled(False)
        self._set_dirty(False)

    def new_event(
        self, kind: str | None = None, day: date | None = None, at: time | None = None
    ) -> None:
        """An empty, unsaved event (default: a workshop at the next full hour; on a given day
        at 10:00 or at the given time)."""
        now = self._clock().astimezone(ZoneInfo(DEFAULT_TZ)).replace(tzinfo=None)
        if day is None:
            begin = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        else:
            begin = datetime.combine(day, at or time(10))
        data = EventData(
            kind=kind if kind in {k.value for k in EventKind} else EventKind.WORKSHOP.value,
            start=begin,
            end=begin + timedelta(hours=2),
        )
        self._show(data, loaded=None)
        self.show_notice([])
        self.tabs.setCurrentIndex(0)
        self.title.setFocus()

    def open_event(self, event_id: int) -> bool:
        try:
            data = self._ops.read(lambda s: sc.get_event(s, event_id))
            rule = self._series_rule_of(data)
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        self._series_rule = rule
        self._show(data, loaded=data)
        self.show_notice([])
        return True

    def open_occurrence(self, series_id: int, recurrence_id: datetime) -> bool:
        """One occurrence of a series: its own event if it was changed, else the series' data."""
        try:
            data = self._ops.read(lambda s: sc.occurrence_data(s, series_id, recurrence_id))
            rule = self._series_rule_of(data)
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        self._series_rule = rule
        self._show(data, loaded=data)
        self.show_notice([])
        return True

    def _series_rule_of(self, data: EventData) -> str | None:
        if data.series_id is None:
            return None
        sid = data.series_id
        return self._ops.read(lambda s: sc.get_event(s, sid)).rrule

    def reload(self) -> bool:
        """Re-read the shown event; False (and cleared) when it is gone."""
        if not self._open or self._loaded is None:
            return self._open
        loaded = self._loaded
        try:
            if loaded.id is not None:
                eid = loaded.id
                data = self._ops.read(lambda s: sc.get_event(s, eid))
                if data.deleted:
                    raise NotFoundError("deleted")
            elif loaded.series_id is not None and loaded.recurrence_id is not None:
                sid, rid = loaded.series_id, loaded.recurrence_id
                data = self._ops.read(lambda s: sc.occurrence_data(s, sid, rid))
                if self._ops.read(lambda s: sc.get_event(s, sid)).deleted:
                    raise NotFoundError("deleted")
            else:
                return True
            self._series_rule = self._ops.read(lambda s: self._series_rule_of_session(s, data))
        except ContactdeskError:
            self.clear()
            return False
        self._show(data, loaded=data)
        return True

    @staticmethod
    def _series_rule_of_session(session: Session, data: EventData) -> str | None:
        if data.series_id is None:
            return None
        return sc.get_event(session, data.series_id).rrule

    def _show(self, data: EventData, loaded: EventData | None) -> None:
        """Fill every field from `data`; the baseline for 'unsaved' is what `base` shows."""
        self._loading = True
        try:
            self._loaded = loaded
            self._open = True
            self._show_update_banner(loaded)
            if loaded is None:
                self._series_rule = None
            committees = self._ops.read(sc.list_committees)
            self.committee.clear()
            self.committee.addItem(_("– bitte wählen –"), None)
            for cid, name in committees:
                self.committee.addItem(name, cid)
            self.organisations.set_choices(self._ops.read(cs.list_organisations))
            agreements = self._ops.read(agreement_service.list_agreements)
            self.agreements.set_choices([(a.id, a.title) for a in agreements])
            self._fill(data)
            self._clear_errors()
            self.stack.setCurrentWidget(self.tabs)
            self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.collect()
        finally:
            self._loading = False
        self._update_heading()
        self._sync_buttons()
        self._set_dirty(False)

    def _fill(self, data: EventData) -> None:
        self.title.setText(data.title)
        self.title.setCursorPosition(0)
        set_choice(self.kind, data.kind)
        set_choice(self.status, data.status)
        self.all_day.blockSignals(True)
        self.all_day.setChecked(data.all_day)
        self.all_day.blockSignals(False)
        self._apply_all_day_format(data.all_day)
        self.start.setDateTime(to_qdatetime(data.start))
        end = data.end - timedelta(days=1) if data.all_day else data.end
        self.end.setDateTime(to_qdatetime(max(end, data.start) if data.all_day else end))
        self.tz.setCurrentText(data.tz)
        self.location.setText(data.location)
        self.location.setCursorPosition(0)
        self.room.setText(data.room)
        self.online_url.setText(data.online_url)
        self.organiser.set_contact(data.organiser_id, data.organiser_name)
        set_choice(self.committee, data.committee_id)
        self.is_public.setCurrentIndex(0 if data.is_public else 1)
        self.capacity.setValue(data.capacity or 0)
        self.reminder.setValue(-1 if data.reminder_minutes is None else data.reminder_minutes)
        self.description.setPlainText(data.description)
        rule = data.rrule if data.series_id is None else self._series_rule
        self.recurrence.set_rule(rule, data.start, data.tz)
        self.agenda.set_values(data.agenda)
        self.organisations.set_values(data.organisation_ids)
        self.agreements.set_values(data.agreement_ids)
        self.outcome.setPlainText(data.outcome)
        # results and tasks belong to one event, not to a series or one of its dates
        eid = data.id if not data.rrule and data.series_id is None else None
        self._tasks_baseline = self._ops.read(lambda s: ps.event_tasks(s, eid)) if eid else []
        self.tasks.set_values(self._tasks_baseline)
        self.tasks.setVisible(not data.rrule and data.series_id is None)
        self._draft_participants = [dataclasses.replace(p) for p in data.participants]
        self._refresh_participants()
        self._sync_committee()

    def _apply_all_day_format(self, all_day: bool) -> None:
        for edit in (self.start, self.end):
            edit.set_with_time(not all_day)
        self.end.setToolTip(
            _("Letzter Tag (einschließlich)") if all_day else _("Datum und Uhrzeit des Endes")
        )

    def _on_all_day(self, checked: bool) -> None:
        self._apply_all_day_format(checked)
        if checked:
            start = from_qdatetime(self.start.dateTime())
            end = from_qdatetime(self.end.dateTime())
            self.start.setDateTime(to_qdatetime(datetime.combine(start.date(), time())))
            self.end.setDateTime(
                to_qdatetime(datetime.combine(max(end.date(), start.date()), time()))
            )
        else:
            start = from_qdatetime(self.start.dateTime()).replace(hour=10)
            end = from_qdatetime(self.end.dateTime())
            self.start.setDateTime(to_qdatetime(start))
            self.end.setDateTime(
                to_qdatetime(
                    start + timedelta(hours=1)
                    if end.date() == start.date()
                    else datetime.combine(end.date(), time(11))
                )
            )
        self._on_edited()

    def _on_start_changed(self) -> None:
        start = from_qdatetime(self.start.dateTime())
        previous, self._last_start = self._last_start, start
        if self._loading:
            return
        if previous is not None and start != previous:
            # moving the start keeps the duration, as in every calendar
            end = from_qdatetime(self.end.dateTime())
            self.end.setDateTime(to_qdatetime(end + (start - previous)))
        self.recurrence.set_start(start)

    def _sync_committee(self) -> None:
        is_session = self.kind.currentData() == EventKind.GREMIENSITZUNG.value
        for w in (self.committee_caption, self._committee_box):
            w.setVisible(is_session)

    def _sync_buttons(self) -> None:
        stored = self.is_stored or self.is_occurrence
        self.delete_button.setEnabled(stored)
        cancelled = self._loaded is not None and self._loaded.status == EventStatus.ABGESAGT.value
        self.cancel_event_button.setEnabled(stored and not cancelled)

    def _update_heading(self) -> None:
        if not self._open:
            return
        title = self.title.text().strip()
        if self.is_new and not self.is_occurrence:
            self.heading.setText(title or _("Neuer Termin"))
            self.subtitle.setText(_("Noch nicht gespeichert"))
            return
        self.heading.setText(title or "–")
        parts = [label(EVENT_KIND, self.kind.currentData())]
        loaded = self._loaded
        if loaded is not None:
            parts.append(label(EVENT_STATUS, loaded.status))
            if loaded.series_id is not None:
                parts.append(_("↻ Termin einer Serie"))
            elif loaded.rrule:
                parts.append(_("↻ Serie"))
            if loaded.is_example:
                parts.append(_("Beispieldaten"))
        self.subtitle.setText(" · ".join(parts))
        if self.is_occurrence:
            self.recurrence_hint.setText(
                _(
                    "Dieser Termin gehört zu einer Serie. Eine geänderte Wiederholung gilt "
                    "für die ganze Serie."
                )
            )
        self.recurrence_hint.setVisible(self.is_occurrence)

    def _on_edited(self) -> None:
        if self._loading or not self._open:
            return
        self._update_heading()
        self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        enabled = self._open and (dirty or (self.is_new and not self.is_occurrence))
        self.save_button.setEnabled(enabled)
        self.discard_button.setEnabled(enabled)
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ data
    def collect(self) -> EventData:
        """The event as the fields show it (all-day end converted back to exclusive)."""
        base = self._loaded or EventData()
        data = dataclasses.replace(base)
        data.title = self.title.text()
        data.kind = self.kind.currentData()
        data.status = self.status.currentData()
        data.all_day = self.all_day.isChecked()
        start = from_qdatetime(self.start.dateTime())
        end = from_qdatetime(self.end.dateTime())
        if data.all_day:
            start = datetime.combine(start.date(), time())
            end = datetime.combine(end.date(), time()) + timedelta(days=1)
        data.start, data.end = start, end
        data.tz = self.tz.currentText().strip()
        data.location = self.location.text()
        data.room = self.room.text()
        data.online_url = self.online_url.text()
        data.organiser_id = self.organiser.contact_id
        is_session = data.kind == EventKind.GREMIENSITZUNG.value
        data.committee_id = self.committee.currentData() if is_session else None
        data.is_public = bool(self.is_public.currentData()) if is_session else base.is_public
        data.capacity = self.capacity.value() or None
        data.reminder_minutes = None if self.reminder.value() < 0 else self.reminder.value()
        data.description = self.description.toPlainText()
        data.rrule = self.recurrence.rule()
        data.agenda = self.agenda.values()
        data.organisation_ids = self.organisations.values()
        data.agreement_ids = self.agreements.values()
        data.outcome = self.outcome.toPlainText()
        data.participants = [dataclasses.replace(p) for p in self._draft_participants]
        return data

    # ------------------------------------------------------------------ saving
    def _ambiguity(self, data: EventData) -> tuple[bool, str | None]:
        """(go on, choice) — asks 'Sommerzeit oder Winterzeit?' for a doubled autumn hour."""
        if data.all_day:
            return True, None
        doubled = [t for t in (data.start, data.end) if tzs.is_ambiguous(t, data.tz)]
        if not doubled:
            return True, None
        base = self._baseline
        if (
            base is not None
            and base.ambiguous_choice
            and (base.start, base.end, base.tz) == (data.start, data.end, data.tz)
        ):
            return True, base.ambiguous_choice
        choice = ask_dst_choice(self, doubled[0], data.tz)
        return choice is not None, choice

    def save(self) -> bool:
        """Store the event; on errors show them at the fields and keep every input."""
        if not self._open or refuse_unreadable_dates(self):
            return False
        data = self.collect()
        self._clear_errors()
        go_on, choice = self._ambiguity(data)
        if not go_on:
            return False
        data.ambiguous_choice = choice
        loaded = self._loaded
        scope: str | None = None
        if loaded is not None and loaded.series_id is not None and loaded.recurrence_id is not None:
            scope = ask_occurrence_scope(self, data.title.strip(), _("Welche Termine ändern?"))
            if scope is None:
                return False
            run = self._save_occurrence(data) if scope == ONE else self._save_series(data)
        elif loaded is None or loaded.id is None:
            tasks = self.tasks.values() if self.tasks.isVisibleTo(self) else []

            def create(s: Session) -> tuple[None, SaveResult]:
                result = sc.create_event(s, data)
                if tasks and result.event.id is not None:
                    ps.set_event_tasks(s, result.event.id, tasks)
                return None, result

            run = self._ops.run(
                create,
                command=lambda r: undo.created_event(r[1].event),
                message=lambda r: _("„{title}“ angelegt.").format(title=r[1].event.title),
                show_errors=False,
                kinds=EVENT_KINDS,
            )
        else:
            eid = loaded.id
            changed_tasks = self.tasks.values() if self._tasks_changed() else None

            def update(s: Session) -> tuple[EventData, SaveResult, Any]:
                before = sc.get_event(s, eid)
                result = sc.update_event(s, eid, data, expected_version=data.row_version)
                if changed_tasks is None:
                    return before, result, None
                tasks_before = ps.event_tasks(s, eid)
                return before, result, (tasks_before, ps.set_event_tasks(s, eid, changed_tasks))

            run = self._ops.run(
                update,
                command=lambda r: undo.updated_event(r[0], r[1].event, tasks=r[2]),
                message=lambda r: _("„{title}“ gespeichert.").format(title=r[1].event.title),
                show_errors=False,
                kinds=EVENT_KINDS,
            )
        if run.error is not None:
            if isinstance(run.error, ValidationError):
                self._show_errors(run.error.fields)
            elif isinstance(run.error, VersionConflictError):
                answer, self._own_input = resolve_conflict(self, run.error, data, loaded)
                if answer is ConflictChoice.RELOAD:
                    self.reload()
            else:
                prompts.show_error(self, run.error.message)
            return False
        assert run.value is not None
        result: SaveResult = run.value[1]
        saved = result.event
        if scope == SERIES and loaded is not None and saved.id is not None:
            # the whole series was saved: keep showing this occurrence of it (or the series)
            self._show_series_after_save(saved, self._shifted_rid(loaded, data, saved))
        else:
            self._series_rule = self._ops.read(lambda s: self._series_rule_of_session(s, saved))
            self._show(saved, loaded=saved)
        self.show_result(result)
        assert saved.id is not None
        self.sig_saved.emit(saved.id)
        return True

    def _show_series_after_save(self, master: EventData, rid: datetime) -> None:
        assert master.id is not None
        sid = master.id
        try:
            data = self._ops.read(lambda s: sc.occurrence_data(s, sid, rid))
        except ContactdeskError:  # the occurrence is gone (a new rule): show the series
            self._series_rule = None
            self._show(master, loaded=master)
            return
        self._series_rule = master.rrule
        self._show(data, loaded=data)

    @staticmethod
    def _shifted_rid(loaded: EventData, data: EventData, saved: EventData) -> datetime:
        """The recurrence id of the shown occurrence after its series moved by some time."""
        assert loaded.recurrence_id is not None
        shift = data.start - loaded.start
        zi = ZoneInfo(saved.tz)
        local = loaded.recurrence_id.astimezone(zi).replace(tzinfo=None) + shift
        return tzs.local_to_utc(local, saved.tz, tzs.SUMMER)

    def _save_occurrence(self, data: EventData) -> Any:
        loaded = self._loaded
        assert loaded is not None and loaded.series_id is not None
        assert loaded.recurrence_id is not None
        sid, rid, own = loaded.series_id, loaded.recurrence_id, loaded.id

        def run(session: Session) -> tuple[EventData | None, SaveResult]:
            before = sc.get_event(session, own) if own is not None else None
            return before, sc.edit_occurrence(session, sid, rid, data)

        def command(r: tuple[EventData | None, SaveResult]) -> undo.Command:
            if r[0] is None:
                return undo.created_event(r[1].event)
            return undo.updated_event(r[0], r[1].event)

        return self._ops.run(
            run,
            command=command,
            message=lambda r: _("Termin am {day} gespeichert (nur dieser Termin).").format(
                day=f"{r[1].event.start:%d.%m.%Y}"
            ),
            show_errors=False,
            kinds=EVENT_KINDS,
        )

    def _save_series(self, data: EventData) -> Any:
        loaded, base = self._loaded, self._baseline
        assert loaded is not None and base is not None and loaded.series_id is not None
        sid = loaded.series_id

        def run(session: Session) -> tuple[EventData, SaveResult]:
            before = sc.get_event(session, sid)
            master = dataclasses.replace(before)
            for name in SERIES_FIELDS:
                if getattr(data, name) != getattr(base, name):
                    setattr(master, name, getattr(data, name))
            master.start = before.start + (data.start - base.start)
            master.end = before.end + (data.end - base.end)
            if (data.start, data.end) != (base.start, base.end):
                master.ambiguous_choice = data.ambiguous_choice
            return before, sc.update_event(session, sid, master)

        return self._ops.run(
            run,
            command=lambda r: undo.updated_event(r[0], r[1].event),
            message=lambda r: _("Serie „{title}“ gespeichert.").format(title=r[1].event.title),
            show_errors=False,
            kinds=EVENT_KINDS,
        )

    def show_result(self, result: SaveResult) -> None:
        lines = [c.message for c in result.conflicts] + list(result.warnings)
        self.show_notice(lines, conflicts=bool(result.conflicts))

    def show_notice(self, lines: list[str], *, conflicts: bool = False) -> None:
        """Conflicts and warnings after saving: informative, never blocking."""
        if not lines:
            self.notice.setVisible(False)
            self.notice.setText("")
            return
        head = (
            _("Gespeichert – bitte beachten Sie (Überschneidungen):")
            if conflicts
            else _("Gespeichert – bitte beachten Sie:")
        )
        self.notice.setText(head + "\n" + "\n".join(f"• {line}" for line in lines))
        self.notice.setVisible(True)

    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    def discard(self) -> None:
        if self._loaded is not None:
            self.reload()
        else:
            self.clear()

    # ------------------------------------------------------------------ cancel and delete
    def cancel_event(self) -> bool:
        """'Absagen' with a note; for an occurrence only this one or the whole series."""
        loaded = self._loaded
        if loaded is None or not (self.is_stored or self.is_occurrence):
            return False
        if self.is_dirty():
            prompts.show_error(
                self, _("Bitte speichern oder verwerfen Sie zuerst Ihre Änderungen am Termin.")
            )
            return False
        scope = SERIES
        if self.is_occurrence:
            picked = ask_occurrence_scope(self, loaded.title, _("Welche Termine absagen?"))
            if picked is None:
                return False
            scope = picked
        note = ask_cancel_note(self, loaded.title)
        if note is None:
            return False
        if self.is_occurrence and scope == ONE:
            data = dataclasses.replace(self.collect(), status=EventStatus.ABGESAGT.value)
            if note.strip():
                data.outcome = (data.outcome + "\n" + note.strip()).strip()
            result = self._save_occurrence(data)
            ok = result.ok
            if ok:
                saved = result.value[1].event
                self._show(saved, loaded=saved)
        else:
            eid = loaded.series_id if self.is_occurrence else loaded.id
            assert eid is not None
            run = self._ops.run(
                lambda s: (sc.get_event(s, eid), sc.cancel_event(s, eid, note)),
                command=lambda r: undo.updated_event(r[0], r[1]),
                message=lambda r: _("„{title}“ abgesagt.").format(title=r[1].title),
                kinds=EVENT_KINDS,
            )
            ok = run.ok
            if ok:
                self.reload()
        return ok

    def delete_event(self) -> bool:
        """Delete after a German confirmation; an occurrence of a series is cancelled (EXDATE)."""
        loaded = self._loaded
        if loaded is None or not (self.is_stored or self.is_occurrence):
            return False
        if self.is_occurrence:
            assert loaded.series_id is not None and loaded.recurrence_id is not None
            scope = ask_occurrence_scope(self, loaded.title, _("Welche Termine löschen?"))
            if scope is None:
                return False
            if scope == ONE:
                sid, rid = loaded.series_id, loaded.recurrence_id
                run = self._ops.run(
                    lambda s: (
                        sc.get_event(s, sid),
                        sc.override_id(s, sid, rid),
                        sc.cancel_occurrence(s, sid, rid),
                    ),
                    command=lambda r: undo.cancelled_occurrence(r[0], rid, r[1]),
                    message=lambda r: _("Der Termin am {day} der Serie „{title}“ entfällt.").format(
                        day=f"{loaded.start:%d.%m.%Y}", title=r[2].title
                    ),
                    kinds=EVENT_KINDS,
                )
                if run.ok:
                    self.clear()
                    self.sig_closed.emit()
                return run.ok
            eid: int = loaded.series_id
        else:
            assert loaded.id is not None
            eid = loaded.id
            if not confirm_delete_event(self, loaded.title):
                return False
        deleted = self._ops.run(
            lambda s: sc.delete_event(s, eid),
            command=lambda r: undo.deleted_event(eid, r.title),
            message=lambda r: _("„{title}“ gelöscht. Rückgängig mit Strg+Z.").format(title=r.title),
            kinds=EVENT_KINDS,
        )
        if deleted.ok:
            self.clear()
            self.sig_closed.emit()
        return deleted.ok

    # ------------------------------------------------------------------ participants
    def _refresh_participants(self) -> None:
        rows = self._draft_participants
        data = self._loaded
        ended = False
        if data is not None and data.id is not None:
            try:
                ended = data.end_utc <= self._clock()
            except ValidationError:
                ended = False
        self.participants_model.set_rows(rows, attendance=ended)
        self.participants.setColumnHidden(5, not ended)
        self.participants.resizeColumnsToContents()
        self.participants_fit.fit()
        counts = {r.value: 0 for r in RESPONSE}
        for p in rows:
            counts[p.response] = counts.get(p.response, 0) + 1
        waiting = sum(1 for p in rows if p.waiting_list)
        missing = sum(1 for p in rows if p.consent_missing)
        parts = [
            _("{n} Teilnehmende").format(n=len(rows)),
            *(f"{label(RESPONSE, key)}: {n}" for key, n in counts.items() if n),
        ]
        if waiting:
            parts.append(_("Warteliste: {n}").format(n=waiting))
        if missing:
            parts.append(_("⚠ Einwilligung fehlt: {n}").format(n=missing))
        self.participant_counts.setText(" · ".join(parts))
        stored = self.is_stored
        self.mark_invited_button.setEnabled(stored and bool(rows))
        self.participant_hint.setText(
            _("Änderungen an Teilnehmenden werden sofort gespeichert.")
            if stored
            else _("Die Teilnehmenden werden mit dem Termin gespeichert.")
        )
        self.outcome_box.setTitle(
            _("Ergebnis und Anwesenheit (der Termin ist vorbei)") if ended else _("Ergebnis")
        )

    def _add_picked(self, refocus: bool = False) -> None:
        cid = self.participant_picker.contact_id
        if cid is None:
            return
        self.add_participants([cid], self.participant_role.currentData())
        self.participant_picker.set_contact(None)
        # the pop-up's own choice writes the name back a moment later: clear after it
        QTimer.singleShot(0, self.participant_picker.edit.clear)
        self.add_participant_button.setEnabled(False)
        if refocus:
            self.participant_picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_participants(self, contact_ids: list[int], role: str | None = None) -> bool:
        """Invite people or organisations (they resolve to their contact person)."""
        role = role or PARTICIPANT_ROLE_DEFAULT
        if self.is_stored:
            eid = self.event_id
            assert eid is not None
            return self._participant_op(
                lambda s: sc.invite(s, eid, contact_ids, role),
                _("Teilnehmende hinzugefügt."),
            )
        known = {p.contact_id for p in self._draft_participants}
        rows = self._ops.read(
            lambda s: {cid: cs.get_contact(s, cid) for cid in contact_ids if cid not in known}
        )
        for cid, contact in rows.items():
            self._draft_participants.append(
                ParticipantData(
                    contact_id=cid,
                    role=role,
                    contact_name=contact.display_name,
                    contact_kind=contact.kind,
                )
            )
        self._refresh_participants()
        self._on_edited()
        return True

    def _remove_selected_participant(self) -> None:
        row = self.participants.currentIndex().row()
        p = self.participants_model.participant(row)
        if p is not None:
            self.remove_participant(p.contact_id)

    def remove_participant(self, contact_id: int) -> bool:
        if self.is_stored:
            return self._change_stored_participants(
                lambda ps: [p for p in ps if p.contact_id != contact_id],
                _("Teilnehmende entfernt."),
            )
        self._draft_participants = [
            p for p in self._draft_participants if p.contact_id != contact_id
        ]
        self._refresh_participants()
        self._on_edited()
        return True

    def set_response(self, contact_id: int, response: str) -> bool:
        return self._on_participant_edit(contact_id, "response", response)

    def set_attended(self, contact_id: int, attended: bool) -> bool:
        return self._on_participant_edit(contact_id, "attended", attended)

    def _on_participant_edit(self, contact_id: int, field: str, value: object) -> bool:
        if not self.is_stored:
            for p in self._draft_participants:
                if p.contact_id == contact_id:
                    setattr(p, field, value)
            self._refresh_participants()
            self._on_edited()
            return True
        eid = self.event_id
        assert eid is not None
        if field == "response":
            return self._participant_op(
                lambda s: sc.record_response(s, eid, contact_id, str(value)),
                _("Rückmeldung gespeichert: {response}.").format(
                    response=label(RESPONSE, str(value))
                ),
            )
        if field == "attended":
            return self._participant_op(
                lambda s: sc.record_attendance(s, eid, {contact_id: bool(value)}),
                _("Anwesenheit gespeichert."),
            )

        def change(ps: list[ParticipantData]) -> list[ParticipantData]:
            for p in ps:
                if p.contact_id == contact_id:
                    setattr(p, field, value)
            return ps

        return self._change_stored_participants(change, _("Rolle geändert."))

    def mark_invited(self) -> bool:
        if not self.is_stored:
            return False
        eid = self.event_id
        assert eid is not None
        return self._participant_op(
            lambda s: sc.mark_invited(s, eid), _("Einladungen als versendet markiert.")
        )

    def _change_stored_participants(
        self, change: Callable[[list[ParticipantData]], list[ParticipantData]], message: str
    ) -> bool:
        eid = self.event_id
        assert eid is not None

        def run(session: Session) -> SaveResult:
            data = sc.get_event(session, eid)
            data.participants = change(data.participants)
            return sc.update_event(session, eid, data)

        return self._participant_op(run, message)

    def _participant_op(self, fn: Callable[[Session], Any], message: str) -> bool:
        """One undoable participant change of a stored event; other unsaved edits stay."""
        eid = self.event_id
        assert eid is not None

        def run(session: Session) -> tuple[EventData, EventData, list[str], list[Any]]:
            before = sc.get_event(session, eid)
            value = fn(session)
            warnings = value.warnings if isinstance(value, SaveResult) else []
            conflicts = value.conflicts if isinstance(value, SaveResult) else []
            return before, sc.get_event(session, eid), warnings, conflicts

        pending = self.collect()
        base = self._baseline
        result = self._ops.run(
            run,
            command=lambda r: undo.updated_event(r[0], r[1]),
            message=message,
            kinds=EVENT_KINDS,
        )
        if not result.ok or result.value is None:
            return False
        _before, after, warnings, conflicts = result.value
        self._merge(after, pending, base)
        self.show_notice([c.message for c in conflicts] + warnings, conflicts=bool(conflicts))
        return True

    def _merge(self, after: EventData, pending: EventData, base: EventData | None) -> None:
        """Show the stored event `after`, keeping the user's unsaved edits of other fields."""
        self._show(after, loaded=after)
        if base is None:
            return
        merged = self.collect()
        changed = False
        for f in dataclasses.fields(EventData):
            name = f.name
            if name in ("participants", "ambiguous_choice"):
                continue
            if getattr(pending, name) != getattr(base, name):
                setattr(merged, name, getattr(pending, name))
                changed = True
        if changed:
            self._loading = True
            try:
                baseline = self._baseline
                self._fill(merged)
                self._baseline = baseline
            finally:
                self._loading = False
            self._update_heading()
            self._set_dirty(self.is_dirty())

    # ------------------------------------------------------------------ errors
    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            if err is not None:
                err.setVisible(False)
        self.recurrence.set_error(None)
        self._links_error.setVisible(False)

    def _show_errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, message in fields.items():
            name = key.partition(".")[0]
            target: QWidget | None = None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                if err is not None:
                    err.setText(message)
                    err.setVisible(True)
                target = widget
            elif name == "rrule":
                self.recurrence.set_error(message)
                target = self.recurrence.freq
            elif name in ("organisation_ids", "agreement_ids"):
                self._links_error.setText(message)
                self._links_error.setVisible(True)
            elif name == "participants":
                target = self.participants
            if first is None and target is not None:
                first = target
        lines = [_("Bitte korrigieren Sie die markierten Angaben:"), *fields.values()]
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(True)
        if first is not None:
            page = (
                self.participants.parentWidget() if first is self.participants else self.scroll_area
            )
            if page is not None:
                self.tabs.setCurrentWidget(page)
            if first is not self.participants:
                self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def field_error(self, key: str) -> str:
        """The error text shown at a field (for tests and accessibility checks)."""
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if err is not None and not err.isHidden() else ""
        if key == "rrule":
            return self.recurrence.error.text() if not self.recurrence.error.isHidden() else ""
        return ""


PARTICIPANT_ROLE_DEFAULT = "teilnehmer"

__all__ = ["ContactPicker", "EventEditor", "RecurrenceEditor", "ask_dst_choice"]
