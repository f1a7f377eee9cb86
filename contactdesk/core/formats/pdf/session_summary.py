"""The summary of a committee session (Sitzungsübersicht) as a print-ready PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Paragraph,
    Spacer,
)

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


@dataclass(frozen=True)
class AttendanceLine:
    """Who was at (or excused from) the session itself."""

    name: str
    organisation: str = ""
    status: str = ""  # "anwesend", "entschuldigt", "nicht erschienen"


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
    attendance: list[AttendanceLine] = field(default_factory=list)
    #: the day the summary is printed for: only what happened before it is listed as held
    as_of: date | None = None
    #: the date the file carries (midnight of the print day): same data, same bytes
    created: datetime | None = None


def _heading(
    text: str, style: ParagraphStyle, room: float = 24 * mm, *, level: int = 0
) -> list[Flowable]:
    """A heading with a bookmark that never ends a page (see frame.heading)."""
    from xml.sax.saxutils import unescape

    return heading(text, style, outline=unescape(text), level=level, room=room)


def _none(styles: Styles) -> Paragraph:
    return Paragraph("keine", styles.body)


def summary_flowables(
    s: SummaryPrint, settings: PdfSettings, clean: Sanitizer, warnings: list[str]
) -> list[Flowable]:
    styles = make_styles()
    width = content_width(settings)
    P = Paragraph
    story: list[Flowable] = []

    right = [
        P("Sitzungsübersicht", styles.right_bold),
        P(clean.para(s.committee), styles.right),
        P(german_date(s.start.date()), styles.right),
    ]
    top = letterhead(settings, clean, styles, right, warnings, left_share=0.55)
    story += [top, Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.8, color=GRID)]
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
    if s.as_of:
        meta.append(("Stand:", german_date(s.as_of)))
    story.append(
        plain_table(
            [[P(k, styles.label), P(clean.para(v), styles.value)] for k, v in meta],
            [32 * mm, width - 32 * mm],
        )
    )

    if s.agenda:
        # the items keep their own numbers ("TOP 5.1"); no second numbering beside them
        story += _heading("Tagesordnung", styles.section)
        story.extend(P(clean.para(item), styles.bullet, bulletText="•") for item in s.agenda)

    if s.attendance:
        story += _heading("Anwesenheit", styles.section)
        lines = [[a.name, a.organisation or "–", a.status] for a in s.attendance]
        head = ["Name", "Organisation", "Anwesenheit"]
        rows: list[list[Flowable | str]] = [[P(h, styles.cell_bold) for h in head]]
        rows += [[P(clean.para(v), styles.cell) for v in line] for line in lines]
        widths = fit_widths([[h, *(line[i] for line in lines)] for i, h in enumerate(head)], width)
        story.append(grid_table(rows, widths))

    story += _heading("Vorlagen auf der Tagesordnung", styles.section)
    if s.papers:
        rows = [
            [
                P(h, styles.cell_bold)
                for h in ("TOP", "Vorlage", "Gegenstand und Auszug", "Zuständigkeit")
            ]
        ]
        for paper in s.papers:
            text = f"<b>{clean.para(paper.subject)}</b>"
            if paper.extract:
                text += f"<br/>{clean.para(paper.extract)}"
            rows.append(
                [
                    P(clean.para(paper.agenda_item or "–"), styles.cell),
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
            grid_table(
                rows,
                fit_widths(
                    [
                        ["TOP", *(p.agenda_item or "–" for p in s.papers)],
                        ["Vorlage", *(f"{p.reference}\n{p.type_name}" for p in s.papers)],
                        ["Gegenstand und Auszug", *(f"{p.subject} {p.extract}" for p in s.papers)],
                        ["Zuständigkeit", *(p.role for p in s.papers)],
                    ],
                    width,
                ),
            )
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

    story += _heading("Durchgeführte Veranstaltungen", styles.subheading, level=1)
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
            grid_table(
                rows,
                fit_widths(
                    [
                        ["Datum", "00.00.0000"],
                        ["Veranstaltung", *(e.title for e in s.events_held)],
                        ["Art", *(e.kind for e in s.events_held)],
                        ["Teilnehmende", "nicht erfasst"],
                    ],
                    width,
                ),
            )
        )
    else:
        story.append(_none(styles))

    story += _heading("Vereinbarungen: unterzeichnet oder geändert", styles.subheading, level=1)
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
        story.append(
            grid_table(
                rows,
                fit_widths(
                    [
                        ["Datum", "00.00.0000"],
                        ["Vereinbarung", *(c.title for c in s.agreement_changes)],
                        ["Änderung", *(c.change for c in s.agreement_changes)],
                    ],
                    width,
                ),
            )
        )
    else:
        story.append(_none(styles))

    story += _heading("Anstehende Workshops und Veranstaltungen", styles.subheading, level=1)
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
            grid_table(
                rows,
                fit_widths(
                    [
                        ["Datum", "00.00.0000"],
                        ["Uhrzeit", "00:00 Uhr"],
                        ["Veranstaltung", *(f"{u.title}\n{u.kind}" for u in s.upcoming)],
                        ["Ort", *(u.location or "–" for u in s.upcoming)],
                    ],
                    width,
                ),
            )
        )
    else:
        story.append(_none(styles))

    story += _heading("Fristen", styles.subheading, level=1)
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
        story.append(
            grid_table(
                rows,
                fit_widths(
                    [
                        ["Datum", "00.00.0000"],
                        ["Frist", *(d.label for d in s.deadlines)],
                        ["Betreff", *(f"{d.title}\n{d.detail}" for d in s.deadlines)],
                    ],
                    width,
                ),
            )
        )
    else:
        story.append(_none(styles))
    return story


def render_session_summary(summary: SummaryPrint, settings: PdfSettings | None = None) -> PdfResult:
    settings = settings or PdfSettings()
    clean = Sanitizer()
    warnings: list[str] = []
    story = summary_flowables(summary, settings, clean, warnings)
    day = german_date(summary.start.date())
    stamp = f"Stand: {german_date(summary.as_of)}" if summary.as_of else ""
    marks = PageMarks(
        footer_left=clean.clean(settings.town_name),
        footer_right_prefix=clean.clean(f"Sitzungsübersicht {summary.committee}, {day} · "),
        running_head=clean.clean(f"Sitzungsübersicht {summary.committee}, {day}"),
        confidential=not summary.is_public,
        stamp=stamp,
    )
    data, pages = build_pdf(
        story,
        settings,
        title=clean.clean(f"Sitzungsübersicht {summary.committee} am {day}"),
        subject=clean.clean(summary.title or summary.committee),
        marks=marks,
        created=summary.created,
        document_key=f"summary:{summary.committee}:{summary.start.isoformat()}",
    )
    return PdfResult(data, pages, warnings + clean.warnings())
