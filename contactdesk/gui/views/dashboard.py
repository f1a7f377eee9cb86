"""DashboardView: the start page "Übersicht" as three cards — "Heute und diese Woche",
"Warten auf Antwort", "Fristen" — each with its headline number and its items.

The numbers and the rules behind them are core/services/dashboard.py (one `dashboard()` call
per refresh). Every item opens with a double-click or Enter: the view emits
`sig_open_requested(area_key, item_id)`; the main window switches to that area and shows it:

    "events", event_id          -> the Termine area shows that event
    "agreements", agreement_id  -> the Vereinbarungen area shows that agreement
    "sessions", paper_id        -> the Sitzungen area shows that paper
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
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
from contactdesk.core.services import dashboard as ds
from contactdesk.core.services.dashboard import Dashboard
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.models.schedule import SERIES_MARK, day_text, place_text, time_text
from contactdesk.gui.ops import Change
from contactdesk.gui.views.base.master_detail import AreaWidget
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
NEXT_EVENTS = ds.NEXT_EVENTS
#: words by DueItem.urgency — colour (gui/theme.py URGENCY_ROLES) is never the only hint
URGENCY = {
    "ueberfaellig": N_("überfällig"),
    "dringend": N_("dringend"),
    "bald": N_("bald"),
    "spaeter": N_("später"),
}
ZONE = ZoneInfo(DEFAULT_TZ)
ItemRole = Qt.ItemDataRole.UserRole
UrgencyRole = Qt.ItemDataRole.UserRole + 1
#: below this width the three cards stand as one on top, two below
THREE_ACROSS = 1250


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
    tree.setFrameShape(QFrame.Shape.NoFrame)
    FitColumns(tree)
    return tree


def fit_to_contents(tree: QTreeWidget) -> None:
    """Columns as wide as their texts, then all of them scaled into the visible width."""
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    fitter = tree.findChild(FitColumns)
    if fitter is not None:
        fitter.fit()


class Card(QFrame):
    """One card: a title, a headline number with a short note, the list and its empty text."""

    def __init__(self, title: str, tree: QTreeWidget, empty: str) -> None:
        super().__init__()
        self.setObjectName("dashboard_card")
        self.title = title
        theme.set_style(
            self,
            "#dashboard_card {{ background: {card_bg}; border: 1px solid {card_border};"
            " border-radius: 6px; }}",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.PADDING, theme.PADDING, theme.PADDING, theme.SMALL)
        layout.setSpacing(theme.SMALL)
        caption = QLabel(title)
        font = caption.font()
        font.setBold(True)
        caption.setFont(font)
        layout.addWidget(caption)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING)
        self.number = QLabel("0")
        big = self.number.font()
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.number.setFont(big)
        theme.set_style(self.number, "color: {accent};")
        self.note = QLabel()
        self.note.setWordWrap(True)
        theme.set_style(self.note, "color: {muted};")
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.note, 1, Qt.AlignmentFlag.AlignBaseline)
        layout.addLayout(row)
        self.tree = tree
        self.empty = QLabel(empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setWordWrap(True)
        theme.set_style(self.empty, "color: {muted};")
        layout.addWidget(tree, 1)
        layout.addWidget(self.empty, 1)

    def set_number(self, n: int, note: str) -> None:
        self.number.setText(str(n))
        self.note.setText(note)
        name = f"{self.title}: {n}" + (f", {note}" if note else "")
        self.number.setAccessibleName(name)
        self.setAccessibleName(name)
        self.tree.setVisible(self.tree.topLevelItemCount() > 0)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)


class DashboardView(AreaWidget):
    """The start page; read-only, one dashboard() call per refresh. Implements gui.area.Area."""

    key = "dashboard"
    title = N_("Übersicht")
    watches = WATCHES

    sig_open_requested = Signal(str, int)
    """The user wants to see an item: (area key "events", "agreements" or "sessions", id)."""

    def setup(self) -> None:
        self._started = False
        self._stale = True
        self._across: bool | None = None
        self.data: Dashboard | None = None
        self.paper_warnings: list[object] = []
        self._build()
        theme.notifier().sig_changed.connect(self._recolour)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(
            0, 0, theme.SPACING, theme.SPACING
        )  # the window's page frame has the rest
        outer.setSpacing(theme.SPACING)
        self.heading = heading_label(_("Übersicht"))
        outer.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setSpacing(theme.MARGIN)
        outer.addLayout(self.grid, 1)

        self.events = _tree(
            _("Heute und diese Woche"),
            [_("Datum"), _("Zeit"), _("Titel"), _("Art"), _("Ort/Raum")],
        )
        self.week_card = Card(
            _("Heute und diese Woche"),
            self.events,
            _("In den nächsten 90 Tagen ist nichts geplant."),
        )
        self.responses = _tree(
            _("Warten auf Antwort"), [_("Person"), _("Termin"), _("Datum"), _("Stand")]
        )
        self.waiting_card = Card(
            _("Warten auf Antwort"),
            self.responses,
            _("Keine offenen Rückmeldungen zu kommenden Terminen."),
        )
        self.deadlines = _tree(
            _("Fristen der Vereinbarungen und Vorlagen"),
            [_("Fällig am"), _("Dringlichkeit"), _("Vereinbarung/Vorlage"), _("Frist")],
        )
        self.deadline_card = Card(
            _("Fristen"), self.deadlines, _("Keine Fristen in den nächsten 90 Tagen.")
        )
        self.events_empty = self.week_card.empty
        self.responses_empty = self.waiting_card.empty
        self.deadlines_empty = self.deadline_card.empty
        self.cards = [self.week_card, self.waiting_card, self.deadline_card]
        self._arrange(across=False)
        for tree in (self.events, self.responses, self.deadlines):
            tree.itemActivated.connect(self._on_activated)
        QWidget.setTabOrder(self.events, self.responses)
        QWidget.setTabOrder(self.responses, self.deadlines)

    def _arrange(self, *, across: bool) -> None:
        """Three cards side by side on a wide window; else the week on top, two below."""
        if across == self._across:
            return
        self._across = across
        for card in self.cards:
            self.grid.removeWidget(card)
        for i in range(3):
            self.grid.setRowStretch(i, 0)
            self.grid.setColumnStretch(i, 0)
        if across:
            for col, card in enumerate(self.cards):
                self.grid.addWidget(card, 0, col)
                self.grid.setColumnStretch(col, 1)
            self.grid.setRowStretch(0, 1)
        else:
            self.grid.addWidget(self.week_card, 0, 0, 1, 2)
            self.grid.addWidget(self.waiting_card, 1, 0)
            self.grid.addWidget(self.deadline_card, 1, 1)
            self.grid.setRowStretch(0, 1)
            self.grid.setRowStretch(1, 1)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(across=event.size().width() >= THREE_ACROSS)

    # ------------------------------------------------------------------ Area
    def start(self) -> None:
        self._started = True
        self.load()

    def can_delete(self) -> bool:
        """The start page deletes nothing (Löschen stays disabled)."""
        return False

    def focus_search(self) -> None:
        self.events.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self) -> None:
        self.load()

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        now = self._clock()
        data = self._ops.read(lambda s: ds.dashboard(s, now=now, days=DEADLINE_DAYS))
        self.data = data
        self.paper_warnings = list(data.paper_warnings)
        self._stale = False
        today = now.astimezone(ZONE).date()
        self.heading.setText(_("Übersicht – {day}").format(day=day_text(today)))
        self._fill_events(data)
        self._fill_responses(data)
        self._fill_deadlines(data)
        for tree in (self.events, self.responses, self.deadlines):
            fit_to_contents(tree)
        count = data.deadline_count
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

    def _event_item(self, occ: Occurrence, later: bool) -> QTreeWidgetItem:
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
        if later:  # after this week: listed, but not counted
            for col in range(5):
                item.setToolTip(col, _("Nach dieser Woche"))
        return item

    def _fill_events(self, data: Dashboard) -> None:
        """This week's events (counted), then the next ones up to NEXT_EVENTS in all."""
        self.events.clear()
        seen = set()
        for occ in data.week_events:
            seen.add((occ.event_id, occ.start))
            self.events.addTopLevelItem(self._event_item(occ, later=False))
        for occ in data.next_events:
            if self.events.topLevelItemCount() >= max(NEXT_EVENTS, len(data.week_events)):
                break
            if (occ.event_id, occ.start) not in seen:
                seen.add((occ.event_id, occ.start))
                self.events.addTopLevelItem(self._event_item(occ, later=True))
        week = len(data.week_events)
        if week and not data.today_count:
            note = _("heute nichts")
        elif week:
            note = count_text(data.today_count, N_("davon 1 heute"), N_("davon {n} heute"))
        elif data.next_events:
            note = _("nichts in dieser Woche; danach:")
        else:
            note = ""
        self.week_card.set_number(week, note)

    def _fill_responses(self, data: Dashboard) -> None:
        self.responses.clear()
        for r in data.open_responses:
            if not r.invited:
                state = _("noch nicht eingeladen")
                tip = _("{name} steht auf der Teilnehmerliste, ist aber noch nicht eingeladen.")
            elif r.waiting:
                state = _("eingeladen, keine Antwort")
                tip = _("{name} hat auf die Einladung noch nicht geantwortet.")
            else:
                state = _("keine Antwort, Termin läuft")
                tip = _("{name} hat nicht geantwortet; der Termin hat schon begonnen.")
            item = QTreeWidgetItem([r.contact_name, r.title, f"{r.start:%d.%m.%Y %H:%M}", state])
            item.setData(0, ItemRole, ("events", r.event_id))
            for col in range(4):
                item.setToolTip(col, tip.format(name=r.contact_name))
            self.responses.addTopLevelItem(item)
        waiting, not_invited = len(data.waiting), len(data.not_invited)
        note = _("eingeladen, ohne Antwort")
        if not_invited:
            note += " · " + count_text(
                not_invited, N_("1 noch nicht eingeladen"), N_("{n} noch nicht eingeladen")
            )
        self.waiting_card.set_number(waiting, note)

    def _fill_deadlines(self, data: Dashboard) -> None:
        self.deadlines.clear()
        for d in data.deadlines:
            if d.days_left < 0:
                left = _("seit {n} Tagen überfällig").format(n=-d.days_left)
            elif d.days_left == 0:
                left = _("heute")
            elif d.days_left == 1:
                left = _("morgen")
            else:
                left = _("in {n} Tagen").format(n=d.days_left)
            words = URGENCY.get(d.urgency, URGENCY["spaeter"])
            item = QTreeWidgetItem(
                [
                    f"{d.due_on:%d.%m.%Y}",
                    f"{_(words)} ({left})",
                    d.title,
                    f"{_(d.label)}: {d.detail}",
                ]
            )
            item.setData(0, ItemRole, ("agreements", d.agreement_id))
            item.setData(0, UrgencyRole, d.urgency if d.urgency in URGENCY else "spaeter")
            for col in range(4):
                item.setToolTip(col, f"{_(d.label)}: {d.detail}")
            self.deadlines.addTopLevelItem(item)
        # Papers that must be released before their session's submission deadline.
        for w in data.paper_warnings:
            urgency = "ueberfaellig" if w.state == "verspaetet" else "dringend"
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
                    f"{_(URGENCY[urgency])} ({left})",
                    f"{w.reference}: {w.subject}",
                    f"{_('Abgabefrist')}: {detail}",
                ]
            )
            item.setData(0, ItemRole, ("sessions", w.paper_id))
            item.setData(0, UrgencyRole, urgency)
            for col in range(4):
                item.setToolTip(col, detail)
            self.deadlines.addTopLevelItem(item)
        self._recolour()
        overdue = data.overdue_count
        note = (
            count_text(overdue, N_("davon 1 überfällig"), N_("davon {n} überfällig"))
            if overdue
            else _("in den nächsten {n} Tagen").format(n=DEADLINE_DAYS)
        )
        self.deadline_card.set_number(data.deadline_count, note)

    def _recolour(self, *_args: object) -> None:
        """The urgency column in the colours of the scheme in use."""
        for i in range(self.deadlines.topLevelItemCount()):
            item = self.deadlines.topLevelItem(i)
            if item is None:
                continue
            background, foreground = theme.URGENCY_ROLES[str(item.data(0, UrgencyRole))]
            item.setBackground(1, theme.brush(background))
            item.setForeground(1, theme.brush(foreground))

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


__all__ = ["Card", "DashboardView", "count_text"]
