"""The summary of a committee session (Sitzungsübersicht) as a print-ready PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from contactdesk.core.formats.pdf.common import (
    FONT,
    GRID,
    PdfResult,
    PdfSettings,
    Sanitizer,
    Styles,
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
class AgendaPaper:
    reference: str
    subject: str
    role: str
    extract: str = ""
    agenda_item: str = ""
    type_name: str = ""


@dataclass(frozen=True)
class HeldEvent:
    start: datetime
    title: str
    kind: str
    attended: int | None  # None: attendance not recorded
    registered: int = 0


@dataclass(frozen=True)
class AgreementChange:
    day: date
    title: str
    change: str


@dataclass(frozen=True)
class UpcomingEvent:
    start: datetime
    title: str
    kind: str
    location: str = ""


@dataclass(frozen=True)
class DeadlineLine:
    day: date
    label: str
    title: str
    detail: str = ""


@dataclass
class SummaryPrint:
    committee: str
    title: str
    start: datetime  # aware, local time of the session
    end: datetime
    location: str = ""
    room: str = ""
    is_public: bool = True
    status: str = ""
    agenda: list[str] = field(default_factory=list)
    papers: list[AgendaPaper] = field(default_factory=list)
    since: date | None = None  # date of the committee's previous session
    period_start: date | None = None
    events_held: list[HeldEvent] = field(default_factory=list)
    agreement_changes: list[AgreementChange] = field(default_factory=list)
    upcoming: list[UpcomingEvent] = field(default_factory=list)
    deadlines: list[DeadlineLine] = field(default_factory=list)


def _heading(text: str, style: ParagraphStyle, room: float = 28 * mm) -> list[Flowable]:
    """A heading that never ends a page: it starts a new page unless a few lines fit below.

    (keepWithNext would make reportlab measure the whole following table to keep it with the
    heading, which costs as much as laying the table out a second time.)
    """
    return [
        CondPageBreak(style.leading + style.spaceBefore + room),
        Paragraph(text, style.clone(style.name + "_free", keepWithNext=0)),
    ]


def _none(styles: Styles) -> Paragraph:
    return Paragraph("keine", styles.body)


def summary_flowables(
    s: SummaryPrint, settings: PdfSettings, clean: Sanitizer, warnings: list[str]
) -> list[Flowable]:
    styles = make_styles()
    width = content_width(settings)
    P = Paragraph
    story: list[Flowable] = []

    logo, problem = load_logo(settings.logo_path, 38 * mm, 18 * mm)
    if problem:
        warnings.append(problem)
    left: list[Flowable] = ([logo, Spacer(1, 2 * mm)] if logo else []) + [
        P(clean.para(settings.town_name), styles.town)
    ]
    right = [
        P("Sitzungsübersicht", styles.right_bold),
        P(clean.para(s.committee), styles.right),
        P(german_date(s.start.date()), styles.right),
    ]
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
    story += [head, Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.8, color=GRID)]
    story.append(Spacer(1, 3 * mm))
    story.append(P(clean.para(s.title or s.committee), styles.title))
    story.append(Spacer(1, 3 * mm))

    place = ", ".join(x for x in (s.room, s.location) if x)
    meta = [
        ("Gremium:", s.committee),
        ("Datum:", german_date(s.start.date())),
        ("Uhrzeit:", f"{s.start:%H:%M} – {s.end:%H:%M} Uhr"),
        ("Ort:", place or "–"),
        ("Sitzung:", "öffentliche Sitzung" if s.is_public else "nichtöffentliche Sitzung"),
    ]
    if s.status:
        meta.append(("Status:", s.status))
    story.append(
        plain_table(
            [[P(k, styles.label), P(clean.para(v), styles.value)] for k, v in meta],
            [32 * mm, width - 32 * mm],
        )
    )

    if s.agenda:
        story += _heading("Tagesordnung", styles.section)
        story.extend(
            P(clean.para(item), styles.bullet, bulletText=f"{n}.")
            for n, item in enumerate(s.agenda, start=1)
        )

    story += _heading("Vorlagen auf der Tagesordnung", styles.section)
    if s.papers:
        rows: list[list[Flowable | str]] = [
            [
                P(h, styles.cell_bold)
                for h in ("Nr.", "Vorlage", "Gegenstand und Auszug", "Zuständigkeit")
            ]
        ]
        for n, paper in enumerate(s.papers, start=1):
            text = f"<b>{clean.para(paper.subject)}</b>"
            if paper.extract:
                text += f"<br/>{clean.para(paper.extract)}"
            rows.append(
                [
                    P(clean.para(paper.agenda_item or f"{n}."), styles.cell),
                    P(
                        clean.para(paper.reference)
                        + (f"<br/>{clean.para(paper.type_name)}" if paper.type_name else ""),
                        styles.cell,
                    ),
                    P(text, styles.cell),
                    P(clean.para(paper.role), styles.cell),
                ]
            )
        story.append(
            grid_table(rows, [12 * mm, 34 * mm, width - 12 * mm - 34 * mm - 30 * mm, 30 * mm])
        )
    else:
        story.append(_none(styles))

    since = (
        f"seit der letzten Sitzung am {german_date(s.since)}"
        if s.since
        else (f"seit dem {german_date(s.period_start)}" if s.period_start else "")
    )
    # room for the first subheading too, so that this heading never stays alone
    story += _heading(
        clean.para(f"Bericht aus dem Netzwerk {since}".strip()), styles.section, room=45 * mm
    )

    story += _heading("Durchgeführte Veranstaltungen", styles.subheading)
    if s.events_held:
        rows = [[P(h, styles.cell_bold) for h in ("Datum", "Veranstaltung", "Art", "Teilnehmende")]]
        for e in s.events_held:
            came = "nicht erfasst" if e.attended is None else str(e.attended)
            rows.append(
                [
                    P(german_date(e.start.date()), styles.cell),
                    P(clean.para(e.title), styles.cell),
                    P(clean.para(e.kind), styles.cell),
                    P(came, styles.cell),
                ]
            )
        story.append(
            grid_table(rows, [25 * mm, width - 25 * mm - 32 * mm - 31 * mm, 32 * mm, 31 * mm])
        )
    else:
        story.append(_none(styles))

    story += _heading("Vereinbarungen: unterzeichnet oder geändert", styles.subheading)
    if s.agreement_changes:
        rows = [[P(h, styles.cell_bold) for h in ("Datum", "Vereinbarung", "Änderung")]]
        rows += [
            [
                P(german_date(c.day), styles.cell),
                P(clean.para(c.title), styles.cell),
                P(clean.para(c.change), styles.cell),
            ]
            for c in s.agreement_changes
        ]
        story.append(grid_table(rows, [25 * mm, width * 0.5, width - 25 * mm - width * 0.5]))
    else:
        story.append(_none(styles))

    story += _heading("Anstehende Workshops und Veranstaltungen", styles.subheading)
    if s.upcoming:
        rows = [[P(h, styles.cell_bold) for h in ("Datum", "Uhrzeit", "Veranstaltung", "Ort")]]
        rows += [
            [
                P(german_date(u.start.date()), styles.cell),
                P(f"{u.start:%H:%M} Uhr", styles.cell),
                P(f"{clean.para(u.title)}<br/><i>{clean.para(u.kind)}</i>", styles.cell),
                P(clean.para(u.location or "–"), styles.cell),
            ]
            for u in s.upcoming
        ]
        story.append(
            grid_table(rows, [25 * mm, 20 * mm, width * 0.42, width - 45 * mm - width * 0.42])
        )
    else:
        story.append(_none(styles))

    story += _heading("Fristen", styles.subheading)
    if s.deadlines:
        rows = [[P(h, styles.cell_bold) for h in ("Datum", "Frist", "Betreff")]]
        rows += [
            [
                P(german_date(d.day), styles.cell),
                P(clean.para(d.label), styles.cell),
                P(
                    clean.para(d.title) + (f"<br/>{clean.para(d.detail)}" if d.detail else ""),
                    styles.cell,
                ),
            ]
            for d in s.deadlines
        ]
        story.append(grid_table(rows, [25 * mm, 40 * mm, width - 65 * mm]))
    else:
        story.append(_none(styles))
    return story


def render_session_summary(summary: SummaryPrint, settings: PdfSettings | None = None) -> PdfResult:
    settings = settings or PdfSettings()
    clean = Sanitizer()
    warnings: list[str] = []
    story = summary_flowables(summary, settings, clean, warnings)
    day = german_date(summary.start.date())
    decorate = footer_decorator(
        settings,
        left=clean.clean(settings.town_name),
        right_prefix=clean.clean(f"Sitzungsübersicht {summary.committee}, {day} · "),
        header=clean.clean(f"Sitzungsübersicht {summary.committee}, {day}"),
    )
    data, pages = build_pdf(
        story,
        settings,
        title=clean.clean(f"Sitzungsübersicht {summary.committee} am {day}"),
        subject=clean.clean(summary.title or summary.committee),
        decorate=decorate,
    )
    return PdfResult(data, pages, warnings + clean.warnings())
