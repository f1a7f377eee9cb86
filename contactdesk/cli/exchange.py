"""`import` and `export` subcommands: exchange with Outlook and other programs.

    contactdesk import FILE... [--dry-run] [--update] [--json]
    contactdesk export vcf --out FILE [--version 3.0|2.1|4.0] [--zip] [--id N ...]
    contactdesk export csv --out FILE [--id N ...]

`export` takes the format as a sub-subcommand. Each format registers itself through one function
in EXPORT_FORMATS (below); further formats (e.g. `ics`, `eml`) add their function there.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from contactdesk.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    GermanArgumentParser,
    add_json,
    open_db,
    print_json,
)

if TYPE_CHECKING:
    from contactdesk.core.services.contact_exchange import ImportPreview

# --------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    from contactdesk.core.services import contact_exchange as cx

    db = open_db(args)
    files = [Path(f) for f in args.files]
    with db.session() as session:
        preview = cx.preview_import(session, files)
        if preview.errors:
            # A file that cannot be read at all: import nothing, say why.
            for error in preview.errors:
                print(f"Fehler: {error}", file=sys.stderr)
            print("Es wurde nichts importiert.", file=sys.stderr)
            if args.json:
                print_json({"preview": preview.to_dict(), "report": None})
            return EXIT_ERROR
        if args.dry_run:
            _print_preview(preview, args.json)
            return EXIT_OK
        report = cx.commit_import(
            session, preview, default_for_matches=cx.UPDATE if args.update else cx.SKIP
        )
    if args.json:
        print_json({"preview": preview.to_dict(), "report": report.to_dict()})
        return EXIT_OK
    print(f"Import abgeschlossen: {report.summary()}.")
    for title, lines in (
        ("Angelegt", report.created),
        ("Aktualisiert", report.updated),
        ("Übersprungen", report.skipped),
        ("Ungültig (nicht importiert)", report.invalid),
    ):
        if lines:
            print(f"{title}:")
            for line in lines:
                print(f"  {line}")
    warnings = [w for e in preview.entries for w in e.warnings]
    if warnings:
        print("Hinweise:")
        for warning in warnings:
            print(f"  {warning}")
    return EXIT_OK


def _print_preview(preview: ImportPreview, as_json: bool) -> None:
    if as_json:
        print_json({"preview": preview.to_dict(), "report": None})
        return
    print("Vorschau (es wurde nichts gespeichert):")
    for entry in preview.entries:
        print(f"  {entry.describe()}")
        for warning in entry.warnings:
            print(f"    Hinweis: {warning}")
    counts = preview.counts()
    print("Zusammenfassung: " + ", ".join(f"{n} {status}" for status, n in counts.items()) + ".")


def _register_import(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="Kontakte aus vCard- (.vcf) oder Outlook-CSV-Dateien importieren",
        description="Importiert Kontakte in einem Schritt: alles oder nichts. Einträge, die zu "
        "vorhandenen Kontakten passen, werden übersprungen, außer mit --update.",
    )
    p.add_argument("files", nargs="+", metavar="DATEI", help=".vcf- oder .csv-Datei(en)")
    p.add_argument(
        "--dry-run", action="store_true", help="nur die Vorschau zeigen, nichts speichern"
    )
    p.add_argument(
        "--update", action="store_true", help="passende vorhandene Kontakte aktualisieren"
    )
    add_json(p)
    p.set_defaults(func=cmd_import)


# --------------------------------------------------------------------------- export


def _print_export(args: argparse.Namespace, path: Path, count: int) -> None:
    if args.json:
        print_json({"path": str(path), "count": count})
    else:
        print(f"{count} Kontakte exportiert nach {path}.")


def cmd_export_vcf(args: argparse.Namespace) -> int:
    from contactdesk.core.services import contact_exchange as cx

    db = open_db(args)
    with db.session() as session:
        if args.zip:
            result = cx.export_vcard_zip(session, args.out, args.ids, version=args.version or "2.1")
        else:
            result = cx.export_vcards(session, args.out, args.ids, version=args.version or "3.0")
    _print_export(args, result.path, result.count)
    return EXIT_OK


def cmd_export_csv(args: argparse.Namespace) -> int:
    from contactdesk.core.services import contact_exchange as cx

    db = open_db(args)
    with db.session() as session:
        result = cx.export_outlook_csv(session, args.out, args.ids)
    _print_export(args, result.path, result.count)
    return EXIT_OK


def _add_common_export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei")
    p.add_argument(
        "--id",
        dest="ids",
        type=int,
        action="append",
        metavar="NR",
        help="nur diesen Kontakt (mehrfach möglich; Standard: alle)",
    )
    add_json(p)


def _register_export_vcf(fsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = fsub.add_parser(
        "vcf",
        help="Kontakte als vCard (.vcf)",
        description="vCard 3.0 (Standard), 4.0 oder 2.1 (Outlook für Windows). Mit --zip eine "
        "Zip-Datei mit einer .vcf je Kontakt (Standard dann 2.1), denn Outlook für Windows "
        "liest aus einer .vcf-Datei nur den ersten Kontakt.",
    )
    _add_common_export_options(p)
    p.add_argument("--version", choices=["3.0", "2.1", "4.0"], default=None, help="vCard-Version")
    p.add_argument("--zip", action="store_true", help="eine .vcf je Kontakt in einer Zip-Datei")
    p.set_defaults(func=cmd_export_vcf)


def _register_export_csv(fsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = fsub.add_parser(
        "csv",
        help="Kontakte als Outlook-CSV (deutsches Outlook)",
        description="CSV im Aufbau des deutschen Outlook: Semikolon, UTF-8 mit BOM.",
    )
    _add_common_export_options(p)
    p.set_defaults(func=cmd_export_csv)


#: One registrar per export format, called with the `export` format subparsers.
#: Add further formats here (e.g. `ics` for events, `eml` for e-mails), each with its own
#: `_register_export_<format>` function and `cmd_export_<format>` command.
EXPORT_FORMATS: list[Callable[[argparse._SubParsersAction], None]] = [  # type: ignore[type-arg]
    _register_export_vcf,
    _register_export_csv,
]


def _register_export(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="Daten in Dateien für andere Programme exportieren")
    fsub = export.add_subparsers(
        title="Formate",
        metavar="FORMAT",
        dest="format",
        required=True,
        parser_class=GermanArgumentParser,
    )
    for register_format in EXPORT_FORMATS:
        register_format(fsub)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _register_import(sub)
    _register_export(sub)
