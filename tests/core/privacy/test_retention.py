"""Datenschutz-Überprüfung: lapsed consents and inactivity by the storage period per purpose;
renew, anonymise and erase in one go."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from contactdesk.core.db import Database
from contactdesk.core.models import Contact, Erasure
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import privacy_erase, privacy_retention

PERIODS = {"kontaktdaten": 36, "einladungen": 24, "vorlagen": 120, "veroeffentlichung": 24}
TODAY = date(2026, 12, 7)


def _person(db: Database, last: str, consents: list, touched: date | None = None) -> int:
    with db.session() as s:
        data = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Anna",
                last_name=last,
                emails=[cs.EmailData(f"{last.lower()}@example.de")],
                consents=consents,
            ),
        )
        if touched is not None:
            moment = datetime(touched.year, touched.month, touched.day, tzinfo=UTC)
            s.execute(update(Contact).where(Contact.id == data.id).values(updated_at=moment))
    return data.id or 0


def test_review_lists_lapsed_and_inactive(core_db: Database) -> None:
    fresh = _person(core_db, "Frisch", [cs.ConsentData("einladungen", date(2026, 1, 5), "email")])
    expired = _person(
        core_db,
        "Abgelaufen",
        [cs.ConsentData("einladungen", date(2024, 1, 5), "email", valid_until=date(2025, 1, 5))],
    )
    withdrawn = _person(
        core_db,
        "Widerrufen",
        [
            cs.ConsentData(
                "vorlagen", date(2024, 1, 5), "schriftlich", withdrawn_on=date(2026, 2, 1)
            )
        ],
    )
    old = _person(core_db, "Alt", [cs.ConsentData("einladungen", date(2023, 1, 5), "online")])
    quiet = _person(core_db, "Still", [], touched=date(2022, 6, 1))
    with core_db.session() as s:
        rows = {r.contact_id: r for r in privacy_retention.review(s, PERIODS, TODAY)}
    assert fresh not in rows
    assert rows[expired].lapsed == ["einladungen"]
    assert "abgelaufen am 05.01.2025" in rows[expired].reasons[0]
    assert "widerrufen am 01.02.2026" in rows[withdrawn].reasons[0]
    assert "älter als 24 Monate" in rows[old].reasons[0]
    assert rows[quiet].inactive and "Seit 01.06.2022 keine Aktivität" in rows[quiet].reasons[0]
    assert rows[quiet].to_dict()["last_activity"] == "2022-06-01"

    # renew: a consent given today for the lapsed purpose takes them off the list
    with core_db.session() as s:
        added = privacy_retention.renew(
            s, {expired: rows[expired].lapsed, old: []}, method="schriftlich",
            source="Rückmeldebogen 2026", today=TODAY,
        )  # fmt: skip
        assert added == 2
        assert cs.get_contact(s, old).consents[-1].source == "Rückmeldebogen 2026"
        again = {r.contact_id for r in privacy_retention.review(s, PERIODS, TODAY)}
    assert expired not in again and old not in again and quiet in again

    # anonymise keeps the record without anything that says who it was
    with core_db.session() as s:
        name = privacy_erase.anonymise_in_session(s, quiet)
    with core_db.session() as s:
        data = cs.get_contact(s, quiet)
        assert data.display_name == name == "anonymisierte Person"
        assert data.emails == [] and data.first_name == "" and data.consents == []
        assert cs.list_contacts(s, cs.ContactFilter(query="Still")) == []
        assert s.scalars(select(Erasure.kind)).all() == ["anonymised"]
