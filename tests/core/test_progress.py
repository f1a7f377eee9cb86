"""The core's progress protocol: a callback reports steps and cancels by raising Cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactdesk.core.db import BackupCancelled
from contactdesk.core.progress import Cancelled, advance


def test_no_callback_is_no_step() -> None:
    advance(None, 1, 2, "x")  # nothing to tell, nothing raised


def test_the_callback_hears_done_total_and_text() -> None:
    heard: list[tuple[int, int, str]] = []
    advance(lambda d, t, text="": heard.append((d, t, text)), 3, 7, "Datei a.vcf")
    assert heard == [(3, 7, "Datei a.vcf")]


def test_a_raised_cancel_becomes_the_callers_own_error() -> None:
    def cancel(done: int, total: int, text: str = "") -> None:
        raise Cancelled

    with pytest.raises(BackupCancelled):
        advance(cancel, 1, 2, error=BackupCancelled)


def test_an_older_callback_cancels_by_returning_false() -> None:
    with pytest.raises(Cancelled):
        advance(lambda d, t: False, 1, 2)
    advance(lambda d, t: True, 1, 2)  # True goes on
    advance(lambda d, t: None, 1, 2)  # and so does a callback that returns nothing


def test_cancelled_contact_exports_write_no_file(tmp_path: Path) -> None:
    from contactdesk.core.db import open_database
    from contactdesk.core.services import contact_exchange as cx
    from contactdesk.core.services import contacts as cs

    db = open_database(tmp_path / "c.sqlite")
    try:
        with db.session() as session:
            for n in range(5):
                cs.create_contact(session, cs.ContactData(first_name="Jörg", last_name=f"M{n}"))
        heard: list[tuple[int, int]] = []

        def cancel_at_the_end(done: int, total: int, text: str = "") -> None:
            heard.append((done, total))
            if done == total:
                raise Cancelled

        for export, name in (
            (cx.export_vcards, "k.vcf"),
            (cx.export_vcard_zip, "k.zip"),
            (cx.export_outlook_csv, "k.csv"),
        ):
            heard.clear()
            with db.session() as session, pytest.raises(Cancelled):
                export(session, tmp_path / name, progress=cancel_at_the_end)
            assert heard and heard[-1][0] == heard[-1][1]
            assert list(tmp_path.glob(name + "*")) == []  # no file, no temporary file
        with db.session() as session:  # and without a cancel the file is written
            result = cx.export_vcard_zip(session, tmp_path / "k.zip", progress=lambda *a: None)
        assert result.count == 5 and (tmp_path / "k.zip").is_file()
    finally:
        db.dispose()
