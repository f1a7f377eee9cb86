"""PaperTableModel and SessionTableModel: the Vorlagen and Sitzungen lists of the "Sitzungen" area.

A town writes tens of papers a year, not thousands: list_papers has no paging, so the paper
model holds every row of its filter and is re-read after each change. The session model holds
the committee sessions (list_sessions) with the number of papers placed on each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from contactdesk.core.datetext import format_date
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import DeadlineRule, PaperFilter, PaperRow
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.models.rows import Column, FilteredTableModel, IdRole, RowTableModel, date_sort
from contactdesk.gui.ops import Ops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: the period the session list and the session picker read (papers go back a few years)
SESSIONS_FROM = datetime(2000, 1, 1, tzinfo=UTC)
SESSIONS_AHEAD_DAYS = 3 * 366


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


PAPER_COLUMNS = [
    Column(
        N_("Nummer"), lambda r: r.reference, lambda r: (r.year_sort, r.type_code, r.number_sort)
    ),
    Column(N_("Art"), lambda r: r.type_name, lambda r: r.type_name),
    Column(N_("Gegenstand"), lambda r: r.subject, lambda r: r.subject.casefold()),
    Column(N_("Status"), lambda r: _(r.status_label), lambda r: _(r.status_label)),
    Column(
        N_("öffentlich"),
        lambda r: _("öffentlich") if r.is_public else _("nichtöffentlich"),
        lambda r: r.is_public,
    ),
    Column(
        N_("nächste Sitzung"),
        lambda r: f"{r.next_committee}, {format_date(r.next_session)}" if r.next_session else "",
        lambda r: date_sort(r.next_session),
    ),
    Column(N_("Frist"), lambda r: deadline_text(r.row), lambda r: date_sort(r.deadline)),
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


class PaperTableModel(FilteredTableModel[_Row, PaperFilter]):
    """Read-only rows of PaperRow for one PaperFilter, with the deadline warnings."""

    columns = PAPER_COLUMNS

    def __init__(self, ops: Ops, rule: DeadlineRule | None = None, parent: Any = None) -> None:
        super().__init__(ops, PaperFilter(), parent)
        self._rule = rule or DeadlineRule()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        #: paper id -> the German texts of its deadline warnings
        self.warnings: dict[int, list[str]] = {}

    def refresh(self) -> None:
        flt, rule = self._filter, self._rule

        def load(session: Session) -> tuple[list[PaperRow], list[ps.DeadlineWarning]]:
            return ps.list_papers(session, flt, rule=rule), ps.deadline_warnings(session, rule=rule)

        rows, warnings = self._ops.read(load)
        self.warnings = {}
        for w in warnings:
            self.warnings.setdefault(w.paper_id, []).append(w.message)
        wrapped = [_Row(r, *_number_parts(r.reference)) for r in rows]
        if self._sort is not None:
            wrapped = self.sorted_rows(wrapped, *self._sort)
        self._replace_rows(wrapped)

    # ------------------------------------------------------------------ lookup
    paper_id = RowTableModel.id_at

    def paper_row(self, row: int) -> PaperRow | None:
        record = self.record(row)
        return None if record is None else record.row

    def years(self) -> list[int]:
        return sorted({r.year_sort for r in self._rows if r.year_sort}, reverse=True)

    # ------------------------------------------------------------------ Qt model
    def cell(self, record: _Row, column: int, role: int) -> Any:
        if column == DEADLINE_COLUMN:
            if role == Qt.ItemDataRole.ToolTipRole and record.id in self.warnings:
                return "\n".join(self.warnings[record.id])
            if role == Qt.ItemDataRole.ToolTipRole and record.deadline:
                return _("Einreichungsfrist für {committee} am {day}: {deadline}").format(
                    committee=record.next_committee,
                    day=format_date(record.next_session),
                    deadline=format_date(record.deadline),
                )
            if role == Qt.ItemDataRole.ForegroundRole:
                if record.deadline_state == "verspaetet":
                    return theme.brush("error_text")
                if record.deadline_state == "knapp":
                    return theme.brush("warning_text")
                return None
            if role == Qt.ItemDataRole.FontRole and record.deadline_state:
                font = QFont()
                font.setBold(True)
                return font
        return super().cell(record, column, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(PAPER_COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self.sort_rows(column, order)
        self.layoutChanged.emit()


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


SESSION_COLUMNS = [
    Column(N_("Gremium"), lambda r: r.committee, lambda r: r.committee.casefold()),
    Column(
        N_("Datum"),
        lambda r: r.start.strftime(_("%d.%m.%Y, %H:%M Uhr")),
        lambda r: r.start.isoformat(),
    ),
    Column(
        N_("öffentlich"),
        lambda r: _("öffentlich") if r.is_public else _("nichtöffentlich"),
        lambda r: r.is_public,
    ),
    Column(N_("Vorlagen"), lambda r: str(r.papers), lambda r: r.papers),
]


class SessionTableModel(RowTableModel[SessionRow]):
    """The committee sessions, newest first; a year filter narrows them."""

    columns = SESSION_COLUMNS

    def __init__(self, ops: Ops, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._all: list[SessionRow] = []
        self._year: int | None = None
        self._sort: tuple[int, Qt.SortOrder] = (1, Qt.SortOrder.DescendingOrder)

    def refresh(self) -> None:
        rows = self._ops.read(read_sessions)
        column, order = self._sort
        rows.sort(key=SESSION_COLUMNS[column].sort, reverse=order == Qt.SortOrder.DescendingOrder)
        self._all = rows
        self._apply()

    def set_year(self, year: int | None) -> None:
        self._year = year
        self._apply()

    def _apply(self) -> None:
        self._replace_rows([r for r in self._all if self._year is None or r.year == self._year])

    def years(self) -> list[int]:
        return sorted({r.year for r in self._all}, reverse=True)

    session_row = RowTableModel.record

    def row_of(self, key: Any) -> int | None:
        for i, row in enumerate(self._rows):
            if row.event_id == key and not row.series_only:
                return i
        return None

    def cell(self, record: SessionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if record.series_only:
                return _(
                    "Termin einer Sitzungsserie: für eine Sitzungsübersicht legen Sie den "
                    "einzelnen Termin unter „Termine“ an."
                )
            return f"{record.title} – {SESSION_COLUMNS[column].display(record)}"
        if role == Qt.ItemDataRole.ForegroundRole and record.series_only:
            return theme.brush("muted")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return record.event_id
        return super().cell(record, column, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SESSION_COLUMNS):
            return
        key = SESSION_COLUMNS[column].sort
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._all.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
