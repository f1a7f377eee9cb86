"""`contacts` subcommands: list, search and show contacts."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterable
from typing import Any

from contactdesk.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    GermanArgumentParser,
    add_json,
    open_db,
    print_json,
    read_db,
    show_rows,
)


def _contact_rows(args: argparse.Namespace, query: str) -> int:
    from contactdesk.cli.common import open_lean

    lean = open_lean(args)
    if lean is not None:
        from contactdesk.core.readpath import ReadPathFailed, contact_lines, database_error
        from contactdesk.core.searchtext import match_expression

        try:
            try:
                rows = contact_lines(
                    lean,
                    match=match_expression(query) if query else None,
                    kind=args.kind,
                    tag=args.tag,
                    limit=args.limit,
                )
            except ReadPathFailed:
                rows = None  # nothing printed yet: the normal path answers (and words errors)
            if rows is not None:
                try:
                    return _print_contacts(args, query, rows)
                except sqlite3.Error as exc:
                    raise database_error(exc, lean.path) from exc
        finally:
            lean.close()
    from contactdesk.core.services import contacts as cs

    db = open_db(args)
    flt = cs.ContactFilter(query=query, kind=args.kind, tag=args.tag)
    with db.session() as session:
        # streamed: 100,000 contacts are printed as the database hands them out
        return _print_contacts(args, query, cs.iter_contacts(session, flt, limit=args.limit))


def _print_contacts(args: argparse.Namespace, query: str, rows: Iterable[Any]) -> int:
    """Print contact list rows (services.contacts.ContactRow or readpath.ContactLine)."""
    if args.json:
        from contactdesk.cli.jsonstream import write_json_list

        write_json_list(row.to_dict() for row in rows)
        return EXIT_OK
    from contactdesk.core.labels import NETWORK_ROLE, label

    found = 0
    out = sys.stdout
    lines: list[str] = []
    for row in rows:
        found += 1
        extra = row.affiliation
        if row.network_role and row.network_role != "keine":
            extra = f"{extra}; {label(NETWORK_ROLE, row.network_role)}"
        line = f"{row.id:>6}  {row.display_name}"
        if extra:
            line += f" — {extra}"
        if row.email:
            line += f" <{row.email}>"
        lines.append(line + "\n")
        if len(lines) >= 500:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    if not found:
        print("Keine Kontakte gefunden.", file=sys.stderr if query else sys.stdout)
    return EXIT_OK


def cmd_contacts_list(args: argparse.Namespace) -> int:
    return _contact_rows(args, "")


def cmd_contacts_search(args: argparse.Namespace) -> int:
    from contactdesk.core.searchtext import match_expression

    text = " ".join(args.text)
    if match_expression(text) is None:
        # nothing to search for (a lone `"` or `*`): not every contact, which is `list`
        print(
            f"Fehler: Der Suchtext „{text[:80]}“ enthält keine Buchstaben oder Ziffern. "
            "Alle Kontakte zeigt „contacts list“.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return _contact_rows(args, text)


def cmd_contacts_show(args: argparse.Namespace) -> int:
    from contactdesk.core.services import contacts as cs

    db = open_db(args)
    with db.session() as session:
        data = cs.get_contact(session, args.id)
    if args.json:
        print_json(data.to_dict())
    else:
        print(data.display_name)
        for key in ("emails", "phones"):
            for item in getattr(data, key):
                print(f"  {getattr(item, 'address', None) or cs.format_phone(item.number)}")
        for role in data.roles:
            print(f"  {role.function}, {role.organisation_name}")
    return EXIT_OK


def cmd_contacts_duplicates(args: argparse.Namespace) -> int:
    from contactdesk.core.services import duplicates

    return show_rows(
        args,
        read_db(args, duplicates.find_all),
        "Keine möglichen Dubletten gefunden.",
        lambda pair: (
            f"{pair.keep_id:>6} {pair.keep_name}  ↔  {pair.other_id:>6} {pair.other_name}"
            f"  ({round(pair.score * 100)} %: {pair.reason})"
        ),
    )


def cmd_contacts_merge(args: argparse.Namespace) -> int:
    from contactdesk.core.services import merge

    db = open_db(args)
    with db.session() as session:
        result = merge.merge_contacts(session, args.keep_id, args.other_id)
    if args.json:
        print_json(result.to_dict())
    else:
        print(
            f"Zusammengeführt: Nr. {result.removed_id} ist jetzt Teil von Nr. {result.keep_id} "
            f"„{result.display_name}“."
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    contacts = sub.add_parser("contacts", help="Kontakte auflisten und suchen")
    csub = contacts.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    for name, func, helptext in (
        ("list", cmd_contacts_list, "alle Kontakte auflisten"),
        ("search", cmd_contacts_search, "Kontakte suchen"),
    ):
        p = csub.add_parser(name, help=helptext)
        if name == "search":
            p.add_argument("text", nargs="+", help="Suchtext, z. B. Weisswasser")
        p.add_argument("--kind", choices=["person", "organisation"], help="nur diese Art")
        p.add_argument("--tag", help="nur Kontakte mit diesem Schlagwort")
        p.add_argument("--limit", type=int, default=None, help="höchstens so viele Zeilen")
        add_json(p)
        p.set_defaults(func=func)
    show = csub.add_parser("show", help="einen Kontakt anzeigen")
    show.add_argument("id", type=int)
    add_json(show)
    show.set_defaults(func=cmd_contacts_show)

    dups = csub.add_parser("duplicates", help="mögliche Dubletten mit Grund auflisten")
    add_json(dups)
    dups.set_defaults(func=cmd_contacts_duplicates)
    merge = csub.add_parser(
        "merge",
        help="zwei Einträge einer Person zusammenführen (Felder von KEEP_ID gehen vor; "
        "der ältere Eintrag bleibt)",
    )
    merge.add_argument("keep_id", type=int, metavar="KEEP_ID")
    merge.add_argument("other_id", type=int, metavar="OTHER_ID")
    add_json(merge)
    merge.set_defaults(func=cmd_contacts_merge)
