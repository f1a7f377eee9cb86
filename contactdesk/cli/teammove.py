"""Team mode on the command line: `migrate-to URL`, and backup/restore of a server database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contactdesk.cli.common import EXIT_OK, add_json, print_json


def cmd_migrate_to(args: argparse.Namespace) -> int:
    from contactdesk.core.db import resolve_url
    from contactdesk.core.team.move import copy_database

    source = resolve_url(args.database)

    def progress(table: str) -> None:
        if args.verbose:
            print(f"übertrage {table} …", file=sys.stderr)

    report = copy_database(source, args.target, progress)
    if args.json:
        print_json(report.to_dict())
        return EXIT_OK
    print(
        f"Übertragen und geprüft: {report.contacts} Kontakte, "
        f"{sum(report.rows.values())} Zeilen in {len(report.rows)} Tabellen, "
        f"{report.files_checked} Dateien (SHA-256 gleich). Die Quelle wurde nicht verändert."
    )
    return EXIT_OK


def team_backup(args: argparse.Namespace) -> int:
    from contactdesk.core.db import resolve_url
    from contactdesk.core.team import pgdump

    info = pgdump.backup(resolve_url(args.database), Path(args.out).expanduser())
    print(
        f"Datensicherung geschrieben: {info.path} ({info.size / 1_048_576:.1f} MB, "
        f"pg_dump-Format, Stand {info.revision}, Anhänge enthalten)."
    )
    return EXIT_OK


def team_restore(args: argparse.Namespace) -> int:
    from contactdesk.core.db import resolve_url
    from contactdesk.core.team import pgdump

    info = pgdump.restore(Path(args.file).expanduser(), resolve_url(args.database))
    print(f"Wiederhergestellt aus {info.path} (Stand {info.revision}) in die leere Datenbank.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "migrate-to",
        help="die Datenbank mit allen Dokumenten in eine leere Datenbank übertragen "
        "(SQLite-Datei → PostgreSQL-Server oder zurück) und prüfen",
    )
    p.add_argument(
        "target",
        metavar="ZIEL",
        help="leere Zieldatenbank: postgresql+psycopg://benutzer:passwort@rechner/datenbank "
        "oder eine neue .sqlite-Datei",
    )
    add_json(p)
    p.set_defaults(func=cmd_migrate_to)
