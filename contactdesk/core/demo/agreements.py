"""Example agreements: the network agreement of August 2021, the Patenschaft in preparation and
the cooperation with the two project partners (invented details are flagged as example data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.demo.common import DemoReport, demo_uid
from contactdesk.core.models import Agreement
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData, PartyData

# (key, data, [(contact key, role)], [(status, date, note)])
AGREEMENTS: list[tuple[str, AgreementData, list[tuple[str, str]], list[tuple[str, date, str]]]] = [
    (
        "agreement:netzwerk",
        AgreementData(
            title="Netzwerkvereinbarung „Engagierte Stadt“",
            kind="netzwerkvereinbarung",
            reference="ES-2021-BW",
            description="Partnerschaft der Stadt Bitterfeld-Wolfen im bundesweiten Netzwerk "
            "„Engagierte Stadt“: Zugang zu Ressourcen und Kontakten des Netzwerks, bessere "
            "Chancen in Förderprogrammen, frühzeitige Informationen. Kein Mitgliedsbeitrag. "
            "Im Mai 2021 wurde die Interessenbekundung so gut bewertet, dass die Stadt ohne "
            "weitere Bewerbung aufgenommen werden konnte.",
            valid_from=date(2021, 8, 16),
            notice_months=3,
            notice_to="jahresende",
        ),
        [
            ("org:bitterfeld-wolfen", "vertragspartner"),
            ("org:engagierte-stadt", "vertragspartner"),
            ("person:ob", "unterzeichner"),
            ("person:urban", "ansprechpartner"),
            ("person:netzwerkbuero", "ansprechpartner"),
        ],
        [
            ("in_abstimmung", date(2021, 5, 20), "Aufnahme ohne weitere Bewerbung bestätigt."),
            ("unterzeichnet", date(2021, 8, 16), "Vom Oberbürgermeister unterzeichnet."),
            ("aktiv", date(2021, 8, 16), "Voller Zugang zum Netzwerk."),
        ],
    ),
    (
        "agreement:patenschaft",
        AgreementData(
            title="Patenschaft für den Start im Netzwerk",
            kind="patenschaft",
            description="Eine Patenstadt begleitet den Start. Kandidaten: Stadt Weißwasser "
            "(Strukturwandel, Kohleregion, ähnliche Herausforderungen) und der "
            "Gemeindeverwaltungsverband Vorderes Kandertal (Fusionserfahrung, Kontrast West/Ost). "
            "Auswahl gemeinsam mit Jugendclub'83 und TGZ Bitterfeld-Wolfen mbH.",
            valid_from=date(2021, 10, 1),
            valid_until=date(2022, 9, 30),
        ),
        [
            ("org:bitterfeld-wolfen", "vertragspartner"),
            ("org:weisswasser", "vertragspartner"),
            ("person:weisswasser", "ansprechpartner"),
        ],
        [("in_abstimmung", date(2021, 9, 1), "Gespräche mit beiden Kandidaten.")],
    ),
    (
        "agreement:jugendclub",
        AgreementData(
            title="Kooperationsvereinbarung Jugendclub'83",
            kind="kooperationsvereinbarung",
            reference="KV-2021-01",
            description="Beispieldaten: Zusammenarbeit als Projektpartner aus der "
            "Zivilgesellschaft; Werkstätten und Präsenzveranstaltung.",
            valid_from=date(2021, 7, 1),
            valid_until=date(2022, 6, 30),
            renewal_months=12,
            notice_months=3,
            notice_to="laufzeitende",
            amount_yearly=Decimal("1500.00"),
            is_example=True,
        ),
        [
            ("org:bitterfeld-wolfen", "vertragspartner"),
            ("org:jugendclub83", "vertragspartner"),
            ("person:jugendclub", "ansprechpartner"),
        ],
        [
            ("unterzeichnet", date(2021, 6, 24), ""),
            ("aktiv", date(2021, 7, 1), ""),
        ],
    ),
    (
        "agreement:tgz",
        AgreementData(
            title="Kooperationsvereinbarung TGZ Bitterfeld-Wolfen mbH",
            kind="kooperationsvereinbarung",
            reference="KV-2021-02",
            description="Beispieldaten: Zusammenarbeit als Projektpartner aus der Wirtschaft; "
            "Räume für Workshops im Technologie- und Gründerzentrum.",
            valid_from=date(2021, 7, 1),
            valid_until=date(2023, 6, 30),
            renewal_months=24,
            notice_months=6,
            notice_to="laufzeitende",
            is_example=True,
        ),
        [
            ("org:bitterfeld-wolfen", "vertragspartner"),
            ("org:tgz", "vertragspartner"),
            ("person:tgz", "unterzeichner"),
        ],
        [
            ("unterzeichnet", date(2021, 6, 28), ""),
            ("aktiv", date(2021, 7, 1), ""),
        ],
    ),
]


def load(session: Session, report: DemoReport, contact_ids: dict[str, int]) -> dict[str, int]:
    """Add the missing example agreements; return the ids of all of them by key."""
    ids: dict[str, int] = {}
    for key, data, parties, steps in AGREEMENTS:
        uid = demo_uid(key)
        existing = session.scalar(select(Agreement.id).where(Agreement.uid == uid))
        if existing is not None:
            ids[key] = existing
            report.skipped.append(data.title)
            continue
        item = AgreementData(**{**data.__dict__, "uid": uid})
        item.parties = [PartyData(contact_ids[c], role) for c, role in parties]
        if key == "agreement:netzwerk":
            item.signed_for_town_by_id = contact_ids["person:ob"]
        created = ag.create_agreement(session, item)
        assert created.id is not None
        ids[key] = created.id
        _backdate_creation(session, created.id, steps[0][1] if steps else date(2021, 1, 1))
        for status, on_date, note in steps:
            ag.change_status(session, created.id, status, on_date=on_date, note=note)
        report.created.append(created.title)
    return ids


def _backdate_creation(session: Session, agreement_id: int, day: date) -> None:
    agreement = session.get(Agreement, agreement_id)
    assert agreement is not None
    agreement.history[0].on_date = day
    session.flush()
