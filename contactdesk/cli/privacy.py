"""`privacy` subcommands: Auskunft (Art. 15 DSGVO) and erasure (Art. 17 DSGVO) of one contact."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from contactdesk.cli.common import (
    EXIT_OK,
    GermanArgumentParser,
    add_json,
    open_db,
    print_json,
    read_db,
    show_rows,
)


def cmd_privacy_report(args: argparse.Namespace) -> int:
    from contactdesk.core.errors import ValidationError
    from contactdesk.core.fileio import atomic_write
    from contactdesk.core.i18n import source_language
    from contactdesk.core.services import privacy

    out: Path | None = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".pdf", ".json"):
        raise ValidationError(
            {"out": "Die Auskunft wird als .pdf (Brief) oder .json (maschinenlesbar) geschrieben."}
        )
    db = open_db(args)
    with db.session() as session, source_language():
        report = privacy.report(session, args.contact_id)
    if out is None:
        print_json(report)
        return EXIT_OK
    if out.suffix.lower() == ".json":
        atomic_write(out, json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
        warnings: list[str] = []
    else:
        from contactdesk.core.formats.pdf import privacy_letter
        from contactdesk.core.formats.pdf.settings import PdfSettings

        town = report["controller"]["name"]
        settings = PdfSettings(town_name=town) if town else PdfSettings()
        result = privacy_letter.build(report, settings)
        atomic_write(out, result.data)
        warnings = result.warnings
    for warning in warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    if report["possible_duplicates"]:
        names = ", ".join(
            f"Nr. {d['contact_id']} {d['display_name']}" for d in report["possible_duplicates"]
        )
        print(
            f"Hinweis: Wahrscheinlich gehören auch diese Einträge zu der Person: {names}. "
            "Führen Sie sie zuerst zusammen (contacts merge), damit die Auskunft vollständig ist.",
            file=sys.stderr,
        )
    if args.json:
        print_json({"file": str(out), "warnings": warnings})
    else:
        print(f"Auskunft für „{report['contact']['display_name']}“ geschrieben: {out}")
    return EXIT_OK


def cmd_privacy_erase(args: argparse.Namespace) -> int:
    from contactdesk.core.services import privacy_erase

    db = open_db(args)
    try:
        result = privacy_erase.erase_person(
            db,
            args.contact_id,
            keep_names_in_archive=args.keep_names_in_archive,
            dry_run=args.dry_run,
        )
    finally:
        db.dispose()
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    if args.dry_run:
        print(f"Probelauf – nichts wurde geändert. Löschen von Nr. {result.contact_id} würde:")
    else:
        print(f"Kontakt Nr. {result.contact_id} wurde nach Art. 17 DSGVO gelöscht:")
    for step in result.steps:
        print(f"  – {step}")
    for warning in result.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_privacy_review(args: argparse.Namespace) -> int:
    from contactdesk.core.services import privacy, privacy_retention

    _controller, periods = privacy.controller_from_settings()
    return show_rows(
        args,
        read_db(args, lambda s: privacy_retention.review(s, periods)),
        "Keine Kontakte zu überprüfen: alle Einwilligungen gelten, niemand ist zu lange ohne "
        "Aktivität.",
        lambda row: f"{row.contact_id:>6}  {row.display_name}: {'; '.join(row.reasons)}",
    )


def register(sub: argparse._SubParsersAction) -> None:
    privacy = sub.add_parser("privacy", help="Datenschutz: Auskunft und Löschung (DSGVO)")
    psub = privacy.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    report = psub.add_parser("report", help="Auskunft nach Art. 15 DSGVO als PDF-Brief oder JSON")
    report.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    report.add_argument(
        "--out", metavar="DATEI", help="Zieldatei .pdf oder .json (ohne: JSON auf die Ausgabe)"
    )
    add_json(report)
    report.set_defaults(func=cmd_privacy_report)
    erase = psub.add_parser("erase", help="Person nach Art. 17 DSGVO spurlos löschen")
    erase.add_argument("contact_id", type=int, metavar="CONTACT_ID")
    erase.add_argument("--dry-run", action="store_true", help="nur zeigen, was sich ändern würde")
    erase.add_argument(
        "--keep-names-in-archive",
        action="store_true",
        help="Vereinbarungen und Vorlagen behalten den Namen (Aufbewahrungspflicht)",
    )
    add_json(erase)
    erase.set_defaults(func=cmd_privacy_erase)
    review = psub.add_parser(
        "review", help="Datenschutz-Überprüfung: abgelaufene Einwilligungen, lange ohne Aktivität"
    )
    add_json(review)
    review.set_defaults(func=cmd_privacy_review)
