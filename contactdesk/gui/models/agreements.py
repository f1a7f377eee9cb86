"""AgreementTableModel: the agreement list from services.agreements, plus a text filter proxy.

A town has tens of agreements, not thousands, and list_agreements has no paging: the model
holds every row of the current filter and is re-read after each change.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from contactdesk.core.datetext import format_date
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementFilter, AgreementRow
from contactdesk.gui.models.rows import (
    Column,
    FilteredTableModel,
    Index,
    RowTableModel,
    SortRole,
    date_sort,
)
from contactdesk.gui.ops import Ops


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


COLUMNS = [
    Column(N_("Titel"), lambda r: r.title, lambda r: r.title.casefold()),
    Column(
        N_("Art"), lambda r: label(AGREEMENT_KIND, r.kind), lambda r: label(AGREEMENT_KIND, r.kind)
    ),
    Column(
        N_("Status"),
        lambda r: label(AGREEMENT_STATUS, r.status),
        lambda r: label(AGREEMENT_STATUS, r.status),
    ),
    Column(N_("Vertragspartner"), lambda r: r.parties, lambda r: r.parties.casefold()),
    Column(
        N_("Unterzeichnet am"), lambda r: format_date(r.signed_on), lambda r: date_sort(r.signed_on)
    ),
    Column(
        N_("gültig bis"),
        lambda r: format_date(r.valid_until) or _("unbefristet"),
        lambda r: date_sort(r.valid_until),
    ),
    Column(
        N_("nächste Frist"),
        lambda r: format_date(r.next_deadline),
        lambda r: date_sort(r.next_deadline),
    ),
    Column(N_("Kosten"), costs_text, _costs_sort),
]


def fold(text: str) -> str:
    """Case- and accent-insensitive form for the quick filter (Weißwasser = weisswasser)."""
    text = text.casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


class AgreementTableModel(FilteredTableModel[AgreementRow, AgreementFilter]):
    """Read-only rows of AgreementRow for one AgreementFilter."""

    columns = COLUMNS

    def __init__(self, ops: Ops, parent: Any = None) -> None:
        super().__init__(ops, AgreementFilter(), parent)

    def refresh(self) -> None:
        flt = self._filter
        self._replace_rows(self._ops.read(lambda s: ag.list_agreements(s, flt)))

    agreement_id = RowTableModel.id_at
    agreement_row = RowTableModel.record

    def cell(self, record: AgreementRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and record.reference:
            return _("{title} (Aktenzeichen {reference})").format(
                title=record.title, reference=record.reference
            )
        return super().cell(record, column, role)


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
