"""Command line: no subcommand starts the GUI; subcommands use the core only (no Qt imported).

The subcommands and options are a contract with administrators' scripts: keep their names.
Every read command has --json. Failures print a German message on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from contactdesk import __version__
from contactdesk.core.errors import ContactdeskError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

_ARGPARSE_GERMAN = {
    "the following arguments are required": "diese Angaben fehlen",
    "unrecognized arguments": "unbekannte Angaben",
    "invalid choice": "ungültige Auswahl",
    "expected one argument": "erwartet einen Wert",
    "argument": "Angabe",
    "invalid int value": "keine ganze Zahl",
    "choose from": "möglich sind",
}


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse with German error messages and the documented exit code 2."""

    def error(self, message: str) -> NoReturn:
        for english, german in _ARGPARSE_GERMAN.items():
            message = message.replace(english, german)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: ungültiger Aufruf: {message}\n")


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from contactdesk.core.db import open_database

    return open_database(args.database)


# --------------------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from contactdesk.core.demo import load_demo

    db = _open(args)
    with db.session() as session:
        report = load_demo(session)
    if args.json:
        _print_json({"created": report.created, "skipped": report.skipped})
    else:
        print(
            f"Beispieldaten: {len(report.created)} angelegt, "
            f"{len(report.skipped)} bereits vorhanden."
        )
    return EXIT_OK


def _contact_rows(args: argparse.Namespace, query: str) -> int:
    from contactdesk.core.labels import NETWORK_ROLE, label
    from contactdesk.core.services import contacts as cs

    db = _open(args)
    flt = cs.ContactFilter(query=query, kind=args.kind, tag=args.tag)
    with db.session() as session:
        rows = cs.list_contacts(session, flt, limit=args.limit)
    if args.json:
        _print_json([row.to_dict() for row in rows])
        return EXIT_OK
    if not rows:
        print("Keine Kontakte gefunden.", file=sys.stderr if query else sys.stdout)
        return EXIT_OK
    for row in rows:
        extra = row.affiliation
        if row.network_role and row.network_role != "keine":
            extra = f"{extra}; {label(NETWORK_ROLE, row.network_role)}"
        line = f"{row.id:>6}  {row.display_name}"
        if extra:
            line += f" — {extra}"
        if row.email:
            line += f" <{row.email}>"
        print(line)
    return EXIT_OK


def cmd_contacts_list(args: argparse.Namespace) -> int:
    return _contact_rows(args, "")


def cmd_contacts_search(args: argparse.Namespace) -> int:
    return _contact_rows(args, " ".join(args.text))


def cmd_contacts_show(args: argparse.Namespace) -> int:
    from contactdesk.core.services import contacts as cs

    db = _open(args)
    with db.session() as session:
        data = cs.get_contact(session, args.id)
    if args.json:
        _print_json(data.to_dict())
    else:
        print(data.display_name)
        for key in ("emails", "phones"):
            for item in getattr(data, key):
                print(f"  {getattr(item, 'address', None) or cs.format_phone(item.number)}")
        for role in data.roles:
            print(f"  {role.function}, {role.organisation_name}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from contactdesk.gui.app import run

    return run(args)


# --------------------------------------------------------------------------- parser


def _add_common(parser: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    if json_flag:
        parser.add_argument("--json", action="store_true", help="Ausgabe als JSON")


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="contactdesk",
        description="Kontakte, Vereinbarungen und Termine für das Netzwerk „Engagierte Stadt“. "
        "Ohne Unterbefehl startet die grafische Oberfläche.",
    )
    parser.add_argument("--version", action="version", version=f"contactdesk {__version__}")
    parser.add_argument(
        "--database",
        metavar="PFAD_ODER_URL",
        help="Datenbankdatei oder SQLAlchemy-URL (Standard: Datei im Benutzerdatenordner)",
    )
    parser.add_argument("--no-welcome", action="store_true", help="keinen Willkommensdialog zeigen")
    parser.add_argument("-v", "--verbose", action="store_true", help="ausführliche Protokollierung")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", parser_class=GermanArgumentParser
    )

    demo = sub.add_parser("demo", help="Beispieldaten laden (mehrfach aufrufbar)")
    _add_common(demo)
    demo.set_defaults(func=cmd_demo)

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
        _add_common(p)
        p.set_defaults(func=func)
    show = csub.add_parser("show", help="einen Kontakt anzeigen")
    show.add_argument("id", type=int)
    _add_common(show)
    show.set_defaults(func=cmd_contacts_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ContactdeskError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        if exc.detail:
            logging.getLogger("contactdesk").debug("detail: %s", exc.detail)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"Fehler: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
