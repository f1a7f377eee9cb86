"""PaperTableModel and SessionTableModel: the Vorlagen and Sitzungen lists of the "Sitzungen" area.

A town writes tens of papers a year, not thousands: list_papers has no paging, so the paper
model holds every row of its filter and is re-read after each change. The session model holds
the committee sessions (list_sessions) with the number of papers placed on each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import DeadlineRule, PaperFilter, PaperRow
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.ops import Ops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Index = QModelIndex | QPersistentModelIndex

#: Role that returns a row's id (paper id or session event id).
IdRole = Qt.ItemDataRole.UserRole + 1
#: Role with a value that sorts correctly (dates as ISO text).
SortRole = Qt.ItemDataRole.UserRole + 2

#: the period the session list and the session picker read (papers go back a few years)
SESSIONS_FROM = datetime(2000, 1, 1, tzinfo=UTC)
SESSIONS_AHEAD_DAYS = 3 * 366


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _date_sort(value: date | None) -> str:
    return value.isoformat() if value else "9999"


def deadline_text(row: PaperRow) -> str:
    """ "16.08.2021", with "– verspätet" or "– knapp" for an unreleased paper."""
    if row.deadline is None:
        return ""
    text = format_date(row.deadline)
    if row.deadline_state == "verspaetet":
        text += " – " + _("verspätet")
    elif row.deadline_state == "knapp":
        text += " – " + _("knapp")
    return text


# (header, display value, sort value)
PAPER_COLUMNS: list[tuple[str, Callable[[_Row], str], Callable[[_Row], Any]]] = [
    (N_("Nummer"), lambda r: r.reference, lambda r: (r.year_sort, r.type_code, r.number_sort)),
    (N_("Art"), lambda r: r.type_name, lambda r: r.type_name),
    (N_("Gegenstand"), lambda r: r.subject, lambda r: r.subject.casefold()),
    (N_("Status"), lambda r: _(r.status_label), lambda r: _(r.status_label)),
    (
        N_("öffentlich"),
        lambda r: _("öffentlich") if r.is_public else _("nichtöffentlich"),
        lambda r: r.is_public,
    ),
    (
        N_("nächste Sitzung"),
        lambda r: f"{r.next_committee}, {format_date(r.next_session)}" if r.next_session else "",
        lambda r: _date_sort(r.next_session),
    ),
    (N_("Frist"), lambda r: deadline_text(r.row), lambda r: _date_sort(r.deadline)),
]
DEADLINE_COLUMN = 6


@dataclass(frozen=True)
class _Row:
    """A PaperRow with sort keys for its number (M006-2021 sorts by year, type, number)."""

    row: PaperRow
    year_sort: int
    number_sort: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def _number_parts(reference: str) -> tuple[int, int]:
    try:
        _code, number, year = ps.parse_reference(reference)
    except ContactdeskError:  # an odd historical number sorts last
        return (0, 0)
    return (year, number)


class PaperTableModel(QAbstractTableModel):
    """Read-only rows of PaperRow for one PaperFilter, with the deadline warnings."""

    sig_loaded = Signal()
    """Emitted after the rows were replaced (new filter or refresh)."""

    def __init__(self, ops: Ops, rule: DeadlineRule | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._rule = rule or DeadlineRule()
        self._filter = PaperFilter()
        self._rows: list[_Row] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        #: paper id -> the German texts of its deadline warnings
        self.warnings: dict[int, list[str]] = {}

    @property
    def filter(self) -> PaperFilter:
        return self._filter

    def set_filter(self, flt: PaperFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        flt, rule = self._filter, self._rule

        def load(session: Session) -> tuple[list[PaperRow], list[ps.DeadlineWarning]]:
            return ps.list_papers(session, flt, rule=rule), ps.deadline_warnings(session, rule=rule)

        rows, warnings = self._ops.read(load)
        self.beginResetModel()
        self._rows = [_Row(r, *_number_parts(r.reference)) for r in rows]
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.warnings = {}
        for w in warnings:
            self.warnings.setdefault(w.paper_id, []).append(w.message)
        self.endResetModel()
        self.sig_loaded.emit()

    # ------------------------------------------------------------------ lookup
    def paper_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def paper_row(self, row: int) -> PaperRow | None:
        return self._rows[row].row if 0 <= row < len(self._rows) else None

    def row_of(self, paper_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == paper_id:
                return i
        return None

    def years(self) -> list[int]:
        return sorted({r.year_sort for r in self._rows if r.year_sort}, reverse=True)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PAPER_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        _header, display, sort = PAPER_COLUMNS[index.column()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DEADLINE_COLUMN and row.id in self.warnings:
                return "\n".join(self.warnings[row.id])
            if column == DEADLINE_COLUMN and row.deadline:
                return _("Einreichungsfrist für {committee} am {day}: {deadline}").format(
                    committee=row.next_committee,
                    day=format_date(row.next_session),
                    deadline=format_date(row.deadline),
                )
            return display(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == DEADLINE_COLUMN:
            if row.deadline_state == "verspaetet":
                return theme.brush("error_text")
            if row.deadline_state == "knapp":
                return theme.brush("warning_text")
            return None
        if role == Qt.ItemDataRole.FontRole and column == DEADLINE_COLUMN and row.deadline_state:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return display(row)
        if role == SortRole:
            return sort(row)
        if role == IdRole:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(PAPER_COLUMNS):
            return _(PAPER_COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(PAPER_COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = PAPER_COLUMNS[column][2]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class SessionRow:
    """One committee session of the list."""

    event_id: int
    committee: str
    title: str
    start: datetime
    is_public: bool
    status: str
    papers: int
    #: an occurrence of a series without an event of its own (no summary, no papers)
    series_only: bool

    @property
    def year(self) -> int:
        return self.start.year


def is_single_session(o: Occurrence) -> bool:
    """True for a session a paper can be placed on (not a whole series)."""
    return not o.is_series or (o.series_id is not None and o.series_id != o.event_id)


def read_sessions(session: Session, *, now: datetime | None = None) -> list[SessionRow]:
    """Every committee session from 2000 to three years ahead, with its number of papers."""
    now = now or datetime.now(UTC)
    occurrences = ps.list_sessions(
        session, SESSIONS_FROM, now + timedelta(days=SESSIONS_AHEAD_DAYS)
    )
    counts: dict[int, int] = {}
    rows = []
    for o in occurrences:
        single = is_single_session(o)
        if single and o.event_id not in counts:
            counts[o.event_id] = len(ps.list_papers(session, PaperFilter(event_id=o.event_id)))
        rows.append(
            SessionRow(
                event_id=o.event_id,
                committee=o.committee or o.title,
                title=o.title,
                start=o.start,
                is_public=o.is_public,
                status=o.status,
                papers=counts.get(o.event_id, 0) if single else 0,
                series_only=not single,
            )
        )
    return rows


SESSION_COLUMNS: list[tuple[str, Callable[[SessionRow], str], Callable[[SessionRow], Any]]] = [
    (N_("Gremium"), lambda r: r.committee, lambda r: r.committee.casefold()),
    (
        N_("Datum"),
        lambda r: r.start.strftime(_("%d.%m.%Y, %H:%M Uhr")),
        lambda r: r.start.isoformat(),
    ),
    (
        N_("öffentlich"),
        lambda r: _("öffentlich") if r.is_public else _("nichtöffentlich"),
        lambda r: r.is_public,
    ),
    (N_("Vorlagen"), lambda r: str(r.papers), lambda r: r.papers),
]


class SessionTableModel(QAbstractTableModel):
    """The committee sessions, newest first; a year filter narrows them."""

    sig_loaded = Signal()
    """Emitted after the rows were replaced."""

    def __init__(self, ops: Ops, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._all: list[SessionRow] = []
        self._rows: list[SessionRow] = []
        self._year: int | None = None
        self._sort: tuple[int, Qt.SortOrder] = (1, Qt.SortOrder.DescendingOrder)

    def refresh(self) -> None:
        rows = self._ops.read(read_sessions)
        column, order = self._sort
        rows.sort(key=SESSION_COLUMNS[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self._all = rows
        self._apply()

    def set_year(self, year: int | None) -> None:
        self._year = year
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if self._year is None or r.year == self._year]
        self.endResetModel()
        self.sig_loaded.emit()

    def years(self) -> list[int]:
        return sorted({r.year for r in self._all}, reverse=True)

    def session_row(self, row: int) -> SessionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, event_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.event_id == event_id and not row.series_only:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        _header, display, sort = SESSION_COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.series_only:
                return _(
                    "Termin einer Sitzungsserie: für eine Sitzungsübersicht legen Sie den "
                    "einzelnen Termin unter „Termine“ an."
                )
            return f"{row.title} – {display(row)}"
        if role == Qt.ItemDataRole.ForegroundRole and row.series_only:
            return theme.brush("muted")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return sort(row)
        if role == IdRole:
            return row.event_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(SESSION_COLUMNS):
            return _(SESSION_COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SESSION_COLUMNS):
            return
        key = SESSION_COLUMNS[column][2]
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._all.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
