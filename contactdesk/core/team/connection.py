"""Connecting to a database server: engine options and German messages for what goes wrong.

A server that is down, a wrong password, a server that insists on TLS, a database that does not
exist, a host name that does not resolve, a connection that breaks during work: each gets a
sentence that says what happened and what to do, never a traceback (core/db.py raises them as
DatabaseError; the window and the command line show `message`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from contactdesk.core.i18n import _

#: seconds until a server that does not answer counts as unreachable
CONNECT_TIMEOUT = 10


def engine_options(url: str) -> dict[str, Any]:
    """Extra create_engine() arguments for server databases (none for SQLite)."""
    if not url.startswith("postgresql"):
        return {}
    return {
        # a connection the server dropped (restart, network) is replaced before it is used
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": CONNECT_TIMEOUT, "application_name": "contactdesk"},
    }


def _server(url: str) -> tuple[str, str, str]:
    """(host:port, user, database) of a URL, for messages (never the password)."""
    parts = urlsplit(url.replace("+psycopg", "").replace("+psycopg2", ""))
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    return f"{host}:{port}", parts.username or "", (parts.path or "/").lstrip("/")


def _chain_text(exc: BaseException) -> str:
    seen: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 5:
        seen.append(str(current))
        current = current.__cause__ or current.__context__
    return "\n".join(seen).lower()


def describe(exc: BaseException, url: str) -> str | None:
    """A German message for a failed connection to a server database, or None when the
    error is not about the connection (the caller keeps its general message)."""
    if not url.startswith("postgresql"):
        return None
    text = _chain_text(exc)
    server, user, database = _server(url)
    if "password authentication failed" in text or "authentication failed" in text:
        return _(
            "Die Anmeldung am Datenbankserver {server} wurde abgelehnt: Benutzername „{user}“ "
            "oder Passwort stimmt nicht. Bitte prüfen Sie die Zugangsdaten."
        ).format(server=server, user=user)
    if "no password supplied" in text or "fe_sendauth" in text:
        return _(
            "Der Datenbankserver {server} verlangt ein Passwort. Bitte geben Sie es in der "
            "Adresse an (postgresql+psycopg://benutzer:passwort@rechner/datenbank)."
        ).format(server=server)
    if "no encryption" in text or "ssl off" in text:
        return _(
            "Der Datenbankserver {server} lässt nur verschlüsselte Verbindungen (TLS) zu. "
            "Bitte ergänzen Sie die Adresse um „?sslmode=require“ (oder „verify-full“)."
        ).format(server=server)
    if "server does not support ssl" in text:
        return _(
            "Die Verbindung verlangt TLS, aber der Datenbankserver {server} bietet keine "
            "Verschlüsselung an. Bitten Sie die IT, TLS einzurichten."
        ).format(server=server)
    if "does not exist" in text and "database" in text:
        return _(
            "Die Datenbank „{database}“ gibt es auf dem Server {server} nicht. Bitte lassen Sie "
            "sie von der IT anlegen (siehe README, Abschnitt Teambetrieb)."
        ).format(database=database, server=server)
    if "role" in text and "does not exist" in text:
        return _("Den Benutzer „{user}“ gibt es auf dem Datenbankserver {server} nicht.").format(
            user=user, server=server
        )
    if "permission denied" in text:
        return _(
            "Der Benutzer „{user}“ darf die Datenbank „{database}“ nicht verwenden. Bitte "
            "lassen Sie ihm die Rechte geben (siehe README, Abschnitt Teambetrieb)."
        ).format(user=user, database=database)
    if (
        "could not translate host name" in text
        or "name or service not known" in text
        or "nodename nor servname" in text
    ):
        return _("Den Rechner des Datenbankservers ({server}) gibt es nicht im Netz.").format(
            server=server
        )
    if "timeout" in text or "timed out" in text:
        return _(
            "Der Datenbankserver {server} antwortet nicht (Zeitüberschreitung). Bitte prüfen "
            "Sie die Netzwerkverbindung."
        ).format(server=server)
    if "connection refused" in text or "is the server running" in text:
        return _(
            "Der Datenbankserver {server} ist nicht erreichbar: Er läuft nicht oder nimmt "
            "keine Verbindungen an. Bitte wenden Sie sich an die IT."
        ).format(server=server)
    if (
        "server closed the connection" in text
        or "terminating connection" in text
        or "connection is closed" in text
        or "consuming input failed" in text
        or "connection already closed" in text
    ):
        return _(
            "Die Verbindung zum Datenbankserver {server} ist abgebrochen. Nichts wurde "
            "gespeichert; Ihre Eingaben sind noch da. Bitte speichern Sie erneut, sobald der "
            "Server wieder erreichbar ist."
        ).format(server=server)
    return None


__all__ = ["CONNECT_TIMEOUT", "describe", "engine_options"]
