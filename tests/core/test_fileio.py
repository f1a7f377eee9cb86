"""Atomic writes: the old file survives a failure, no temporary file is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contactdesk.core.errors import ContactdeskError, os_reason
from contactdesk.core.fileio import atomic_write


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "kalender.ics"
    atomic_write(target, b"alt")
    atomic_write(target, b"neu")
    assert target.read_bytes() == b"neu"
    assert [p.name for p in tmp_path.iterdir()] == ["kalender.ics"]


def test_failure_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kontakte.vcf"
    target.write_bytes(b"vorher")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "Kein Speicherplatz")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ContactdeskError, match="nicht verändert"):
        atomic_write(target, b"nachher")
    assert target.read_bytes() == b"vorher"
    assert [p.name for p in tmp_path.iterdir()] == ["kontakte.vcf"]


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ContactdeskError, match="existiert nicht"):
        atomic_write(tmp_path / "fehlt" / "x.csv", b"")


def _locked_by_excel() -> PermissionError:
    """What Windows raises when the target is open in another program (sharing violation)."""
    exc = PermissionError(13, "Der Prozess kann nicht auf die Datei zugreifen")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


def test_file_open_elsewhere_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kontakte.csv"
    target.write_bytes(b"vorher")

    def locked(src: str, dst: str) -> None:
        raise _locked_by_excel()

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ContactdeskError, match="in einem anderen Programm geöffnet") as info:
        atomic_write(target, b"nachher")
    assert "nicht verändert" in info.value.message
    assert target.read_bytes() == b"vorher"


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (FileNotFoundError(2, "No such file or directory"), "nicht gefunden"),
        (IsADirectoryError(21, "Is a directory"), "ist ein Ordner"),
        (NotADirectoryError(20, "Not a directory"), "kein Ordner"),
        (PermissionError(13, "Permission denied"), "keine Berechtigung"),
        (OSError(28, "No space left on device"), "Datenträger ist voll"),
        (OSError(30, "Read-only file system"), "schreibgeschützt"),
        (OSError(5, "Input/output error"), "Input/output error"),
    ],
)
def test_os_reason_speaks_german(exc: OSError, reason: str) -> None:
    assert reason in os_reason(exc)


def test_os_reason_knows_windows_locks_and_full_disks() -> None:
    assert "anderen Programm geöffnet" in os_reason(_locked_by_excel())
    full = OSError(None, "Auf dem Datenträger ist nicht genügend Speicherplatz vorhanden")
    full.winerror = 112  # type: ignore[attr-defined]
    assert os_reason(full) == "der Datenträger ist voll"
