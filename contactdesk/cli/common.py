"""Shared pieces of the command line: German argparse, JSON output, opening the database."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.core.db import Database
    from contactdesk.core.readpath import ReadOnlyDatabase

T = TypeVar("T")

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


#: how long a command waits for a running restore before it gives up (seconds)
LOCK_WAIT = 120.0

#: the writer locks this process holds; released by `release_locks` when the command ends
_held: list[Any] = []


def hold_writer_lock(database: str | None) -> None:
    """Take the database's writer lock shared (core/locking.py) for the rest of the command.

    Windows and commands share it (SQLite keeps their transactions apart); a restore holds it
    exclusively, and a command started meanwhile waits for it, up to LOCK_WAIT seconds, so it
    never writes into a file that is about to be replaced. Server databases need no lock.
    """
    if _held:
        return  # one command, one database: already held (the lean read path fell back)
    from contactdesk.core.db import resolve_url, sqlite_file
    from contactdesk.core.errors import DatabaseError
    from contactdesk.core.locking import DatabaseLock

    path = sqlite_file(resolve_url(database))
    if path is None:
        return
    lock = DatabaseLock(path)
    try:
        if not lock.acquire(shared=True):
            print(
                "Die Datenbank wird gerade wiederhergestellt; der Befehl wartet, bis das "
                "fertig ist …",
                file=sys.stderr,
            )
            if not lock.acquire(shared=True, timeout=LOCK_WAIT):
                raise DatabaseError(
                    f"Die Datenbank {path} wird seit über {LOCK_WAIT:.0f} s von einer "
                    "Wiederherstellung belegt. Es wurde nichts verändert; bitte versuchen Sie es "
                    "später erneut."
                )
    except OSError as exc:
        from contactdesk.core.dberrors import database_message

        raise DatabaseError(database_message(exc, path), detail=repr(exc)) from exc
    _held.append(lock)


def release_locks() -> None:
    while _held:
        _held.pop().release()


def open_db(args: argparse.Namespace) -> Database:
    """Open the database for a command, holding the writer lock (shared) until it ends."""
    from contactdesk.core.db import open_database

    hold_writer_lock(args.database)
    return open_database(args.database)


def open_lean(args: argparse.Namespace) -> ReadOnlyDatabase | None:
    """For a read command: the database opened read-only on the lean path (core/readpath.py,
    no SQLAlchemy), holding the writer lock shared like open_db; None when the normal path
    (open_db and the services) must answer."""
    from contactdesk.core.readpath import open_readonly

    hold_writer_lock(args.database)
    return open_readonly(args.database)


def read_db(args: argparse.Namespace, read: Callable[[Session], T]) -> T:
    """One read of the command's database in a session of its own."""
    db = open_db(args)
    with db.session() as session:
        return read(session)


def read_lean_or(
    args: argparse.Namespace,
    lean_read: Callable[[ReadOnlyDatabase], T],
    read: Callable[[Session], T],
) -> T:
    """A read on the lean path (core/readpath.py) when it may answer; else, or when it gives
    up before printing anything, the same read through the services (which word the errors)."""
    lean = open_lean(args)
    if lean is not None:
        from contactdesk.core.readpath import ReadPathFailed

        try:
            return lean_read(lean)
        except ReadPathFailed:
            pass  # nothing printed yet: the normal path answers
        finally:
            lean.close()
    return read_db(args, read)


def show_rows(
    args: argparse.Namespace, rows: Sequence[Any], empty: str, line: Callable[[Any], str]
) -> int:
    """The answer of a list command: with --json the rows as JSON (each row's `to_dict()`),
    else one line a row, or `empty` when there is none."""
    if args.json:
        print_json([row.to_dict() for row in rows])
        return EXIT_OK
    if not rows:
        print(empty)
    for row in rows:
        print(line(row))
    return EXIT_OK
