"""Command line: no subcommand starts the GUI; subcommands use the core only (no Qt imported).

The subcommands and options are a contract with administrators' scripts: keep their names.
Every read command has --json. Failures print a German message on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from contactdesk import __version__
from contactdesk.cli import agreements as _agreements
from contactdesk.cli import contacts as _contacts
from contactdesk.cli import events as _events
from contactdesk.cli import exchange as _exchange
from contactdesk.cli import papers as _papers
from contactdesk.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    GermanArgumentParser,
    add_json,
    open_db,
    print_json,
)
from contactdesk.core.errors import ContactdeskError

# Each area registers its subcommands; keep their names stable (scripts depend on them).
REGISTRARS = [
    _contacts.register,
    _agreements.register,
    _events.register,
    _exchange.register,
    _papers.register,
]


# --------------------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from contactdesk.core.demo import load_demo

    db = open_db(args)
    with db.session() as session:
        report = load_demo(session)
    if args.json:
        print_json({"created": report.created, "skipped": report.skipped})
    else:
        print(
            f"Beispieldaten: {len(report.created)} angelegt, "
            f"{len(report.skipped)} bereits vorhanden."
        )
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from contactdesk.gui.app import run

    return run(args)


# --------------------------------------------------------------------------- parser


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
    # hidden: open the GUI in an area ("contacts", "agreements", ...), e.g. for screenshots
    parser.add_argument("--area", metavar="BEREICH", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", parser_class=GermanArgumentParser
    )

    demo = sub.add_parser("demo", help="Beispieldaten laden (mehrfach aufrufbar)")
    add_json(demo)
    demo.set_defaults(func=cmd_demo)

    for register in REGISTRARS:
        register(sub)
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
