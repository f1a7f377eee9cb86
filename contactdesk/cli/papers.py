"""`papers` and `sessions` subcommands: paper list, paper PDF and OParl, session summary PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contactdesk.cli.common import (
    EXIT_OK,
    GermanArgumentParser,
    add_json,
    open_db,
    read_db,
    show_rows,
)
from contactdesk.core.enums import PaperStatus

if TYPE_CHECKING:
    from datetime import date

    from contactdesk.core.formats.pdf import PdfSettings


def _settings(args: argparse.Namespace) -> PdfSettings:
    """Town and logo: the options, else the settings store (town.name, town.logo)."""
    from contactdesk.core.services.papers.print_settings import pdf_settings

    return pdf_settings(town=args.town, logo=args.logo)


def pages_text(pages: int) -> str:
    return "1 Seite" if pages == 1 else f"{pages} Seiten"


def _warn(warnings: list[str]) -> None:
    for text in warnings:
        print(f"Hinweis: {text}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.services import papers as ps

    flt = ps.PaperFilter(status=args.status, type_code=args.type, year=args.year)
    rows = read_db(args, lambda s: ps.list_papers(s, flt))
    return show_rows(args, rows, "Keine Vorlagen gefunden.", _paper_line)


def _paper_line(row: Any) -> str:
    nxt = (
        f"; nächste Sitzung {row.next_committee} am {row.next_session:%d.%m.%Y}"
        if row.next_session
        else ""
    )
    late = {"verspaetet": " — VERSPÄTET", "knapp": " — Frist läuft bald ab"}.get(
        row.deadline_state, ""
    )
    return f"{row.reference}  {row.subject} [{row.status_label}]{nxt}{late}"


def cmd_deadlines(args: argparse.Namespace) -> int:
    from contactdesk.core.services import papers as ps

    return show_rows(
        args,
        read_db(args, ps.deadline_warnings),
        "Keine Vorlage ist verspätet oder knapp vor ihrer Einreichungsfrist.",
        lambda item: item.message,
    )


def cmd_pdf(args: argparse.Namespace) -> int:
    from contactdesk.core.errors import ValidationError
    from contactdesk.core.services import papers as ps

    db = open_db(args)
    with db.session() as session:
        paper_id = ps.find_paper(session, args.number)
        if args.draft and args.version is not None:
            raise ValidationError(
                {
                    "draft": "--draft und --version schließen sich aus: --draft druckt den "
                    "aktuellen Text, --version eine freigegebene Fassung."
                }
            )
        result = ps.paper_pdf(
            session, paper_id, _settings(args), version=args.version, draft=args.draft
        )
    from contactdesk.core.fileio import atomic_write

    atomic_write(Path(args.out), result.data)
    _warn(result.warnings)
    print(f"PDF gespeichert: {args.out} ({pages_text(result.pages)})")
    return EXIT_OK


def cmd_oparl(args: argparse.Namespace) -> int:
    from contactdesk.core.services import papers as ps

    db = open_db(args)
    with db.session() as session:
        paper_id = ps.find_paper(session, args.number)
        public = ps.get_paper(session, paper_id).is_public
        ps.export_oparl(
            session,
            paper_id,
            Path(args.out),
            base_url=args.base_url,
            include_non_public=args.include_non_public,
        )
    if not public:
        print(
            f"Hinweis: Die Vorlage {args.number} ist nichtöffentlich und wurde wegen "
            "--include-non-public exportiert. Die Datei gehört nicht in ein öffentliches "
            "Ratsinformationssystem.",
            file=sys.stderr,
        )
    print(f"OParl-Export gespeichert: {args.out}")
    return EXIT_OK


def cmd_session_oparl(args: argparse.Namespace) -> int:
    from contactdesk.core.fileio import atomic_write
    from contactdesk.core.formats import oparl
    from contactdesk.core.services import papers as ps

    db = open_db(args)
    with db.session() as session:
        result = ps.oparl_meeting_export(
            session, args.id, base_url=args.base_url, include_non_public=args.include_non_public
        )
    atomic_write(Path(args.out), oparl.to_json_bytes(result.data))
    if result.left_out:
        print(
            "Hinweis: nichtöffentliche Vorlagen nicht exportiert: "
            + ", ".join(result.left_out)
            + " (mit --include-non-public werden sie mitexportiert).",
            file=sys.stderr,
        )
    if result.included_non_public:
        print(
            "Hinweis: nichtöffentliche Vorlagen exportiert: "
            + ", ".join(result.included_non_public)
            + ". Die Datei gehört nicht in ein öffentliches Ratsinformationssystem.",
            file=sys.stderr,
        )
    print(f"OParl-Export gespeichert: {args.out}")
    return EXIT_OK


def add_oparl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei (JSON)")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="Basisadresse für die OParl-IDs (Standard: Einstellung oparl.base_url)",
    )
    parser.add_argument(
        "--include-non-public",
        action="store_true",
        help="auch nichtöffentliche Vorlagen exportieren (nicht für öffentliche Systeme)",
    )


def cmd_summary(args: argparse.Namespace) -> int:
    from contactdesk.core.services import papers as ps

    db = open_db(args)
    with db.session() as session:
        result = ps.session_summary_pdf(session, args.id, _settings(args), as_of=args.as_of)
    from contactdesk.core.fileio import atomic_write

    atomic_write(Path(args.out), result.data)
    _warn(result.warnings)
    print(f"Sitzungsübersicht gespeichert: {args.out} ({pages_text(result.pages)})")
    return EXIT_OK


def german_day(text: str) -> date:
    from datetime import datetime

    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein Datum im Format TT.MM.JJJJ (z. B. 07.12.2026)."
        ) from None


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=german_day,
        metavar="TT.MM.JJJJ",
        help="Stand der Übersicht: nur bis dahin Durchgeführtes gilt als durchgeführt "
        "(Standard: heute)",
    )


def cmd_invitation(args: argparse.Namespace) -> int:
    from contactdesk.core.fileio import atomic_write
    from contactdesk.core.services.papers import meeting_prints as mp

    db = open_db(args)
    with db.session() as session:
        result = mp.invitation_pdf(session, args.id, _settings(args), on=args.on)
    atomic_write(Path(args.out), result.data)
    _warn(result.warnings)
    print(f"Einladung gespeichert: {args.out} ({pages_text(result.pages)})")
    return EXIT_OK


def _add_layout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei (PDF)")
    parser.add_argument(
        "--town",
        metavar="NAME",
        help="Name der Stadt im Kopf (Standard: Einstellung town.name, sonst Stadt "
        "Bitterfeld-Wolfen)",
    )
    parser.add_argument(
        "--logo", metavar="BILD", help="Logo der Stadt, PNG oder JPEG (Standard: town.logo)"
    )


def register(sub: argparse._SubParsersAction) -> None:
    papers = sub.add_parser("papers", help="Vorlagen für die Gremien")
    psub = papers.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    listing = psub.add_parser("list", help="Vorlagen auflisten")
    listing.add_argument("--status", choices=[s.value for s in PaperStatus])
    listing.add_argument("--type", metavar="KÜRZEL", help="Vorlagenart, z. B. M")
    listing.add_argument("--year", type=int, metavar="JAHR")
    add_json(listing)
    listing.set_defaults(func=cmd_list)

    due = psub.add_parser("deadlines", help="verspätete oder knappe Vorlagen")
    add_json(due)
    due.set_defaults(func=cmd_deadlines)

    pdf = psub.add_parser("pdf", help="Vorlage als PDF speichern")
    pdf.add_argument("number", metavar="NUMMER", help="Vorlagennummer, z. B. M006-2021")
    pdf.add_argument("--version", type=int, metavar="N", help="eine bestimmte freigegebene Fassung")
    pdf.add_argument(
        "--draft",
        action="store_true",
        help="den aktuellen Text als Entwurf drucken (auch wenn er seit der Freigabe geändert ist)",
    )
    _add_layout(pdf)
    pdf.set_defaults(func=cmd_pdf)

    op = psub.add_parser("oparl", help="Vorlage als OParl-1.1-JSON exportieren")
    op.add_argument("number", metavar="NUMMER", help="Vorlagennummer, z. B. M006-2021")
    add_oparl_options(op)
    op.set_defaults(func=cmd_oparl)

    sessions = sub.add_parser("sessions", help="Gremiensitzungen")
    ssub = sessions.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", required=True, parser_class=GermanArgumentParser
    )
    summary = ssub.add_parser("summary", help="Sitzungsübersicht als PDF speichern")
    summary.add_argument("id", type=int, metavar="ID", help="Termin-ID der Sitzung")
    add_as_of(summary)
    _add_layout(summary)
    summary.set_defaults(func=cmd_summary)

    invite = ssub.add_parser(
        "invitation", help="Einladung mit öffentlichem und nichtöffentlichem Teil als PDF"
    )
    invite.add_argument("id", type=int, metavar="ID", help="Termin-ID der Sitzung")
    invite.add_argument(
        "--on", type=german_day, metavar="TT.MM.JJJJ", help="Datum der Einladung (Standard: heute)"
    )
    _add_layout(invite)
    invite.set_defaults(func=cmd_invitation)

    sop = ssub.add_parser(
        "oparl", help="Sitzung mit Tagesordnung und Vorlagen als OParl-1.1-JSON exportieren"
    )
    sop.add_argument("id", type=int, metavar="ID", help="Termin-ID der Sitzung")
    add_oparl_options(sop)
    sop.set_defaults(func=cmd_session_oparl)
