"""The first tab of the event editor ("Termin"): title, kind, time and zone, status, place,
organiser, committee, places, reminder, description and the repetition — the widgets, how an
event fills them and how they give it back, and how they follow each other (all day, a moved
start keeps the duration, the committee only for a Gremiensitzung)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import EVENT_KIND, EVENT_STATUS
from contactdesk.core.models.schedule import EventKind
from contactdesk.core.services.schedule import EventData
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.event_editor.recurrence import RecurrenceEditor
from contactdesk.gui.views.widgets import (
    error_label,
    field_with_error,
    form_layout,
    line_edit,
    named,
    watch,
)
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.contact_picker import ContactPicker
from contactdesk.gui.widgets.datetime_entry import DateTimeEntry

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


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class EventForm(QWidget):
    """The fields of one event (the editor scrolls it); start and end are wall times in the
    event's zone, an all-day end is shown as the last day (inclusive)."""

    sig_edited = Signal()
    """The user changed a field (also the repetition)."""

    def __init__(self, ops: Ops) -> None:
        super().__init__()
        self._filling = False
        self._last_start: datetime | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 4, 0, 4)  # the scroll page adds the right margin
        v.addWidget(self._build_event_box())
        v.addWidget(self._build_place_box())
        v.addWidget(self._build_organisation_box(ops))
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

        self.all_day.toggled.connect(self._on_all_day)
        self.kind.currentIndexChanged.connect(self.sync_committee)
        self.start.dateTimeChanged.connect(self._on_start_changed)
        watch(self, self.sig_edited.emit)
        self.recurrence.sig_edited.connect(self.sig_edited.emit)

    def _build_event_box(self) -> QGroupBox:
        box = QGroupBox(_("Termin"))
        form = form_layout(box)
        self.title = line_edit(_("Titel"), _("z. B. Workshop Engagement junger Menschen"))
        self.kind = choice_combo(_("Art des Termins"), EVENT_KIND)
        self.status = choice_combo(_("Status"), EVENT_STATUS)
        self.title_error = field_with_error(form, _("&Titel"), self.title)
        self.kind_error = field_with_error(form, _("&Art"), self.kind)
        # wall times in the event's zone: the fields show and return naive local times
        self.start = DateTimeEntry(_("Beginn"), with_time=True)
        self.end = DateTimeEntry(_("Ende"), with_time=True)
        self.all_day = named(QCheckBox(_("&ganztägig")), _("ganztägig"))
        self.start_error = field_with_error(form, _("&Beginn"), self.start)
        self.end_error = field_with_error(form, _("&Ende"), self.end)
        form.addRow("", self.all_day)
        self.tz = named(QComboBox(), _("Zeitzone"), _("IANA-Zeitzone, z. B. Europe/Berlin"))
        self.tz.setEditable(True)
        self.tz.addItems(COMMON_ZONES)
        self.tz.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tz_error = field_with_error(form, _("&Zeitzone"), self.tz)
        self.status_error = field_with_error(form, _("&Status"), self.status)
        return box

    def _build_place_box(self) -> QGroupBox:
        box = QGroupBox(_("Ort"))
        form = form_layout(box)
        self.location = line_edit(_("Ort"), _("Adresse oder Gebäude"))
        self.room = line_edit(_("Raum"), _("z. B. Ratssaal"))
        self.online_url = line_edit(_("Online-Link"), _("https://…"))
        field_with_error(form, _("&Ort"), self.location)
        self.room_error = field_with_error(form, _("&Raum"), self.room)
        field_with_error(form, _("Online-&Link"), self.online_url)
        return box

    def _build_organisation_box(self, ops: Ops) -> QGroupBox:
        box = QGroupBox(_("Organisation"))
        form = form_layout(box)
        self.organiser = ContactPicker(ops, _("Veranstalter/in"), _("Kontakt suchen …"))
        self.organiser_error = field_with_error(form, _("&Veranstalter/in"), self.organiser)
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
        self.committee_box = QWidget()
        cv = QVBoxLayout(self.committee_box)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(1)
        cv.addWidget(committee_row)
        self.committee_error = error_label()
        cv.addWidget(self.committee_error)
        self.committee_caption.setBuddy(self.committee)
        form.addRow(self.committee_caption, self.committee_box)
        self.capacity = named(QSpinBox(), _("Höchstzahl Teilnehmende"))
        self.capacity.setRange(0, 100000)
        self.capacity.setSpecialValueText(_("unbegrenzt"))
        self.capacity_error = field_with_error(form, _("&Plätze"), self.capacity)
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
        return box

    def field_widgets(self) -> dict[str, tuple[QWidget, QLabel | None]]:
        """Each field a save can refuse (by its EventData name) with its error label."""
        return {
            "title": (self.title, self.title_error),
            "kind": (self.kind, self.kind_error),
            "start": (self.start, self.start_error),
            "end": (self.end, self.end_error),
            "tz": (self.tz, self.tz_error),
            "status": (self.status, self.status_error),
            "capacity": (self.capacity, self.capacity_error),
            "committee_id": (self.committee, self.committee_error),
            "organiser_id": (self.organiser.edit, self.organiser_error),
            "room": (self.room, self.room_error),
        }

    def focus_chain(self) -> list[QWidget]:
        return [
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
        ]

    # ------------------------------------------------------------------ fill and collect
    def set_committees(self, committees: list[tuple[int, str]]) -> None:
        self.committee.clear()
        self.committee.addItem(_("– bitte wählen –"), None)
        for cid, name in committees:
            self.committee.addItem(name, cid)

    def fill(self, data: EventData, rule: str | None) -> None:
        """Show `data`; `rule`: the repetition shown (for an occurrence its series' rule)."""
        self._filling = True
        try:
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
            self.recurrence.set_rule(rule, data.start, data.tz)
        finally:
            self._filling = False
        self.sync_committee()

    def collect_into(self, data: EventData, base: EventData) -> None:
        """Write the fields into `data` (all-day end back to exclusive); `base`: the event as
        loaded, which keeps what the form does not show (the public flag of a non-session)."""
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

    def show_occurrence_hint(self, shown: bool) -> None:
        if shown:
            self.recurrence_hint.setText(
                _(
                    "Dieser Termin gehört zu einer Serie. Eine geänderte Wiederholung gilt "
                    "für die ganze Serie."
                )
            )
        self.recurrence_hint.setVisible(shown)

    # ------------------------------------------------------------------ fields follow each other
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
        self.sig_edited.emit()

    def _on_start_changed(self) -> None:
        start = from_qdatetime(self.start.dateTime())
        previous, self._last_start = self._last_start, start
        if self._filling:
            return
        if previous is not None and start != previous:
            # moving the start keeps the duration, as in every calendar
            end = from_qdatetime(self.end.dateTime())
            self.end.setDateTime(to_qdatetime(end + (start - previous)))
        self.recurrence.set_start(start)

    def sync_committee(self) -> None:
        is_session = self.kind.currentData() == EventKind.GREMIENSITZUNG.value
        for w in (self.committee_caption, self.committee_box):
            w.setVisible(is_session)
