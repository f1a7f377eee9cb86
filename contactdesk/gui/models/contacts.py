"""ContactTableModel: the contact list, fetched page by page from services.contacts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import CONTACT_KIND, NETWORK_ROLE, label
from contactdesk.core.models.contacts import ContactKind, NetworkRole
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactFilter, ContactRow
from contactdesk.gui.ops import Ops

Index = QModelIndex | QPersistentModelIndex

#: Role that returns a row's contact id.
ContactIdRole = Qt.ItemDataRole.UserRole + 1


def _network_role(row: ContactRow) -> str:
    if not row.network_role or row.network_role == NetworkRole.KEINE.value:
        return ""
    return label(NETWORK_ROLE, row.network_role)


def _affiliation(row: Any) -> str:
    """A person's functions; an organisation's kind (stored in German, shown translated)."""
    if row.kind == ContactKind.ORGANISATION.value:
        return _(row.affiliation)
    return row.affiliation


# (header, value of a row)
COLUMNS: list[tuple[str, Any]] = [
    (N_("Name"), lambda r: r.display_name),
    (N_("Art"), lambda r: label(CONTACT_KIND, r.kind)),
    (N_("Funktion/Organisation"), _affiliation),
    (N_("E-Mail"), lambda r: r.email),
    (N_("Telefon"), lambda r: cs.format_phone(r.phone)),
    (N_("Ort"), lambda r: r.city),
    (N_("Netzwerkrolle"), _network_role),
    (N_("Schlagwörter"), lambda r: r.tags),
]


class ContactTableModel(QAbstractTableModel):
    """Read-only rows of ContactRow; never more than the pages the view has asked for."""

    sig_loaded = Signal()
    """Emitted after the rows were replaced (new filter or refresh)."""

    PAGE_SIZE = 200
    #: rows read on a new filter: enough to fill the view (a full-height window on a 1440p
    #: screen shows about 45), so a keystroke stays cheap; the view fetches more as it scrolls
    FIRST_PAGE = 50

    def __init__(
        self,
        ops: Ops,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
        *,
        first_page: int = FIRST_PAGE,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._page_size = page_size
        self._first_page = first_page
        self._filter = ContactFilter()
        self._rows: list[ContactRow] = []
        self._more = False
        #: number of list queries so far (for tests and diagnostics)
        self.query_count = 0

    # ------------------------------------------------------------------ loading
    @property
    def filter(self) -> ContactFilter:
        return self._filter

    @property
    def has_more(self) -> bool:
        return self._more

    def _fetch(self, offset: int, limit: int) -> list[ContactRow]:
        self.query_count += 1
        flt = self._filter
        return self._ops.read(lambda s: cs.list_contacts(s, flt, limit=limit, offset=offset))

    def set_filter(self, flt: ContactFilter) -> None:
        """Show the first page for a new filter (one query)."""
        self._filter = flt
        self._reload(self._first_page)

    def refresh(self) -> None:
        """Reload after a change, keeping as many rows as were loaded (one query)."""
        self._reload(max(self._page_size, len(self._rows)))

    def _reload(self, limit: int) -> None:
        rows = self._fetch(0, limit)
        self.beginResetModel()
        self._rows = rows
        self._more = len(rows) == limit
        self.endResetModel()
        self.sig_loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows = self._fetch(len(self._rows), self._page_size)
        self._more = len(rows) == self._page_size
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # ------------------------------------------------------------------ lookup
    def contact_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def contact_row(self, row: int) -> ContactRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, contact_id: int) -> int | None:
        """The row of a contact among the loaded rows, or None."""
        for i, row in enumerate(self._rows):
            if row.id == contact_id:
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = COLUMNS[index.column()][1](row)
            if role == Qt.ItemDataRole.ToolTipRole and not text:
                return None
            return text
        if role == ContactIdRole:
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
