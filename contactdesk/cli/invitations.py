"""`invitations send` and `config test-smtp`: invitations by e-mail over the configured SMTP.

    contactdesk invitations send --event ID [--method request|cancel] [--dry-run] [--json]
    contactdesk config test-smtp [--json]

A REQUEST (or CANCEL) with nobody to send it to exits 1 with a German message; so does a send
that the server refused for every recipient. A network error changes nothing and says so.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from contactdesk.cli.common import EXIT_ERROR, EXIT_OK, add_json, open_db, print_json


def _organiser() -> Any:
    """The configured sender (organiser.name/email), or None to use the event's organiser."""
    from contactdesk.core.services import calendar_exchange as calx
    from contactdesk.core.settings import load_settings

    settings = load_settings()
    email = str(settings.get("organiser.email") or "").strip()
    if not email:
        return None
    return calx.Organiser(str(settings.get("organiser.name") or "").strip(), email)


def _print_plan(plan: Any, dry_run: bool) -> None:
    if plan.method == "CANCEL":
        what = "Absage"
    else:
        what = "Aktualisierung" if plan.is_update else "Einladung"
    note = " – Probelauf, es wird nichts gesendet." if dry_run else ""
    print(f"{what} zu „{plan.title}“ (Termin {plan.event_id}){note}")
    print(f"Absender: {plan.organiser.name} <{plan.organiser.email}>".strip())
    print(f"Betreff: {plan.subject}")
    print(f"Empfänger ({len(plan.recipients)}):")
    for r in plan.recipients:
        print(f"  {r.name} <{r.email}>")
    _print_left_out(plan.left_out)


def _print_left_out(left_out: list[Any]) -> None:
    if not left_out:
        return
    print(f"Nicht per E-Mail ({len(left_out)}):")
    for p in left_out:
        print(f"  {p.name} – {p.reason}")


def cmd_send(args: argparse.Namespace) -> int:
    from contactdesk.core.services import invitations as inv

    method = args.method.upper()
    organiser = _organiser()
    db = open_db(args)
    with db.session() as session:
        plan = inv.plan_sending(session, args.event, method, organiser=organiser)
    if args.dry_run or not plan.recipients:
        if args.json:
            print_json(plan.to_dict() | {"dry_run": True})
        else:
            _print_plan(plan, dry_run=True)
        if not plan.recipients:
            print(f"Fehler: {inv.nobody_message(plan)}", file=sys.stderr)
            return EXIT_ERROR
        return EXIT_OK
    import dataclasses

    from contactdesk.core.mail.config import smtp_config
    from contactdesk.core.mail.smtp import SmtpError, SmtpTransport

    config = dataclasses.replace(
        smtp_config(),
        sender_name=plan.organiser.name,
        sender_email=plan.organiser.email,
    )
    transport = SmtpTransport(config)
    try:
        with db.session() as session:
            result = inv.send(session, plan, transport)
    except SmtpError as exc:
        print(
            f"Fehler: {exc.message} Es wurde nichts gesendet und nichts geändert.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.json:
        print_json(result.to_dict())
    else:
        print(
            f"Gesendet an {len(result.accepted)} von "
            f"{len(result.accepted) + len(result.refused)} Empfängern "
            f"(Message-ID {result.message_id.strip()})."
        )
        for r in result.accepted:
            print(f"  {r.name} <{r.email}> – eingeladen")
        _print_left_out(result.left_out)
    for refused in result.refused:
        print(
            f"Abgelehnt vom Mailserver: {refused.recipient.name} <{refused.recipient.email}> – "
            f"{refused.answer}",
            file=sys.stderr,
        )
    if not result.accepted:
        print(
            "Fehler: Der Mailserver hat alle Empfänger abgelehnt; niemand wurde als eingeladen "
            "markiert.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK


def cmd_test_smtp(args: argparse.Namespace) -> int:
    from contactdesk.core.mail.config import smtp_config
    from contactdesk.core.mail.smtp import SmtpTransport

    config = smtp_config()
    SmtpTransport(config).test_connection()
    text = (
        f"Die Verbindung zu {config.host}:{config.port} ({config.security}) funktioniert"
        + (f", Anmeldung als {config.user} erfolgreich" if config.user else "")
        + f"; der Server nimmt {config.sender_email} als Absender an."
    )
    if getattr(args, "json", False):
        print_json(
            {
                "ok": True,
                "host": config.host,
                "port": config.port,
                "security": config.security,
                "user": config.user,
                "sender": config.sender_email,
            }
        )
    else:
        print(text)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "invitations",
        help="Einladungen per E-Mail senden (SMTP, siehe config)",
    )
    isub = p.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", parser_class=type(p), required=True
    )
    s = isub.add_parser(
        "send",
        help="Einladung, Aktualisierung oder Absage an alle mit Adresse und Einwilligung senden",
        description="Sendet eine E-Mail mit der Einladung (iMIP, wie Outlook) an alle "
        "Teilnehmenden mit E-Mail-Adresse und Einwilligung. Als eingeladen markiert wird "
        "nur, wen der Mailserver angenommen hat.",
    )
    s.add_argument("--event", required=True, type=int, metavar="ID")
    s.add_argument("--method", choices=["request", "cancel"], default="request", type=str.lower)
    s.add_argument(
        "--dry-run",
        action="store_true",
        help="nur zeigen, wer die E-Mail bekäme und wer nicht (mit Grund)",
    )
    add_json(s)
    s.set_defaults(func=cmd_send)
