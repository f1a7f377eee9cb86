"""ScheduleView: the "Termine" area — agenda list, month and week view, filters and the editor.

Each view shows one range, read with one `occurrences()` call (series expanded by the core);
the ranges are schedule/periods.py, the list <-> editor sync is MasterDetailArea's.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
)

from contactdesk.core.changes import Kind
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.schedule import EventFilter, Occurrence
from contactdesk.gui.models.schedule import AgendaTableModel, occurrence_key
from contactdesk.gui.ops import Change
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.calendar_views import MonthView, WeekView
from contactdesk.gui.views.event_editor import EventEditor
from contactdesk.gui.views.schedule import periods
from contactdesk.gui.views.schedule.bars import FilterBar, NavigationBar

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the calendar, list and editor
WATCHES = frozenset({Kind.EVENTS, Kind.PARTICIPANTS, Kind.SESSIONS, Kind.SETTINGS})

FILTER_DELAY_MS = 150
COLUMN_WIDTHS = [105, 95, 130, 260, 200, 85, 90]
#: an agenda entry: (event or series id, the occurrence's recurrence id or None)
OccurrenceKey = tuple[int, datetime | None]


class ScheduleView(md.MasterDetailArea[OccurrenceKey]):
    """Everything of the schedule in one widget; talks to the core only through Ops.

    Implements gui.area.Area (key "events"). `open_event(event_id)` shows one event, e.g. when
    the dashboard's `sig_open_requested("events", id)` asks for it.
    """

    key = "events"
    title = N_("Termine")
    watches = WATCHES
    pane_sizes = (760, 520)
    editor: EventEditor

    def setup(self) -> None:
        self._mode = periods.MODE_LIST
        self._anchor = self.today()
        self._stale = True
        self._started = False
        self._all: list[Occurrence] = []
        #: number of occurrences() calls so far (for tests and diagnostics)
        self.query_count = 0
        self.model = AgendaTableModel(self)
        self.row_of_key = self.model.row_of
        self._filter_timer = md.delay_timer(self, FILTER_DELAY_MS, self._apply_text_filter)
        self._build()
        # a contact renamed: only the editor re-reads (participants' names in the editor)
        self._ops.subscribe({Kind.CONTACTS, Kind.ORGANISATIONS}, self._contacts_renamed)

    def today(self) -> date:
        return self._clock().astimezone(periods.ZONE).date()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = md.column(self)
        self.navigation = NavigationBar()
        outer.addWidget(self.navigation)
        self.filters = FilterBar(self._ops, self.today())
        outer.addWidget(self.filters)
        self._wire_bars()

        # "nothing here, but in other years": shown instead of a silent empty list
        self.elsewhere = QLabel()
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setAccessibleName(_("Treffer in anderen Zeiträumen"))
        self.elsewhere.setTextFormat(Qt.TextFormat.RichText)
        self.elsewhere.linkActivated.connect(lambda _link: self.show_all_years())
        self.elsewhere.setVisible(False)
        outer.addWidget(self.elsewhere)

        self.views = QStackedWidget()
        self.table, self.fit_columns = md.record_table(
            _("Terminliste"),
            self.model,
            COLUMN_WIDTHS,
            keep=(3,),  # the title
        )
        self.follow_list()
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.month = MonthView()
        self.week = WeekView()
        self.month.sig_open_requested.connect(self.open_occurrence)
        self.week.sig_open_requested.connect(self.open_occurrence)
        self.month.sig_day_requested.connect(self._show_week_of)
        self.month.sig_new_requested.connect(lambda day: self.new_at(day))
        self.week.sig_new_requested.connect(
            lambda moment: self.new_at(moment.date(), moment.time())
        )
        for w in (self.table, self.month, self.week):
            self.views.addWidget(w)
        self.bind_delete(self.table, self.month, self.week)
        self.editor = EventEditor(self._ops, clock=self._clock)
        self.editor.setMinimumWidth(380)
        self.follow_editor(self.editor.sig_saved, self.editor.sig_dirty_changed)
        self.editor.sig_closed.connect(self.sync_selection)
        self.has_record = lambda: self.editor.has_event
        self.splitter = md.side_by_side(self.views, self.editor, (3, 2))
        outer.addWidget(self.splitter, 1)

        md.tab_chain(*self.navigation.controls, *self.filters.controls, self.table)
        self.follow_search(self._apply_text_filter)
        self._sync_controls()

    def _wire_bars(self) -> None:
        """The controls of the two bars, by the names the area has always had, wired."""
        nav, bar = self.navigation, self.filters
        self.new_button, self.mode_buttons, self.period = (
            nav.new_button,
            nav.mode_buttons,
            nav.period,
        )
        self.prev_button, self.today_button, self.next_button = (
            nav.prev_button,
            nav.today_button,
            nav.next_button,
        )
        self.search, self.range_combo = bar.search, bar.range_combo
        self.date_from, self.date_to = bar.date_from, bar.date_to
        self.kind_filter, self.committee_filter = bar.kind_filter, bar.committee_filter
        self.participant_filter, self.show_cancelled = bar.participant_filter, bar.show_cancelled
        self.new_button.clicked.connect(lambda: self.new_item())
        for mode, button in self.mode_buttons.items():
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        self.range_combo.currentIndexChanged.connect(self._on_range_changed)
        self.date_from.dateChanged.connect(lambda _d: self.load())
        self.date_to.dateChanged.connect(lambda _d: self.load())
        for combo in (self.kind_filter, self.committee_filter):
            combo.currentIndexChanged.connect(lambda _i: self.load())
        self.participant_filter.sig_picked.connect(lambda _cid: self.load())
        self.show_cancelled.toggled.connect(lambda _c: self.load())

    # ------------------------------------------------------------------ Area
    def start(self) -> None:
        self._started = True
        self._reload_committees()
        self.load()

    def new_item(self, kind: str | None = None) -> None:
        if not self.begin_new():
            return
        day = None
        if self._mode != periods.MODE_LIST and self._anchor != self.today():
            day = self._anchor
        self.editor.new_event(kind, day)

    def new_at(self, day: date, at: time | None = None) -> None:
        """A new event on a day (and at a time) picked in the month or week view."""
        if self.begin_new():
            self.editor.new_event(None, day, at)

    def delete_current(self) -> bool:
        if not self.editor.has_event or (self.editor.is_new and not self.editor.is_occurrence):
            occ = self.selected_occurrence()
            if occ is None:
                return False
            self.open_occurrence(occ)
        return self.editor.delete_event()

    def open_item(self, item_id: int) -> bool:
        """Main-window navigation (e.g. from the dashboard): show the event with this id."""
        return self.open_event(item_id)

    def restore_state(self) -> None:
        super().restore_state()
        mode = self._settings.view_text("events/mode", periods.MODE_LIST)
        if mode in periods.MODES:
            self.set_mode(mode, load=False)

    def save_state(self) -> None:
        super().save_state()
        self._settings.set_view_text("events/mode", self._mode)

    # ------------------------------------------------------------------ navigation
    @property
    def mode(self) -> str:
        return self._mode

    @property
    def anchor(self) -> date:
        return self._anchor

    def set_mode(self, mode: str, *, load: bool = True) -> None:
        self._mode = mode
        self.mode_buttons[mode].setChecked(True)
        self.views.setCurrentWidget(
            {
                periods.MODE_LIST: self.table,
                periods.MODE_MONTH: self.month,
                periods.MODE_WEEK: self.week,
            }[mode]
        )
        self._sync_controls()
        if load:
            self.load()
        if mode == periods.MODE_WEEK:
            self.week.scroll_to_hour(7)

    def show_date(self, day: date) -> None:
        """Move the month and week view to `day` (the list keeps its range)."""
        self._anchor = day
        if self._mode != periods.MODE_LIST:
            self.load()
        else:
            self._sync_controls()

    def step(self, direction: int) -> None:
        """Previous (-1) or next (+1) month or week; in the list a range of the same length."""
        if self._mode == periods.MODE_LIST:
            first, last = periods.step_list(*self.list_range(), direction)
            self.range_combo.setCurrentIndex(self.range_combo.findData(periods.RANGE_CUSTOM))
            self.date_from.blockSignals(True)
            self.date_to.blockSignals(True)
            self.date_from.set_value(first)
            self.date_to.set_value(last)
            self.date_from.blockSignals(False)
            self.date_to.blockSignals(False)
        else:
            self._anchor = periods.step_anchor(self._mode, self._anchor, direction)
        self.load()

    def go_today(self) -> None:
        self._anchor = self.today()
        if self._mode == periods.MODE_LIST:
            self.range_combo.setCurrentIndex(self.range_combo.findData(periods.RANGE_UPCOMING))
        self.load()

    def _show_week_of(self, day: date) -> None:
        self._anchor = day
        self.set_mode(periods.MODE_WEEK)

    def _on_range_changed(self) -> None:
        self._sync_controls()
        self.load()

    def _sync_controls(self) -> None:
        in_list = self._mode == periods.MODE_LIST
        custom = in_list and self.range_combo.currentData() == periods.RANGE_CUSTOM
        self.range_combo.setVisible(in_list)
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.month.set_anchor(self._anchor, self.today())
        self.week.set_anchor(self._anchor, self.today())
        if self._mode == periods.MODE_MONTH:
            self.period.setText(self.month.title())
        elif self._mode == periods.MODE_WEEK:
            self.period.setText(self.week.title())
        else:
            self.period.setText(periods.period_text(*self.list_range()))

    def list_range(self) -> tuple[date, date]:
        """First day and the day after the last day of the list."""
        which = self.range_combo.currentData()
        span = self._ops.read(sc.stored_span) if which == periods.RANGE_ALL else None
        chosen = (self.date_from.value(), self.date_to.value())
        return periods.list_range(which, self.today(), chosen, span)

    def _all_years(self) -> tuple[date, date]:
        return periods.all_years(self.today(), self._ops.read(sc.stored_span))

    def show_all_years(self) -> None:
        """The list over all years (from the hint under the filters)."""
        if self._mode != periods.MODE_LIST:
            self.set_mode(periods.MODE_LIST)
        self.range_combo.setCurrentIndex(self.range_combo.findData(periods.RANGE_ALL))

    def visible_range(self) -> tuple[datetime, datetime]:
        if self._mode == periods.MODE_MONTH:
            start, end = self.month.visible_range()
            return periods.aware(start), periods.aware(end)
        if self._mode == periods.MODE_WEEK:
            start, end = self.week.visible_range()
            return periods.aware(start), periods.aware(end)
        start, end = self.list_range()
        return periods.list_moments(self.range_combo.currentData(), start, end, self._clock())

    # ------------------------------------------------------------------ loading
    def current_filter(self) -> EventFilter:
        return EventFilter(
            kind=self.kind_filter.currentData(),
            committee_id=self.committee_filter.currentData(),
            participant_id=self.participant_filter.contact_id,
            include_cancelled=self.show_cancelled.isChecked(),
        )

    def load(self) -> None:
        """Read the visible range with one service call and show it in the current view."""
        self._sync_controls()
        start, end = self.visible_range()
        flt = self.current_filter()
        self.query_count += 1
        rows = self._ops.read(lambda s: sc.occurrences(s, start, end, flt))
        if self._mode == periods.MODE_LIST and self.range_combo.currentData() == periods.RANGE_PAST:
            rows.reverse()
        self._all = rows
        self._stale = False
        self._apply_text_filter()

    def _apply_text_filter(self) -> None:
        self._filter_timer.stop()
        needle = self.search.text().strip().casefold()
        rows = self._all
        if needle:
            rows = [o for o in rows if self._matches(o, needle)]
        self.model.set_rows(rows)
        self.month.set_occurrences(rows if self._mode == periods.MODE_MONTH else [])
        self.week.set_occurrences(rows if self._mode == periods.MODE_WEEK else [])
        self._say_where_else(needle, found=bool(rows))
        self.sync_selection()
        self.emit_status()

    @staticmethod
    def _matches(occurrence: Occurrence, needle: str) -> bool:
        text = " ".join((occurrence.title, occurrence.location, occurrence.room))
        return needle in f"{text} {occurrence.committee}".casefold()

    def _say_where_else(self, needle: str, *, found: bool) -> None:
        """An empty list says whether other years hold hits (and offers them)."""
        everywhere = (
            self._mode == periods.MODE_LIST and self.range_combo.currentData() == periods.RANGE_ALL
        )
        if found or everywhere or not (needle or self._filter_is_set()):
            self.elsewhere.setVisible(False)
            return
        first, last = self._all_years()
        flt = self.current_filter()
        rows = self._ops.read(
            lambda s: sc.occurrences(s, periods.aware(first), periods.aware(last), flt)
        )
        hits = [o for o in rows if not needle or self._matches(o, needle)]
        if not hits:
            self.elsewhere.setText(_("Keine Treffer – auch nicht in anderen Jahren."))
        else:
            count = _("1 Treffer") if len(hits) == 1 else _("{n} Treffer").format(n=len(hits))
            self.elsewhere.setText(
                _(
                    "Keine Treffer in diesem Zeitraum, aber {count} in anderen Jahren "
                    '(zuletzt am {day}). <a href="all">Alle Jahre zeigen</a>'
                ).format(count=count, day=f"{hits[-1].start:%d.%m.%Y}")
            )
        self.elsewhere.setVisible(True)

    def _filter_is_set(self) -> bool:
        flt = self.current_filter()
        return any((flt.kind, flt.committee_id, flt.participant_id))

    def shown(self) -> list[Occurrence]:
        return self.model.rows

    def status_text(self) -> str:
        n = self.model.rowCount()
        return _("1 Termin") if n == 1 else _("{n} Termine").format(n=n)

    def _reload_committees(self) -> None:
        committees = self._ops.read(sc.list_committees)
        md.refill_combo(self.committee_filter, _("Alle Gremien"), ((n, c) for c, n in committees))

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        if not self.isVisible() and self._started:
            self._stale = True
            return
        self._reload_committees()
        self.load()
        self._reread_editor()
        self.sync_selection()

    def _contacts_renamed(self, change: Change) -> None:
        """A contact changed and nothing this area lists: only the open editor re-reads."""
        if change.names(WATCHES) or not self._started:
            return
        self._reread_editor()

    def _reread_editor(self) -> None:
        """The editor reads its stored event again, unless it holds unsaved or new input."""
        editor = self.editor
        if (
            editor.has_event
            and not editor.is_dirty()
            and (editor.is_occurrence or not editor.is_new)
        ):
            editor.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._started:
            self.reload()

    # ------------------------------------------------------------------ MasterDetailArea
    def key_at(self, row: int) -> OccurrenceKey | None:
        occ = self.model.occurrence(row)
        return occurrence_key(occ) if occ is not None else None

    def shown_key(self) -> OccurrenceKey | None:
        data = self.editor.loaded
        if data is None:
            return None
        if data.series_id is not None:
            return (data.series_id, data.recurrence_id)
        if data.id is None:
            return None
        return (data.id, None)

    def open_key(self, key: OccurrenceKey) -> bool:
        row = self.model.row_of(key)
        occ = self.model.occurrence(row) if row is not None else None
        return occ is not None and self._open_in_editor(occ)

    def opened(self, key: OccurrenceKey) -> None:
        self.sync_selection()

    def selected_occurrence(self) -> Occurrence | None:
        sm = self.table.selectionModel()
        index = sm.currentIndex()
        if not index.isValid() or not sm.isRowSelected(index.row()):
            return None
        return self.model.occurrence(index.row())

    def _on_double_clicked(self, index: QModelIndex) -> None:
        occ = self.model.occurrence(index.row())
        if occ is not None and self.open_occurrence(occ):
            self.editor.title.setFocus()

    def _open_in_editor(self, occ: Occurrence) -> bool:
        if occ.is_series and occ.series_id is not None and occ.recurrence_id is not None:
            return self.editor.open_occurrence(occ.series_id, occ.recurrence_id)
        return self.editor.open_event(occ.event_id)

    def open_occurrence(self, occ: Occurrence) -> bool:
        """Show an agenda entry in the editor (an occurrence of a series, or the event)."""
        if occurrence_key(occ) == self.shown_key() and self.editor.has_event:
            return True
        if not self.confirm_leave():
            return False
        ok = self._open_in_editor(occ)
        if ok:
            self.sync_selection()
        return ok

    def open_event(self, event_id: int) -> bool:
        """Show one event by id (navigation from the dashboard); moves the calendars there."""
        if event_id == self.editor.event_id and self.editor.has_event:
            return True
        if not self.confirm_leave():
            return False
        if not self.editor.open_event(event_id):
            return False
        loaded = self.editor.loaded
        if loaded is not None:
            self._anchor = loaded.start.date()
            self.load()
        self.sync_selection()
        return True
