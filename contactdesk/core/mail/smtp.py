"""SMTP submission with the standard library: connect, secure, authenticate, send.

Security is `starttls` (port 587, the default), `ssl` (port 465) or `none`, which is allowed
only for a server on this computer (127.0.0.1, ::1, localhost). Every failure becomes an
SmtpError with a German message that names the cause (the server's name was not found, the
connection was refused, no answer, the certificate, the password, relaying, TLS not offered).
The password is never logged, printed, or put into a message; text that a server sends back
is cleaned of it before it is shown.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TypeVar

from contactdesk.core.email_address import normalised
from contactdesk.core.errors import ContactdeskError, ValidationError

log = logging.getLogger(__name__)
T = TypeVar("T")

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")
DEFAULT_TIMEOUT = 30.0


class SmtpError(ContactdeskError):
    """Sending failed as a whole; `cause` names why (dns, refused, timeout, certificate, tls,
    starttls, auth, auth_missing, relay, sender, disconnected, network, config)."""

    def __init__(self, message: str, *, cause: str, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.cause = cause


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to submit mail. The password is kept out of repr()."""

    host: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)
    sender_name: str = ""
    sender_email: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def validated(self) -> SmtpConfig:
        """The same settings, checked; raises ValidationError with German messages."""
        errors: dict[str, str] = {}
        host = self.host.strip()
        if not host:
            errors["smtp.host"] = "Bitte den SMTP-Server eintragen (z. B. smtp.example.de)."
        if self.security not in SECURITY:
            errors["smtp.security"] = "Sicherheit muss „starttls“, „ssl“ oder „none“ sein."
        elif self.security == "none" and host.lower() not in LOCAL_HOSTS:
            errors["smtp.security"] = (
                "Ohne Verschlüsselung („none“) darf nur ein Server auf diesem Rechner "
                "(127.0.0.1 oder localhost) benutzt werden; für andere Server bitte "
                "„starttls“ (Port 587) oder „ssl“ (Port 465) wählen."
            )
        if not 0 < self.port < 65536:
            errors["smtp.port"] = "Der Port muss zwischen 1 und 65535 liegen."
        sender = self.sender_email.strip()
        if not sender:
            errors["organiser.email"] = (
                "Bitte die Absenderadresse eintragen (E-Mail der einladenden Person)."
            )
        else:
            try:
                sender = normalised(sender)
            except ValueError:
                errors["organiser.email"] = f"„{sender}“ ist keine gültige E-Mail-Adresse."
        if errors:
            raise ValidationError(errors)
        return SmtpConfig(
            host=host,
            port=self.port,
            security=self.security,
            user=self.user.strip(),
            password=self.password,
            sender_name=self.sender_name.strip(),
            sender_email=sender,
            timeout=self.timeout,
        )


@dataclass
class SendOutcome:
    """What the server said about one message: accepted and refused recipients."""

    message_id: str
    accepted: list[str]
    #: address -> the server's answer ("550 5.1.1 user unknown"), cleaned of the password
    refused: dict[str, str]


