"""What an agreement has due (notice deadline, automatic renewal, expiry): one definition for
the service (services/agreements.due_items), the agenda of the window and the lean read path of
the command line (core/readpath.py). Pure: no database, no SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from contactdesk.core import deadlines
from contactdesk.core.enums import AgreementStatus
from contactdesk.core.i18n import N_, _
from contactdesk.core.jsonable import jsonable

#: Statuses in which deadlines still matter.
RUNNING = (
    AgreementStatus.UNTERZEICHNET.value,
    AgreementStatus.AKTIV.value,
    AgreementStatus.GEKUENDIGT.value,
)


class DueKind:
    KUENDIGUNGSFRIST = "kuendigungsfrist"
    VERLAENGERUNG = "verlaengerung"
    ABLAUF = "ablauf"


DUE_LABELS = {
    DueKind.KUENDIGUNGSFRIST: N_("Kündigungsfrist"),
    DueKind.VERLAENGERUNG: N_("Automatische Verlängerung"),
    DueKind.ABLAUF: N_("Vereinbarung läuft aus"),
}


@dataclass(frozen=True)
class DueItem:
    """A deadline of an agreement; also the source of all-day calendar entries."""

    due_on: date
    kind: str
    agreement_id: int
    agreement_uid: str
    title: str
    detail: str
    days_left: int

    @property
    def urgency(self) -> str:
        """'ueberfaellig', 'dringend' (≤ 14 days), 'bald' (≤ 30 days) or 'spaeter'."""
        if self.days_left < 0:
            return "ueberfaellig"
        if self.days_left <= 14:
            return "dringend"
        if self.days_left <= 30:
            return "bald"
        return "spaeter"

    @property
    def label(self) -> str:
        return DUE_LABELS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(dataclasses.asdict(self))
        data["urgency"] = self.urgency
        data["label"] = self.label
        return data


@dataclass(frozen=True)
class AgreementTerms:
    """The columns of one agreement that decide what it has due."""

    id: int
    uid: str
    title: str
    status: str
    valid_from: date | None
    valid_until: date | None
    renewal_months: int | None
    notice_months: int | None
    notice_to: str | None


def items_of(a: AgreementTerms, today: date, horizon: date) -> list[DueItem]:
    """The due items of one running agreement up to `horizon` (unsorted)."""
    terms = deadlines.Terms(
        a.valid_from, a.valid_until, a.renewal_months, a.notice_months, a.notice_to
    )
    items: list[DueItem] = []

    def add(day: date, kind: str, detail: str) -> None:
        if day <= horizon:
            items.append(DueItem(day, kind, a.id, a.uid, a.title, detail, (day - today).days))

    if a.status != AgreementStatus.GEKUENDIGT.value:
        notice = deadlines.next_notice_deadline(terms, today)
        if notice:
            deadline, effective = notice
            add(
                deadline,
                DueKind.KUENDIGUNGSFRIST,
                _("Letzter Tag für eine Kündigung zum {day} ({months} Monate Frist).").format(
                    day=f"{effective:%d.%m.%Y}", months=a.notice_months
                ),
            )
        renewal = deadlines.next_renewal(terms, today)
        if renewal:
            add(
                renewal,
                DueKind.VERLAENGERUNG,
                _("Verlängert sich ohne Kündigung um {months} Monate.").format(
                    months=a.renewal_months
                ),
            )
    end = deadlines.current_term_end(terms, today)
    if end and (not a.renewal_months or a.status == AgreementStatus.GEKUENDIGT.value):
        add(end, DueKind.ABLAUF, _("Endet am {day}.").format(day=f"{end:%d.%m.%Y}"))
    return items


def sort_items(items: list[DueItem]) -> list[DueItem]:
    """By date, then title: the order every list of due items shows."""
    items.sort(key=lambda i: (i.due_on, i.title))
    return items
