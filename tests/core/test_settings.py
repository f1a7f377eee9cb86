"""The one settings store (core/settings/): file, registry, validation, secrets, CLI."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from contactdesk.cli import main
from contactdesk.core import settings as st
from contactdesk.core.errors import ContactdeskError, ValidationError

ROOT = Path(__file__).resolve().parents[2]


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict (stands in for Credential Manager)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("not stored")
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring() -> Any:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Any:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


# --------------------------------------------------------------------------- file


def test_defaults_without_a_file(settings_dir: Path) -> None:
    s = st.load_settings()
    assert s.path == settings_dir / "settings.json"
    assert s.get("smtp.port") == 587
    assert s.get("smtp.security") == "starttls"
    assert s.get("backup.auto") is True
    assert s.warnings == []
    assert not s.path.exists()  # reading writes nothing


def test_set_converts_validates_and_survives_a_reload(settings_dir: Path) -> None:
    s = st.load_settings()
    assert s.set("smtp.port", "465") == 465
    assert s.set("backup.auto", "nein") is False
    assert s.set("organiser.email", " B.Schaefer@Bitterfeld-Wolfen.DE ") == (
        "B.Schaefer@bitterfeld-wolfen.de"
    )
    s.save()
    again = st.load_settings()
    assert again.get("smtp.port") == 465
    assert again.get("backup.auto") is False
    assert again.get("organiser.email") == "B.Schaefer@bitterfeld-wolfen.de"
    assert json.loads(s.path.read_text("utf-8"))["settings"]["smtp.port"] == 465


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("smtp.port", "abc", "keine ganze Zahl"),
        ("smtp.port", "70000", "zwischen 1 und 65535"),
        ("smtp.security", "tls", "möglich sind: starttls, ssl, none"),
        ("organiser.email", "b.schaefer@", "keine gültige E-Mail-Adresse"),
        ("events.time_zone", "Europe/Bitterfeld", "keine bekannte Zeitzone"),
        ("backup.auto", "vielleicht", "Ja/Nein"),
        ("smtp.host", "smtp example.de", "kein Servername"),
        ("no.such.key", "1", "Unbekannte Einstellung"),
    ],
)
def test_bad_values_are_refused_in_german(key: str, value: str, words: str) -> None:
    s = st.load_settings()
    with pytest.raises(ValidationError) as info:
        s.set(key, value)
    assert words in info.value.message
    assert not s.is_set(key)


def test_file_and_folder_are_private(settings_dir: Path) -> None:
    folder = settings_dir / "neu"
    s = st.load_settings(folder / "settings.json")
    s.set("smtp.user", "ansprechperson")
    s.save()
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(s.path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["settings.json"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_shared_folder_keeps_its_mode(tmp_path: Path) -> None:
    """A settings file saved into a folder that existed before (here one like /tmp: sticky,
    open to all) is private; the folder is not locked for the others (it once made /tmp 0700)."""
    shared = tmp_path / "geteilt"
    shared.mkdir()
    shared.chmod(0o1777)
    s = st.load_settings(shared / "einstellungen.json")
    s.set("town.name", "Bitterfeld-Wolfen")
    s.save()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(s.path.stat().st_mode) == 0o600
    assert st.load_settings(s.path).get("town.name") == "Bitterfeld-Wolfen"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_programs_own_config_folder_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program's own folder may exist from an older version with 0755: the next save
    closes it."""
    own = tmp_path / "config" / "contactdesk"
    own.mkdir(parents=True)
    own.chmod(0o755)
    monkeypatch.setattr(st.store, "default_config_dir", lambda: own)
    s = st.load_settings(own / "settings.json")
    s.set("town.name", "Bitterfeld-Wolfen")
    s.save()
    assert stat.S_IMODE(own.stat().st_mode) == 0o700


def test_a_damaged_file_is_kept_aside_and_defaults_used(settings_dir: Path) -> None:
    path = settings_dir / "settings.json"
    path.write_text('{"settings": {"smtp.port": 465', encoding="utf-8")  # cut off
    s = st.load_settings()
    assert s.get("smtp.port") == 587
    assert "beschädigt" in s.warnings[0] and "Standardwerte" in s.warnings[0]
    assert path.read_text("utf-8").endswith("465")  # reading changed nothing
    s.set("smtp.host", "smtp.bitterfeld-wolfen.de")
    s.save()
    aside = [p for p in settings_dir.iterdir() if p.name.startswith("settings.json.beschaedigt-")]
    assert len(aside) == 1 and aside[0].read_text("utf-8").endswith("465")
    assert st.load_settings().get("smtp.host") == "smtp.bitterfeld-wolfen.de"


