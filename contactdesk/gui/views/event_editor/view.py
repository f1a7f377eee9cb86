"""EventView: what the event editor shows — the header, the three tabs (form.py, participants.py,
lists.py), the notices and the button bar — and its state: which event is open, the baseline
of 'unsaved', the draft participants, the errors at the fields. The writes are EventEditor's
(editor.py), which builds on this class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.errors import ContactdeskError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import EVENT_KIND, EVENT_STATUS, label
from contactdesk.core.models.schedule import DEFAULT_TZ, EventKind, EventStatus
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.schedule import EventData, ParticipantData, SaveResult
from contactdesk.gui import theme
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base.editor import EditorBase
from contactdesk.gui.views.event_editor.form import EventForm
from contactdesk.gui.views.event_editor.lists import AgendaLinksPage
from contactdesk.gui.views.event_editor.participants import ParticipantsPage
from contactdesk.gui.views.widgets import named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class EventView(EditorBase):
    """Shows one event (or nothing) and keeps what the user typed; EventEditor adds the writes.
    `sig_saved` (the base's) names the event saved: for one date of a series its own event."""

    sig_closed = Signal()
    """The shown event was deleted (the editor is empty now)."""
    sig_send_update_requested = Signal()
    """The user asked to send the update after a change (banner „Aktualisierung senden“)."""

    _loaded: EventData | None
    _baseline: EventData | None

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(ops, parent, _("Termin bearbeiten"))
        self._clock = clock or (lambda: datetime.now(UTC))
        self._series_rule: str | None = None
        self._draft_participants: list[ParticipantData] = []
        self._tasks_baseline: list[ps.TaskData] = []
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = self._frame_top(_("Titel des Termins"), _("Art des Termins"))
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
        self._frame_stack(
            outer,
            _(
                "Wählen Sie einen Termin aus (Doppelklick im Kalender) oder legen Sie mit "
                "Strg+N einen neuen Termin an."
            ),
            _("Kein Termin ausgewählt"),
        )
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Bereiche des Termins"))
        self.stack.addWidget(self.tabs)
        self.form = EventForm(self._ops)
        self._scroll_page(_("Formular des Termins")).addWidget(self.form)
        self.tabs.addTab(self.scroll_area, _("&1 Termin"))
        self.people = ParticipantsPage(self._ops)
        self.tabs.addTab(self.people, _("&2 Teilnehmende"))
        self.links = AgendaLinksPage()
        self.tabs.addTab(self.links, _("&3 Tagesordnung und Verknüpfungen"))

        self.cancel_event_button = named(
            QPushButton(_("Absagen …")), _("Termin absagen"), _("Den Termin absagen (mit Hinweis)")
        )
        self.delete_button = named(
            QPushButton(_("Löschen")), _("Termin löschen"), _("Den Termin löschen (Entf)")
        )
        self._frame_bar(outer, (self.cancel_event_button, self.delete_button))

        self._field_widgets = self.form.field_widgets()
        for page in (self.form, self.people, self.links):
            page.sig_edited.connect(self._on_edited)
        self._tab_order(
            [
                self.tabs,
                *self.form.focus_chain(),
                *self.people.focus_chain(),
                *self.links.focus_chain(),
                self.cancel_event_button,
                self.delete_button,
            ]
        )

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

    # ------------------------------------------------------------------ state
    @property
    def title(self) -> QLineEdit:
        """The title field (the area puts the cursor there after Strg+N)."""
        return self.form.title

    has_event = EditorBase.has_record
    event_id = EditorBase.record_id

    @property
    def is_occurrence(self) -> bool:
        return self._loaded is not None and self._loaded.series_id is not None

    @property
    def is_stored(self) -> bool:
        return self.event_id is not None

    def display_name(self) -> str:
        return self.form.title.text().strip() if self._open else ""

    def display_title(self) -> str:
        """The title as typed (the area's name for display_name)."""
        return self.display_name()

    def leave_name(self) -> str:
        return self.display_name() or _("neuer Termin")

    def snapshot(self) -> EventData:
        return self.collect()

    def is_dirty(self) -> bool:
        return super().is_dirty() or (self._open and self._tasks_changed())

    def _can_save(self, dirty: bool) -> bool:
        # an occurrence shown from its series' data has no id, yet nothing new to save
        return self._open and (dirty or (self.is_new and not self.is_occurrence))

    def _tasks_changed(self) -> bool:
        tasks = self.people.tasks
        return tasks.isVisibleTo(self) and tasks.values() != self._tasks_baseline

    def _show_update_banner(self, loaded: EventData | None) -> None:
        self.update_banner.setVisible(bool(loaded is not None and loaded.update_pending))

    def clear(self) -> None:
        self._show_empty(_("Kein Termin ausgewählt"))
        self._show_update_banner(None)
        self.show_notice([])
        for button in (self.delete_button, self.cancel_event_button):
            button.setEnabled(False)

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
        self.form.title.setFocus()

    def open_event(self, event_id: int) -> bool:
        return self._open_read(lambda s: sc.get_event(s, event_id))

    def open_occurrence(self, series_id: int, recurrence_id: datetime) -> bool:
        """One occurrence of a series: its own event if it was changed, else the series' data."""
        return self._open_read(lambda s: sc.occurrence_data(s, series_id, recurrence_id))

    def _open_read(self, read: Callable[[Session], EventData]) -> bool:
        found = self._read_to_show(lambda s: self._with_rule(s, read(s)))
        if found is None:
            return False
        self._show_stored(*found)
        self.show_notice([])
        return True

    @staticmethod
    def _with_rule(session: Session, data: EventData) -> tuple[EventData, str | None]:
        """The event with the rule its repetition form shows (an occurrence: its series')."""
        if data.series_id is None:
            return data, data.rrule
        return data, sc.get_event(session, data.series_id).rrule

    def _show_stored(self, data: EventData, rule: str | None) -> None:
        self._series_rule = rule
        self._show(data, loaded=data)

    def reload(self, *, keep_edits: bool = True) -> bool:
        """Re-read the shown event; False (and cleared) when it is gone. The area reloads only
        an editor without unsaved changes, so `keep_edits` has nothing to keep here."""
        if not self._open or self._loaded is None:
            return self._open
        loaded = self._loaded
        if loaded.id is None and (loaded.series_id is None or loaded.recurrence_id is None):
            return True
        try:  # an occurrence can be gone with a new rule of its series (a ValidationError)
            found = self._ops.read(lambda s: self._read_shown(s, loaded))
        except ContactdeskError:
            found = None
        if found is None:
            self.clear()
            return False
        self._show_stored(*found)
        return True

    @classmethod
    def _read_shown(
        cls, session: Session, loaded: EventData
    ) -> tuple[EventData, str | None] | None:
        """The shown event or occurrence as stored now; None when it or its series is deleted."""
        if loaded.id is not None:
            data = sc.get_event(session, loaded.id)
            gone = data.deleted
        else:
            assert loaded.series_id is not None and loaded.recurrence_id is not None
            data = sc.occurrence_data(session, loaded.series_id, loaded.recurrence_id)
            gone = sc.get_event(session, loaded.series_id).deleted
        return None if gone else cls._with_rule(session, data)

    def _show(self, data: EventData, loaded: EventData | None) -> None:
        """Fill every field from `data`; the baseline for 'unsaved' is what they show then."""
        with self._filling(data, loaded):
            self._show_update_banner(loaded)
            if loaded is None:
                self._series_rule = None
            self.form.set_committees(self._ops.read(sc.list_committees))
            agreements = self._ops.read(agreement_service.list_agreements)
            self.links.set_choices(
                self._ops.read(cs.list_organisations), [(a.id, a.title) for a in agreements]
            )
            self._fill(data)
        self._sync_buttons()

    def _shown_page(self) -> QWidget:
        return self.tabs

    def _fill(self, data: EventData) -> None:
        self.form.fill(data, data.rrule if data.series_id is None else self._series_rule)
        self.links.fill(data)
        self.people.outcome.setPlainText(data.outcome)
        # results and tasks belong to one event, not to a series or one of its dates
        single = not data.rrule and data.series_id is None
        eid = data.id if single else None
        self._tasks_baseline = self._ops.read(lambda s: ps.event_tasks(s, eid)) if eid else []
        self.people.tasks.set_values(self._tasks_baseline)
        self.people.tasks.setVisible(single)
        self._draft_participants = [dataclasses.replace(p) for p in data.participants]
        self._refresh_participants()

    def _sync_buttons(self) -> None:
        stored = self.is_stored or self.is_occurrence
        self.delete_button.setEnabled(stored)
        cancelled = self._loaded is not None and self._loaded.status == EventStatus.ABGESAGT.value
        self.cancel_event_button.setEnabled(stored and not cancelled)

    def _update_title(self) -> None:
        if not self._open:
            return
        title = self.form.title.text().strip()
        self.form.show_occurrence_hint(self.is_occurrence)
        if self.is_new and not self.is_occurrence:
            self.heading.setText(title or _("Neuer Termin"))
            self.subtitle.setText(_("Noch nicht gespeichert"))
            return
        self.heading.setText(title or "–")
        parts = [label(EVENT_KIND, self.form.kind.currentData())]
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

    # ------------------------------------------------------------------ data
    def collect(self) -> EventData:
        """The event as the fields show it (all-day end converted back to exclusive)."""
        base = self._loaded or EventData()
        data = dataclasses.replace(base)
        self.form.collect_into(data, base)
        self.links.collect_into(data)
        data.outcome = self.people.outcome.toPlainText()
        data.participants = [dataclasses.replace(p) for p in self._draft_participants]
        return data

    # ------------------------------------------------------------------ participants shown
    def _refresh_participants(self) -> None:
        data = self._loaded
        ended = False
        if data is not None and data.id is not None:
            try:
                ended = data.end_utc <= self._clock()
            except ValidationError:
                ended = False
        self.people.show_rows(self._draft_participants, ended=ended, stored=self.is_stored)

    # ------------------------------------------------------------------ notices and errors
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

    def _clear_other_errors(self) -> None:
        self.form.recurrence.set_error(None)
        self.links.show_links_error(None)

    def _show_other_error(self, key: str, message: str) -> QWidget | None:
        name = key.partition(".")[0]
        if name == "rrule":
            self.form.recurrence.set_error(message)
            return self.form.recurrence.freq
        if name in ("organisation_ids", "agreement_ids"):
            self.links.show_links_error(message)
            return None
        return self.people.participants if name == "participants" else None

    def _other_field_error(self, key: str) -> str:
        error = self.form.recurrence.error
        return error.text() if key == "rrule" and not error.isHidden() else ""

    def _reveal(self, widget: QWidget) -> None:
        """The tab of the first field with an error, then the field itself."""
        if widget is self.people.participants:
            self.tabs.setCurrentWidget(self.people)
            widget.setFocus()
            return
        self.tabs.setCurrentWidget(self.scroll_area)
        super()._reveal(widget)