class SmtpTransport:
    """One server, as configured. `context` replaces the default TLS context (tests trust a
    certificate made for them; the default context verifies against the system's CAs)."""

    def __init__(self, config: SmtpConfig, *, context: ssl.SSLContext | None = None) -> None:
        self.config = config.validated()
        self.context = context or ssl.create_default_context()

    # ------------------------------------------------------------------ public

    def test_connection(self) -> None:
        """Connect, secure, log in and ask whether the sender may send; raises SmtpError."""
        with self._session() as smtp:
            self._guard(lambda: self._check_sender(smtp))

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> SendOutcome:
        """Send one message to every recipient in one transaction.

        Returns who was accepted and who was refused (5xx per address); raises SmtpError when
        nothing was sent (connection, login, sender refused, every recipient refused)."""
        message_id = str(message.get("Message-ID", ""))
        addresses = list(dict.fromkeys(recipients))
        with self._session() as smtp:
            # the calendar part is 8-bit UTF-8: say so where the server understands it
            options = ("BODY=8BITMIME",) if smtp.has_extn("8bitmime") else ()
            try:
                refused_raw = self._guard(
                    lambda: smtp.send_message(
                        message,
                        from_addr=self.config.sender_email,
                        to_addrs=addresses,
                        mail_options=options,
                    )
                )
            except SmtpError as exc:
                if isinstance(exc.__cause__, smtplib.SMTPRecipientsRefused):
                    every = exc.__cause__.recipients
                    return SendOutcome(
                        message_id,
                        [],
                        {a: self._answer(*every[a]) for a in addresses if a in every},
                    )
                raise
        refused = {a: self._answer(*answer) for a, answer in refused_raw.items()}
        accepted = [a for a in addresses if a not in refused]
        log.info("SMTP: message %s accepted for %d, refused for %d", message_id,
                 len(accepted), len(refused))  # fmt: skip
        return SendOutcome(message_id, accepted, refused)

    # ------------------------------------------------------------------ connection

    def _session(self) -> _Session:
        return _Session(self)

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        log.debug("SMTP: connecting to %s:%d (%s)", cfg.host, cfg.port, cfg.security)
        smtp: smtplib.SMTP
        if cfg.security == "ssl":
            smtp = self._guard(
                lambda: smtplib.SMTP_SSL(
                    cfg.host, cfg.port, timeout=cfg.timeout, context=self.context
                )
            )
        else:
            smtp = self._guard(lambda: smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout))
        try:
            self._guard(smtp.ehlo)
            if cfg.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise SmtpError(
                        f"Der Server {cfg.host} bietet auf Port {cfg.port} keine verschlüsselte "
                        "Verbindung (STARTTLS) an. Bitte Port und Sicherheit prüfen: 587 mit "
                        "„starttls“ oder 465 mit „ssl“.",
                        cause="starttls",
                    )
                self._guard(lambda: smtp.starttls(context=self.context))
                self._guard(smtp.ehlo)
            if cfg.user:
                if not smtp.has_extn("auth"):
                    raise SmtpError(
                        f"Der Server {cfg.host} bietet keine Anmeldung an (kein AUTH). "
                        "Vielleicht erst nach STARTTLS – bitte die Sicherheit prüfen – oder "
                        "der Server braucht keinen Benutzernamen.",
                        cause="auth_missing",
                    )
                log.debug("SMTP: logging in as %s", cfg.user)
                self._guard(lambda: self._login(smtp))
        except BaseException:
            _close(smtp)
            raise
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """AUTH PLAIN or LOGIN with UTF-8 credentials (smtplib encodes them as ASCII and so
        fails on a password with umlauts); other mechanisms through smtplib."""
        cfg = self.config
        offered = smtp.esmtp_features.get("auth", "").upper().split()

        def b64(text: str) -> str:
            return base64.b64encode(text.encode("utf-8")).decode("ascii")

        if "PLAIN" in offered:
            code, answer = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{cfg.user}\0{cfg.password}"))
        elif "LOGIN" in offered:
            code, answer = smtp.docmd("AUTH", "LOGIN " + b64(cfg.user))
            if code == 334:
                code, answer = smtp.docmd(b64(cfg.password))
        else:
            smtp.login(cfg.user, cfg.password)
            return
        if code not in (235, 503):  # 503: already authenticated
            raise smtplib.SMTPAuthenticationError(code, answer)

    def _check_sender(self, smtp: smtplib.SMTP) -> None:
        """MAIL FROM and RCPT TO the sender itself, then RSET: nothing is sent."""
        code, answer = smtp.mail(self.config.sender_email)
        if code >= 400:
            raise smtplib.SMTPSenderRefused(code, answer, self.config.sender_email)
        code, answer = smtp.rcpt(self.config.sender_email)
        if code >= 400:
            raise smtplib.SMTPRecipientsRefused({self.config.sender_email: (code, answer)})
        smtp.rset()

    # ------------------------------------------------------------------ errors

    def _scrub(self, text: str) -> str:
        """Server text without the password (plain, or base64 inside an AUTH echo)."""
        secret = self.config.password
        if not secret:
            return text
        forms = {secret}
        user = self.config.user
        for raw in (f"\0{user}\0{secret}", secret):
            forms.add(base64.b64encode(raw.encode("utf-8")).decode("ascii"))
        for form in forms:
            text = text.replace(form, "***")
        return text

    def _answer(self, code: int, text: bytes | str) -> str:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        return self._scrub(f"{code} {text}".strip())

    def _guard(self, call: Callable[[], T]) -> T:
        """Run `call`, turning what smtplib, ssl and socket raise into SmtpError."""
        try:
            return call()
        except SmtpError:
            raise
        except Exception as exc:
            error = self._translate(exc)
            raise error from exc

    def _translate(self, exc: BaseException) -> SmtpError:
        cfg = self.config
        where = f"{cfg.host}:{cfg.port}"
        detail = self._scrub(repr(exc))
        if isinstance(exc, socket.gaierror):
            return SmtpError(
                f"Der Mailserver „{cfg.host}“ wurde nicht gefunden (DNS). Bitte den Servernamen "
                "und die Internetverbindung prüfen.",
                cause="dns",
                detail=detail,
            )
        if isinstance(exc, ConnectionRefusedError):
            return SmtpError(
                f"Der Mailserver {where} hat die Verbindung abgelehnt. Stimmt der Port "
                "(587 für STARTTLS, 465 für SSL)?",
                cause="refused",
                detail=detail,
            )
        if isinstance(exc, TimeoutError | socket.timeout):
            return SmtpError(
                f"Der Mailserver {where} antwortet nicht (Zeitüberschreitung). Vielleicht "
                "blockiert eine Firewall den Port, oder der Server ist nicht erreichbar.",
                cause="timeout",
                detail=detail,
            )
        if isinstance(exc, ssl.SSLCertVerificationError):
            return SmtpError(
                f"Das Zertifikat des Mailservers {cfg.host} ist nicht vertrauenswürdig "
                f"({exc.verify_message or 'Prüfung fehlgeschlagen'}). Bitte den Servernamen "
                "genau so eintragen, wie ihn der Anbieter nennt.",
                cause="certificate",
                detail=detail,
            )
        if isinstance(exc, ssl.SSLError):
            return SmtpError(
                f"Mit {where} kam keine verschlüsselte Verbindung zustande. Passen Port und "
                "Sicherheit zusammen? 465 gehört zu „ssl“, 587 zu „starttls“.",
                cause="tls",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return SmtpError(
                f"Die Anmeldung am Mailserver als „{cfg.user}“ ist fehlgeschlagen: Benutzername "
                "oder Passwort ist falsch (Antwort des Servers: "
                f"{self._answer(exc.smtp_code, exc.smtp_error)}).",
                cause="auth",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return SmtpError(
                f"Der Mailserver nimmt „{cfg.sender_email}“ nicht als Absender an "
                f"({self._answer(exc.smtp_code, exc.smtp_error)}). Meist muss die "
                "Absenderadresse zum Konto des Benutzernamens gehören.",
                cause="sender",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            answers = "; ".join(self._answer(*a) for a in exc.recipients.values())
            relay = "relay" in answers.lower() or "5.7.1" in answers
            if relay:
                return SmtpError(
                    "Der Mailserver leitet keine E-Mails weiter (Relaying abgelehnt: "
                    f"{answers}). Meist fehlt die Anmeldung: bitte Benutzername und Passwort "
                    "eintragen.",
                    cause="relay",
                    detail=detail,
                )
            return SmtpError(
                f"Der Mailserver hat alle Empfänger abgelehnt ({answers}).",
                cause="relay",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return SmtpError(
                f"Der Mailserver {where} hat die Verbindung unerwartet getrennt. Passen Port "
                "und Sicherheit zusammen (465 gehört zu „ssl“)?",
                cause="disconnected",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return SmtpError(
                f"Der Mailserver {where} unterstützt einen nötigen Schritt nicht "
                f"({self._scrub(str(exc))}).",
                cause="tls",
                detail=detail,
            )
        if isinstance(exc, smtplib.SMTPResponseException):
            return SmtpError(
                f"Der Mailserver hat abgelehnt: {self._answer(exc.smtp_code, exc.smtp_error)}.",
                cause="network",
                detail=detail,
            )
        if isinstance(exc, OSError):
            reason = exc.strerror or type(exc).__name__
            return SmtpError(
                f"Keine Verbindung zum Mailserver {where}: {reason}.",
                cause="network",
                detail=detail,
            )
        return SmtpError(
            f"Beim Senden über {where} ist ein Fehler aufgetreten ({type(exc).__name__}).",
            cause="network",
            detail=detail,
        )


class _Session:
    """`with transport._session() as smtp:` connects and always says QUIT (or closes)."""

    def __init__(self, transport: SmtpTransport) -> None:
        self.transport = transport
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> smtplib.SMTP:
        self.smtp = self.transport._connect()
        return self.smtp

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            _close(self.smtp)


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except Exception:  # the connection is gone already: nothing to tell
        smtp.close()


def test_connection(settings: object = None, password: str | None = None) -> None:
    """Connect, secure, log in and check the sender with the settings (the window's
    "Verbindung testen", `config test-smtp`); raises SmtpError or ValidationError (German)."""
    from contactdesk.core.mail.config import smtp_config

    SmtpTransport(smtp_config(settings, password)).test_connection()
