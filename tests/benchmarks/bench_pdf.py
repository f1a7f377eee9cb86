"""Benchmark: a session summary of about 100 pages against reportlab alone laying out the same
content (same fonts, same tables, a plain page-number footer). Target: at most 1.3x.

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_pdf.py
Each figure is the best of several interleaved runs in the same process on the same machine.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from contactdesk.core.formats.pdf import common
from contactdesk.core.formats.pdf.session_summary import (
    AgendaPaper,
    AgreementChange,
    DeadlineLine,
    HeldEvent,
    SummaryPrint,
    UpcomingEvent,
    render_session_summary,
)

BERLIN = ZoneInfo("Europe/Berlin")
RUNS = 5
TARGET = 1.3


def make_summary() -> SummaryPrint:
    start = datetime(2021, 9, 8, 17, tzinfo=BERLIN)
    extract = (
        "Anfang 2021 wurde die Stadt Bitterfeld-Wolfen eingeladen, ihr Interesse am Netzwerk "
        "„Engagierte Stadt“ zu bekunden; Partner sind Jugendclub'83, TGZ Bitterfeld-Wolfen mbH "
        "und die Stadt Weißwasser. Ayşe Öztürk berichtet …"
    )
    return SummaryPrint(
        committee="Stadtrat Bitterfeld-Wolfen",
        title="Sitzung des Stadtrates",
        start=start,
        end=start + timedelta(hours=4),
        location="Rathaus Bitterfeld-Wolfen, Rathausplatz 1, 06766 Bitterfeld-Wolfen",
        room="Ratssaal",
        agenda=[f"Tagesordnungspunkt {n}" for n in range(1, 30)],
        papers=[
            AgendaPaper(
                f"M{n:03d}-2021",
                f"Vorlage {n}: Netzwerk „Engagierte Stadt“",
                "Kenntnisnahme",
                extract,
                str(n),
                "Mitteilungsvorlage",
            )
            for n in range(1, 400)
        ],
        since=start.date() - timedelta(days=90),
        events_held=[
            HeldEvent(start - timedelta(days=n), f"Workshop {n} im TGZ", "Workshop", n % 9)
            for n in range(400)
        ],
        agreement_changes=[
            AgreementChange(
                start.date() - timedelta(days=n),
                f"Vereinbarung {n}",
                "in Abstimmung → unterzeichnet: vom Oberbürgermeister",
            )
            for n in range(300)
        ],
        upcoming=[
            UpcomingEvent(
                start + timedelta(days=n),
                f"Workshop {n}",
                "Workshop",
                "Seminarraum 1, TGZ Bitterfeld-Wolfen mbH",
            )
            for n in range(300)
        ],
        deadlines=[
            DeadlineLine(
                start.date() + timedelta(days=n),
                "Kündigungsfrist",
                f"Vereinbarung {n}",
                "Letzter Tag für eine Kündigung.",
            )
            for n in range(200)
        ],
    )


def reportlab_alone(s: SummaryPrint) -> tuple[bytes, int]:
    """The same content laid out with plain platypus: no sanitising, "Seite N" only."""
    common.register_fonts()
    body = ParagraphStyle("b", fontName=common.FONT, fontSize=10.5, leading=14)
    cell = ParagraphStyle("c", fontName=common.FONT, fontSize=9.5, leading=12)
    bold = ParagraphStyle("h", fontName=common.FONT_BOLD, fontSize=11, leading=15)
    width = A4[0] - 43 * mm
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), common.FONT, 9.5),
            ("GRID", (0, 0), (-1, -1), 0.5, common.GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        # cells are given as paragraph markup (the same bold and line breaks as contactdesk's)
        t = Table([[Paragraph(c, cell) for c in r] for r in rows], colWidths=widths, repeatRows=1)
        t.setStyle(style)
        return t

    story = [Paragraph(escape(s.title), bold), Paragraph(escape(s.committee), body)]
    story += [Paragraph(escape(a), body) for a in s.agenda]
    story.append(Paragraph("Vorlagen", bold))
    story.append(
        table(
            [["Nr.", "Vorlage", "Gegenstand", "Zuständigkeit"]]
            + [
                [
                    escape(p.agenda_item),
                    f"{escape(p.reference)}<br/>{escape(p.type_name)}",
                    f"<b>{escape(p.subject)}</b><br/>{escape(p.extract)}",
                    escape(p.role),
                ]
                for p in s.papers
            ],
            [12 * mm, 34 * mm, width - 76 * mm, 30 * mm],
        )
    )
    story.append(Paragraph("Veranstaltungen", bold))
    story.append(
        table(
            [["Datum", "Veranstaltung", "Art", "Teilnehmende"]]
            + [
                [f"{e.start:%d.%m.%Y}", escape(e.title), escape(e.kind), str(e.attended)]
                for e in s.events_held
            ],
            [25 * mm, width - 88 * mm, 32 * mm, 31 * mm],
        )
    )
    story.append(
        table(
            [["Datum", "Vereinbarung", "Änderung"]]
            + [
                [f"{c.day:%d.%m.%Y}", escape(c.title), escape(c.change)]
                for c in s.agreement_changes
            ],
            [25 * mm, width * 0.5, width * 0.5 - 25 * mm],
        )
    )
    story.append(
        table(
            [["Datum", "Uhrzeit", "Veranstaltung", "Ort"]]
            + [
                [
                    f"{u.start:%d.%m.%Y}",
                    f"{u.start:%H:%M} Uhr",
                    f"{escape(u.title)}<br/><i>{escape(u.kind)}</i>",
                    escape(u.location),
                ]
                for u in s.upcoming
            ],
            [25 * mm, 20 * mm, width * 0.42, width * 0.58 - 45 * mm],
        )
    )
    story.append(
        table(
            [["Datum", "Frist", "Betreff"]]
            + [
                [f"{d.day:%d.%m.%Y}", escape(d.label), f"{escape(d.title)}<br/>{escape(d.detail)}"]
                for d in s.deadlines
            ],
            [25 * mm, 40 * mm, width - 65 * mm],
        )
    )

    def footer(canv, doc):  # type: ignore[no-untyped-def]
        canv.setFont(common.FONT, 8.5)
        canv.drawRightString(A4[0] - 18 * mm, 11.5 * mm, f"Seite {doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), doc.page


def median_time(func, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def time_once(func, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - started, result


def end_to_end_demo() -> float:
    """The demo's Stadtrat summary from the database (collect + render), for reference."""
    from contactdesk.core.db import open_database
    from contactdesk.core.demo import demo_uid, load_demo
    from contactdesk.core.services import papers as ps
    from contactdesk.core.services import schedule as sc

    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "demo.sqlite")
        with database.session() as session:
            load_demo(session)
        with database.session() as session:
            event_id = sc.find_by_uid(session, demo_uid("event:stadtrat"))
            assert event_id is not None
            elapsed, _ = median_time(ps.session_summary_pdf, session, event_id)
        database.dispose()
    return elapsed


def main() -> None:
    summary = make_summary()
    common.register_fonts()
    render_session_summary(summary)  # warm-up (font subsetting caches)
    reportlab_alone(summary)
    ours_runs, alone_runs = [], []
    for _ in range(RUNS):  # interleaved, so that load on the machine hits both alike
        t, result = time_once(render_session_summary, summary)
        ours_runs.append(t)
        t, (_, alone_pages) = time_once(reportlab_alone, summary)
        alone_runs.append(t)
    ours, alone = min(ours_runs), min(alone_runs)
    ratio = ours / alone
    print(f"session summary, contactdesk:       {ours:6.3f} s  ({result.pages} pages)")  # type: ignore[attr-defined]
    print(f"same content, reportlab alone:      {alone:6.3f} s  ({alone_pages} pages)")
    print(
        f"ratio:                              {ratio:6.2f}x  (target ≤ {TARGET}x) "
        + ("OK" if ratio <= TARGET else "TOO SLOW")
    )
    print(f"demo Stadtrat summary from the DB:  {end_to_end_demo():6.3f} s")


if __name__ == "__main__":
    main()
