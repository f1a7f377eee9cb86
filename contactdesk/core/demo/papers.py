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
Anfang 2021 erhielt die Stadt Bitterfeld-Wolfen die Einladung, ihr Interesse an einer \
Mitgliedschaft im Netzwerk „Engagierte Stadt“ zu bekunden. Seit 2015 arbeiten in diesem Netzwerk \
engagierte Kommunen zusammen. Ihr gemeinsames Ziel: Gemeinnützige Organisationen, öffentliche \
Verwaltung und Wirtschaft schaffen miteinander gute Bedingungen für bürgerschaftliches \
Engagement und für Beteiligung.

Hinter dem Netzwerk stehen unter anderem:
- große Stiftungen wie die Bertelsmann Stiftung,
- Ministerien wie das Bundesfamilienministerium,
- Netzwerke wie der Deutsche Städtetag.

## Was bringt die Mitgliedschaft?
- Zugang zu den Ressourcen und Kontakten des Netzwerks
- bessere Chancen in weiteren Förderprogrammen von Wirtschaft und Gesellschaft
- frühzeitige Informationen
- Ein Mitgliedsbeitrag wird nicht erhoben.

Wie viel Beteiligung bewirken kann, hat die Bewerbung der Stadt um die Landesgartenschau (LAGA) \
gezeigt: Alle Mitglieder des Stadtrates haben das Logo der Bewerbung mit ausgewählt, Bürgerinnen \
und Bürger haben sich an der Online-Abstimmung beteiligt. Solche Beteiligung stärkt das Vertrauen \
in die politischen Gremien. Die nächsten Gelegenheiten liegen nahe:
- die Gestaltung der LAGA vor Ort,
- der Einsatz der Mittel für den Strukturwandel.

Ziel ist außerdem, „Digitale Bürgerdialoge“ mit Anleitung und Unterstützung aufzubauen. Dabei \
hilft der große Erfahrungsschatz des Netzwerks; die Bertelsmann Stiftung begleitet es als \
Beraterin.

## Warum passt das Netzwerk zu Bitterfeld-Wolfen?
Dem Netzwerk gehören 100 Kommunen an – Städte ebenso wie Gemeindeverbände –, und zwar nur solche \
mit 10.000 bis 100.000 Einwohnerinnen und Einwohnern. Lösungen, die anderswo gefunden werden, \
lassen sich deshalb übertragen; Bitterfeld-Wolfen liegt gut in der Mitte dieser Spanne.

## Patenstadt
Den Start im Netzwerk begleitet eine Patenstadt. Gemeinsam mit ihren Projektpartnern \
Jugendclub'83 (Verbindung zur Zivilgesellschaft) und TGZ Bitterfeld-Wolfen mbH (Verbindung zur \
Wirtschaft) hat die Stadt zwei Kandidaten ausgewählt.

## Warum die Stadt Weißwasser?
- sehr aktiv im Netzwerk
- eine ostdeutsche Stadt im Strukturwandel, ebenfalls in einer Kohleregion
- ähnliche Herausforderungen bei Demografie und gesellschaftlichem Zusammenhalt
- Profil: https://www.engagiertestadt.de/weisswasser/

## Warum der Gemeindeverwaltungsverband Vorderes Kandertal?
- ein Verband von Gemeinden, der seit den 1970er-Jahren Erfahrung mit dem Zusammenschluss hat
- Baden-Württemberg, ländlich bis städtisch geprägt
- ein bewusster Kontrast West/Ost: Chemiepark hier, Mittelstand dort
- arbeitet an der Integration vor Ort
- Profil: https://www.engagiertestadt.de/gemeindeverwaltungsverband-vorderes-kandertal/

## Stand
Im Mai 2021 wurde die Interessenbekundung so gut bewertet, dass die Stadt ohne weitere Bewerbung \
in das Netzwerk aufgenommen wurde – eine erfreuliche Überraschung und eine große Chance für \
Stadt, Wirtschaft und Bürgergesellschaft. Wie sich alle daran beteiligen können, wird in den \
kommenden Sitzungen gemeinsam beraten.

Im August 2021 hat der Oberbürgermeister die Netzwerkvereinbarung unterzeichnet; seitdem hat die \
Stadt vollen Zugang zum Netzwerk. Geplant sind erste Workshops und Anfang Oktober 2021 eine \
Präsenzveranstaltung. Ansprechpartner der Stadt in der Startphase ist Herr Urban.
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


#: results and tasks of the kick-off workshop (its Ergebnisprotokoll)
WORKSHOP_TASKS = [
    (
        "ergebnis",
        "Zwölf Vereine und Initiativen wollen am Marktplatz der Engagierten teilnehmen.",
        "",
        None,
    ),
    (
        "aufgabe",
        "Themen für die Präsenzveranstaltung auswerten und ordnen",
        "Herr Urban",
        date(2021, 9, 29),
    ),
    ("aufgabe", "Einladungen zur Präsenzveranstaltung versenden", "Herr Urban", date(2021, 9, 24)),
    (
        "aufgabe",
        "Räume und Technik im TGZ reservieren",
        "TGZ Bitterfeld-Wolfen mbH",
        date(2021, 9, 30),
    ),
]


def load_tasks(session: Session, report: DemoReport, ids: dict[str, int]) -> None:
    """Results and tasks of the kick-off workshop, unless it has some already."""
    event_id = ids.get("event:workshop1")
    if event_id is None or ps.event_tasks(session, event_id):
        return
    ps.set_event_tasks(
        session,
        event_id,
        [ps.TaskData(text, owner, due, kind) for kind, text, owner, due in WORKSHOP_TASKS],
    )
    report.created.append("Ergebnisse und Aufgaben des Auftaktworkshops")


def load(session: Session, report: DemoReport, ids: dict[str, int]) -> dict[str, int]:
    """Add M006-2021 when it is missing; return its id by key."""
    load_tasks(session, report, ids)
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
        clerk="Herr Urban",
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
