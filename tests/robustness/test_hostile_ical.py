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
from tests.robustness.hostile_files import (
    berlin_vtimezone,
    calendar,
    eml_with_calendar,
    event,
    vtimezone,
)


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


# --------------------------------------------------------------------------- finding 5: hangs


def test_vtimezone_changing_every_second_is_refused_before_parsing() -> None:
    zone = vtimezone("Sekundenzone", "+0100", rrule="FREQ=SECONDLY")
    data = calendar(event(start="DTSTART;TZID=Sekundenzone:20240320T100000"), zone)
    with pytest.raises(ImportError_) as info:
        ical.parse(data, "sekunden.ics")
    assert "Zeitzone" in info.value.message and "FREQ=SECONDLY" in info.value.message
    assert info.value.file == "sekunden.ics" and info.value.line is not None


@pytest.mark.parametrize(
    "rule",
    ["FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;BYHOUR=0,1,2,3", "FREQ=YEARLY;INTERVAL=0", "FREQ=DAILY"],
)
def test_other_runaway_zone_rules_are_refused(rule: str) -> None:
    zone = vtimezone("Zone", "+0100", rrule=rule)
    with pytest.raises(ImportError_, match="VTIMEZONE"):
        ical.parse(calendar(event(start="DTSTART;TZID=Zone:20240320T100000"), zone), "z.ics")


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=WEEKLY;INTERVAL=-3", "INTERVAL=-3"),
        ("FREQ=MINUTELY", "nicht häufiger"),
        ("FREQ=DAILY;BYHOUR=9,10,11", "nicht häufiger"),
        ("FREQ=DAILY;COUNT=0", "COUNT=0"),
    ],
)
def test_runaway_event_rules_are_refused_with_a_reason(
    db, tmp_path: Path, rule: str, words: str
) -> None:
    path = tmp_path / "serie.ics"
    path.write_bytes(calendar(event(extra=f"RRULE:{rule}\r\n")))
    with db.session() as session:
        preview = cx.preview_ics(session, [path])
    (entry,) = preview.entries
    assert entry.action == "ungültig" and words in entry.reason


def test_override_of_a_refused_series_does_not_hang_the_real_import(db, tmp_path: Path) -> None:
    body = event(extra="RRULE:FREQ=DAILY;INTERVAL=0\r\n") + event(
        start="DTSTART:20240321T120000Z",
        extra="RECURRENCE-ID:20240321T100000Z\r\n",
        summary="Verschoben",
    )
    path = tmp_path / "serie.ics"
    path.write_bytes(calendar(body))
    with db.session() as session:
        preview = cx.preview_ics(session, [path])
        report = cx.commit_ics(session, preview)
        session.commit()
    assert len(report.invalid) == 1 and "INTERVAL=0" in report.invalid[0]
    assert report.created == ["Verschoben (serie.ics)"]  # stands alone, its series is refused


def test_a_stored_series_with_interval_0_shows_once_in_the_agenda(db) -> None:
    """A rule written by an older version or another program is never looped over."""
    from sqlalchemy import update

    from contactdesk.core.models import Event
    from contactdesk.core.services import schedule as sc

    with db.session() as session:
        data = sc.EventData(
            kind="sonstiger_termin",
            title="Alte Serie",
            start=datetime(2024, 3, 20, 10),
            end=datetime(2024, 3, 20, 11),
            rrule="FREQ=DAILY",
        )
        event_id = sc.create_event(session, data).event.id
        session.execute(
            update(Event).where(Event.id == event_id).values(rrule="FREQ=DAILY;INTERVAL=0")
        )
        session.commit()
    with db.session() as session:
        month = sc.occurrences(
            session, datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)
        )
        later = sc.occurrences(
            session, datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)
        )
    assert [o.title for o in month] == ["Alte Serie"]
    assert later == []