@pytest.mark.parametrize("content", [b"[1, 2]", b"\xff\xfe\x00", b'{"settings": 3}'])
def test_other_damage_is_detected(settings_dir: Path, content: bytes) -> None:
    (settings_dir / "settings.json").write_bytes(content)
    s = st.load_settings()
    assert s.warnings and s.get("smtp.port") == 587


def test_a_broken_value_reads_as_default_and_unknown_keys_are_kept(settings_dir: Path) -> None:
    path = settings_dir / "settings.json"
    path.write_text(
        json.dumps({"settings": {"smtp.port": "viele", "future.key": [1], "smtp.user": "x"}}),
        encoding="utf-8",
    )
    s = st.load_settings()
    assert s.get("smtp.port") == 587
    assert any("smtp.port" in w for w in s.warnings)
    s.set("smtp.user", "y")
    s.save()
    stored = json.loads(path.read_text("utf-8"))["settings"]
    assert stored["future.key"] == [1] and stored["smtp.user"] == "y"


def test_save_into_an_unwritable_place_says_so_in_german(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner", encoding="utf-8")
    s = st.load_settings(blocker / "settings.json")
    with pytest.raises(ContactdeskError) as info:
        s.save()
    assert "Ordner der Einstellungen" in info.value.message


def test_items_cover_every_key_in_order() -> None:
    s = st.load_settings()
    assert [k for k, _v in s.items()] == list(st.KEYS)
    for key, spec in st.KEYS.items():
        assert spec.description, key
        assert st.convert(key, spec.default) == spec.default  # every default is valid


def test_smtp_none_only_for_this_machine() -> None:
    s = st.load_settings()
    with pytest.raises(ValidationError, match="kein SMTP-Server"):
        st.smtp_settings(s)
    s.set("smtp.host", "smtp.bitterfeld-wolfen.de")
    s.set("smtp.security", "none")
    with pytest.raises(ValidationError) as info:
        st.smtp_settings(s)
    assert "127.0.0.1 oder localhost" in info.value.message
    s.set("smtp.host", "localhost")
    assert st.smtp_settings(s) == st.SmtpSettings("localhost", 587, "none", "")
    s.set("smtp.host", "127.0.0.1")
    s.set("smtp.security", "ssl")
    s.set("smtp.port", 465)
    assert st.smtp_settings(s).port == 465


# --------------------------------------------------------------------------- secrets


def test_secret_in_the_keyring(memory_keyring: MemoryKeyring, settings_dir: Path) -> None:
    assert st.get_secret("smtp.password") is None
    st.set_secret("smtp.password", "geheim-123")
    assert memory_keyring.store[("contactdesk", "smtp.password")] == "geheim-123"
    assert st.get_secret("smtp.password") == "geheim-123"
    assert st.secret_source("smtp.password") == "keyring"
    s = st.load_settings()
    s.set("smtp.user", "u")
    s.save()
    assert "geheim-123" not in s.path.read_text("utf-8")
    st.delete_secret("smtp.password")
    st.delete_secret("smtp.password")  # twice: nothing to delete is fine
    assert st.get_secret("smtp.password") is None


def test_without_keyring_the_environment_is_read(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert st.get_secret("smtp.password") is None
    monkeypatch.setenv("CONTACTDESK_SMTP_PASSWORD", "aus-der-umgebung")
    assert st.get_secret("smtp.password") == "aus-der-umgebung"
    assert st.secret_source("smtp.password") == "environment"
    with pytest.raises(ContactdeskError) as info:
        st.set_secret("smtp.password", "geheim-456")
    assert "CONTACTDESK_SMTP_PASSWORD" in info.value.message
    assert "geheim-456" not in info.value.message
    st.delete_secret("smtp.password")  # no keyring: nothing to delete, no error


def test_unknown_secret_is_refused() -> None:
    with pytest.raises(ValidationError):
        st.get_secret("bank.pin")


# --------------------------------------------------------------------------- command line


def test_cli_set_get_list(settings_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "smtp.port", "465"]) == 0
    assert main(["config", "set", "smtp.host", "smtp.bitterfeld-wolfen.de"]) == 0
    capsys.readouterr()
    assert main(["config", "get", "smtp.port", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"key": "smtp.port", "value": 465, "set": True}
    assert main(["config", "get", "smtp.security"]) == 0
    assert capsys.readouterr().out.strip() == "starttls"
    assert main(["config", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in listed["settings"]}
    assert set(rows) == set(st.KEYS)
    assert rows["smtp.host"]["value"] == "smtp.bitterfeld-wolfen.de" and rows["smtp.host"]["set"]
    assert rows["smtp.port"]["default"] == 587
    assert listed["smtp_password"] is None
    assert main(["config", "list"]) == 0
    text = capsys.readouterr().out
    assert "smtp.host" in text and "smtp.bitterfeld-wolfen.de" in text and "(Standard)" in text
    assert main(["config", "unset", "smtp.port"]) == 0
    assert st.load_settings().get("smtp.port") == 587


def test_cli_refuses_unknown_keys_and_bad_values(
    settings_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "set", "smtp.port", "zwei"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: smtp.port:") and "Traceback" not in err
    assert main(["config", "get", "smtp.passwort"]) == 1
    assert "Unbekannte Einstellung" in capsys.readouterr().err
    assert not (settings_dir / "settings.json").exists()


def test_cli_set_password_reads_stdin_never_argv(settings_dir: Path, tmp_path: Path) -> None:
    """A real process: without a keyring (headless) the password is refused with the hint,
    and it appears nowhere: not in the output, not in the settings file."""
    env = dict(
        os.environ,
        CONTACTDESK_CONFIG_DIR=str(settings_dir),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "config", "set-password"],
        input="streng-geheim\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "CONTACTDESK_SMTP_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    assert "streng-geheim" not in done.stdout + done.stderr
    refused = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "config", "set-password", "streng-geheim"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert refused.returncode == 2  # no password on the command line


def test_cli_set_password_into_the_keyring(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("pass wort\n"))
    assert main(["config", "set-password"]) == 0
    assert memory_keyring.store[("contactdesk", "smtp.password")] == "pass wort"
    assert "pass wort" not in capsys.readouterr().out
    assert main(["config", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["smtp_password"] == "keyring"
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert main(["config", "set-password"]) == 1  # empty: nothing changed
    assert memory_keyring.store[("contactdesk", "smtp.password")] == "pass wort"
    assert main(["config", "delete-password"]) == 0
    assert not memory_keyring.store


def test_a_save_keeps_what_another_process_saved_meanwhile(settings_dir: Path) -> None:
    """The window holds its settings for hours; a `config set` in between is not undone."""
    window = st.load_settings()
    window.set("town.name", "Stadt Wolfen")
    window.save()
    cli = st.load_settings()
    cli.set("smtp.host", "smtp.bitterfeld-wolfen.de")
    cli.set("town.name", "Stadt Bitterfeld-Wolfen")
    cli.reset("smtp.port")
    cli.save()
    window.set("backup.keep", 7)
    window.save()
    final = st.load_settings()
    assert final.get("smtp.host") == "smtp.bitterfeld-wolfen.de"
    assert final.get("town.name") == "Stadt Bitterfeld-Wolfen"  # the window did not change it again
    assert final.get("backup.keep") == 7
    assert window.get("smtp.host") == "smtp.bitterfeld-wolfen.de"  # the window sees it now


def test_a_file_damaged_meanwhile_is_set_aside_not_overwritten(settings_dir: Path) -> None:
    s = st.load_settings()
    s.set("smtp.user", "a")
    s.save()
    s.path.write_text("{kaputt", encoding="utf-8")
    s.set("smtp.user", "b")
    s.save()
    aside = [p for p in settings_dir.iterdir() if ".beschaedigt-" in p.name]
    assert [p.read_text("utf-8") for p in aside] == ["{kaputt"]
    assert st.load_settings().get("smtp.user") == "b"


def test_cli_warns_about_unencrypted_smtp_to_another_host(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "set", "smtp.security", "none"]) == 0
    assert "Hinweis" not in capsys.readouterr().err  # no server yet: nothing to say
    assert main(["config", "set", "smtp.host", "smtp.bitterfeld-wolfen.de"]) == 0
    assert "Hinweis: Ohne Verschlüsselung" in capsys.readouterr().err
    assert main(["config", "set", "smtp.host", "localhost"]) == 0
    assert "Hinweis" not in capsys.readouterr().err
