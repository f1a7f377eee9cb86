"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd): STARTTLS or implicit TLS with a
throwaway certificate made here, AUTH with one user, recipients refused on request."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER = "urban@bitterfeld-wolfen.example"
PASSWORD = "Gehe1m!Passwort-äöü"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (cert.pem, key.pem)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str] = field(default_factory=list)


@dataclass
class Handler:
    """Keeps every message; refuses recipients whose address contains "unbekannt" (550) and,
    with `relay_needs_auth`, every recipient of a session that did not log in (554 relay)."""

    relay_needs_auth: bool = True
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.relay_needs_auth and not session.authenticated:
            return f"554 5.7.1 <{address}>: Relay access denied"
        if "unbekannt" in address:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.content,
                list(envelope.mail_options),
            )
        )
        return "250 2.0.0 Ok: queued"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@dataclass
class Server:
    host: str
    port: int
    handler: Handler
    client_context: ssl.SSLContext


@contextmanager
def smtp_server(
    folder: Path, *, mode: str = "starttls", relay_needs_auth: bool = True
) -> Iterator[Server]:
    """mode: "starttls" (TLS after EHLO, AUTH only then), "ssl" (implicit TLS), "plain"
    (no TLS offered at all)."""
    cert, key = make_certificate(folder)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    handler = Handler(relay_needs_auth=relay_needs_auth)
    port = free_port()
    options: dict[str, object] = {"authenticator": _authenticator}
    if mode == "starttls":
        options |= {"tls_context": server_context, "require_starttls": True}
    elif mode == "ssl":
        # aiosmtpd knows of TLS only through STARTTLS: allow AUTH on the implicit-TLS socket
        options |= {"ssl_context": server_context, "auth_require_tls": False}
    else:
        options |= {"auth_require_tls": False}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Server("127.0.0.1", port, handler, client_context)
    finally:
        controller.stop()
