"""Atomic writes: the old file survives a failure, no temporary file is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contactdesk.core.errors import ContactdeskError
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
