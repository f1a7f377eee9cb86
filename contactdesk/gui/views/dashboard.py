"""DashboardView: the start page "Übersicht" — next events, open responses, agreement deadlines.

Navigation: every entry can be opened with a double-click (or Enter). The view then emits
`sig_open_requested(area_key, item_id)`; the main window connects it, switches to the area with
that key and asks it to show the item:

    dashboard.sig_open_requested.connect(window.open_item)
    # "events", event_id      -> ScheduleView.open_event(event_id)
    # "agreements", agreement_id -> the agreements area shows that agreement
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import Kind
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import EVENT_KIND, EVENT_STATUS, label
from contactdesk.core.models.schedule import DEFAULT_TZ
from contactdesk.core.services import papers as paper_service
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.schedule import Dashboard
from contactdesk.gui.actions import ActionId
from contactdesk.gui.models.schedule import (
    SERIES_MARK,
    day_text,
    place_text,
    time_text,
)
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.widgets import heading_label, named
from contactdesk.gui.widgets.fit_columns import FitColumns

#: the kinds of record this area shows, it refreshes when a Change names one:
#: next events, open responses with names, deadlines, paper warnings
WATCHES = frozenset(
    {
        Kind.EVENTS,
        Kind.PARTICIPANTS,
        Kind.AGREEMENTS,
        Kind.PAPERS,
        Kind.SESSIONS,
        Kind.CONTACTS,
        Kind.SETTINGS,
    }
)

DEADLINE_DAYS = 90
NEXT_EVENTS = 10
#: (background, text, words) by DueItem.urgency — colour is never the only hint.
URGENCY = {
    "ueberfaellig": ("#f8d7da", "#842029", N_("überfällig")),
    "dringend": ("#fde2c8", "#7a3e00", N_("dringend")),
    "bald": ("#fff3cd", "#664d03", N_("bald")),
    "spaeter": ("#e2efe4", "#1e4620", N_("später")),
}
ZONE = ZoneInfo(DEFAULT_TZ)
ItemRole = Qt.ItemDataRole.UserRole


def _tree(name: str, headers: list[str]) -> QTreeWidget:
    tree = named(QTreeWidget(), name)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setHeaderLabels(headers)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setToolTip(_("Doppelklick oder Eingabetaste öffnet den Eintrag"))
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    FitColumns(tree)
    return tree


def fit_to_contents(tree: QTreeWidget) -> None:
    """Columns as wide as their texts, then all of them scaled into the visible width."""
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    fitter = tree.findChild(FitColumns)
    if fitter is not None:
        fitter.fit()


class DashboardView(QWidget):
    """The start page; read-only, one dashboard() call per refresh. Implements gui.area.Area."""

    key = "dashboard"

    sig_open_requested = Signal(str, int)
    """The user wants to see an item: (area key "events" or "agreements", the item's id)."""
    sig_status_changed = Signal(str)
    """A short summary for the status bar."""

    def __init__(
        self,
        ops: Ops,
        actions: dict[ActionId, QAction],
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._actions = actions
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(UTC))
        self._started = False
        self._stale = True
        self.data: Dashboard | None = None
        self.setAccessibleName(_("Übersicht"))
        self._build()
        ops.subscribe(WATCHES, lambda change: self.refresh(change))

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = heading_label(_("Übersicht"))
        outer.addWidget(self.heading)
        grid = QGridLayout()
        outer.addLayout(grid, 1)

        box = QGroupBox(_("Nächste Termine"))
        v = QVBoxLayout(box)
        self.events = _tree(
            _("Nächste Termine"), [_("Datum"), _("Zeit"), _("Titel"), _("Art"), _("Ort/Raum")]
        )
        self.events_empty = QLabel(_("In den nächsten 90 Tagen ist nichts geplant."))
        v.addWidget(self.events)
        v.addWidget(self.events_empty)
        grid.addWidget(box, 0, 0, 1, 2)

        box = QGroupBox(_("Offene Rückmeldungen"))
        v = QVBoxLayout(box)
        self.responses = _tree(
            _("Offene Rückmeldungen"), [_("Person"), _("Termin"), _("Datum"), _("Stand")]
        )
        self.responses_empty = QLabel(_("Keine offenen Rückmeldungen zu kommenden Terminen."))
        v.addWidget(self.responses)
        v.addWidget(self.responses_empty)
        grid.addWidget(box, 1, 0)

        box = QGroupBox(_("Fristen der Vereinbarungen und Vorlagen (90 Tage)"))
        v = QVBoxLayout(box)
        self.deadlines = _tree(
            _("Fristen der Vereinbarungen und Vorlagen"),
            [_("Fällig am"), _("Dringlichkeit"), _("Vereinbarung/Vorlage"), _("Frist")],
        )
        self.deadlines_empty = QLabel(_("Keine Fristen in den nächsten 90 Tagen."))
        v.addWidget(self.deadlines)
        v.addWidget(self.deadlines_empty)
        grid.addWidget(box, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        for tree in (self.events, self.responses, self.deadlines):
            tree.itemActivated.connect(self._on_activated)
        for empty in (self.events_empty, self.responses_empty, self.deadlines_empty):
            empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            empty.setWordWrap(True)
        QWidget.setTabOrder(self.events, self.responses)
        QWidget.setTabOrder(self.responses, self.deadlines)

    # ------------------------------------------------------------------ Area
    def start(self) -> None:
        self._started = True
        self.load()

    def new_item(self, kind: str | None = None) -> None:
        """Nothing to create on the start page."""

    def save(self) -> None:
        """Nothing to save on the start page."""

    def delete_current(self) -> None:
        """Nothing to delete on the start page."""

    def can_delete(self) -> bool:
        """The start page deletes nothing (Löschen stays disabled)."""
        return False

    def focus_search(self) -> None:
        self.events.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self) -> None:
        self.load()

    def confirm_leave(self) -> bool:
        return True

    def has_unsaved_changes(self) -> bool:
        return False

    def can_save(self) -> bool:
        """The start page has nothing to save (Save stays disabled)."""
        return False

    def restore_state(self) -> None:
        """Nothing to restore: the columns size themselves."""

    def save_state(self) -> None:
        """Nothing to store."""

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        now = self._clock()
        data = self._ops.read(lambda s: sc.dashboard(s, now=now, days=DEADLINE_DAYS))
        self.data = data
        self._stale = False
        today = now.astimezone(ZONE).date()
        self.heading.setText(_("Übersicht – {day}").format(day=day_text(today)))

        self.events.clear()
        for occ in data.next_events[:NEXT_EVENTS]:
            title = f"{SERIES_MARK} {occ.title}" if occ.is_series else occ.title
            if occ.status != "geplant":
                title += f" ({label(EVENT_STATUS, occ.status)})"
            item = QTreeWidgetItem(
                [
                    day_text(occ.start.date()),
                    time_text(occ),
                    title,
                    label(EVENT_KIND, occ.kind),
                    place_text(occ.location, occ.room),
                ]
            )
            item.setData(0, ItemRole, ("events", occ.event_id))
            self.events.addTopLevelItem(item)
        self.events_empty.setVisible(not data.next_events)
        self.events.setVisible(bool(data.next_events))

        self.responses.clear()
        for r in data.open_responses:
            state = _("eingeladen, keine Antwort") if r.invited else _("noch nicht eingeladen")
            item = QTreeWidgetItem([r.contact_name, r.title, f"{r.start:%d.%m.%Y %H:%M}", state])
            item.setData(0, ItemRole, ("events", r.event_id))
            tip = (
                _("{name} hat auf die Einladung noch nicht geantwortet.")
                if r.invited
                else _("{name} steht auf der Teilnehmerliste, ist aber noch nicht eingeladen.")
            ).format(name=r.contact_name)
            for col in range(4):
                item.setToolTip(col, tip)
            self.responses.addTopLevelItem(item)
        self.responses_empty.setVisible(not data.open_responses)
        self.responses.setVisible(bool(data.open_responses))

        self.deadlines.clear()
        for d in data.deadlines:
            background, foreground, words = URGENCY.get(d.urgency, URGENCY["spaeter"])
            if d.days_left < 0:
                left = _("seit {n} Tagen überfällig").format(n=-d.days_left)
            elif d.days_left == 0:
                left = _("heute")
            elif d.days_left == 1:
                left = _("morgen")
            else:
                left = _("in {n} Tagen").format(n=d.days_left)
            item = QTreeWidgetItem(
                [
                    f"{d.due_on:%d.%m.%Y}",
                    f"{_(words)} ({left})",
                    d.title,
                    f"{_(d.label)}: {d.detail}",
                ]
            )
            item.setData(0, ItemRole, ("agreements", d.agreement_id))
            for col in range(4):
                item.setToolTip(col, f"{_(d.label)}: {d.detail}")
            item.setBackground(1, QBrush(QColor(background)))
            item.setForeground(1, QBrush(QColor(foreground)))
            self.deadlines.addTopLevelItem(item)
        # Papers that must be released before their session's submission deadline.
        self.paper_warnings = self._ops.read(
            lambda s: paper_service.deadline_warnings(s, today=today)
        )
        for w in self.paper_warnings:
            urgency = "ueberfaellig" if w.state == "verspaetet" else "dringend"
            background, foreground, words = URGENCY[urgency]
            if w.days_left < 0:
                left = _("seit {n} Tagen überfällig").format(n=-w.days_left)
            else:
                left = _("in {n} Tagen").format(n=w.days_left)
            detail = _("Vorlage freigeben vor der Sitzung {committee} am {day}").format(
                committee=w.committee, day=f"{w.session_day:%d.%m.%Y}"
            )
            item = QTreeWidgetItem(
                [
                    f"{w.deadline:%d.%m.%Y}",
                    f"{_(words)} ({left})",
                    f"{w.reference}: {w.subject}",
                    f"{_('Abgabefrist')}: {detail}",
                ]
            )
            item.setData(0, ItemRole, ("sessions", w.paper_id))
            for col in range(4):
                item.setToolTip(col, detail)
            item.setBackground(1, QBrush(QColor(background)))
            item.setForeground(1, QBrush(QColor(foreground)))
            self.deadlines.addTopLevelItem(item)
        for tree in (self.events, self.responses, self.deadlines):
            fit_to_contents(tree)
        count = len(data.deadlines) + len(self.paper_warnings)
        self.deadlines_empty.setVisible(not count)
        self.deadlines.setVisible(bool(count))
        self.sig_status_changed.emit(
            " · ".join(
                (
                    count_text(len(data.next_events), N_("1 Termin"), N_("{n} Termine")),
                    count_text(
                        len(data.open_responses),
                        N_("1 offene Rückmeldung"),
                        N_("{n} offene Rückmeldungen"),
                    ),
                    count_text(count, N_("1 Frist"), N_("{n} Fristen")),
                )
            )
        )

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        if not self.isVisible() and self._started:
            self._stale = True
            return
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._started:
            self.load()

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, ItemRole)
        if target:
            area, item_id = target
            self.sig_open_requested.emit(str(area), int(item_id))

    # ------------------------------------------------------------------ for tests
    @staticmethod
    def texts(tree: QTreeWidget, column: int) -> list[str]:
        items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        return [item.text(column) for item in items if item is not None]


def count_text(n: int, one: str, many: str) -> str:
    """ "1 Frist", "3 Fristen" — never "1 Fristen"."""
    return _(one) if n == 1 else _(many).format(n=n)


__all__ = ["DashboardView", "count_text"]
