"""Example contacts: the people and organisations around the town's network membership."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from contactdesk.core.demo.common import DemoReport, demo_uid
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import (
    AddressData,
    ConsentData,
    ContactData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)


def _org(
    key: str,
    name: str,
    org_kind: str,
    network_role: str,
    *,
    website: str = "",
    notes: str = "",
    address: AddressData | None = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    tags: list[str] | None = None,
) -> tuple[str, ContactData]:
    return key, ContactData(
        kind="organisation",
        uid=demo_uid(key),
        name=name,
        org_kind=org_kind,
        network_role=network_role,
        website=website,
        notes=notes,
        addresses=[address] if address else [],
        emails=[EmailData(e, "dienstlich") for e in emails or []],
        phones=[PhoneData(p, "dienstlich") for p in phones or []],
        tags=tags or [],
    )


ORGANISATIONS = [
    _org(
        "org:bitterfeld-wolfen",
        "Stadt Bitterfeld-Wolfen",
        "kommune",
        "eigene_kommune",
        website="www.bitterfeld-wolfen.de",
        address=AddressData("Rathausplatz 1", "06766", "Bitterfeld-Wolfen"),
        notes="Seit August 2021 Partnerin im Netzwerk „Engagierte Stadt“ "
        "(Netzwerkvereinbarung vom Oberbürgermeister unterzeichnet).",
        tags=["Engagierte Stadt"],
    ),
    _org(
        "org:engagierte-stadt",
        "Netzwerk „Engagierte Stadt“",
        "netzwerk",
        "netzwerk",
        website="www.engagiertestadt.de",
        notes="Bundesweites Netzwerk seit 2015, rund 100 Städte mit 10.000 bis 100.000 "
        "Einwohnern. Gemeinnützige Organisationen, Verwaltung und Wirtschaft schaffen gemeinsam "
        "gute Bedingungen für bürgerschaftliches Engagement. Kein Mitgliedsbeitrag.",
        tags=["Engagierte Stadt"],
    ),
    _org(
        "org:bertelsmann",
        "Bertelsmann Stiftung",
        "stiftung",
        "berater",
        website="www.bertelsmann-stiftung.de",
        address=AddressData("Carl-Bertelsmann-Straße 256", "33311", "Gütersloh"),
        notes="Berät das Netzwerk „Engagierte Stadt“.",
        tags=["Engagierte Stadt"],
    ),
    _org(
        "org:bmfsfj",
        "Bundesministerium für Familie, Senioren, Frauen und Jugend",
        "ministerium",
        "foerderer",
        website="www.bmfsfj.de",
        address=AddressData("Glinkastraße 24", "10117", "Berlin"),
        notes="Bundesfamilienministerium; trägt das Netzwerk mit.",
        tags=["Engagierte Stadt"],
    ),
    _org(
        "org:staedtetag",
        "Deutscher Städtetag",
        "verband",
        "unterstuetzer",
        website="www.staedtetag.de",
        address=AddressData("Hausvogteiplatz 1", "10117", "Berlin"),
        notes="Kommunaler Spitzenverband; unterstützt das Netzwerk.",
        tags=["Engagierte Stadt"],
    ),
    _org(
        "org:weisswasser",
        "Stadt Weißwasser",
        "kommune",
        "patenstadt_kandidatin",
        website="https://www.engagiertestadt.de/weisswasser/",
        address=AddressData("Marktplatz 1", "02943", "Weißwasser/O.L."),
        notes="Kandidatin als Patenstadt: sehr aktiv im Netzwerk; ostdeutsche Stadt im "
        "Strukturwandel (Kohleregion); ähnliche Herausforderungen bei Demografie und "
        "gesellschaftlichem Zusammenhalt.",
        tags=["Patenstadt", "Strukturwandel"],
    ),
    _org(
        "org:kandertal",
        "Gemeindeverwaltungsverband Vorderes Kandertal",
        "gemeindeverwaltungsverband",
        "patenstadt_kandidatin",
        website="https://www.engagiertestadt.de/gemeindeverwaltungsverband-vorderes-kandertal/",
        address=AddressData("Hauptstraße 1", "79400", "Kandern"),
        notes="Kandidat als Patenstadt: Verwaltungsverband mit Fusionserfahrung seit den "
        "1970er-Jahren; Baden-Württemberg, ländlich bis städtisch; Kontrast West/Ost, "
        "Chemiepark hier, Mittelstand dort; arbeitet an lokaler Integration.",
        tags=["Patenstadt"],
    ),
    _org(
        "org:jugendclub83",
        "Jugendclub'83",
        "verein",
        "projektpartner",
        address=AddressData("Zörbiger Straße 38", "06749", "Bitterfeld-Wolfen"),
        notes="Projektpartner aus der Zivilgesellschaft.",
        tags=["Engagierte Stadt", "Jugend"],
    ),
    _org(
        "org:tgz",
        "TGZ Bitterfeld-Wolfen mbH",
        "unternehmen",
        "projektpartner",
        address=AddressData("Andresenstraße 1a", "06766", "Bitterfeld-Wolfen"),
        notes="Technologie- und Gründerzentrum; Projektpartner aus der Wirtschaft.",
        tags=["Engagierte Stadt", "Wirtschaft"],
    ),
    _org(
        "org:hfa",
        "Haupt- und Finanzausschuss",
        "gremium",
        "keine",
        notes="Ausschuss des Stadtrates der Stadt Bitterfeld-Wolfen.",
        tags=["Gremium"],
    ),
    _org(
        "org:stadtrat",
        "Stadtrat Bitterfeld-Wolfen",
        "gremium",
        "keine",
        notes="Vertretung der Bürgerschaft der Stadt Bitterfeld-Wolfen.",
        tags=["Gremium"],
    ),
]


def _consent(purpose: str, given: date, method: str) -> ConsentData:
    return ConsentData(purpose=purpose, given_on=given, method=method)


def _when(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, tzinfo=UTC)


# (key, person, [(organisation key, function, contact person?, start)])
PEOPLE: list[tuple[str, ContactData, list[tuple[str, str, bool, date | None]]]] = [
    (
        "person:urban",
        ContactData(
            salutation="Herr",
            last_name="Urban",
            emails=[EmailData("urban@bitterfeld-wolfen.example", "dienstlich")],
            phones=[PhoneData("03493 4000 0", "dienstlich")],
            notes="Ansprechpartner der Stadt für das Netzwerk „Engagierte Stadt“ in der "
            "Startphase.",
            tags=["Engagierte Stadt"],
            consents=[
                _consent("kontaktdaten", date(2021, 5, 3), "schriftlich"),
                _consent("einladungen", date(2021, 5, 3), "schriftlich"),
                _consent("vorlagen", date(2021, 5, 3), "schriftlich"),
            ],
        ),
        [("org:bitterfeld-wolfen", "Ansprechpartner Engagierte Stadt", True, date(2021, 5, 1))],
    ),
    (
        "person:ob",
        ContactData(
            salutation="Herr",
            first_name="Thomas",
            last_name="Lehmann",
            is_public_office_holder=True,
            is_example=True,
            emails=[EmailData("oberbuergermeister@bitterfeld-wolfen.example", "dienstlich")],
            notes="Erfundene Beispielperson für das Amt des Oberbürgermeisters; "
            "Einreicher der Mitteilungsvorlage M006-2021.",
        ),
        [("org:bitterfeld-wolfen", "Oberbürgermeister", False, None)],
    ),
    (
        "person:referent",
        ContactData(
            salutation="Frau",
            first_name="Sandra",
            last_name="Köhler",
            is_example=True,
            emails=[EmailData("referentin@bitterfeld-wolfen.example", "dienstlich")],
            phones=[PhoneData("03493 4000 12", "dienstlich")],
            notes="Erfundene Beispielperson; federführende Stelle der Vorlage M006-2021.",
            consents=[_consent("kontaktdaten", date(2021, 3, 1), "schriftlich")],
        ),
        [("org:bitterfeld-wolfen", "Persönliche Referentin des Oberbürgermeisters", False, None)],
    ),
    (
        "person:netzwerkbuero",
        ContactData(
            salutation="Frau",
            first_name="Katrin",
            last_name="Weiß",
            is_example=True,
            emails=[EmailData("k.weiss@engagiertestadt.example", "dienstlich")],
            phones=[PhoneData("030 1234567", "dienstlich")],
            notes="Erfundene Beispielperson im Netzwerkbüro.",
            consents=[
                _consent("kontaktdaten", date(2021, 2, 15), "email"),
                _consent("einladungen", date(2021, 2, 15), "email"),
            ],
            interactions=[
                InteractionData(
                    "email",
                    _when(date(2021, 2, 15)),
                    "Einladung zur Interessenbekundung für das Netzwerk erhalten.",
                    "Herr Urban",
                ),
                InteractionData(
                    "anruf",
                    _when(date(2021, 5, 20), 14),
                    "Aufnahme ohne weitere Bewerbung bestätigt; nächste Schritte besprochen.",
                    "Herr Urban",
                ),
            ],
        ),
        [("org:engagierte-stadt", "Netzwerkbüro, Ansprechpartnerin neue Städte", True, None)],
    ),
    (
        "person:bertelsmann",
        ContactData(
            salutation="Frau",
            title="Dr.",
            first_name="Anna",
            last_name="Schäfer",
            is_example=True,
            emails=[EmailData("anna.schaefer@bertelsmann-stiftung.example", "dienstlich")],
            notes="Erfundene Beispielperson; Beratung der Netzwerkstädte.",
            consents=[_consent("einladungen", date(2021, 6, 1), "email")],
        ),
        [("org:bertelsmann", "Projektmanagerin Engagierte Stadt", True, date(2019, 1, 1))],
    ),
    (
        "person:weisswasser",
        ContactData(
            salutation="Frau",
            first_name="Ayşe",
            last_name="Öztürk",
            is_example=True,
            emails=[EmailData("a.oeztuerk@weisswasser.example", "dienstlich")],
            phones=[PhoneData("03576 2650", "dienstlich")],
            notes="Erfundene Beispielperson; Koordination Engagierte Stadt in Weißwasser.",
            consents=[
                _consent("kontaktdaten", date(2021, 6, 10), "email"),
                _consent("einladungen", date(2021, 6, 10), "email"),
            ],
        ),
        [("org:weisswasser", "Koordinatorin Engagierte Stadt", True, date(2018, 3, 1))],
    ),
    (
        "person:kandertal",
        ContactData(
            salutation="Herr",
            first_name="Jürgen",
            last_name="Maier",
            is_example=True,
            emails=[EmailData("j.maier@kandertal.example", "dienstlich")],
            phones=[PhoneData("07626 8990", "dienstlich")],
            notes="Erfundene Beispielperson.",
            consents=[_consent("kontaktdaten", date(2021, 6, 12), "muendlich")],
        ),
        [("org:kandertal", "Ansprechpartner Bürgerschaftliches Engagement", True, None)],
    ),
    (
        "person:jugendclub",
        ContactData(
            salutation="Frau",
            first_name="Lena",
            last_name="Müller",
            is_example=True,
            emails=[EmailData("lena.mueller@jugendclub83.example", "Verein")],
            phones=[PhoneData("0151 23456789", "mobil")],
            notes="Erfundene Beispielperson.",
            tags=["Jugend"],
            consents=[
                _consent("kontaktdaten", date(2021, 4, 20), "schriftlich"),
                _consent("einladungen", date(2021, 4, 20), "schriftlich"),
                _consent("vorlagen", date(2021, 4, 20), "schriftlich"),
            ],
        ),
        [("org:jugendclub83", "Ansprechpartnerin Ehrenamt", True, date(2015, 9, 1))],
    ),
    (
        "person:tgz",
        ContactData(
            salutation="Herr",
            first_name="Stefan",
            last_name="Groß",
            is_example=True,
            emails=[EmailData("gross@tgz-bitterfeld-wolfen.example", "dienstlich")],
            phones=[PhoneData("03494 36 0", "dienstlich")],
            notes="Erfundene Beispielperson.",
            tags=["Wirtschaft"],
            consents=[_consent("kontaktdaten", date(2021, 4, 22), "email")],
        ),
        [("org:tgz", "Geschäftsführer", True, date(2012, 1, 1))],
    ),
]


def load(session: Session, report: DemoReport) -> dict[str, int]:
    """Add the example contacts that are not there yet; return the ids of every demo contact."""
    ids: dict[str, int] = {}
    org_ids: dict[str, int] = {}
    for key, data in ORGANISATIONS:
        existing = cs.find_by_uid(session, demo_uid(key))
        if existing is not None:
            org_ids[key] = existing
            report.skipped.append(data.name)
            continue
        created = cs.create_contact(session, data, allow_duplicate=True)
        assert created.id is not None
        org_ids[key] = created.id
        report.created.append(created.display_name)
    for key, person, roles in PEOPLE:
        existing = cs.find_by_uid(session, demo_uid(key))
        if existing is not None:
            ids[key] = existing
            report.skipped.append(person.last_name)
            continue
        person.uid = demo_uid(key)
        person.roles = [
            RoleData(
                organisation_id=org_ids[org_key],
                function=function,
                is_contact_person=contact_person,
                start_date=start,
            )
            for org_key, function, contact_person, start in roles
        ]
        created = cs.create_contact(session, person, allow_duplicate=True)
        assert created.id is not None
        ids[key] = created.id
        report.created.append(created.display_name)
    ids.update(org_ids)
    return ids
