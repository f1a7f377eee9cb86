"""Helpers of the real-world import tests: the corpus folder (tests/data/realworld/) and
reading, finding and importing its files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from contactdesk.core.formats import ical, outlook_csv, vcard
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import schedule as sc

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "realworld"
BERLIN = ZoneInfo("Europe/Berlin")


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def events(name: str) -> list[ical.InEvent]:
    return [ev for cal in calx.calendars_in(DATA / name) for ev in cal.events]


def by_title(items: list[ical.InEvent], title: str) -> list[ical.InEvent]:
    return [ev for ev in items if ev.title == title]


def contacts(name: str) -> list[vcard.ParsedCard] | list[outlook_csv.ParsedRow]:
    return cx.read_file(DATA / name)


def person(items: list, last: str):  # type: ignore[no-untyped-def]
    [found] = [i.contact for i in items if i.contact and i.contact.last_name == last]
    return found


def occurrences(session: Session, title_part: str) -> list[sc.Occurrence]:
    window = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    return [o for o in sc.occurrences(session, *window) if title_part in o.title]


def import_calendar(session: Session, *names: str) -> calx.CalendarImportReport:
    preview = calx.preview_ics(session, [DATA / n for n in names])
    return calx.commit_ics(session, preview)


def import_contacts(session: Session, *names: str) -> cx.ImportReport:
    preview = cx.preview_import(session, [DATA / n for n in names])
    assert not preview.errors
    return cx.commit_import(session, preview)
