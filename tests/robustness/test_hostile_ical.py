"""Hostile and odd .ics input: every failure is the import's own German ImportError_, time
zones are resolved per file, recurrence expansion is bounded (issue 18, findings 3, 5, 6, 7)."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import ical
from contactdesk.core.services import calendar_exchange as cx
from tests.robustness.hostile_files import berlin_vtimezone, calendar, event, vtimezone


def _custom(offset: str | None) -> bytes:
    """An event at 10:00 in "Customized Time Zone": a fixed offset, or Berlin's rules (None)."""
    zone = (
        berlin_vtimezone("Customized Time Zone")
        if offset is None
        else vtimezone("Customized Time Zone", offset)
    )
    return calendar(event(start='DTSTART;TZID="Customized Time Zone":20240320T100000'), zone)


def test_custom_zone_of_one_file_does_not_leak_into_the_next(tmp_path: Path) -> None:
    """Finding 3: two files with the same custom TZID and different definitions."""
    first = ical.parse(_custom("+0530"), "indien.ics")
    second = ical.parse(_custom(None), "berlin.ics")
    berlin = second.events[0]
    assert berlin.tz == "Europe/Berlin"
    assert berlin.start == datetime(2024, 3, 20, 10, 0)
    # the first file's zone is not Berlin: its instant is 04:30 UTC, kept as UTC wall time
    india = first.events[0]
    assert (india.start, india.tz) == (datetime(2024, 3, 20, 4, 30), "UTC")


def test_custom_zones_imported_together_in_one_preview(db, tmp_path: Path) -> None:
    """Finding 3 through the import plan: both files previewed together."""
    (tmp_path / "a.ics").write_bytes(_custom("+0530"))
    (tmp_path / "b.ics").write_bytes(_custom(None).replace(b"UID:e1@test", b"UID:e2@test"))
    with db.session() as session:
        preview = cx.preview_ics(session, [tmp_path / "a.ics", tmp_path / "b.ics"])
    starts = {e.file: e.event.start for e in preview.entries if e.event}
    assert starts["b.ics"] == datetime(2024, 3, 20, 10, 0)
