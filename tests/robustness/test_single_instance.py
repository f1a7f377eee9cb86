"""Two real processes: a second start of the same database brings the first window to the
front and exits; another database gets its own window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from contactdesk.core import backup as bk
from contactdesk.gui.instance import server_name

ROOT = Path(__file__).resolve().parents[2]


def env_for(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings: no welcome, isolated
        XDG_DATA_HOME=str(tmp_path / "data"),
        CONTACTDESK_LOG_DIR=str(tmp_path / "log"),
        CONTACTDESK_RECOVERY_DIR=str(tmp_path / "recovery"),
        PYTHONPATH=str(ROOT),
    )


def wait_for_log(log: Path, text: str, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(encoding="utf-8"):
            return
        assert proc.poll() is None, f"first instance ended: {proc.communicate()}"
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged in {timeout} s")


def test_second_start_activates_the_running_window(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    database = tmp_path / "contactdesk.sqlite"
    cmd = [sys.executable, str(ROOT / "main.py"), "--database", str(database), "--no-welcome"]
    first = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    log = tmp_path / "log" / "contactdesk.log"
    try:
        wait_for_log(log, "single instance server listening", first)
        assert bk.is_in_use(database)  # the window holds the lock: a CLI restore refuses
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0
        assert "bereits geöffnet" in second.stderr
        wait_for_log(log, "activation requested by a second start", first)
        assert first.poll() is None  # still running, with its one window
    finally:
        first.terminate()
        first.wait(30)
    assert not bk.is_in_use(database)  # the OS released the lock with the process


def test_server_names_differ_per_database() -> None:
    a = server_name("sqlite:////home/a/contactdesk.sqlite")
    assert a == server_name("sqlite:////home/a/contactdesk.sqlite")
    assert a != server_name("sqlite:////home/a/andere.sqlite")
    # POSIX: a socket in the user's own 0700 folder (not a guessable name in /tmp)
    assert (Path(a).name.startswith("cd-") and len(os.fsencode(a)) <= 103) or os.name != "posix"
