"""Datenschutz-Überprüfung: contacts whose consent has lapsed or who have had no activity for
longer than the storage period of its purpose (settings `privacy.retention.<purpose>`, months),
and the three answers in one go: renew the consent, anonymise, erase.

A consent lapses when it was withdrawn, when its end date passed, or — without an end date —
when it is older than the storage period of its purpose and no newer consent for that purpose
exists. Activity is the newest of: the record's last change, an entry of the contact log, an
answer to or attendance at an event, a consent given.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core.contact_data import ConsentData
from contactdesk.core.i18n import _
from contactdesk.core.labels import CONSENT_PURPOSE, label
from contactdesk.core.models import Consent, Contact, Event, Interaction, Participant, Person
from contactdesk.core.services import contacts as cs

#: the purpose whose storage period applies to a record without any activity
GENERAL_PURPOSE = "kontaktdaten"


@dataclass
class ReviewRow:
    contact_id: int
    display_name: str
    last_activity: date | None
    reasons: list[str] = field(default_factory=list)
    #: purposes whose consent has lapsed (renewing gives a new consent for these)
    lapsed: list[str] = field(default_factory=list)
    inactive: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_activity"] = self.last_activity.isoformat() if self.last_activity else None
        return data


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def _activity(session: Session) -> dict[int, date]:
    """The newest activity per person, from every kind of record."""
    newest: dict[int, date] = {}

    def take(rows: Any) -> None:
        for cid, moment in rows:
            day = _day(moment)
            if day is not None and (cid not in newest or day > newest[cid]):
                newest[cid] = day

    take(session.execute(select(Contact.id, Contact.updated_at)))
    take(
        session.execute(
            select(Interaction.contact_id, func.max(Interaction.occurred_at)).group_by(
                Interaction.contact_id
            )
        )
    )
    take(
        session.execute(
            select(Consent.person_id, func.max(Consent.given_on)).group_by(Consent.person_id)
        )
    )
    take(
        session.execute(
            select(Participant.contact_id, func.max(Event.start_utc))
            .join(Event, Event.id == Participant.event_id)
            .where((Participant.attended.is_(True)) | (Participant.responded_at.is_not(None)))
            .group_by(Participant.contact_id)
        )
    )
    return newest


def review(session: Session, periods: dict[str, int], today: date | None = None) -> list[ReviewRow]:
    """People to look at, oldest activity first."""
    today = today or datetime.now(UTC).date()
    activity = _activity(session)
    consents: dict[int, list[Consent]] = {}
    for consent in session.scalars(select(Consent)):
        consents.setdefault(consent.person_id, []).append(consent)
    person = Person.__table__
    people = session.execute(
        select(person.c.id, Contact.display_name)
        .join(Contact, Contact.id == person.c.id)
        .where(Contact.deleted_at.is_(None))
    ).all()
    general = periods.get(GENERAL_PURPOSE, 36)
    rows: list[ReviewRow] = []
    for pid, name in people:
        row = ReviewRow(pid, name, activity.get(pid))
        by_purpose: dict[str, list[Consent]] = {}
        for c in consents.get(pid, []):
            by_purpose.setdefault(c.purpose, []).append(c)
        for purpose, items in sorted(by_purpose.items()):
            newest = max(items, key=lambda c: c.given_on)
            if newest.withdrawn_on is not None and newest.withdrawn_on <= today:
                why = _("Einwilligung „{purpose}“ widerrufen am {day:%d.%m.%Y}").format(
                    purpose=label(CONSENT_PURPOSE, purpose), day=newest.withdrawn_on
                )
            elif newest.valid_until is not None and newest.valid_until < today:
                why = _("Einwilligung „{purpose}“ abgelaufen am {day:%d.%m.%Y}").format(
                    purpose=label(CONSENT_PURPOSE, purpose), day=newest.valid_until
                )
            elif (
                newest.valid_until is None
                and newest.given_on + relativedelta(months=periods.get(purpose, general)) < today
            ):
                why = _(
                    "Einwilligung „{purpose}“ vom {day:%d.%m.%Y} ist älter als {months} Monate"
                ).format(
                    purpose=label(CONSENT_PURPOSE, purpose),
                    day=newest.given_on,
                    months=periods.get(purpose, general),
                )
            else:
                continue
            row.reasons.append(why)
            row.lapsed.append(purpose)
        last = row.last_activity
        if last is None or last + relativedelta(months=general) < today:
            row.inactive = True
            row.reasons.append(
                _("Seit {day} keine Aktivität (Speicherdauer {months} Monate)").format(
                    day=f"{last:%d.%m.%Y}" if last else "?", months=general
                )
            )
        if row.reasons:
            rows.append(row)
    rows.sort(key=lambda r: (r.last_activity or date.min, r.display_name))
    return rows


def renew(
    session: Session,
    purposes: dict[int, list[str]],
    *,
    method: str,
    source: str,
    today: date | None = None,
) -> int:
    """A new consent, given today, for the listed purposes of each person (contact id ->
    purposes; an empty list renews every purpose the person ever consented to). Returns how
    many consents were added."""
    today = today or datetime.now(UTC).date()
    added = 0
    for cid, wanted in purposes.items():
        data = cs.get_contact(session, cid)
        chosen = wanted or sorted({c.purpose for c in data.consents}) or [GENERAL_PURPOSE]
        for purpose in chosen:
            data.consents.append(ConsentData(purpose, today, method, source=source))
            added += 1
        cs.update_contact(session, cid, data)
    return added
