"""A committee paper (Vorlage) as a print-ready PDF in the layout of a German council paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from contactdesk.core.formats.pdf import markup
from contactdesk.core.formats.pdf.common import (
    FONT,
    GRID,
    PdfResult,
    PdfSettings,
    Sanitizer,
    build_pdf,
    content_width,
    footer_decorator,
    german_date,
    grid_table,
    load_logo,
    make_styles,
    plain_table,
)


@dataclass(frozen=True)
class ConsultationLine:
    committee: str
    day: date
    role: str  # German label ("Kenntnisnahme")


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


def session_line(is_public: bool) -> str:
    return "aus öffentlicher Sitzung" if is_public else "aus nichtöffentlicher Sitzung"


def _header(
    p: PaperPrint,
    settings: PdfSettings,
    width: float,
    clean: Sanitizer,
    styles,
    warnings: list[str],
) -> list[Flowable]:  # type: ignore[no-untyped-def]
    logo, problem = load_logo(settings.logo_path, 38 * mm, 20 * mm)
    if problem:
        warnings.append(problem)
    left: list[Flowable] = []
    if logo is not None:
        left.append(logo)
        left.append(Spacer(1, 2 * mm))
    left.append(Paragraph(clean.para(settings.town_name), styles.town))
    right = [
        Paragraph(clean.para(p.type_name), styles.right_bold),
        Paragraph(f"Vorlagen-Nr.: <b>{clean.para(p.reference)}</b>", styles.right),
        Paragraph(clean.para(session_line(p.is_public)), styles.right),
    ]
    if p.draft:
        right.append(Paragraph("<b>ENTWURF – nicht freigegeben</b>", styles.right))
    head = Table([[left, right]], colWidths=[width * 0.55, width * 0.45], hAlign="LEFT")
    head.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        head,
        Spacer(1, 3 * mm),
        HRFlowable(width="100%", thickness=0.8, color=GRID),
        Spacer(1, 4 * mm),
    ]


def render_paper(paper: PaperPrint, settings: PdfSettings | None = None) -> PdfResult:
    """The paper as PDF bytes; problems that did not stop it (logo, glyphs) come as warnings."""
    settings = settings or PdfSettings()
    styles = make_styles()
    clean = Sanitizer()
    warnings: list[str] = []
    width = content_width(settings)
    story: list[Flowable] = _header(paper, settings, width, clean, styles, warnings)

    meta = [
        [
            Paragraph("Einreicher:", styles.label),
            Paragraph(clean.para(paper.submitter), styles.value),
        ],
        [
            Paragraph("Federführende Stelle:", styles.label),
            Paragraph(clean.para(paper.lead_office), styles.value),
        ],
    ]
    if paper.paper_date:
        meta.append(
            [
                Paragraph("Datum:", styles.label),
                Paragraph(german_date(paper.paper_date), styles.value),
            ]
        )
    story.append(plain_table(meta, [50 * mm, width - 50 * mm]))

    # a heading that never ends a page (cheaper than keepWithNext in front of a long table)
    story.append(CondPageBreak(styles.section.leading + styles.section.spaceBefore + 25 * mm))
    story.append(Paragraph("Beratungsfolge", styles.section.clone("section_free", keepWithNext=0)))
    rows: list[list[Flowable]] = [
        [
            Paragraph("Gremium", styles.cell_bold),
            Paragraph("Termin", styles.cell_bold),
            Paragraph("Zuständigkeit", styles.cell_bold),
        ]
    ]
    for c in paper.consultations:
        rows.append(
            [
                Paragraph(clean.para(c.committee), styles.cell),
                Paragraph(german_date(c.day), styles.cell),
                Paragraph(clean.para(c.role), styles.cell),
            ]
        )
    if not paper.consultations:
        rows.append([Paragraph("noch keine Beratung geplant", styles.cell), "", ""])
    story.append(grid_table(rows, [width * 0.55, width * 0.18, width * 0.27]))

    story.append(
        Paragraph(
            "Mitteilungsgegenstand" if paper.type_name.startswith("Mitteilung") else "Gegenstand",
            styles.section,
        )
    )
    story.append(Paragraph(clean.para(paper.subject), styles.subject))

    story.append(Paragraph("Sachverhalt", styles.section))
    story.extend(markup.flowables(paper.body, styles, clean) or [Paragraph("–", styles.body)])

    story.append(Paragraph("Finanzielle Auswirkungen", styles.section))
    story.extend(markup.flowables(paper.financial_effects or "keine", styles, clean))

    signature = [
        Spacer(1, 14 * mm),
        HRFlowable(width=70 * mm, thickness=0.6, color="#000000", hAlign="LEFT", spaceAfter=2),
        Paragraph(clean.para(paper.signature or paper.submitter), styles.body_tight),
    ]
    story.append(CondPageBreak(30 * mm))
    story.append(KeepTogether(signature))

    anlagen: list[Flowable] = [Paragraph("Anlagen", styles.section)]
    if paper.attachments:
        anlagen += [
            Paragraph(f"{n}. {clean.para(title)}", styles.body_tight)
            for n, title in enumerate(paper.attachments, start=1)
        ]
    else:
        anlagen.append(Paragraph("keine", styles.body_tight))
    story.append(KeepTogether(anlagen[:2]))
    story.extend(anlagen[2:])

    decorate = footer_decorator(
        settings,
        left=clean.clean(settings.town_name),
        right_prefix=f"Vorlage {clean.clean(paper.reference)} · ",
        header=clean.clean(f"{paper.type_name} {paper.reference}"),
    )
    data, pages = build_pdf(
        story,
        settings,
        title=clean.clean(f"{paper.type_name} {paper.reference}: {paper.subject}"),
        subject=clean.clean(paper.subject),
        keywords=clean.clean(f"{paper.reference}, {session_line(paper.is_public)}"),
        decorate=decorate,
    )
    return PdfResult(data, pages, warnings + clean.warnings())
