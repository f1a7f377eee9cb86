"""Command line for keeping data safe: `backup --out FILE`, `restore FILE`, `backups`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contactdesk.cli.common import EXIT_ERROR, EXIT_OK, add_json, hold_writer_lock, print_json
from contactdesk.core import backup as bk
from contactdesk.core.db import resolve_url
from contactdesk.core.errors import ContactdeskError


def database_file(args: argparse.Namespace) -> Path:
    """The SQLite file selected by --database / CONTACTDESK_DATABASE / the default."""
    from contactdesk.core.db import sqlite_file

    path = sqlite_file(resolve_url(args.database))
    if path is None:
        raise ContactdeskError(
            "Datensicherungen als Datei gibt es nur für SQLite-Datenbanken. Für einen "
            "Datenbankserver nutzen Sie bitte dessen Sicherungswerkzeuge (z. B. pg_dump)."
        )
    return path


def is_server(args: argparse.Namespace) -> bool:
    """--database names a PostgreSQL server (team mode)."""
    return resolve_url(args.database).startswith("postgresql")


def cmd_backup(args: argparse.Namespace) -> int:
    if is_server(args):  # team mode: pg_dump (cli/teammove.py)
        from contactdesk.cli.teammove import team_backup

        return team_backup(args)
    path = database_file(args)
    out = Path(args.out).expanduser()
    if path.is_file():
        hold_writer_lock(args.database)  # a restore does not replace the file under the copy
    bk.create_backup(path, out)
    info = bk.validate_backup(out)
    print(
        f"Datensicherung geschrieben: {out} ({info.size / 1_048_576:.1f} MB, "
        f"{info.contacts} Kontakte, Anhänge enthalten)."
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    if is_server(args):  # team mode: pg_restore into an empty database (cli/teammove.py)
        from contactdesk.cli.teammove import team_restore

        return team_restore(args)
    path = database_file(args)
    result = bk.restore_backup(Path(args.file).expanduser(), path, wait=args.wait)
    print(f"Wiederhergestellt aus {result.restored_from}.")
    if result.kept is not None:
        print(f"Die bisherige Datenbank wurde aufbewahrt: {result.kept}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    path = database_file(args)
    folder = Path(args.folder).expanduser() if args.folder else None
    found = bk.list_backups(path, folder)
    if args.json:
        print_json([str(p) for p in found])
    elif not found:
        print("Keine Datensicherungen gefunden.", file=sys.stderr)
    else:
        for p in found:
            print(p)
    return EXIT_OK if found or args.json else EXIT_ERROR


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="Datensicherung der Datenbank schreiben (auch während das Programm läuft)",
    )
    p.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei der Sicherung")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="Datenbank aus einer geprüften Sicherung wiederherstellen "
        "(die bisherige bleibt daneben erhalten)",
    )
    p.add_argument("file", metavar="DATEI", help="die Sicherungsdatei")
    p.add_argument(
        "--warten",
        dest="wait",
        type=float,
        default=60.0,
        metavar="SEKUNDEN",
        help="so lange auf laufende Befehle (z. B. einen Import) warten, dann abbrechen "
        "(Standard: 60)",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("backups", help="vorhandene Datensicherungen auflisten (neueste zuerst)")
    p.add_argument("--folder", metavar="ORDNER", help="Sicherungsordner (Standard: neben der DB)")
    add_json(p)
    p.set_defaults(func=cmd_backups)
