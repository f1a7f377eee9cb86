"""Finding 8 of issue 18: other local users. Opened documents went to a fixed
/tmp/contactdesk-dokumente/<id>/ (0755/0644), the single-instance socket had a predictable
name in the shared temp folder, and the database, WAL/SHM, backups, lock, log and settings were
created 0644 in 0755 folders. Checked by stat on the files that real processes create."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most desktops give (0022): without care files would be 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONTACTDESK_CONFIG_DIR=str(tmp_path / "cfg"))
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip


def test_command_line_creates_database_backups_and_folders_privately(tmp_path: Path) -> None:
    database = tmp_path / "neu" / "daten" / "contactdesk.sqlite"
    assert run_cli("--database", str(database), "demo", tmp_path=tmp_path).returncode == 0
    backup = tmp_path / "sicherungen" / "s.sqlite"
    result = run_cli("--database", str(database), "backup", "--out", str(backup), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert mode(database) == 0o600 and mode(database.parent) == 0o700
    assert mode(database.with_name(database.name + ".lock")) == 0o600
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    assert run_cli("--database", str(database), "backup", "--out", str(backup), tmp_path=tmp_path)
    assert mode(backup) == 0o600  # replaced, still private


def test_database_and_its_wal_and_shm_are_private_even_with_a_lax_umask(
    tmp_path: Path, usual_umask: None
) -> None:
    database = tmp_path / "ordner" / "contactdesk.sqlite"
    db = open_database(database)
    try:
        with db.session() as session:
            cs.create_contact(session, cs.ContactData(last_name="Privat"))
        with db.engine.connect() as conn:  # keeps -wal and -shm while we look
            conn.exec_driver_sql("SELECT 1").all()
            for name in ("", "-wal", "-shm"):
                path = database.with_name(database.name + name)
                assert path.exists() and mode(path) == 0o600, (name, oct(mode(path)))
    finally:
        db.dispose()
    assert mode(database.parent) == 0o700


def test_automatic_and_pre_update_copies_are_private(tmp_path: Path, usual_umask: None) -> None:
    from datetime import date

    from contactdesk.core import backup as bk

    database = tmp_path / "contactdesk.sqlite"
    open_database(database).dispose()
    made = bk.auto_backup(database, today=date(2024, 3, 1))
    assert made is not None and mode(made) == 0o600
    from contactdesk.core.db import backup_sqlite_file

    copy = backup_sqlite_file(database, tmp_path / "x.vor-update-1.sqlite")
    assert mode(copy) == 0o600


def test_documents_open_from_a_private_random_folder(usual_umask: None) -> None:
    from contactdesk.gui.views import agreement_editor

    folder = agreement_editor.document_folder()
    assert folder != Path(tempfile.gettempdir()) / "contactdesk-dokumente"
    assert folder.parent == Path(tempfile.gettempdir())
    assert mode(folder) == 0o700 and folder.stat().st_uid == os.getuid()
    assert agreement_editor.document_folder() == folder  # one per process
    assert len(folder.name) > len("contactdesk-dokumente-") + 4  # a random part


def test_window_socket_log_and_lock_are_private(tmp_path: Path) -> None:
    from contactdesk.gui.instance import server_name

    data_home = Path(tempfile.mkdtemp(prefix="cd"))  # short: socket paths have ~100 bytes
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(data_home),
        XDG_RUNTIME_DIR="",
        CONTACTDESK_LOG_DIR=str(tmp_path / "log"),
        CONTACTDESK_RECOVERY_DIR=str(tmp_path / "recovery"),
        CONTACTDESK_CONFIG_DIR=str(tmp_path / "cfg"),
        PYTHONPATH=str(ROOT),
    )
    database = tmp_path / "db" / "contactdesk.sqlite"
    cmd = [sys.executable, str(ROOT / "main.py"), "--database", str(database), "--no-welcome"]
    window = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    log = tmp_path / "log" / "contactdesk.log"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if log.exists() and "single instance server listening" in log.read_text("utf-8"):
                break
            assert window.poll() is None, window.communicate()
            time.sleep(0.1)
        text = log.read_text("utf-8")
        socket = Path(text.split("single instance server listening as ", 1)[1].split()[0])
        assert socket.is_absolute() and socket.exists()
        assert socket.parent == data_home / "contactdesk" / "laufzeit"
        assert mode(socket.parent) == 0o700 and socket.parent.stat().st_uid == os.getuid()
        assert mode(log) == 0o600 and mode(log.parent) == 0o700
        while not database.exists() and time.monotonic() < deadline:  # the second step
            assert window.poll() is None, window.communicate()
            time.sleep(0.1)
        for path in (database, database.with_name(database.name + ".lock")):
            assert mode(path) == 0o600, path
        assert mode(database.parent) == 0o700
    finally:
        window.terminate()
        window.wait(30)
        import shutil

        shutil.rmtree(data_home, ignore_errors=True)
    assert Path(server_name("sqlite:////x.sqlite")).is_absolute()  # a path, not a shared name
