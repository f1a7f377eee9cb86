"""Example paper: Mitteilungsvorlage M006-2021 as in the source, released and taken note of."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.demo.common import DemoReport, demo_uid
from contactdesk.core.errors import ConflictError
from contactdesk.core.models import Paper
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import ConsultationData, PaperData

SUBJECT = "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“"

SACHVERHALT = """\
Anfang 2021 wurde die Stadt Bitterfeld-Wolfen eingeladen, ihr Interesse an einer Mitgliedschaft \
im Netzwerk „Engagierte Stadt“ zu bekunden. Das Netzwerk besteht seit 2015. In ihm arbeiten \
Städte zusammen, in denen gemeinnützige Organisationen, öffentliche Verwaltung und Wirtschaft \
gemeinsam gute Bedingungen für bürgerschaftliches Engagement schaffen.

Hinter dem Netzwerk stehen unter anderem:
- große Stiftungen wie die Bertelsmann Stiftung, die das Netzwerk berät,
- Ministerien wie das Bundesfamilienministerium,
- Netzwerke wie der Deutsche Städtetag.

## Was bringt die Mitgliedschaft?
- Zugang zu den Ressourcen und Kontakten des Netzwerks
- bessere Chancen in Förderprogrammen
- frühzeitige Informationen
- Ein Mitgliedsbeitrag wird nicht erhoben.

Ein Beispiel für den Nutzen: Mitglieder des Stadtrates sowie Bürgerinnen und Bürger haben sich an \
der Online-Abstimmung über das Logo für die Bewerbung der Stadt um die Landesgartenschau (LAGA) \
beteiligt. Als Nächstes geht es um
- die Gestaltung der LAGA vor Ort,
- den Einsatz der Mittel für den Strukturwandel und
- „Digitale Bürgerdialoge“.

Dem Netzwerk gehören 100 Städte an; aufgenommen werden nur Städte mit 10.000 bis 100.000 \
Einwohnerinnen und Einwohnern.

## Patenstadt
Eine Patenstadt begleitet den Start im Netzwerk. Gemeinsam mit ihren Projektpartnern \
Jugendclub'83 (Verbindung zur Zivilgesellschaft) und TGZ Bitterfeld-Wolfen mbH (Verbindung zur \
Wirtschaft) hat die Stadt zwei Kandidaten ausgewählt:
- Stadt Weißwasser: sehr aktiv im Netzwerk; ostdeutsche Stadt im Strukturwandel in der \
Kohleregion; ähnliche Herausforderungen bei Demografie und gesellschaftlichem Zusammenhalt \
(engagiertestadt.de/weisswasser/)
- Gemeindeverwaltungsverband Vorderes Kandertal: Verwaltungsverband mit Fusionserfahrung seit \
den 1970er-Jahren; Baden-Württemberg, ländlich bis städtisch geprägt; Kontrast West/Ost, \
Chemiepark hier und Mittelstand dort; arbeitet an der Integration vor Ort \
(engagiertestadt.de/gemeindeverwaltungsverband-vorderes-kandertal/)

## Stand
Im Mai 2021 wurde die Interessenbekundung so gut bewertet, dass die Stadt ohne weitere Bewerbung \
in das Netzwerk aufgenommen werden konnte. Im August 2021 hat der Oberbürgermeister die \
Netzwerkvereinbarung unterzeichnet; seitdem hat die Stadt vollen Zugang zum Netzwerk.

Geplant sind erste Workshops und Anfang Oktober 2021 eine Präsenzveranstaltung. Ansprechpartner \
der Stadt in der Startphase ist Herr Urban.
"""

CONTACTS = [
    "org:engagierte-stadt",
    "org:bertelsmann",
    "org:bmfsfj",
    "org:staedtetag",
    "org:weisswasser",
    "org:kandertal",
    "org:jugendclub83",
    "org:tgz",
    "person:urban",
]


def load(session: Session, report: DemoReport, ids: dict[str, int]) -> dict[str, int]:
    """Add M006-2021 when it is missing; return its id by key."""
    key = "paper:m006-2021"
    uid = demo_uid(key)
    existing = session.scalar(select(Paper.id).where(Paper.uid == uid))
    if existing is not None:
        report.skipped.append("Vorlage M006-2021")
        return {key: existing}
    data = PaperData(
        uid=uid,
        type_code="M",
        paper_date=date(2021, 8, 17),
        is_public=True,
        submitter="Oberbürgermeister",
        submitter_id=ids["person:ob"],
        lead_office="Persönlicher Referent",
        lead_office_id=ids["person:referent"],
        subject=SUBJECT,
        body=SACHVERHALT,
        financial_effects="keine",
        consultations=[
            ConsultationData(ids["event:hfa"], "kenntnisnahme", agenda_item="2"),
            ConsultationData(ids["event:stadtrat"], "kenntnisnahme", agenda_item="2"),
        ],
        contact_ids=[ids[k] for k in CONTACTS],
        agreement_ids=[ids["agreement:netzwerk"]],
        event_ids=[ids["event:unterzeichnung"]],
        is_example=True,
    )
    try:
        created = ps.create_paper(session, data, number=6)
    except ConflictError as exc:  # the user already numbered M-papers of 2021 beyond 5
        report.skipped.append(f"Vorlage M006-2021 ({exc.message})")
        return {}
    assert created.id is not None
    ps.release_paper(session, created.id, on_date=date(2021, 8, 18))
    ps.change_status(session, created.id, "in_beratung", on_date=date(2021, 9, 2))
    ps.change_status(
        session,
        created.id,
        "zur_kenntnis_genommen",
        on_date=date(2021, 9, 8),
        note="Vom Stadtrat zur Kenntnis genommen.",
    )
    report.created.append(f"Vorlage {created.reference}")
    return {key: created.id}
