"""AgreementTableModel: the agreement list from services.agreements, plus a text filter proxy.

A town has tens of agreements, not thousands, and list_agreements has no paging: the model
holds every row of the current filter and is re-read after each change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementFilter, AgreementRow
from contactdesk.gui.ops import Ops

Index = QModelIndex | QPersistentModelIndex

#: Role that returns a row's agreement id.
AgreementIdRole = Qt.ItemDataRole.UserRole + 1
#: Role with a value that sorts correctly (dates as ISO text, amounts as numbers).
SortRole = Qt.ItemDataRole.UserRole + 2


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def costs_text(row: AgreementRow) -> str:
    """ "jährlich 1.500,00 €", "einmalig 200,00 €", both, or "keine"."""
    parts = []
    if row.amount_once:
        parts.append(_("einmalig {amount}").format(amount=ag.format_amount(row.amount_once)))
    if row.amount_yearly:
        parts.append(_("jährlich {amount}").format(amount=ag.format_amount(row.amount_yearly)))
    return ", ".join(parts) or _("keine")


def _costs_sort(row: AgreementRow) -> float:
    return float(row.amount_yearly or 0) * 1000 + float(row.amount_once or 0)


def _date_sort(value: date | None) -> str:
    return value.isoformat() if value else "9999"


# (header, display value, sort value)
COLUMNS: list[tuple[str, Callable[[AgreementRow], str], Callable[[AgreementRow], Any]]] = [
    (N_("Titel"), lambda r: r.title, lambda r: r.title.casefold()),
    (N_("Art"), lambda r: label(AGREEMENT_KIND, r.kind), lambda r: label(AGREEMENT_KIND, r.kind)),
    (
        N_("Status"),
        lambda r: label(AGREEMENT_STATUS, r.status),
        lambda r: label(AGREEMENT_STATUS, r.status),
    ),
    (N_("Vertragspartner"), lambda r: r.parties, lambda r: r.parties.casefold()),
    (N_("Unterzeichnet am"), lambda r: format_date(r.signed_on), lambda r: _date_sort(r.signed_on)),
    (
        N_("gültig bis"),
        lambda r: format_date(r.valid_until) or _("unbefristet"),
        lambda r: _date_sort(r.valid_until),
    ),
    (
        N_("nächste Frist"),
        lambda r: format_date(r.next_deadline),
        lambda r: _date_sort(r.next_deadline),
    ),
    (N_("Kosten"), costs_text, _costs_sort),
]


def fold(text: str) -> str:
    """Case- and accent-insensitive form for the quick filter (Weißwasser = weisswasser)."""
    text = text.casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


class AgreementTableModel(QAbstractTableModel):
    """Read-only rows of AgreementRow for one AgreementFilter."""

    sig_loaded = Signal()
    """Emitted after the rows were replaced (new filter or refresh)."""

    def __init__(self, ops: Ops, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._filter = AgreementFilter()
        self._rows: list[AgreementRow] = []

    @property
    def filter(self) -> AgreementFilter:
        return self._filter

    def set_filter(self, flt: AgreementFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        flt = self._filter
        rows = self._ops.read(lambda s: ag.list_agreements(s, flt))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.sig_loaded.emit()

    # ------------------------------------------------------------------ lookup
    def agreement_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def agreement_row(self, row: int) -> AgreementRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, agreement_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == agreement_id:
                return i
        return None

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        _header, display, sort = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = display(row)
            if role == Qt.ItemDataRole.ToolTipRole:
                if index.column() == 0 and row.reference:
                    return _("{title} (Aktenzeichen {reference})").format(
                        title=row.title, reference=row.reference
                    )
                return text or None
            return text
        if role == SortRole:
            return sort(row)
        if role == AgreementIdRole:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][0])
        return None


class AgreementFilterProxy(QSortFilterProxyModel):
    """Sorts by the columns' sort values; filters by words in title, reference and parties."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, AgreementTableModel)
        row = model.agreement_row(source_row)
        if row is None:
            return False
        haystack = fold(" ".join((row.title, row.reference, row.parties)))
        return all(word in haystack for word in self._words)
