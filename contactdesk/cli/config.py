"""Command line of the settings store: `config get|set|unset|list|set-password|delete-password`.

The same file the window's *Einstellungen* write (core/settings.py). Another helper adds a
subcommand with one entry in `REGISTRY` (e.g. `test-smtp`): name, help text, a function that
adds its arguments and the command function. The password is never read from argv.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contactdesk.cli.common import EXIT_ERROR, EXIT_OK, add_json, print_json


@dataclass(frozen=True)
class ConfigCommand:
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def cmd_get(args: argparse.Namespace) -> int:
    from contactdesk.core.settings import load_settings

    settings = load_settings()
    _warn(settings)
    value = settings.get(args.key)
    if args.json:
        print_json({"key": args.key, "value": value, "set": settings.is_set(args.key)})
    else:
        print(_plain(value))
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from contactdesk.core.settings import load_settings

    settings = load_settings()
    _warn(settings)
    value = settings.set(args.key, args.value)
    settings.save()
    print(f"{args.key} = {_plain(value)} (gespeichert in {settings.path})")
    if args.key in ("smtp.host", "smtp.security"):
        from contactdesk.core.settings import smtp_problem

        host, security = settings.get("smtp.host"), settings.get("smtp.security")
        if host and (problem := smtp_problem(host, security)):
            print(f"Hinweis: {problem}", file=sys.stderr)  # checked again before sending
    return EXIT_OK


def cmd_unset(args: argparse.Namespace) -> int:
    from contactdesk.core.settings import KEYS, load_settings

    settings = load_settings()
    _warn(settings)
    settings.reset(args.key)
    settings.save()
    print(f"{args.key} = {_plain(KEYS[args.key].default)} (Standardwert)")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from contactdesk.core.i18n import source_language
    from contactdesk.core.settings import KEYS, load_settings, secret_source

    settings = load_settings()
    _warn(settings)
    password = secret_source("smtp.password")
    if args.json:
        with source_language():
            print_json(
                {
                    "file": str(settings.path),
                    "settings": [
                        {
                            "key": key,
                            "value": value,
                            "default": KEYS[key].default,
                            "set": settings.is_set(key),
                            "description": KEYS[key].description,
                        }
                        for key, value in settings.items()
                    ],
                    "smtp_password": password,
                }
            )
        return EXIT_OK
    width = max(len(key) for key in KEYS)
    for key, value in settings.items():
        mark = "" if settings.is_set(key) else "  (Standard)"
        print(f"{key:<{width}}  {_plain(value)}{mark}")
    where = {
        "keyring": "im Passwortspeicher des Systems",
        "environment": "aus CONTACTDESK_SMTP_PASSWORD",
        None: "nicht gesetzt",
    }[password]
    print(f"{'smtp.password':<{width}}  {where}")
    print(f"Datei: {settings.path}")
    return EXIT_OK


def cmd_set_password(args: argparse.Namespace) -> int:
    from contactdesk.core.settings import set_secret

    if sys.stdin.isatty():
        password = getpass.getpass("SMTP-Passwort (Eingabe wird nicht angezeigt): ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("Fehler: Es wurde kein Passwort eingegeben; nichts geändert.", file=sys.stderr)
        return EXIT_ERROR
    set_secret("smtp.password", password)
    print("Das SMTP-Passwort ist im Passwortspeicher des Systems gespeichert.")
    return EXIT_OK


def cmd_delete_password(args: argparse.Namespace) -> int:
    from contactdesk.core.settings import delete_secret

    delete_secret("smtp.password")
    print("Das SMTP-Passwort wurde aus dem Passwortspeicher entfernt.")
    return EXIT_OK


def _warn(settings: Any) -> None:
    for warning in settings.warnings:
        print(f"Warnung: {warning}", file=sys.stderr)


def _key(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", metavar="SCHLÜSSEL", help="z. B. smtp.host (Liste: config list)")


def _key_value(p: argparse.ArgumentParser) -> None:
    _key(p)
    p.add_argument("value", metavar="WERT")


def _key_json(p: argparse.ArgumentParser) -> None:
    _key(p)
    add_json(p)


def _nothing(p: argparse.ArgumentParser) -> None:
    pass


def _test_smtp(args: argparse.Namespace) -> int:
    from contactdesk.cli.invitations import cmd_test_smtp

    return cmd_test_smtp(args)


#: the subcommands of `config`; extend with one entry (e.g. "test-smtp" of the mail helper)
REGISTRY: dict[str, ConfigCommand] = {
    "get": ConfigCommand("eine Einstellung zeigen", _key_json, cmd_get),
    "set": ConfigCommand("eine Einstellung prüfen und speichern", _key_value, cmd_set),
    "unset": ConfigCommand("eine Einstellung auf den Standardwert setzen", _key, cmd_unset),
    "list": ConfigCommand("alle Einstellungen zeigen", add_json, cmd_list),
    "set-password": ConfigCommand(
        "SMTP-Passwort im Passwortspeicher des Systems ablegen (liest von der "
        "Standardeingabe oder fragt verdeckt)",
        _nothing,
        cmd_set_password,
    ),
    "delete-password": ConfigCommand(
        "SMTP-Passwort aus dem Passwortspeicher entfernen", _nothing, cmd_delete_password
    ),
    "test-smtp": ConfigCommand(
        "Verbindung zum SMTP-Server testen: verbinden, verschlüsseln, anmelden, Absender "
        "prüfen (es wird nichts gesendet)",
        add_json,
        _test_smtp,
    ),
}


def register(sub: argparse._SubParsersAction) -> None:
    config = sub.add_parser(
        "config",
        help="Einstellungen zeigen und ändern (dieselben wie im Fenster unter Einstellungen)",
    )
    config_sub = config.add_subparsers(
        title="Unterbefehle", metavar="BEFEHL", parser_class=type(config), required=True
    )
    for name, command in REGISTRY.items():
        p = config_sub.add_parser(name, help=command.help)
        command.arguments(p)
        p.set_defaults(func=command.run)
