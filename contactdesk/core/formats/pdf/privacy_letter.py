"""The Auskunft nach Art. 15 DSGVO as a German letter, ready to send (A4, embedded fonts).

Input is the report of core/services/privacy.py (plain data); this module opens no session.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from contactdesk.core.formats.pdf.common import (
    PdfResult,
    PdfSettings,
    Sanitizer,
    content_width,
    german_date,
    grid_table,
    load_logo,
    make_styles,
    plain_table,
)
from contactdesk.core.formats.pdf.frame import PageMarks, build_pdf

BERLIN = ZoneInfo("Europe/Berlin")


def _day(value: str | None) -> str:
    if not value:
        return ""
    try:
        if "T" in value or " " in value:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:  # stored in UTC: shown in the town's time
                moment = moment.astimezone(BERLIN)
            return f"{moment:%d.%m.%Y %H:%M}"
        return german_date(date.fromisoformat(value))
    except ValueError:
        return value


def _salutation(contact: dict[str, Any]) -> str:
    last = " ".join(p for p in (contact.get("title"), contact.get("last_name")) if p)
    if contact.get("salutation") == "Frau" and last:
        return f"Sehr geehrte Frau {last},"
    if contact.get("salutation") == "Herr" and last:
        return f"Sehr geehrter Herr {last},"
    return f"Guten Tag {contact.get('display_name', '')},"


def build(report: dict[str, Any], settings: PdfSettings | None = None) -> PdfResult:
    """The letter for one report; warnings name characters the font lacks or a bad logo."""
    settings = settings or PdfSettings()
    st = make_styles()
    clean = Sanitizer()
    width = content_width(settings)
    contact = report["contact"]
    controller = report["controller"]
    town = controller.get("name") or settings.town_name
    story: list[Flowable] = []
    warnings: list[str] = []

    def p(text: str, style: Any = st.body) -> None:
        story.append(Paragraph(clean.para(text), style))

    def section(title: str) -> None:
        story.append(Paragraph(clean.para(title), st.section))

    def table(head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        if not rows:
            p("Keine Einträge.")
            return
        cells = [[Paragraph(clean.para(h), st.cell_bold) for h in head]]
        cells += [[Paragraph(clean.para(c or ""), st.cell) for c in row] for row in rows]
        story.append(grid_table(cells, [w * width for w in widths]))
        story.append(Spacer(1, 3 * mm))

    logo, warning = load_logo(settings.logo_path, 45 * mm, 20 * mm)
    if warning:
        warnings.append(warning)
    if logo is not None:
        story.append(logo)
    p(town, st.town)
    story.append(Spacer(1, 8 * mm))
    address = (contact.get("addresses") or [{}])[0]
    for line in (
        contact.get("display_name", ""),
        address.get("street", ""),
        f"{address.get('postal_code', '')} {address.get('city', '')}".strip(),
    ):
        if line:
            p(line, st.body_tight)
    story.append(Spacer(1, 6 * mm))
    p(_day(report["created_on"]), st.right)
    p("Auskunft nach Art. 15 DSGVO über Ihre bei uns gespeicherten Daten", st.subject)
    p(_salutation(contact))
    p(
        f"Sie haben uns gefragt, welche Daten {town} über Sie speichert. Mit diesem Schreiben "
        "erhalten Sie eine vollständige Auskunft aus dem Kontaktverzeichnis des Netzwerks "
        "„Engagierte Stadt“. Dieselben Angaben erhalten Sie auf Wunsch auch maschinenlesbar "
        "als JSON-Datei (Art. 20 DSGVO)."
    )

    section("1. Ihre Stammdaten")
    rows = [
        ["Name", contact.get("display_name", "")],
        [
            "Anrede / Titel",
            " ".join(x for x in (contact.get("salutation"), contact.get("title")) if x),
        ],
        ["E-Mail", ", ".join(e["address"] for e in contact.get("emails", []))],
        ["Telefon", ", ".join(t["number"] for t in contact.get("phones", []))],
        [
            "Anschrift",
            "; ".join(
                f"{a['street']}, {a['postal_code']} {a['city']}".strip(", ")
                for a in contact.get("addresses", [])
            ),
        ],
        ["Website", contact.get("website") or ""],
        ["Schlagwörter", ", ".join(contact.get("tags", []))],
        ["Notizen", contact.get("notes") or ""],
        ["Angelegt am", _day(contact.get("created_at"))],
        ["Zuletzt geändert", _day(contact.get("updated_at"))],
    ]
    story.append(
        plain_table(
            [
                [Paragraph(clean.para(k), st.label), Paragraph(clean.para(v or "—"), st.value)]
                for k, v in rows
            ],
            [0.27 * width, 0.73 * width],
        )
    )
    section("2. Funktionen in Organisationen")
    table(
        ["Organisation", "Funktion", "von", "bis"],
        [
            [r["organisation"], r["function"], _day(r["start_date"]), _day(r["end_date"])]
            for r in report["roles"]
        ],
        [0.38, 0.32, 0.15, 0.15],
    )
    section("3. Einwilligungen")
    table(
        ["Zweck", "erteilt am", "Art / Quelle", "gültig bis", "widerrufen"],
        [
            [
                c["purpose_label"],
                _day(c["given_on"]),
                " / ".join(x for x in (c["method"], c["source"]) if x),
                _day(c["valid_until"]),
                _day(c["withdrawn_on"]),
            ]
            for c in report["consents"]
        ],
        [0.22, 0.15, 0.33, 0.15, 0.15],
    )
    section("4. Kontaktverlauf")
    table(
        ["Datum", "Art", "Von", "Inhalt"],
        [[_day(i["at"]), i["kind"], i["by"], i["summary"]] for i in report["contact_log"]],
        [0.18, 0.12, 0.14, 0.56],
    )
    section("5. Einladungen und Teilnahmen")
    table(
        ["Termin", "Veranstaltung", "Einladung", "Antwort", "Teilnahme"],
        [
            [
                _day(x["start"]),
                x["title"],
                x["invitation"],
                x["response"],
                {True: "teilgenommen", False: "nicht da", None: ""}[x["attended"]],
            ]
            for x in report["participations"]
        ],
        [0.17, 0.31, 0.15, 0.15, 0.22],
    )
    section("6. Veranstaltungen und Sitzungen, die Sie nennen")
    table(
        ["Termin", "Veranstaltung", "Bezug"],
        [[_day(e["start"]), e["title"], "; ".join(e["links"])] for e in report["events"]],
        [0.18, 0.42, 0.40],
    )
    section("7. Vereinbarungen")
    table(
        ["Vereinbarung", "Zeichen", "Stand", "Ihre Rolle"],
        [
            [a["title"], a["reference"], a["status"], "; ".join(a["roles"])]
            for a in report["agreements"]
        ],
        [0.40, 0.15, 0.15, 0.30],
    )
    section("8. Vorlagen für Gremien")
    table(
        ["Vorlage", "Betreff", "Bezug", "beraten in"],
        [
            [
                x["reference"],
                x["subject"],
                "; ".join(x["links"]),
                "; ".join(f"{s['title']} ({_day(s['start'])})" for s in x["sessions"]),
            ]
            for x in report["papers"]
        ],
        [0.15, 0.35, 0.25, 0.25],
    )
    section("9. Gespeicherte Dokumente, die Sie namentlich nennen")
    table(
        ["Ablage", "Datei"],
        [[d["where"], d["filename"]] for d in report["documents"]],
        [0.6, 0.4],
    )
    if report.get("documents_not_searchable"):
        p(
            f"{report['documents_not_searchable']} gespeicherte Dokumente liegen in einem Format "
            "vor (z. B. PDF), dessen Text das Programm nicht durchsuchen kann; sie wurden von "
            "Hand geprüft, soweit sie mit Ihnen verknüpft sind.",
            st.small,
        )
    section("10. Änderungsprotokoll")
    trail = report.get("audit_trail")
    if trail is None:
        p("Dieses Verzeichnis führt kein Änderungsprotokoll.")
    else:
        table(
            ["Zeitpunkt", "Bearbeitet von", "Änderung", "Felder"],
            [[_day(t["at"]), t["user"], t["action"], ", ".join(t["fields"])] for t in trail],
            [0.2, 0.25, 0.15, 0.4],
        )
    section("11. Herkunft der Daten")
    source = report["source"]
    if source.get("kind") == "import":
        p(f"Angelegt durch {source['import']} am {_day(source['at'])} ({source['by']}).")
    elif source.get("kind") == "manual":
        p(f"Von Hand erfasst am {_day(source['at'])} ({source['by']}).")
    else:
        p(source["note"])
    section("12. Zwecke der Verarbeitung und Speicherdauer")
    table(
        ["Zweck", "Speicherdauer"],
        [
            [
                x["text"],
                f"{x['storage_months']} Monate nach dem letzten Kontakt"
                if x["storage_months"]
                else "",
            ]
            for x in report["purposes"]
        ],
        [0.7, 0.3],
    )
    section("13. Empfänger")
    p(report["recipients"])
    section("14. Ihre Rechte")
    for right in report["rights"]:
        story.append(Paragraph(clean.para(right), st.bullet, bulletText="•"))
    section("15. Verantwortliche Stelle und Datenschutzbeauftragte")
    p(f"Verantwortlich: {town}")
    dpo = controller.get("dpo_name") or "—"
    if controller.get("dpo_email"):
        dpo = f"{dpo}, {controller['dpo_email']}"
    p(f"Datenschutzbeauftragte/r: {dpo}")
    story.append(Spacer(1, 6 * mm))
    p("Mit freundlichen Grüßen")
    story.append(Spacer(1, 12 * mm))
    p(town)

    marks = PageMarks(
        footer_left=town,
        footer_right_prefix="Auskunft nach Art. 15 DSGVO · ",
        running_head=contact.get("display_name", ""),
    )
    data, pages = build_pdf(
        story,
        settings,
        title="Auskunft nach Art. 15 DSGVO",
        subject=f"Auskunft für {contact.get('display_name', '')}",
        marks=marks,
    )
    return PdfResult(data, pages, warnings + clean.warnings())


__all__ = ["build"]