def test_a_rule_that_never_occurs_is_refused_before_it_is_walked() -> None:
    """30 February never comes: dateutil would walk day by day to the year 9999 (it checks
    UNTIL and COUNT only against occurrences it found), seconds for every expansion."""
    from contactdesk.core import timezones as tzs
    from contactdesk.core.errors import ValidationError

    start = datetime(2024, 1, 30, 10, tzinfo=tzs.zone("Europe/Berlin"))
    for rule in (
        "FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYYEARDAY=366;BYMONTH=1",
    ):
        with pytest.raises(ValidationError, match="keinen einzigen Termin"):
            tzs.parse_rule(rule, start)
    with pytest.raises(ValidationError, match="immer denselben Wochentag"):
        tzs.parse_rule("FREQ=DAILY;INTERVAL=14;BYDAY=MO", start)
    # real rules still expand, also rare ones (29 February, the fifth Friday of a month)
    assert tzs.parse_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start)[0].year == 2024
    assert tzs.parse_rule("FREQ=MONTHLY;BYDAY=5FR", start)[0] == datetime(
        2024, 3, 29, 10, tzinfo=tzs.zone("Europe/Berlin")
    )
    last_possible = tzs.parse_rule("FREQ=YEARLY", start)[-1]
    assert last_possible.year == 2024 + tzs.SPAN_YEARS - 1


def test_a_huge_header_in_an_email_is_refused_before_parsing() -> None:
    from contactdesk.core.formats import eml

    ics = calendar(event())
    data = eml_with_calendar(ics, "Content-Transfer-Encoding: " + "(" * 100_000 + "\r\n")
    with pytest.raises(ImportError_) as info:
        eml.calendar_parts(data, "gross.eml")
    assert "Kopfzeile" in info.value.message and info.value.line == 5


def test_an_email_with_long_folded_recipient_list_is_still_read() -> None:
    from contactdesk.core.formats import eml

    recipients = ",\r\n ".join(f"Person {i} <p{i}@example.org>" for i in range(600))
    data = eml_with_calendar(calendar(event()), f"Cc: {recipients}\r\n")
    assert len(eml.calendar_parts(data, "viele.eml")) == 1


# --------------------------------------------------------------------------- finding 6/7


def test_impossible_rdate_is_reported_not_raised() -> None:
    cal = ical.parse(calendar(event(extra="RRULE:FREQ=WEEKLY\r\nRDATE:20210230\r\n")), "r.ics")
    assert len(cal.events) == 1
    assert any("20210230" in p for p in cal.problems)


def test_impossible_exdate_makes_the_event_invalid_in_german() -> None:
    cal = ical.parse(
        calendar(event(extra="RRULE:FREQ=WEEKLY\r\nEXDATE:20210230T100000Z\r\n")), "x.ics"
    )
    assert cal.events == []
    assert "unlesbare Ausnahme (EXDATE)" in cal.problems[0]
    assert "day is out of range" not in cal.problems[0]


