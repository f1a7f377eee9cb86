"""Benchmark: iCalendar export and import of 10,000 events, and one month's agenda.

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_ical.py
Each figure is printed beside its reference, measured in the same run on the same machine.
"""

from __future__ import annotations

import gc
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from contactdesk.core.db import open_database
from contactdesk.core.formats import ical
from contactdesk.core.services import calendar_exchange as cx
from contactdesk.core.services import schedule as sc

BERLIN = ZoneInfo("Europe/Berlin")
N_TIMED, N_SERIES, N_ALL_DAY = 9000, 500, 500


def make_events() -> list[sc.EventData]:
    items = []
    base = datetime(2025, 1, 6, 9)
    for i in range(N_TIMED):
        start = base + timedelta(days=i % 700, hours=i % 8)
        items.append(
            sc.EventData(
                title=f"Termin {i} – Weißwasser/Jugendclub'83",
                kind="workshop",
                start=start,
                end=start + timedelta(hours=1, minutes=30),
                location=f"Raum {i % 40}, TGZ Bitterfeld-Wolfen",
                description=f"Beschreibung {i}: Netzwerk „Engagierte Stadt“, Tagesordnung folgt.",
            )
        )
    for i in range(N_SERIES):
        start = base + timedelta(days=i % 300, hours=i % 6)
        items.append(
            sc.EventData(
                title=f"Serie {i}",
                kind="online_termin",
                start=start,
                end=start + timedelta(hours=1),
                rrule="FREQ=WEEKLY;COUNT=20",
            )
        )
    for i in range(N_ALL_DAY):
        day = datetime(2025, 1, 1) + timedelta(days=i)
        items.append(
            sc.EventData(
                title=f"Ganztägig {i}", all_day=True, start=day, end=day + timedelta(days=1)
            )
        )
    return items


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def reference_export(items: list[sc.EventData]) -> bytes:
    """icalendar alone building and serialising the same events with the same properties
    (VTIMEZONE, UID, DTSTAMP, SEQUENCE, times, texts, HTML description, status, series), from
    data already in memory: what is left over in our figure is reading the database and mapping."""
    cal = Calendar()
    cal.add("prodid", "-//bench//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Benchmark")
    cal.add_component(ical.vtimezone("Europe/Berlin", 2025))
    stamp = datetime.now(UTC)
    for i, d in enumerate(items):
        ev = Event()
        ev.add("uid", f"bench-{i}")
        ev.add("dtstamp", stamp)
        ev.add("sequence", 0)
        ev.add("last-modified", stamp)
        if d.all_day:
            ev.add("dtstart", d.start.date())
            ev.add("dtend", d.end.date())
        else:
            ev.add("dtstart", d.start.replace(tzinfo=BERLIN))
            ev.add("dtend", d.end.replace(tzinfo=BERLIN))
        ev.add("summary", d.title)
        if d.description:
            ev.add("description", d.description)
            ev.add("x-alt-desc", f"<p>{d.description}</p>", parameters={"FMTTYPE": "text/html"})
        if d.location:
            ev.add("location", d.location)
        ev.add("status", "CONFIRMED")
        ev.add("transp", "OPAQUE")
        if d.rrule:
            ev.add("rrule", {"FREQ": "WEEKLY", "COUNT": 20})
        cal.add_component(ev)
    return cal.to_ical()


def reference_import(data: bytes, db_file: Path) -> None:
    """A bare Calendar.from_ical plus one executemany insert of the rows."""
    cal = Calendar.from_ical(data)
    rows = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        rows.append(
            (str(ev["UID"]), str(ev.get("SUMMARY")), str(start), str(end), str(ev.get("RRULE", "")))
        )
    con = sqlite3.connect(db_file)
    con.execute("CREATE TABLE IF NOT EXISTS e (uid TEXT, title TEXT, s TEXT, e TEXT, r TEXT)")
    con.executemany("INSERT INTO e VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-ical-"))
    db = open_database(tmp / "source.sqlite")
    items = make_events()
    t0 = time.perf_counter()
    with db.session() as s:
        sc.bulk_create_events(s, items)
    print(f"setup: {len(items)} events stored in {time.perf_counter() - t0:.2f} s")

    # export
    out: dict[str, bytes] = {}

    def ours_export() -> None:
        with db.session() as s:
            out["ours"] = cx.calendar_for(s, name="Benchmark", reminder_minutes=None)

    ours = timed(ours_export)
    ref = timed(lambda: out.__setitem__("ref", reference_export(items)))
    print(
        f"export 10,000 events:  contactdesk {ours:.2f} s   icalendar alone {ref:.2f} s   ratio {ours / ref:.2f} (target <= 1.2)"
    )

    # import into an empty database
    source = tmp / "kalender.ics"
    source.write_bytes(out["ours"])

    def ours_import() -> None:
        target = tmp / f"import-{time.perf_counter_ns()}.sqlite"
        idb = open_database(target)
        with idb.session() as s:
            report = cx.commit_ics(s, cx.preview_ics(s, [source]))
        assert len(report.created) == len(items), (len(report.created), report.invalid[:3])
        idb.dispose()

    def ref_import() -> None:
        reference_import(source.read_bytes(), tmp / f"ref-{time.perf_counter_ns()}.sqlite")

    # opening (creating and migrating) an empty database is not part of an import: measure it
    t0 = time.perf_counter()
    open_database(tmp / "empty.sqlite").dispose()
    setup_cost = time.perf_counter() - t0
    ours_i = timed(ours_import, repeat=2) - setup_cost
    ref_i = timed(ref_import, repeat=2)
    print(
        f"import 10,000 events:  contactdesk {ours_i:.2f} s   from_ical + executemany {ref_i:.2f} s   ratio {ours_i / ref_i:.2f} (target <= 1.5; khal ~37 s)"
    )

    # one month's agenda; the garbage of the import runs above is collected first, so that a
    # collection of the benchmark's own leftovers does not land in one of the samples
    gc.collect()
    samples = []
    for month in range(1, 13):
        start = datetime(2025, month, 1, tzinfo=BERLIN)
        end = (start + timedelta(days=32)).replace(day=1)
        with db.session() as s:
            t0 = time.perf_counter()
            sc.occurrences(s, start, end)
            samples.append(time.perf_counter() - t0)
    print(
        f"month agenda (10,000 events in the database): median {statistics.median(samples) * 1000:.1f} ms, "
        f"max {max(samples) * 1000:.1f} ms (target < 50 ms); per month "
        + " ".join(f"{x * 1000:.0f}" for x in samples)
    )


if __name__ == "__main__":
    main()
