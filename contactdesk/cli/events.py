"""`events` subcommands: the agenda of workshops, meetings and committee sessions."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from contactdesk.cli.common import (
    EXIT_OK,
    GermanArgumentParser,
    add_json,
    open_db,
    read_lean_or,
    show_rows,
)
from contactdesk.core.enums import EventKind
from contactdesk.core.labels import EVENT_KIND, EVENT_STATUS, label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.core.formats.pdf import PdfResult, PdfSettings


def parse_date(text: str) -> date:
    """2021-09-02 or 02.09.2021."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"„{text}“ ist kein Datum (erwartet 02.09.2021 oder 2021-09-02)"
    )


def _agenda(args: argparse.Namespace, start: datetime, end: datetime) -> Sequence[Any]:
    """The occurrences of the period: on the lean read path (core/readpath.py) when it may
    answer, else from services.schedule."""
    from contactdesk.core.readpath import occurrences

    def normal(session: Session) -> Sequence[Any]:
        from contactdesk.core.services import schedule as sc

        return sc.occurrences(session, start, end, sc.EventFilter(kind=args.kind))

    return read_lean_or(args, lambda lean: occurrences(lean, start, end, args.kind), normal)


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.timezones import zone

    berlin = zone("Europe/Berlin")
    first = args.date_from or date.today()
    last = args.date_to or (first + timedelta(days=365))
    if last < first:
        from contactdesk.core.errors import ValidationError

        raise ValidationError({"to": "Das Ende des Zeitraums liegt vor seinem Beginn."})
    start = datetime.combine(first, time(), berlin).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), berlin).astimezone(UTC)
    return show_rows(
        args,
        _agenda(args, start, end),
        f"Keine Termine vom {first:%d.%m.%Y} bis {last:%d.%m.%Y}.",
        _agenda_line,
    )


def _agenda_line(item: Any) -> str:
    when = (
        f"{item.start:%d.%m.%Y} ganztägig"
        if item.all_day
        else f"{item.start:%d.%m.%Y %H:%M}–{item.end:%H:%M} Uhr"
    )
    where = ", ".join(p for p in (item.room, item.location) if p)
    extra = f" [{label(EVENT_STATUS, item.status)}]" if item.status == "abgesagt" else ""
    return f"{when:<30} {label(EVENT_KIND, item.kind)}: {item.title}{extra}" + (
        f" — {where}" if where else ""
    )


def _write_pdf(
    args: argparse.Namespace, make: Callable[[Session, PdfSettings], PdfResult], what: str
) -> int:
    """Render with the town's settings, write atomically, report pages and hints."""
    import sys
    from pathlib import Path

    from contactdesk.cli.papers import pages_text
    from contactdesk.core.fileio import atomic_write
    from contactdesk.core.services.papers.print_settings import pdf_settings

    settings = pdf_settings(town=args.town, logo=args.logo)
    db = open_db(args)
    with db.session() as session:
        result = make(session, settings)
    atomic_write(Path(args.out), result.data)
    for text in result.warnings:
        print(f"Hinweis: {text}", file=sys.stderr)
    print(f"{what} gespeichert: {args.out} ({pages_text(result.pages)})")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from contactdesk.core.services.papers import meeting_prints as mp

    return _write_pdf(
        args,
        lambda s, settings: mp.minutes_pdf(s, args.id, settings, as_of=args.as_of),
        "Ergebnisprotokoll",
    )


def cmd_attendance_list(args: argparse.Namespace) -> int:
    from contactdesk.core.services.papers import meeting_prints as mp

    return _write_pdf(
        args, lambda s, settings: mp.attendance_sheet_pdf(s, args.id, settings), "Teilnehmerliste"
    )


def add_pdf_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, metavar="ID", help="Termin-ID (siehe events list --json)")
    parser.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei (PDF)")
    parser.add_argument("--town", metavar="NAME", help="Name der Stadt (Standard: town.name)")
    parser.add_argument("--logo", metavar="BILD", help="Logo, PNG oder JPEG (Standard: town.logo)")


def register(sub: argparse._SubParsersAction) -> None:
    events = sub.add_parser("events", help="Termine und Sitzungen")
    esub = events.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    listing = esub.add_parser(
        "list", help="Termine in einem Zeitraum (Standard: ab heute ein Jahr)"
    )
    listing.add_argument("--from", dest="date_from", type=parse_date, metavar="DATUM")
    listing.add_argument("--to", dest="date_to", type=parse_date, metavar="DATUM")
    listing.add_argument("--kind", choices=[k.value for k in EventKind])
    add_json(listing)
    listing.set_defaults(func=cmd_list)

    summary = esub.add_parser(
        "summary",
        help="Ergebnisprotokoll eines Termins als PDF (Anwesenheit, Ergebnisse, Aufgaben)",
    )
    add_pdf_options(summary)
    summary.add_argument(
        "--as-of", type=parse_date, metavar="DATUM", help="Stand des Protokolls (Standard: heute)"
    )
    summary.set_defaults(func=cmd_summary)

    attendance = esub.add_parser(
        "attendance-list", help="Teilnehmerliste zum Unterschreiben als PDF (mit Foto-Einwilligung)"
    )
    add_pdf_options(attendance)
    attendance.set_defaults(func=cmd_attendance_list)
