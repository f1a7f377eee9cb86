"""`agreements` subcommands: list agreements and what is due."""

from __future__ import annotations

import argparse
from typing import Any

from contactdesk.cli.common import EXIT_OK, GermanArgumentParser, add_json, open_db, print_json
from contactdesk.core.enums import AgreementKind, AgreementStatus
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.services import agreements as ag

    db = open_db(args)
    flt = ag.AgreementFilter(status=args.status, kind=args.kind)
    with db.session() as session:
        rows = ag.list_agreements(session, flt)
    if args.json:
        print_json([row.to_dict() for row in rows])
        return EXIT_OK
    if not rows:
        print("Keine Vereinbarungen gefunden.")
    for row in rows:
        signed = f", unterzeichnet am {row.signed_on:%d.%m.%Y}" if row.signed_on else ""
        due = f", nächste Frist {row.next_deadline:%d.%m.%Y}" if row.next_deadline else ""
        print(
            f"{row.id:>5}  {row.title} [{label(AGREEMENT_STATUS, row.status)}] — "
            f"{label(AGREEMENT_KIND, row.kind)}; {row.parties}{signed}{due}; "
            f"Kosten: {ag.format_amount(row.amount_yearly)}"
            + (" jährlich" if row.amount_yearly else "")
        )
    return EXIT_OK


def _due(args: argparse.Namespace) -> list[Any]:
    """The due items: on the lean read path (core/readpath.py) when it may answer, else from
    services.agreements."""
    from contactdesk.cli.common import open_lean

    lean = open_lean(args)
    if lean is not None:
        from contactdesk.core.readpath import ReadPathFailed, due_items

        try:
            return due_items(lean, days=args.days)
        except ReadPathFailed:
            pass  # nothing printed yet: the normal path answers (and words errors)
        finally:
            lean.close()
    from contactdesk.core.services import agreements as ag

    db = open_db(args)
    with db.session() as session:
        return ag.due_items(session, days=args.days)


def cmd_due(args: argparse.Namespace) -> int:
    items = _due(args)
    if args.json:
        print_json([item.to_dict() for item in items])
        return EXIT_OK
    if not items:
        print(f"In den nächsten {args.days} Tagen ist nichts fällig.")
    for item in items:
        print(
            f"{item.due_on:%d.%m.%Y}  (in {item.days_left} Tagen)  {item.label}: "
            f"{item.title} — {item.detail}"
        )
    return EXIT_OK


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl") from None
    if not 0 <= value <= 3650:
        raise argparse.ArgumentTypeError("bitte 0 bis 3650 Tage")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    agreements = sub.add_parser("agreements", help="Vereinbarungen und Fristen")
    asub = agreements.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    listing = asub.add_parser("list", help="Vereinbarungen auflisten")
    listing.add_argument("--status", choices=[s.value for s in AgreementStatus])
    listing.add_argument("--kind", choices=[k.value for k in AgreementKind])
    add_json(listing)
    listing.set_defaults(func=cmd_list)
    due = asub.add_parser("due", help="fällige Fristen, Verlängerungen und Abläufe")
    due.add_argument(
        "--days", type=_days, default=90, help="Zeitraum in Tagen ab heute (Standard 90)"
    )
    add_json(due)
    due.set_defaults(func=cmd_due)
