"""An event with an organiser and participants of every kind, for the sending tests (also
used by tests/gui through build_world)."""

from __future__ import annotations

from datetime import date, datetime

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc


def build_world(core_db: Database) -> dict[str, int]:
    """Urban organises; Lena (accepted) and Ayşe may be invited; "Unbekannt" has consent but
    an address the server refuses; Stefan lacks consent; "Kein Postfach" lacks an address."""
    with core_db.session() as s:
        consent = [cs.ConsentData("einladungen", date(2021, 1, 1), "email")]

        def person(first: str, last: str, mail: str | None, ok: bool) -> int:
            return (
                cs.create_contact(
                    s,
                    cs.ContactData(
                        first_name=first,
                        last_name=last,
                        emails=[cs.EmailData(mail)] if mail else [],
                        consents=consent if ok else [],
                    ),
                ).id
                or 0
            )

        ids = {
            "urban": person("Jörg", "Urban", "urban@bitterfeld-wolfen.example", False),
            "lena": person("Lena", "Müller", "lena@jugendclub83.example", True),
            "ayse": person("Ayşe", "Öztürk", "ayse@weisswasser.example", True),
            "unbekannt": person("Uwe", "Unbekannt", "unbekannt@example.de", True),
            "stefan": person("Stefan", "Groß", "gross@tgz.example", False),
            "nomail": person("Kein", "Postfach", None, True),
        }
        event = sc.create_event(
            s,
            sc.EventData(
                title="Workshop „Engagement“",
                kind="workshop",
                start=datetime(2027, 3, 4, 16),
                end=datetime(2027, 3, 4, 19),
                location="TGZ Bitterfeld-Wolfen",
                room="Seminarraum 1",
                organiser_id=ids["urban"],
                participants=[
                    sc.ParticipantData(ids["lena"], response="zusage"),
                    sc.ParticipantData(ids["ayse"], role="optional"),
                    sc.ParticipantData(ids["unbekannt"]),
                    sc.ParticipantData(ids["stefan"], invitation="eingeladen", response="zusage"),
                    sc.ParticipantData(ids["nomail"]),
                ],
            ),
        ).event
        ids["event"] = event.id or 0
    return ids
