"""ContactTableModel: the contact list, fetched page by page from services.contacts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import CONTACT_KIND, NETWORK_ROLE, label
from contactdesk.core.models.contacts import ContactKind, NetworkRole
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactFilter, ContactRow
from contactdesk.gui.models.rows import Column, FilteredTableModel, IdRole, Index, RowTableModel
from contactdesk.gui.ops import Ops

#: Role that returns a row's contact id.
ContactIdRole = IdRole


def _network_role(row: ContactRow) -> str:
    if not row.network_role or row.network_role == NetworkRole.KEINE.value:
        return ""
    return label(NETWORK_ROLE, row.network_role)


def _affiliation(row: Any) -> str:
    """A person's functions; an organisation's kind (stored in German, shown translated)."""
    if row.kind == ContactKind.ORGANISATION.value:
        return _(row.affiliation)
    return row.affiliation


COLUMNS = [
    Column(N_("Name"), lambda r: r.display_name),
    Column(N_("Art"), lambda r: label(CONTACT_KIND, r.kind)),
    Column(N_("Funktion/Organisation"), _affiliation),
    Column(N_("E-Mail"), lambda r: r.email),
    Column(N_("Telefon"), lambda r: cs.format_phone(r.phone)),
    Column(N_("Ort"), lambda r: r.city),
    Column(N_("Netzwerkrolle"), _network_role),
    Column(N_("Schlagwörter"), lambda r: r.tags),
]


class ContactTableModel(FilteredTableModel[ContactRow, ContactFilter]):
    """Read-only rows of ContactRow; never more than the pages the view has asked for."""

    columns = COLUMNS

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
        super().__init__(ops, ContactFilter(), parent)
        self._page_size = page_size
        self._first_page = first_page
        self._more = False
        #: number of list queries so far (for tests and diagnostics)
        self.query_count = 0

    # ------------------------------------------------------------------ loading
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
        self._more = len(rows) == limit
        self._replace_rows(rows)

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

    contact_id = RowTableModel.id_at
    contact_row = RowTableModel.record
