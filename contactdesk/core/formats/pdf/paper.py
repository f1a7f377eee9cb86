"""A committee paper (Vorlage) as a print-ready PDF in the layout of a German council paper.

Mitteilungs-, Beschluss- and Informationsvorlage and Anfrage/Antwort share one layout: header
with the town (logo or name), type, number and version; Einreicher, Bearbeiter/in, Aktenzeichen;
the Beratungsfolge with Ö/N per row; the type's own sections (Beschlussvorschlag, Anfrage and
Antwort, Beschluss with votes after the session); financial effects; signature with "gez.".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from contactdesk.core.formats.pdf import markup
from contactdesk.core.formats.pdf.common import (
    GRID,
    PdfResult,
    PdfSettings,
    Sanitizer,
    Styles,
    content_width,
    fit_widths,
    german_date,
    grid_table,
    letterhead,
    make_styles,
    plain_table,
)
from contactdesk.core.formats.pdf.frame import PageMarks, build_pdf, heading


@dataclass(frozen=True)
class ConsultationLine:
    committee: str
    day: date
    role: str  # German label ("Kenntnisnahme")
    is_public: bool = True
    #: after the session: the Beschluss (or Kenntnisnahme) as recorded, and the votes
    result: str = ""
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None


@dataclass
class PaperPrint:
    """Everything printed on a paper, already in words (labels, names)."""

    reference: str
    type_name: str
    subject: str
    is_public: bool = True
    paper_date: date | None = None
    submitter: str = ""
    lead_office: str = ""
    consultations: list[ConsultationLine] = field(default_factory=list)
    body: str = ""
    financial_effects: str = "keine"
    attachments: list[str] = field(default_factory=list)
    signature: str = ""
    draft: bool = False
    type_code: str = ""
    proposal: str = ""
    answer: str = ""
    clerk: str = ""
    clerk_phone: str = ""
    file_number: str = ""
    signed_by: str = ""
    signer_function: str = ""
    finance_product: str = ""
    finance_year: int | None = None
    finance_amount: Decimal | None = None
    #: the released version this print is (None: a draft or a preview)
    version: int | None = None
    version_date: date | None = None
    #: the footer stamp's content hash (first 12 hex digits are printed)
    content_sha256: str = ""
    #: the date the file carries (release date; for drafts the last change)
    created: datetime | None = None


def session_line(is_public: bool) -> str:
    return "aus öffentlicher Sitzung" if is_public else "aus nichtöffentlicher Sitzung"


def version_line(version: int, on: date | None) -> str:
    """ "Fassung 2 vom 07.12.2026 (1. Neufassung)"; the first version has no Neufassung."""
    text = f"Fassung {version}" + (f" vom {german_date(on)}" if on else "")
    if version >= 2:
        text += f" ({version - 1}. Neufassung)"
    return text


def release_stamp(version: int, on: date | None, content_sha256: str) -> str:
    return (
        f"{version_line(version, on)} · freigegeben am {german_date(on)} · "
        f"SHA-256 {content_sha256[:12]}"
    )


def euro(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} €"


def _header(
    p: PaperPrint,
    settings: PdfSettings,
    width: float,
    clean: Sanitizer,
    styles: Styles,
    warnings: list[str],
) -> list[Flowable]:
    right = [
        Paragraph(clean.para(p.type_name), styles.right_bold),
        Paragraph(f"Vorlagen-Nr.: <b>{clean.para(p.reference)}</b>", styles.right),
    ]
    if p.version is not None:
        right.append(Paragraph(clean.para(version_line(p.version, p.version_date)), styles.right))
    right.append(Paragraph(clean.para(session_line(p.is_public)), styles.right))
    if p.draft:
        right.append(Paragraph("<b>ENTWURF – nicht freigegeben</b>", styles.right))
    head = letterhead(settings, clean, styles, right, warnings, logo_height=20 * mm)
    return [
        head,
        Spacer(1, 3 * mm),
        HRFlowable(width="100%", thickness=0.8, color=GRID),
        Spacer(1, 4 * mm),
    ]


def _meta(p: PaperPrint, width: float, clean: Sanitizer, styles: Styles) -> Table:
    rows = [("Einreicher:", p.submitter), ("Federführende Stelle:", p.lead_office)]
    if p.clerk:
        rows.append(
            ("Bearbeiter/in:", p.clerk + (f", Telefon {p.clerk_phone}" if p.clerk_phone else ""))
        )
    if p.file_number:
        rows.append(("Aktenzeichen:", p.file_number))
    if p.paper_date:
        rows.append(("Datum:", german_date(p.paper_date)))
    return plain_table(
        [[Paragraph(k, styles.label), Paragraph(clean.para(v), styles.value)] for k, v in rows],
        [50 * mm, width - 50 * mm],
    )


def _consultations(p: PaperPrint, width: float, clean: Sanitizer, styles: Styles) -> Table:
    head = ["Gremium", "Termin", "Zuständigkeit", "Ö/N"]
    lines = [
        [c.committee, german_date(c.day), c.role, "Ö" if c.is_public else "N"]
        for c in p.consultations
    ] or [["noch keine Beratung geplant", "", "", ""]]
    widths = fit_widths([[h, *(row[i] for row in lines)] for i, h in enumerate(head)], width)
    rows: list[list[Flowable | str]] = [[Paragraph(h, styles.cell_bold) for h in head]]
    rows += [[Paragraph(clean.para(v), styles.cell) for v in row] for row in lines]
    return grid_table(rows, widths)


def _votes(c: ConsultationLine) -> str:
    if c.votes_yes is None and c.votes_no is None and c.votes_abstain is None:
        return ""
    return (
        f"Abstimmungsergebnis: ja {c.votes_yes or 0} · nein {c.votes_no or 0} · "
        f"Enthaltung {c.votes_abstain or 0}"
    )


def _finance(p: PaperPrint, width: float, clean: Sanitizer, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    structured = [
        ("Produkt/Sachkonto", p.finance_product),
        ("Haushaltsjahr", str(p.finance_year) if p.finance_year else ""),
        ("Betrag", euro(p.finance_amount) if p.finance_amount is not None else ""),
    ]
    if any(v for _k, v in structured):
        head = [k for k, _v in structured]
        values = [v or "–" for _k, v in structured]
        widths = fit_widths([[h, v] for h, v in zip(head, values, strict=True)], width)
        story.append(
            grid_table(
                [
                    [Paragraph(h, styles.cell_bold) for h in head],
                    [Paragraph(clean.para(v), styles.cell) for v in values],
                ],
                widths,
            )
        )
        story.append(Spacer(1, 2 * mm))
    text = (p.financial_effects or "").strip()
    if story and text.casefold() == "keine":
        text = ""  # the table says it; "keine" under a sum would contradict it
    elif not story and not text:
        text = "keine"
    if text:
        story.extend(markup.flowables(text, styles, clean))
    return story


def paper_flowables(
    p: PaperPrint, settings: PdfSettings, clean: Sanitizer, warnings: list[str]
) -> list[Flowable]:
    styles = make_styles()
    width = content_width(settings)
    story: list[Flowable] = _header(p, settings, width, clean, styles, warnings)
    story.append(_meta(p, width, clean, styles))

    story += heading("Beratungsfolge", styles.section, outline="Beratungsfolge", room=25 * mm)
    story.append(_consultations(p, width, clean, styles))

    is_notice = p.type_name.startswith("Mitteilung")
    title = "Mitteilungsgegenstand" if is_notice else "Gegenstand"
    story += heading(title, styles.section, outline=title)
    story.append(Paragraph(clean.para(p.subject), styles.subject))

    if p.proposal.strip():
        story += heading("Beschlussvorschlag", styles.section, outline="Beschlussvorschlag")
        story.extend(markup.flowables(p.proposal, styles, clean))

    is_question = p.type_code == "A" or p.type_name.startswith("Anfrage")
    body_title = "Anfrage" if is_question else "Sachverhalt"
    story += heading(body_title, styles.section, outline=body_title)
    story.extend(markup.flowables(p.body, styles, clean) or [Paragraph("–", styles.body)])
    if is_question or p.answer.strip():
        story += heading("Antwort der Verwaltung", styles.section, outline="Antwort")
        story.extend(
            markup.flowables(p.answer, styles, clean)
            or [Paragraph("Die Antwort steht noch aus.", styles.body)]
        )

    story += heading("Finanzielle Auswirkungen", styles.section, outline="Finanzielle Auswirkungen")
    story.extend(_finance(p, width, clean, styles))

    decided = [c for c in p.consultations if c.result.strip() or _votes(c)]
    if decided:
        story += heading("Beschluss", styles.section, outline="Beschluss")
        for c in decided:
            block: list[Flowable] = [
                Paragraph(
                    clean.para(f"{c.committee} am {german_date(c.day)} ({c.role})"),
                    styles.label,
                )
            ]
            block.extend(markup.flowables(c.result, styles, clean))
            if _votes(c):
                block.append(Paragraph(_votes(c), styles.body))
            story.append(KeepTogether(block))

    signer = p.signed_by or p.signature or p.submitter
    lines: list[Flowable] = [
        Spacer(1, 14 * mm),
        HRFlowable(width=70 * mm, thickness=0.6, color="#000000", hAlign="LEFT", spaceAfter=2),
    ]
    if p.signed_by:
        gez = f"gez. {p.signed_by}" + (f", {p.signer_function}" if p.signer_function else "")
        lines.append(Paragraph(clean.para(gez), styles.body_tight))
    else:
        lines.append(Paragraph(clean.para(signer), styles.body_tight))
    lines.append(Paragraph(f"Vorlage {clean.para(p.reference)}", styles.small))
    story.append(CondPageBreak(30 * mm))
    story.append(KeepTogether(lines))

    anlagen = heading("Anlagen", styles.section, outline="Anlagen", room=10 * mm)
    if p.attachments:
        anlagen += [
            Paragraph(f"{n}. {clean.para(title)}", styles.body_tight)
            for n, title in enumerate(p.attachments, start=1)
        ]
    else:
        anlagen.append(Paragraph("keine", styles.body_tight))
    story += anlagen
    return story


def render_paper(paper: PaperPrint, settings: PdfSettings | None = None) -> PdfResult:
    """The paper as PDF bytes; problems that did not stop it (logo, glyphs) come as warnings."""
    settings = settings or PdfSettings()
    clean = Sanitizer()
    warnings: list[str] = []
    story = paper_flowables(paper, settings, clean, warnings)
    stamp = ""
    if paper.version is not None and not paper.draft:
        stamp = release_stamp(paper.version, paper.version_date, paper.content_sha256)
    marks = PageMarks(
        footer_left=clean.clean(settings.town_name),
        footer_right_prefix=f"Vorlage {clean.clean(paper.reference)} · ",
        running_head=clean.clean(f"{paper.type_name} {paper.reference}"),
        draft=paper.draft,
        confidential=not paper.is_public,
        stamp=stamp,
    )
    data, pages = build_pdf(
        story,
        settings,
        title=clean.clean(f"{paper.type_name} {paper.reference}: {paper.subject}"),
        subject=clean.clean(paper.subject),
        keywords=clean.clean(f"{paper.reference}, {session_line(paper.is_public)}"),
        marks=marks,
        created=paper.created,
        document_key=f"paper:{paper.reference}:{paper.version or 'draft'}",
    )
    return PdfResult(data, pages, warnings + clean.warnings())
