"""`invitations send` and `config test-smtp` as scripts use them: a real subprocess, a real
database file, a real SMTP server on 127.0.0.1 (trusted through SSL_CERT_FILE)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.core.settings import load_settings
from tests.core.mail.smtpserver import PASSWORD, USER, Server, free_port, smtp_server

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def configure(settings_dir: Path, host: str, port: int) -> None:
    settings = load_settings()
    assert settings.path is not None and settings.path.parent == settings_dir
    settings.set("smtp.host", host)
    settings.set("smtp.port", str(port))
    settings.set("smtp.security", "starttls")
    settings.set("smtp.user", USER)
    settings.set("organiser.name", "Jörg Urban")
    settings.set("organiser.email", USER)
    settings.save()


def environment(
    settings_dir: Path, server_folder: Path, password: str = PASSWORD
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    env["CONTACTDESK_CONFIG_DIR"] = str(settings_dir)
    env["CONTACTDESK_SMTP_PASSWORD"] = password  # no keyring backend here: the fallback
    env["SSL_CERT_FILE"] = str(server_folder / "cert.pem")
    return env


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "server"
    folder.mkdir()
    with smtp_server(folder) as running:
        yield running, folder


def test_dry_run_then_send_then_nobody(
    core_db: Database,
    db_path: Path,
    world: dict[str, int],
    settings_dir: Path,
    server: tuple[Server, Path],
) -> None:
    running, folder = server
    configure(settings_dir, running.host, running.port)
    env = environment(settings_dir, folder)
    event = str(world["event"])
    dry = run(
        "--database", core_db.url, "invitations", "send", "--event", event, "--dry-run", env=env
    )
    assert dry.returncode == 0, dry.stderr
    assert "Probelauf" in dry.stdout and "Lena Müller <lena@jugendclub83.example>" in dry.stdout
    assert "Kein Postfach – keine E-Mail-Adresse" in dry.stdout
    assert running.handler.messages == []
    plan = json.loads(
        run(
            "--database",
            core_db.url,
            "invitations",
            "send",
            "--event",
            event,
            "--dry-run",
            "--json",
            env=env,
        ).stdout
    )
    assert plan["dry_run"] and len(plan["recipients"]) == 3
    assert {p["name"] for p in plan["left_out"]} == {"Stefan Groß", "Kein Postfach"}

    sent = run(
        "--database", core_db.url, "invitations", "send", "--event", event, "--json", env=env
    )
    assert sent.returncode == 0, sent.stderr
    report = json.loads(sent.stdout)
    assert [r["email"] for r in report["recipients"]] == [
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
    ]
    assert [(r["email"], r["answer"][:3]) for r in report["refused"]] == [
        ("unbekannt@example.de", "550")
    ]
    assert "unbekannt@example.de" in sent.stderr  # refused: said on stderr as well
    [received] = running.handler.messages
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Message-ID"].strip() == report["message_id"].strip()
    assert PASSWORD not in sent.stdout + sent.stderr
    with core_db.session() as s:
        marked = {p.contact_name for p in sc.get_event(s, world["event"]).participants if p.sent_at}
    assert marked == {"Lena Müller", "Ayşe Öztürk"}

    with core_db.session() as s:
        empty = sc.create_event(
            s,
            sc.EventData(
                title="Leer", start=datetime(2027, 1, 5, 10), end=datetime(2027, 1, 5, 11)
            ),
        ).event.id
    nobody = run("--database", core_db.url, "invitations", "send", "--event", str(empty), env=env)
    assert nobody.returncode == 1
    assert nobody.stderr.startswith("Fehler: Niemand kann per E-Mail eingeladen werden")
    assert "Traceback" not in nobody.stderr


def test_network_error_changes_nothing_and_says_so(
    core_db: Database, db_path: Path, world: dict[str, int], settings_dir: Path, tmp_path: Path
) -> None:
    configure(settings_dir, "127.0.0.1", free_port())
    env = environment(settings_dir, tmp_path)
    failed = run(
        "--database",
        core_db.url,
        "invitations",
        "send",
        "--event",
        str(world["event"]),
        "--method",
        "cancel",
        "-v",
        env=env,
    )
    assert failed.returncode == 1
    assert "abgelehnt" in failed.stderr and "nichts geändert" in failed.stderr
    assert "Traceback" not in failed.stderr and PASSWORD not in failed.stderr
    with core_db.session() as s:
        data = sc.get_event(s, world["event"])
    assert data.status != "abgesagt" and all(p.sent_at is None for p in data.participants)


def test_config_test_smtp(settings_dir: Path, server: tuple[Server, Path]) -> None:
    running, folder = server
    configure(settings_dir, running.host, running.port)
    ok = run("config", "test-smtp", env=environment(settings_dir, folder))
    assert ok.returncode == 0, ok.stderr
    assert "funktioniert" in ok.stdout and USER in ok.stdout
    wrong = run("config", "test-smtp", "-v", env=environment(settings_dir, folder, "falsch"))
    assert wrong.returncode == 1
    assert "Passwort ist falsch" in wrong.stderr and "falsch\n" not in wrong.stderr
    untrusted = environment(settings_dir, folder)
    del untrusted["SSL_CERT_FILE"]
    cert = run("config", "test-smtp", "--json", env=untrusted)
    assert cert.returncode == 1 and "Zertifikat" in cert.stderr
    assert running.handler.messages == []


def test_password_comes_from_the_keyring_before_the_environment(
    monkeypatch: pytest.MonkeyPatch, settings_dir: Path
) -> None:
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    from contactdesk.core.mail.config import smtp_config

    # the backend in use before a new backend class exists (keyring picks among subclasses)
    before = keyring.get_keyring()

    class Memory(KeyringBackend):
        priority = -1  # type: ignore[assignment]  # never chosen on its own
        values: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.values.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.values[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.values.pop((service, username), None)

    configure(settings_dir, "smtp.example.de", 587)
    monkeypatch.setenv("CONTACTDESK_SMTP_PASSWORD", "aus-der-umgebung")
    keyring.set_keyring(fail.Keyring())
    try:
        assert smtp_config().password == "aus-der-umgebung"  # no keyring: the variable
    finally:
        keyring.set_keyring(before)
    try:
        keyring.set_keyring(Memory())
        keyring.set_password("contactdesk", "smtp.password", "aus-dem-schlüsselbund")
        assert smtp_config().password == "aus-dem-schlüsselbund"
        assert "schlüsselbund" not in repr(smtp_config())
    finally:
        keyring.set_keyring(before)
