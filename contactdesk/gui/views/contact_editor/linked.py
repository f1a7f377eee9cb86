"""What the contact editor shows about records linked to the contact, read-only: the people with
a role in an organisation, the agreements that name the contact, and, while a new contact is
typed, the stored contacts it probably is (the duplicate hint)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services.agreements import AgreementRow
from contactdesk.core.services.contacts import RoleData
from contactdesk.core.services.duplicates import DuplicatePair
from contactdesk.gui.widgets.record_table import Record, RecordTable

#: how many rows the tables show before they scroll
MOST_MEMBERS = 8
MOST_AGREEMENTS = 6


def role_period(role: RoleData) -> str:
    """The period of a role, "01.01.2020 – …"; "" for a role without dates."""
    if not (role.start_date or role.end_date):
        return ""
    return " – ".join(
        d.strftime("%d.%m.%Y") if d else "…" for d in (role.start_date, role.end_date)
    )


class _LinkedBox(QGroupBox):
    """A titled read-only table with a hint shown instead of it when it is empty."""

    sig_open_requested = Signal(int)
    """The user activated a row: the id of the record it shows."""

    def __init__(self, title: str, table: RecordTable, empty: str, most: int) -> None:
        super().__init__(title)
        self.table = table
        self._most = most
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.sig_record_activated.connect(self.sig_open_requested)
        self.hint = QLabel(empty)
        v = QVBoxLayout(self)
        v.addWidget(self.hint)
        v.addWidget(self.table)

    def show_records(self, records: Sequence[Record]) -> None:
        self.table.set_records(records)
        self.table.setVisible(bool(records))
        self.hint.setVisible(not records)
        self.table.fit_rows(self._most)


class MembersBox(_LinkedBox):
    """The people with a role in this organisation (double click opens the person)."""

    def __init__(self) -> None:
        table = RecordTable(
            _("Personen in dieser Organisation"),
            [_("Person"), _("Funktion"), _("Ansprechp."), _("Zeitraum")],
            stretch=1,
            tip=_("Doppelklick öffnet die Person"),
        )
        super().__init__(
            _("Personen in dieser Organisation"),
            table,
            _("Niemand hat hier eine Rolle."),
            MOST_MEMBERS,
        )

    def show_members(self, roles: Sequence[RoleData]) -> None:
        self.show_records(
            [
                Record(
                    [
                        role.person_name,
                        role.function,
                        _("ja") if role.is_contact_person else "",
                        role_period(role),
                    ],
                    id=role.person_id,
                )
                for role in roles
            ]
        )


class AgreementsBox(_LinkedBox):
    """The agreements that name this contact (double click opens the agreement)."""

    def __init__(self) -> None:
        table = RecordTable(
            _("Vereinbarungen dieses Kontakts"),
            [_("Titel"), _("Art"), _("Status")],
            stretch=0,
            tip=_("Doppelklick öffnet die Vereinbarung"),
        )
        super().__init__(
            _("Vereinbarungen"),
            table,
            _("Keine Vereinbarung nennt diesen Kontakt."),
            MOST_AGREEMENTS,
        )

    def show_agreements(self, rows: Sequence[AgreementRow]) -> None:
        records = []
        for row in rows:
            texts = [
                row.title,
                label(AGREEMENT_KIND, row.kind),
                label(AGREEMENT_STATUS, row.status),
            ]
            records.append(Record(texts, id=row.id, tips=texts))
        self.show_records(records)


class DuplicateHint(QLabel):
    """The hint "Möglicherweise schon vorhanden: …" under the title while a new contact is
    typed; the check runs 400 ms after the last keystroke (`schedule`), not on every key."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAccessibleName(_("Möglicherweise schon vorhanden"))
        self.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)

    def schedule(self) -> None:
        self.timer.start()

    def reset(self) -> None:
        """No check pending, nothing shown."""
        self.timer.stop()
        self.setVisible(False)

    def show_pairs(self, pairs: Sequence[DuplicatePair]) -> list[str]:
        """Show the probable duplicates (none: hide); their names."""
        if not pairs:
            self.setVisible(False)
            return []
        found = "; ".join(f"{p.keep_name} ({p.reason})" for p in pairs)
        self.setText(_("Möglicherweise schon vorhanden: {found}").format(found=found))
        self.setVisible(True)
        return [p.keep_name for p in pairs]
