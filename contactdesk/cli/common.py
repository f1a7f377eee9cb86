"""Shared pieces of the command line: German argparse, JSON output, opening the database."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from contactdesk.core.db import Database

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


_HELP_GERMAN = (
    ("usage: ", "Aufruf: "),
    ("\noptions:\n", "\nOptionen:\n"),
    ("\npositional arguments:\n", "\nAngaben:\n"),
    ("show this help message and exit", "diese Hilfe zeigen und beenden"),
    ("show program's version number and exit", "Versionsnummer zeigen und beenden"),
)


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse with German help and error messages and the documented exit code 2."""

    def format_help(self) -> str:
        return _germanise(super().format_help())

    def format_usage(self) -> str:
        return _germanise(super().format_usage())

    def error(self, message: str) -> NoReturn:
        for english, german in _ARGPARSE_GERMAN.items():
            message = message.replace(english, german)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: ungültiger Aufruf: {message}\n")


def _germanise(text: str) -> str:
    for english, german in _HELP_GERMAN:
        text = text.replace(english, german)
    return text


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="Ausgabe als JSON")


def accept_global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let `--database` and `-v` stand after a subcommand too (`demo --database X`).

    Scripts write both orders. On a subcommand the options default to SUPPRESS, so a value
    given before the subcommand is kept when the subcommand does not repeat it.
    """
    for action in parser._actions:  # argparse offers no public walk over subparsers
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for child in {id(p): p for p in action.choices.values()}.values():
            child.add_argument(
                "--database",
                metavar="PFAD_ODER_URL",
                default=argparse.SUPPRESS,
                help="Datenbankdatei oder SQLAlchemy-URL (Standard: Datei im Benutzerdatenordner)",
            )
            child.add_argument(
                "-v",
                "--verbose",
                action="store_true",
                default=argparse.SUPPRESS,
                help="ausführliche Protokollierung",
            )
            accept_global_options_everywhere(child)


def open_db(args: argparse.Namespace) -> Database:
    from contactdesk.core.db import open_database

    return open_database(args.database)
