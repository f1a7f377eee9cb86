"""Example schedule: the 2021 story from the expression of interest to the first workshops,
the committee sessions of 02.09. and 08.09.2021 and a monthly online network call."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from contactdesk.core.demo.common import DemoReport, demo_uid
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.schedule import EventData, ParticipantData

D = datetime
RATSSAAL = "Rathaus Bitterfeld-Wolfen, Rathausplatz 1, 06766 Bitterfeld-Wolfen"
TGZ = "TGZ Bitterfeld-Wolfen mbH, Andresenstraße 1a, 06766 Bitterfeld-Wolfen"
CLUB = "Jugendclub'83, Zörbiger Straße 38, 06749 Bitterfeld-Wolfen"


def _events(
    ids: dict[str, int],
) -> list[tuple[str, EventData, list[tuple[str, str, str, bool | None]]]]:
    """(key, event, [(contact key, role, response, attended)])."""
    return [
        (
            "event:interesse",
            EventData(
                title="Interessenbekundung „Engagierte Stadt“ abgegeben",
                kind="sonstiger_termin",
                start=D(2021, 2, 26),
                end=D(2021, 2, 27),
                all_day=True,
                status="durchgefuehrt",
                description="Die Stadt wurde Anfang 2021 eingeladen, ihr Interesse am Netzwerk zu bekunden.",
            ),
            [],
        ),
        (
            "event:aufnahme",
            EventData(
                title="Aufnahme ins Netzwerk bestätigt",
                kind="sonstiger_termin",
                start=D(2021, 5, 20),
                end=D(2021, 5, 21),
                all_day=True,
                status="durchgefuehrt",
                description="Die Interessenbekundung wurde so gut bewertet, dass keine weitere Bewerbung nötig war.",
            ),
            [],
        ),
        (
            "event:unterzeichnung",
            EventData(
                title="Unterzeichnung der Netzwerkvereinbarung",
                kind="sonstiger_termin",
                start=D(2021, 8, 16, 11),
                end=D(2021, 8, 16, 12),
                location=RATSSAAL,
                room="Büro des Oberbürgermeisters",
                status="durchgefuehrt",
                organiser_id=ids["person:urban"],
                agreement_ids=[ids["agreement:netzwerk"]],
            ),
            [
                ("person:ob", "teilnehmer", "zusage", True),
                ("person:urban", "teilnehmer", "zusage", True),
            ],
        ),
        (
            "event:hfa",
            EventData(
                title="Sitzung des Haupt- und Finanzausschusses",
                kind="gremiensitzung",
                committee_id=ids["org:hfa"],
                start=D(2021, 9, 2, 17),
                end=D(2021, 9, 2, 19, 30),
                location=RATSSAAL,
                room="Ratssaal",
                is_public=True,
                status="durchgefuehrt",
                agenda=[
                    "Eröffnung und Feststellung der Tagesordnung",
                    "M006-2021: Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“ (Kenntnisnahme)",
                    "Anfragen und Mitteilungen",
                ],
                organiser_id=ids["person:referent"],
            ),
            [
                ("person:ob", "teilnehmer", "zusage", True),
                ("person:urban", "referent", "zusage", True),
            ],
        ),
        (
            "event:stadtrat",
            EventData(
                title="Sitzung des Stadtrates",
                kind="gremiensitzung",
                committee_id=ids["org:stadtrat"],
                start=D(2021, 9, 8, 17),
                end=D(2021, 9, 8, 21),
                location=RATSSAAL,
                room="Ratssaal",
                is_public=True,
                status="durchgefuehrt",
                agenda=[
                    "Eröffnung und Feststellung der Tagesordnung",
                    "M006-2021: Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“ (Kenntnisnahme)",
                ],
                organiser_id=ids["person:referent"],
            ),
            [
                ("person:ob", "teilnehmer", "zusage", True),
                ("person:urban", "referent", "zusage", True),
            ],
        ),
        (
            "event:workshop1",
            EventData(
                title="Auftaktworkshop „Engagierte Stadt Bitterfeld-Wolfen“",
                kind="workshop",
                start=D(2021, 9, 22, 16),
                end=D(2021, 9, 22, 19),
                location=TGZ,
                room="Seminarraum 1",
                capacity=20,
                status="durchgefuehrt",
                organiser_id=ids["person:urban"],
                agenda=[
                    "Begrüßung",
                    "Das Netzwerk und seine Angebote",
                    "Engagementlandschaft vor Ort",
                    "Nächste Schritte",
                ],
                outcome="Gute Beteiligung; Themen für die Präsenzveranstaltung gesammelt.",
                organisation_ids=[ids["org:tgz"], ids["org:jugendclub83"]],
            ),
            [
                ("person:jugendclub", "teilnehmer", "zusage", True),
                ("person:tgz", "teilnehmer", "zusage", True),
                ("person:netzwerkbuero", "referent", "zusage", True),
                ("person:weisswasser", "optional", "vorbehalt", False),
            ],
        ),
        (
            "event:workshop2",
            EventData(
                title="Workshop Engagement junger Menschen",
                kind="workshop",
                start=D(2021, 9, 29, 17),
                end=D(2021, 9, 29, 19),
                location=CLUB,
                capacity=15,
                status="durchgefuehrt",
                organiser_id=ids["person:urban"],
                organisation_ids=[ids["org:jugendclub83"]],
            ),
            [
                ("person:jugendclub", "moderation", "zusage", True),
                ("person:kandertal", "teilnehmer", "absage", None),
            ],
        ),
        (
            "event:praesenz",
            EventData(
                title="Präsenzveranstaltung „Engagierte Stadt“",
                kind="praesenzveranstaltung",
                start=D(2021, 10, 7, 17),
                end=D(2021, 10, 7, 20),
                location=TGZ,
                room="Veranstaltungssaal",
                capacity=60,
                status="durchgefuehrt",
                organiser_id=ids["person:urban"],
                agenda=[
                    "Grußwort des Oberbürgermeisters",
                    "Vorstellung der Patenstadt",
                    "Marktplatz der Engagierten",
                    "Ausblick: LAGA, Strukturwandel, Digitale Bürgerdialoge",
                ],
                outcome="Rund 45 Gäste; Kontakte zur Patenstadt geknüpft.",
                organisation_ids=[ids["org:tgz"], ids["org:jugendclub83"], ids["org:weisswasser"]],
            ),
            [
                ("person:ob", "referent", "zusage", True),
                ("person:jugendclub", "teilnehmer", "zusage", True),
                ("person:tgz", "teilnehmer", "zusage", True),
                ("person:weisswasser", "referent", "zusage", True),
                ("person:bertelsmann", "teilnehmer", "vorbehalt", False),
                ("person:kandertal", "optional", "absage", None),
            ],
        ),
        (
            "event:netzwerkcall",
            EventData(
                title="Online-Netzwerktreffen „Engagierte Stadt“",
                kind="online_termin",
                start=D(2021, 9, 7, 10),
                end=D(2021, 9, 7, 11),
                online_url="https://meet.engagiertestadt.example/netzwerktreffen",
                rrule="FREQ=MONTHLY;BYDAY=1TU",
                status="bestaetigt",
                organiser_id=ids["person:netzwerkbuero"],
                description="Monatliches Online-Treffen der Netzwerkstädte, jeweils am ersten Dienstag.",
            ),
            [("person:urban", "teilnehmer", "zusage", None)],
        ),
    ]


def load(session: Session, report: DemoReport, ids: dict[str, int]) -> dict[str, int]:
    """Add the missing example events; return the ids of all of them by key."""
    event_ids: dict[str, int] = {}
    for key, data, participants in _events(ids):
        uid = demo_uid(key)
        existing = sc.find_by_uid(session, uid)
        if existing is not None:
            event_ids[key] = existing
            report.skipped.append(data.title)
            continue
        data.uid = uid
        data.is_example = True
        data.participants = [
            ParticipantData(
                contact_id=ids[person],
                role=role,
                invitation="eingeladen",
                response=response,
                attended=attended,
            )
            for person, role, response, attended in participants
        ]
        created = sc.create_event(session, data).event
        assert created.id is not None
        event_ids[key] = created.id
        report.created.append(created.title)
        if key == "event:netzwerkcall":
            assert created.id is not None
            # The November call fell through; the December call moved to the afternoon.
            sc.cancel_occurrence(session, created.id, D(2021, 11, 2, 9, tzinfo=UTC))
            moved = sc.occurrence_data(session, created.id, D(2021, 12, 7, 9, tzinfo=UTC))
            moved.start = D(2021, 12, 7, 14)
            moved.end = D(2021, 12, 7, 15)
            moved.description = "Ausnahmsweise am Nachmittag."
            sc.edit_occurrence(session, created.id, D(2021, 12, 7, 9, tzinfo=UTC), moved)
    return event_ids
