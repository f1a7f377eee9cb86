"""Command line: no subcommand starts the GUI; subcommands use the core only (no Qt imported).

The subcommands and options are a contract with administrators' scripts: keep their names.
Every read command has --json. Failures print a German message on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from contactdesk import __version__
from contactdesk.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    GermanArgumentParser,
    accept_global_options_everywhere,
    add_json,
    open_db,
    print_json,
    release_locks,
)
from contactdesk.core.errors import ContactdeskError, DatabaseError, os_reason

#: The subcommands of each area module, with their help, in the order `--help` lists them. Keep
#: the names stable (scripts depend on them). Only the module of the command given is imported
#: (a command must not pay for the imports of the other fourteen); the others get a placeholder
#: parser with the same name and help. A test checks this table against the modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "contacts": ("contacts", "Kontakte auflisten und suchen"),
    "agreements": ("agreements", "Vereinbarungen und Fristen"),
    "events": ("events", "Termine und Sitzungen"),
    "import": ("exchange", "Kontakte (.vcf, .csv) und Termine (.ics, .eml) importieren"),
    "export": ("exchange", "Daten in Dateien für andere Programme exportieren"),
    "invitations": ("invitations", "Einladungen per E-Mail senden (SMTP, siehe config)"),
    "papers": ("papers", "Vorlagen für die Gremien"),
    "sessions": ("papers", "Gremiensitzungen"),
    "privacy": ("privacy", "Datenschutz: Auskunft und Löschung (DSGVO)"),
    "backup": (
        "maintenance",
        "Datensicherung der Datenbank schreiben (auch während das Programm läuft)",
    ),
    "restore": (
        "maintenance",
        "Datenbank aus einer geprüften Sicherung wiederherstellen (die bisherige bleibt "
        "daneben erhalten)",
    ),
    "backups": ("maintenance", "vorhandene Datensicherungen auflisten (neueste zuerst)"),
    "config": (
        "config",
        "Einstellungen zeigen und ändern (dieselben wie im Fenster unter Einstellungen)",
    ),
    "audit": ("audit", "Änderungsprotokoll: wer hat wann welchen Eintrag geändert"),
    "migrate-to": (
        "teammove",
        "die Datenbank mit allen Dokumenten in eine leere Datenbank übertragen "
        "(SQLite-Datei → PostgreSQL-Server oder zurück) und prüfen",
    ),
}

#: top-level options that take a value (the word after them is not a command)
_VALUE_OPTIONS = ("--database", "--area")


def area_modules() -> list[str]:
    """The area modules under contactdesk.cli, in the order of COMMANDS."""
    return list(dict.fromkeys(module for module, _ in COMMANDS.values()))


def _registrar(module: str) -> Callable[[argparse._SubParsersAction], None]:
    from importlib import import_module

    register: Callable[[argparse._SubParsersAction], None] = import_module(
        f"contactdesk.cli.{module}"
    ).register
    return register


def command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv (its first word that is not an option or an option's
    value), or None (the window, --help, --version)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--":
            return None
        elif word in _VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def _needs_full_parser(args: argparse.Namespace) -> int:
    """Placeholder of a subcommand whose module was not imported (argv was read differently
    than command_of() read it, e.g. an abbreviated option): main() parses again in full."""
    raise AssertionError("placeholder command run")  # main() never calls it


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


def cmd_self_test(args: argparse.Namespace) -> int:
    """Check this installation in a temporary folder; German summary; 0 when all is well."""
    from contactdesk.core.selftest import SelfTestReport, run_selftest

    def qt(report: SelfTestReport) -> str:
        from contactdesk.gui.selftest import check_qt  # Qt only when asked for

        return check_qt(report.artefacts.get("pdf"))

    report = run_selftest([] if args.self_test_core_only else [("Qt-Oberfläche", qt)])
    print(f"contactdesk {__version__} – Selbsttest")
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_ERROR


def _backup_hint(args: argparse.Namespace) -> str:
    """For a database that cannot be opened: name the newest usable backup."""
    from contactdesk.core import backup as bk
    from contactdesk.core.db import resolve_url, sqlite_path

    try:
        path = sqlite_path(resolve_url(getattr(args, "database", None)))
        newest = bk.newest_valid_backup(path) if path is not None else None
    except Exception:  # the hint must never hide the original error
        return ""
    if newest is None:
        return ""
    return (
        f"Neueste gültige Datensicherung: {newest}\n"
        f"Wiederherstellen mit: contactdesk restore {newest}"
    )


def cmd_gui(args: argparse.Namespace) -> int:
    from contactdesk.gui.app import run

    return run(args)


def private_files() -> None:
    """Everything this process creates is for this user only (POSIX: files 0600, folders
    0700): the database and its -wal/-shm, backups, recovery files, the log, settings and
    exports hold personal data of the town's contacts."""
    if os.name == "posix":
        os.umask(0o077)


# --------------------------------------------------------------------------- parser


@contextmanager
def _argparse_texts_looked_up_once() -> Iterator[None]:
    """argparse passes each of its texts through gettext, which searches the file system for a
    catalogue on every call (none is found: GermanArgumentParser translates the help itself).
    Building our ~30 parsers made that a few hundred searches, half the time of build_parser()
    and so of every start of the window. While building, each distinct text is looked up once.
    """
    original = getattr(argparse, "_", None)
    if not callable(original):  # another Python's argparse: leave it alone
        yield
        return
    texts: dict[str, str] = {}

    def once(text: str) -> str:
        if text not in texts:
            texts[text] = original(text)
        return texts[text]

    argparse._ = once  # type: ignore[attr-defined]  # argparse's gettext alias, not in typeshed
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]  # argparse's gettext alias restored


def build_parser(command: str | None = None, *, full: bool = True) -> argparse.ArgumentParser:
    """The parser of every subcommand (full=True), or of `command` only, the others as
    placeholders with their help (what main() uses: a command imports only its own module)."""
    with _argparse_texts_looked_up_once():
        return _build_parser(command, full)


def _build_parser(command: str | None, full: bool) -> argparse.ArgumentParser:
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
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="Installation prüfen (Datenbank, PDF, .ics, Qt) in einem temporären Ordner",
    )
    # hidden: the self-test without its Qt step (for machines without the Qt libraries)
    parser.add_argument("--self-test-core-only", action="store_true", help=argparse.SUPPRESS)
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

    wanted = COMMANDS[command][0] if command in COMMANDS else None
    for module in area_modules():
        if full or module == wanted:
            _registrar(module)(sub)
            continue
        for name, (owner, helptext) in COMMANDS.items():
            if owner == module:
                placeholder = sub.add_parser(name, help=helptext, add_help=False)
                placeholder.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
                placeholder.set_defaults(func=_needs_full_parser)
    accept_global_options_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    private_files()
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(command_of(words), full=False).parse_args(words)
    if args.func is _needs_full_parser:
        args = build_parser().parse_args(words)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    func: Callable[[argparse.Namespace], int] = args.func
    if args.self_test or args.self_test_core_only:
        func = cmd_self_test
    try:
        return func(args)
    except ContactdeskError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        if isinstance(exc, DatabaseError) and (hint := _backup_hint(args)):
            print(hint, file=sys.stderr)
        if exc.detail:
            logging.getLogger("contactdesk").debug("detail: %s", exc.detail)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"Fehler: {os_reason(exc)}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        release_locks()
