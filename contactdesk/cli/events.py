"""`events` subcommands: the agenda of workshops, meetings and committee sessions."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time, timedelta

from contactdesk.cli.common import EXIT_OK, GermanArgumentParser, add_json, open_db, print_json
from contactdesk.core.enums import EventKind
from contactdesk.core.labels import EVENT_KIND, EVENT_STATUS, label


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


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.services import schedule as sc
    from contactdesk.core.timezones import zone

    berlin = zone("Europe/Berlin")
    first = args.date_from or date.today()
    last = args.date_to or (first + timedelta(days=365))
    if last < first:
        from contactdesk.core.errors import ValidationError

        raise ValidationError({"to": "Das Ende des Zeitraums liegt vor seinem Beginn."})
    start = datetime.combine(first, time(), berlin).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), berlin).astimezone(UTC)
    db = open_db(args)
    with db.session() as session:
        items = sc.occurrences(session, start, end, sc.EventFilter(kind=args.kind))
    if args.json:
        print_json([item.to_dict() for item in items])
        return EXIT_OK
    if not items:
        print(f"Keine Termine vom {first:%d.%m.%Y} bis {last:%d.%m.%Y}.")
    for item in items:
        when = (
            f"{item.start:%d.%m.%Y} ganztägig"
            if item.all_day
            else f"{item.start:%d.%m.%Y %H:%M}–{item.end:%H:%M} Uhr"
        )
        where = ", ".join(p for p in (item.room, item.location) if p)
        extra = f" [{label(EVENT_STATUS, item.status)}]" if item.status == "abgesagt" else ""
        print(
            f"{when:<30} {label(EVENT_KIND, item.kind)}: {item.title}{extra}"
            + (f" — {where}" if where else "")
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