@pytest.mark.parametrize(
    "start",
    [
        "DTSTART;TZID=Europe/Berlin:00010101T000000",
        "DTSTART:99991231T233000Z",
        "DTSTART;VALUE=DATE:99991231",
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_in_german(
    db, tmp_path: Path, start: str
) -> None:
    path = tmp_path / "rand.ics"
    path.write_bytes(calendar(event(start=start)))
    with db.session() as session:
        preview = cx.preview_ics(session, [path])
        report = cx.commit_ics(session, preview)
    assert report.created == []
    assert all(e.action == "ungültig" for e in preview.entries)


def test_a_long_tzid_is_an_unknown_zone_not_a_file_name() -> None:
    tzid = "Zone" + "x" * 400
    cal = ical.parse(
        calendar(event(start=f"DTSTART;TZID={tzid}:20240320T100000"), vtimezone(tzid, "+0100")),
        "lang.ics",
    )
    text = " ".join(cal.problems)
    assert "Name ist zu lang" not in text
    assert len(cal.events) == 1  # the file's own VTIMEZONE says what the zone is


def test_long_x_wr_timezone_falls_back_to_the_default_zone() -> None:
    data = calendar(event(start="DTSTART:20240320T090000Z")).replace(
        b"VERSION:2.0\r\n", b"VERSION:2.0\r\nX-WR-TIMEZONE:" + b"A/" * 300 + b"\r\n"
    )
    (ev,) = ical.parse(data, "x.ics").events
    assert (ev.tz, ev.start) == ("Europe/Berlin", datetime(2024, 3, 20, 10, 0))


def test_icalendar_warnings_do_not_reach_stderr() -> None:
    data = calendar(
        event(start="DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Berlin:20240320T100000")
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (ev,) = ical.parse(data, "evolution.ics").events
    assert caught == []
    assert ev.start == datetime(2024, 3, 20, 10, 0)


def test_deep_nesting_is_refused_before_parsing() -> None:
    body = "BEGIN:X-A\r\n" * 5000 + "END:X-A\r\n" * 5000
    with pytest.raises(ImportError_, match="schachtelt"):
        ical.parse(calendar(body), "tief.ics")


def test_an_overlong_property_is_refused_with_its_line() -> None:
    data = calendar(event(extra="DESCRIPTION:" + "x" * 1_100_000 + "\r\n"))
    with pytest.raises(ImportError_) as info:
        ical.parse(data, "lang.ics")
    assert "je Angabe" in info.value.message and info.value.line == 9


def test_standalone_override_imported_twice_is_not_stored_twice(db, tmp_path: Path) -> None:
    """Finding 6: IntegrityError (UNIQUE event.uid) when a changed occurrence of an unknown
    series came a second time (same file again, or two files in one import)."""
    body = event(start="DTSTART:20240321T120000Z", extra="RECURRENCE-ID:20240321T100000Z\r\n")
    (tmp_path / "a.ics").write_bytes(calendar(body))
    (tmp_path / "b.ics").write_bytes(calendar(body.replace("SUMMARY:Sitzung", "SUMMARY:Neu") + ""))
    with db.session() as session:
        cx.commit_ics(session, cx.preview_ics(session, [tmp_path / "a.ics"]))
        session.commit()
    with db.session() as session:
        preview = cx.preview_ics(session, [tmp_path / "a.ics", tmp_path / "b.ics"])
        report = cx.commit_ics(session, preview)
        session.commit()
    assert report.created == []
    from sqlalchemy import func, select

    from contactdesk.core.models import Event

    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_more_events_than_the_limit_are_refused_before_parsing() -> None:
    from contactdesk.core.formats import limits

    body = "".join(event(uid=f"e{i}") for i in range(limits.MAX_EVENTS + 1))
    with pytest.raises(ImportError_, match=r"mehr als 10\.000 Termine"):
        ical.parse(calendar(body), "viele.ics")


def test_zones_that_would_expand_to_millions_of_changes_are_refused() -> None:
    zones = "".join(
        vtimezone(f"Zone{i}", "+0100", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1,2,3,4,5,6,7").replace(
            "DTSTART:16011028T030000", "DTSTART:00010101T000000"
        )
        for i in range(10)
    )
    with pytest.raises(ImportError_, match=r"mehr als 300\.000 Umstellungen"):
        ical.parse(calendar(event(start="DTSTART;TZID=Zone1:20240320T100000"), zones), "z.ics")


def test_an_email_of_thousands_of_parts_is_refused() -> None:
    from contactdesk.core.formats import eml

    part = "--b\r\nContent-Type: text/plain\r\n\r\nHallo\r\n"
    data = (
        "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + part * 1500
        + "--b--\r\n"
    ).encode()
    with pytest.raises(ImportError_, match="mehr als 1000 Teilen"):
        eml.calendar_parts(data, "teile.eml")


def test_a_huge_sequence_is_read_as_0() -> None:
    data = calendar(event(extra="SEQUENCE:" + "9" * 40 + "\r\n"))
    (ev,) = ical.parse(data, "seq.ics").events
    assert ev.sequence == 0


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=1³", "FREQ=DAILY;COUNT=²"])
def test_digits_int_refuses_are_not_numbers(rule: str) -> None:
    from contactdesk.core import timezones as tzs
    from contactdesk.core.errors import ValidationError

    with pytest.raises(ValidationError):
        tzs.check_rule_limits(rule)
