"""`agreements` subcommands: list agreements and what is due."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from contactdesk.cli.common import (
    GermanArgumentParser,
    add_json,
    read_db,
    read_lean_or,
    show_rows,
)
from contactdesk.core.enums import AgreementKind, AgreementStatus
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.services import agreements as ag

    flt = ag.AgreementFilter(status=args.status, kind=args.kind)
    rows = read_db(args, lambda s: ag.list_agreements(s, flt))
    return show_rows(args, rows, "Keine Vereinbarungen gefunden.", _agreement_line)


def _agreement_line(row: Any) -> str:
    from contactdesk.core.services import agreements as ag

    signed = f", unterzeichnet am {row.signed_on:%d.%m.%Y}" if row.signed_on else ""
    due = f", nächste Frist {row.next_deadline:%d.%m.%Y}" if row.next_deadline else ""
    return (
        f"{row.id:>5}  {row.title} [{label(AGREEMENT_STATUS, row.status)}] — "
        f"{label(AGREEMENT_KIND, row.kind)}; {row.parties}{signed}{due}; "
        f"Kosten: {ag.format_amount(row.amount_yearly)}"
        + (" jährlich" if row.amount_yearly else "")
    )


def _due(args: argparse.Namespace) -> list[Any]:
    """The due items: on the lean read path (core/readpath.py) when it may answer, else from
    services.agreements."""
    from contactdesk.core.readpath import due_items

    def normal(session: Session) -> list[Any]:
        from contactdesk.core.services import agreements as ag

        return ag.due_items(session, days=args.days)

    return read_lean_or(args, lambda lean: due_items(lean, days=args.days), normal)


def cmd_due(args: argparse.Namespace) -> int:
    return show_rows(
        args,
        _due(args),
        f"In den nächsten {args.days} Tagen ist nichts fällig.",
        lambda item: (
            f"{item.due_on:%d.%m.%Y}  (in {item.days_left} Tagen)  {item.label}: "
            f"{item.title} — {item.detail}"
        ),
    )


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
