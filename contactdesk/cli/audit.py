"""`audit` subcommand: who changed which contact, agreement, event or paper, and when."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, time

from contactdesk.cli.common import EXIT_OK, add_json, open_db, print_json
from contactdesk.cli.events import parse_date

RECORD_NAMES = {
    "contact": "Kontakt",
    "agreement": "Vereinbarung",
    "event": "Termin",
    "paper": "Vorlage",
}


def cmd_audit(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from contactdesk.core import audit
    from contactdesk.core.team.versions import field_label

    berlin = ZoneInfo("Europe/Berlin")
    since = None
    if args.since is not None:
        since = datetime.combine(args.since, time(), berlin).astimezone(UTC)
    db = open_db(args)
    try:
        with db.session() as session:
            rows = audit.list_entries(session, since=since)
    finally:
        db.dispose()
    if args.json:
        print_json([row.to_dict() for row in rows])
        return EXIT_OK
    if not rows:
        print("Keine Änderungen im gewählten Zeitraum.", file=sys.stderr)
        return EXIT_OK
    for row in rows:
        local = row.at.astimezone(berlin)
        fields = ", ".join(field_label(f) for f in row.fields)
        what = RECORD_NAMES.get(row.record_type, row.record_type)
        line = (
            f"{local:%d.%m.%Y %H:%M}  {row.user_name}  {row.action}  {what} {row.record_id} "
            f"„{row.record_label}“"
        )
        print(f"{line}: {fields}" if fields else line)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="Änderungsprotokoll: wer hat wann welchen Eintrag geändert")
    p.add_argument(
        "--since",
        type=parse_date,
        metavar="DATUM",
        help="nur Änderungen ab diesem Tag (02.09.2021 oder 2021-09-02)",
    )
    add_json(p)
    p.set_defaults(func=cmd_audit)
