"""`import` and `export` subcommands: exchange with Outlook and other programs.

    contactdesk import FILE... [--dry-run] [--update] [--json]  (.vcf .csv .ics .eml, by content)
    contactdesk export vcf --out FILE [--version 3.0|2.1|4.0] [--zip] [--id N ...]
    contactdesk export csv --out FILE [--id N ...]
    contactdesk export ics --out FILE [--event ID | --from DATE --to DATE]
                           [--method publish|request|cancel] [--deadlines]
    contactdesk export eml --event ID --out FILE [--method request|cancel]

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
    from contactdesk.core.services.calendar_exchange import (
        CalendarImportPreview,
        CalendarImportReport,
        InvitationResult,
        Organiser,
    )
    from contactdesk.core.services.contact_exchange import ImportPreview, ImportReport

# --------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    """The import plan of core/services/imports.py, as the window uses it."""
    from contactdesk.core.services import contact_exchange as cx
    from contactdesk.core.services import imports

    db = open_db(args)
    with db.session() as session:
        plan = imports.preview(session, args.files)
        for routed in plan.unsupported:
            # not an import format: left out; the other files are imported (core rule)
            kind = "Hinweis: nicht importiert" if plan.read_files else "Fehler"
            print(f"{kind}: {routed.reason}", file=sys.stderr)
        if plan.errors or not plan.read_files:
            # A file that cannot be read at all: import nothing, say why.
            for error in plan.errors:
                print(f"Fehler: {error}", file=sys.stderr)
            print("Es wurde nichts importiert.", file=sys.stderr)
            if args.json:
                print_json(plan.to_dict())
            return EXIT_ERROR
        if args.dry_run:
            if args.json:
                print_json(plan.to_dict())
            else:
                if plan.contacts:
                    _print_preview(plan.contacts, False)
                if plan.calendar:
                    _print_calendar_preview(plan.calendar)
            return EXIT_OK
        options = imports.ImportOptions(
            default_for_matches=cx.UPDATE if args.update else cx.SKIP,
            create_organisations=not args.no_new_organisations,
        )
        report = imports.commit(session, plan, options)
    if args.json:
        print_json(plan.to_dict(report))
        return EXIT_OK
    if report.contacts is not None and plan.contacts is not None:
        _print_contact_report(plan.contacts, report.contacts)
    if report.events is not None:
        _print_calendar_report(report.events)
    return EXIT_OK


def _print_contact_report(preview: ImportPreview, report: ImportReport) -> None:
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
    warnings = [f"{e.file}, {w}" for e in preview.entries for w in e.warnings]
    if warnings:
        print("Hinweise:")
        for warning in warnings:
            print(f"  {warning}")


_CALENDAR_ACTIONS = {
    "neu": "neu",
    "aktualisieren": "wird aktualisiert",
    "absagen": "wird abgesagt",
    "antwort": "Antwort",
    "unverändert": "unverändert",
    "ungültig": "ungültig",
}


def _print_calendar_preview(preview: CalendarImportPreview) -> None:
    print("Vorschau Termine (es wurde nichts gespeichert):")
    for entry in preview.entries:
        when = f"{entry.start:%d.%m.%Y %H:%M} " if entry.start else ""
        reason = f" – {entry.reason}" if entry.reason else ""
        print(
            f"  [{_CALENDAR_ACTIONS.get(entry.action, entry.action)}] {when}{entry.title}{reason}"
        )


def _print_calendar_report(report: CalendarImportReport) -> None:
    print(
        f"Termine: {len(report.created)} angelegt, {len(report.updated)} aktualisiert, "
        f"{len(report.cancelled)} abgesagt, {len(report.responses)} Antworten, "
        f"{len(report.skipped)} übersprungen, {len(report.invalid)} ungültig."
    )
    for title, lines in (
        ("Antworten", report.responses),
        ("Übersprungen", report.skipped),
        ("Ungültig (nicht importiert)", report.invalid),
    ):
        if lines:
            print(f"{title}:")
            for line in lines:
                print(f"  {line}")


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
    if preview.new_organisations:
        print(
            "Neue Organisationen (aus der Firma der Personen, abschaltbar mit "
            "--no-new-organisations): " + ", ".join(preview.new_organisations)
        )


def _register_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="Kontakte (.vcf, .csv) und Termine (.ics, .eml) importieren",
        description="Importiert in einem Schritt: alles oder nichts. Kontakte, die zu "
        "vorhandenen passen, werden übersprungen, außer mit --update. Termine mit bekannter UID "
        "werden aktualisiert, wenn die Datei eine neuere Fassung (SEQUENCE) enthält; Antworten "
        "(METHOD:REPLY) tragen Zusagen und Absagen ein.",
    )
    p.add_argument(
        "files", nargs="+", metavar="DATEI", help=".vcf-, .csv-, .ics- oder .eml-Datei(en)"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="nur die Vorschau zeigen, nichts speichern"
    )
    p.add_argument(
        "--update", action="store_true", help="passende vorhandene Kontakte aktualisieren"
    )
    p.add_argument(
        "--no-new-organisations",
        action="store_true",
        help="unbekannte Firmen nicht als Organisationen anlegen (die Firma steht dann in "
        "den Notizen der Person)",
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


def _register_export_vcf(fsub: argparse._SubParsersAction) -> None:
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


def _register_export_csv(fsub: argparse._SubParsersAction) -> None:
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
def _organiser(args: argparse.Namespace) -> Organiser | None:
    from contactdesk.core.services import calendar_exchange as calx

    if args.organiser_email:
        return calx.Organiser(args.organiser_name or "", args.organiser_email)
    return None


def _configured_organiser(args: argparse.Namespace) -> Organiser | None:
    """--organiser-*, else the configured sender (organiser.name/email), else None."""
    from contactdesk.core.services import calendar_exchange as calx
    from contactdesk.core.settings import load_settings

    given = _organiser(args)
    if given is not None:
        return given
    settings = load_settings()
    email = str(settings.get("organiser.email") or "").strip()
    return calx.Organiser(str(settings.get("organiser.name") or ""), email) if email else None


def _print_invitation(args: argparse.Namespace, path: Path, result: InvitationResult) -> None:
    if args.json:
        print_json(
            {
                "path": str(path),
                "recipients": [r.email for r in result.recipients],
                "left_out": [{"name": n, "reason": r} for n, r in result.left_out],
            }
        )
        return
    print(f"Geschrieben: {path} ({len(result.recipients)} Empfänger).")
    if result.left_out:
        print("Nicht eingeladen:")
        for name, reason in result.left_out:
            print(f"  {name}: {reason}")


def cmd_export_ics(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, time, timedelta

    from contactdesk.core.errors import ValidationError
    from contactdesk.core.services import calendar_exchange as calx
    from contactdesk.core.services import schedule as sc
    from contactdesk.core.timezones import zone

    method = args.method.upper()
    if method in ("REQUEST", "CANCEL") and args.event is None:
        raise ValidationError(
            {"event": "Für --method request oder cancel bitte --event ID angeben."}
        )
    db = open_db(args)
    with db.session() as session:
        if method in ("REQUEST", "CANCEL"):
            result = calx.write_invitation(
                session,
                args.event,
                args.out,
                method=method,
                organiser=_organiser(args),
                reminder_minutes=args.reminder,
            )
            _print_invitation(args, args.out, result)
            return EXIT_OK
        berlin = zone("Europe/Berlin")
        start = end = None
        if args.date_from:
            start = datetime.combine(args.date_from, time(), berlin).astimezone(UTC)
        if args.date_to:
            end = datetime.combine(args.date_to + timedelta(days=1), time(), berlin).astimezone(UTC)
        if start and end and end <= start:
            raise ValidationError({"to": "Das Ende des Zeitraums liegt vor seinem Beginn."})
        data = calx.write_calendar(
            session,
            args.out,
            start=start,
            end=end,
            event_ids=[args.event] if args.event is not None else None,
            flt=sc.EventFilter(kind=args.kind) if args.kind else None,
            include_deadlines=args.deadlines,
            name=args.name,
            reminder_minutes=args.reminder,
            organiser=_configured_organiser(args),
        )
    count = data.count(b"BEGIN:VEVENT")
    if args.json:
        print_json({"path": str(args.out), "events": count})
    else:
        print(f"{count} Termine exportiert nach {args.out}.")
    return EXIT_OK


def cmd_export_eml(args: argparse.Namespace) -> int:
    from contactdesk.core.services import calendar_exchange as calx

    db = open_db(args)
    with db.session() as session:
        result = calx.write_email(
            session, args.event, args.out, method=args.method.upper(), organiser=_organiser(args)
        )
    _print_invitation(args, args.out, result)
    if not args.json:
        print(
            "Ein Doppelklick öffnet die Datei in Outlook als neuen Entwurf: Betreff und Text "
            "prüfen, dann in Outlook auf „Senden“ klicken."
        )
    return EXIT_OK


def _add_organiser_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--organiser-name", metavar="NAME", help="Name der einladenden Person")
    p.add_argument(
        "--organiser-email",
        metavar="ADRESSE",
        help="E-Mail der einladenden Person (Standard: Veranstalter/in des Termins)",
    )


def _register_export_ics(fsub: argparse._SubParsersAction) -> None:
    from contactdesk.cli.events import parse_date
    from contactdesk.core.enums import EventKind

    p = fsub.add_parser(
        "ics",
        help="Termine als iCalendar-Datei (.ics) für Outlook",
        description="publish (Standard): Kalender für den eigenen Outlook-Kalender; request: "
        "Einladung oder Aktualisierung eines Termins; cancel: Absage (setzt den Termin auf "
        "abgesagt).",
    )
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.ics)")
    p.add_argument("--event", type=int, metavar="ID", help="nur dieser Termin (mit Serie)")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="DATUM")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="DATUM")
    p.add_argument("--kind", choices=[k.value for k in EventKind], help="nur diese Terminart")
    p.add_argument(
        "--method", choices=["publish", "request", "cancel"], default="publish", type=str.lower
    )
    p.add_argument(
        "--deadlines", action="store_true", help="Fristen der Vereinbarungen (nächstes Jahr) dazu"
    )
    p.add_argument("--name", default="contactdesk", help="Name des Kalenders (publish)")
    p.add_argument(
        "--reminder",
        type=int,
        default=None,
        metavar="MIN",
        help="Erinnerung in Minuten für Termine ohne eigene Erinnerung (Standard: keine)",
    )
    _add_organiser_options(p)
    add_json(p)
    p.set_defaults(func=cmd_export_ics)


def _register_export_eml(fsub: argparse._SubParsersAction) -> None:
    p = fsub.add_parser(
        "eml",
        help="Einladung als E-Mail-Entwurf (.eml), den Outlook zum Senden öffnet",
    )
    p.add_argument("--event", required=True, type=int, metavar="ID")
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.eml)")
    p.add_argument("--method", choices=["request", "cancel"], default="request", type=str.lower)
    _add_organiser_options(p)
    add_json(p)
    p.set_defaults(func=cmd_export_eml)


EXPORT_FORMATS: list[Callable[[argparse._SubParsersAction], None]] = [
    _register_export_vcf,
    _register_export_csv,
    _register_export_ics,
    _register_export_eml,
]


def _register_export(sub: argparse._SubParsersAction) -> None:
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


def register(sub: argparse._SubParsersAction) -> None:
    _register_import(sub)
    _register_export(sub)
