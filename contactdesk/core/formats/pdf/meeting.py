"""Papers of any meeting: the Ergebnisprotokoll (results and tasks), the Teilnehmerliste to sign
(with a tick box for photo consent, as funding programmes ask for both), and the Einladung of a
committee session with its public and non-public agenda parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table

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

TICK_BOX = "\u2610"  # ☐, in DejaVu Sans


@dataclass(frozen=True)
class PersonRow:
    name: str
    organisation: str = ""
    #: a consent to publish photos is already on record
    photo_consent: bool = False


@dataclass(frozen=True)
class TaskRow:
    text: str
    owner: str = ""
    due: date | None = None


@dataclass
class MeetingHead:
    """What every meeting paper shows at the top."""

    title: str
    kind: str  # German label ("Workshop")
    start: datetime  # aware, local time
    end: datetime
    location: str = ""
    room: str = ""
    online_url: str = ""
    organiser: str = ""
    is_public: bool = True
    #: the date the file carries (same data, same bytes)
    created: datetime | None = None


@dataclass
class MinutesPrint:
    head: MeetingHead
    attended: list[PersonRow] = field(default_factory=list)
    excused: list[PersonRow] = field(default_factory=list)
    absent: list[PersonRow] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    #: the day the minutes are written (shown as "Stand")
    as_of: date | None = None


@dataclass
class AttendanceSheetPrint:
    head: MeetingHead
    people: list[PersonRow] = field(default_factory=list)
    #: empty rows for people who come without registering
    blank_rows: int = 8


@dataclass(frozen=True)
class InvitationItem:
    number: str  # "TOP 5.1" or ""
    text: str
    reference: str = ""  # paper number, if the item is a paper


@dataclass
class InvitationPrint:
    head: MeetingHead
    committee: str
    public_items: list[InvitationItem] = field(default_factory=list)
    closed_items: list[InvitationItem] = field(default_factory=list)
    invited_on: date | None = None
    signature: str = ""


def _place(h: MeetingHead) -> str:
    place = ", ".join(x for x in (h.room, h.location) if x)
    if h.online_url:
        place = f"{place} · online: {h.online_url}" if place else f"online: {h.online_url}"
    return place or "–"


def _top(
    h: MeetingHead,
    label: str,
    settings: PdfSettings,
    clean: Sanitizer,
    styles: Styles,
    warnings: list[str],
) -> list[Flowable]:
    width = content_width(settings)
    right = [
        Paragraph(clean.para(label), styles.right_bold),
        Paragraph(clean.para(h.kind), styles.right),
        Paragraph(german_date(h.start.date()), styles.right),
    ]
    top = letterhead(settings, clean, styles, right, warnings)
    meta = [
        ("Datum:", german_date(h.start.date())),
        ("Uhrzeit:", f"{h.start:%H:%M} – {h.end:%H:%M} Uhr"),
        ("Ort:", _place(h)),
    ]
    if h.organiser:
        meta.append(("Leitung:", h.organiser))
    return [
        top,
        Spacer(1, 3 * mm),
        HRFlowable(width="100%", thickness=0.8, color=GRID),
        Spacer(1, 3 * mm),
        Paragraph(clean.para(h.title), styles.title),
        Spacer(1, 3 * mm),
        plain_table(
            [[Paragraph(k, styles.label), Paragraph(clean.para(v), styles.value)] for k, v in meta],
            [32 * mm, width - 32 * mm],
        ),
    ]


def _people_table(people: list[PersonRow], width: float, clean: Sanitizer, styles: Styles) -> Table:
    head = ["Name", "Organisation"]
    lines = [[p.name, p.organisation or "–"] for p in people]
    widths = fit_widths([[h, *(line[i] for line in lines)] for i, h in enumerate(head)], width)
    rows = [[Paragraph(h, styles.cell_bold) for h in head]]
    rows += [[Paragraph(clean.para(v), styles.cell) for v in line] for line in lines]
    return grid_table(rows, widths)


def _render(
    story: list[Flowable],
    settings: PdfSettings,
    clean: Sanitizer,
    warnings: list[str],
    *,
    label: str,
    head: MeetingHead,
    stamp: str = "",
) -> PdfResult:
    day = german_date(head.start.date())
    marks = PageMarks(
        footer_left=clean.clean(settings.town_name),
        footer_right_prefix=clean.clean(f"{label}, {day} · "),
        running_head=clean.clean(f"{label}: {head.title}, {day}"),
        confidential=not head.is_public,
        stamp=stamp,
    )
    data, pages = build_pdf(
        story,
        settings,
        title=clean.clean(f"{label}: {head.title} am {day}"),
        subject=clean.clean(head.title),
        marks=marks,
        created=head.created,
        document_key=f"{label}:{head.title}:{head.start.isoformat()}",
    )
    return PdfResult(data, pages, warnings + clean.warnings())


def render_minutes(m: MinutesPrint, settings: PdfSettings | None = None) -> PdfResult:
    """The Ergebnisprotokoll: who was there, the agenda, results, tasks with owner and date."""
    settings = settings or PdfSettings()
    styles = make_styles()
    clean = Sanitizer()
    warnings: list[str] = []
    width = content_width(settings)
    story = _top(m.head, "Ergebnisprotokoll", settings, clean, styles, warnings)

    story += heading("Teilnehmende", styles.section, outline="Teilnehmende")
    if m.attended:
        story.append(_people_table(m.attended, width, clean, styles))
    else:
        story.append(Paragraph("Die Anwesenheit wurde nicht erfasst.", styles.body))
    for title, people in (("Entschuldigt", m.excused), ("Nicht erschienen", m.absent)):
        if people:
            names = ", ".join(
                p.name + (f" ({p.organisation})" if p.organisation else "") for p in people
            )
            story += heading(title, styles.subheading, outline=title, level=1, room=12 * mm)
            story.append(Paragraph(clean.para(names), styles.body))

    if m.agenda:
        story += heading("Tagesordnung", styles.section, outline="Tagesordnung")
        story.extend(Paragraph(clean.para(t), styles.bullet, bulletText="•") for t in m.agenda)

    story += heading("Ergebnisse", styles.section, outline="Ergebnisse")
    if m.results:
        story.extend(
            Paragraph(clean.para(r), styles.bullet, bulletText=f"{n}.")
            for n, r in enumerate(m.results, start=1)
        )
    else:
        story.append(Paragraph("Es wurden keine Ergebnisse festgehalten.", styles.body))

    story += heading("Aufgaben", styles.section, outline="Aufgaben")
    if m.tasks:
        head = ["Nr.", "Aufgabe", "Wer", "Bis"]
        lines = [
            [str(n), t.text, t.owner or "–", german_date(t.due) or "–"]
            for n, t in enumerate(m.tasks, start=1)
        ]
        widths = fit_widths([[h, *(line[i] for line in lines)] for i, h in enumerate(head)], width)
        rows = [[Paragraph(h, styles.cell_bold) for h in head]]
        rows += [[Paragraph(clean.para(v), styles.cell) for v in line] for line in lines]
        story.append(grid_table(rows, widths))
    else:
        story.append(Paragraph("Es wurden keine Aufgaben vereinbart.", styles.body))
    stamp = f"Stand: {german_date(m.as_of)}" if m.as_of else ""
    return _render(
        story, settings, clean, warnings, label="Ergebnisprotokoll", head=m.head, stamp=stamp
    )


def render_attendance_sheet(
    sheet: AttendanceSheetPrint, settings: PdfSettings | None = None
) -> PdfResult:
    """The Teilnehmerliste to sign: name, organisation, signature, photo consent tick box."""
    settings = settings or PdfSettings()
    styles = make_styles()
    clean = Sanitizer()
    warnings: list[str] = []
    width = content_width(settings)
    story = _top(sheet.head, "Teilnehmerliste", settings, clean, styles, warnings)
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "Mit meiner Unterschrift bestätige ich meine Teilnahme. Ein Kreuz in der Spalte "
            "„Fotos“ heißt: Ich bin einverstanden, dass Fotos, auf denen ich zu sehen bin, für "
            "die Öffentlichkeitsarbeit der Stadt und des Netzwerks verwendet werden. Die "
            "Einwilligung kann jederzeit widerrufen werden.",
            styles.small,
        )
    )
    story.append(Spacer(1, 2 * mm))
    head = ["Nr.", "Name", "Organisation", "Unterschrift", "Fotos"]
    number_w, photo_w, sign_w = 10 * mm, 16 * mm, 48 * mm
    rest = width - number_w - photo_w - sign_w
    names = [p.name for p in sheet.people] or ["Vorname Nachname"]
    orgs = [p.organisation for p in sheet.people] or ["Organisation"]
    name_w, org_w = fit_widths([["Name", *names], ["Organisation", *orgs]], rest)
    rows: list[list[Flowable | str]] = [[Paragraph(h, styles.cell_bold) for h in head]]
    for n, p in enumerate(sheet.people, start=1):
        consent = TICK_BOX + (" liegt vor" if p.photo_consent else "")
        rows.append(
            [
                Paragraph(str(n), styles.cell),
                Paragraph(clean.para(p.name), styles.cell),
                Paragraph(clean.para(p.organisation), styles.cell),
                "",
                Paragraph(consent, styles.cell),
            ]
        )
    for n in range(len(sheet.people) + 1, len(sheet.people) + sheet.blank_rows + 1):
        rows.append([Paragraph(str(n), styles.cell), "", "", "", Paragraph(TICK_BOX, styles.cell)])
    # rows tall enough to sign in by hand
    story.append(
        grid_table(
            rows,
            [number_w, name_w, org_w, sign_w, photo_w],
            row_heights=[None] + [11 * mm] * (len(rows) - 1),
        )
    )
    return _render(story, settings, clean, warnings, label="Teilnehmerliste", head=sheet.head)


def _items(items: list[InvitationItem], clean: Sanitizer, styles: Styles, width: float) -> Table:
    head = ["TOP", "Gegenstand", "Vorlage"]
    lines = [[i.number or "–", i.text, i.reference or ""] for i in items]
    widths = fit_widths([[h, *(line[n] for line in lines)] for n, h in enumerate(head)], width)
    rows = [[Paragraph(h, styles.cell_bold) for h in head]]
    rows += [[Paragraph(clean.para(v), styles.cell) for v in line] for line in lines]
    return grid_table(rows, widths)


def render_invitation(inv: InvitationPrint, settings: PdfSettings | None = None) -> PdfResult:
    """The Einladung of a committee session: public part, then the non-public part."""
    settings = settings or PdfSettings()
    styles = make_styles()
    clean = Sanitizer()
    warnings: list[str] = []
    width = content_width(settings)
    story = _top(inv.head, "Einladung", settings, clean, styles, warnings)
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            clean.para(
                f"Zur Sitzung des Gremiums „{inv.committee}“ am "
                f"{german_date(inv.head.start.date())} um {inv.head.start:%H:%M} Uhr lade ich "
                "herzlich ein."
            ),
            styles.body,
        )
    )
    story += heading("Öffentlicher Teil", styles.section, outline="Öffentlicher Teil")
    if inv.public_items:
        story.append(_items(inv.public_items, clean, styles, width))
    else:
        story.append(Paragraph("keine Tagesordnungspunkte", styles.body))
    if inv.closed_items:
        story += heading("Nichtöffentlicher Teil", styles.section, outline="Nichtöffentlicher Teil")
        story.append(_items(inv.closed_items, clean, styles, width))
    story.append(Spacer(1, 12 * mm))
    story.append(HRFlowable(width=70 * mm, thickness=0.6, color="#000000", hAlign="LEFT"))
    story.append(Paragraph(clean.para(inv.signature or inv.committee), styles.body_tight))
    stamp = f"Einladung vom {german_date(inv.invited_on)}" if inv.invited_on else ""
    return _render(story, settings, clean, warnings, label="Einladung", head=inv.head, stamp=stamp)
