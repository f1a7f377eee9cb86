"""Benchmark: preview of 200 answers to invitations, Outlook .msg and .eml mixed (issue 12: under
2 s), beside reading the same files alone.

Run apart from the test suite, from the repository root (it uses the test's .msg writer):
    .venv/bin/python -m tests.benchmarks.bench_msg

The import plan (core/services/imports.py) is not on this branch yet: the preview measured here
is what it will call for these files, read_msg / eml.calendar_parts + ical.parse and the
calendar preview (calendar_exchange.preview_ics_data) against a database with the 200 events.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from contactdesk.core.db import open_database
from contactdesk.core.formats import eml, ical
from contactdesk.core.formats.msg import read_msg
from contactdesk.core.services import calendar_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from tests.core.formats import msgbuild as mb

N = 200
TARGET_SECONDS = 2.0


def reply_msg(uid: str, start: datetime, index: int) -> bytes:
    b = mb.MsgBuilder(
        "IPM.Schedule.Meeting.Resp.Pos" if index % 3 else "IPM.Schedule.Meeting.Resp.Neg"
    )
    b.props.text(0x0037, f"Zugesagt: Termin {index}").text(0x0E1D, f"Termin {index}")
    b.props.text(0x0C1A, f"Person {index}").text(0x0C1F, f"person{index}@example.org")
    b.props.text(0x0C1E, "SMTP").text(0x1000, "Ich komme gern. " * 20)
    b.named(mb.PSETID_APPOINTMENT, 0x820D, mb.PT_SYSTIME, start)
    b.named(mb.PSETID_APPOINTMENT, 0x820E, mb.PT_SYSTIME, start + timedelta(hours=1))
    b.named(mb.PSETID_MEETING, 0x0003, mb.PT_BINARY, mb.global_id(uid))
    b.recipient("Anna Schulz", "anna@stadt.example")
    return b.build()


def reply_eml(uid: str, start: datetime, index: int) -> bytes:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Person {index}:mailto:person{index}@example.org\r\n"
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\nUID:{uid}\r\nSEQUENCE:0\r\n"
        f"DTSTAMP:20261201T090000Z\r\nSUMMARY:Zugesagt: Termin {index}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = EmailMessage()
    message["From"] = f"person{index}@example.org"
    message["Subject"] = f"Zugesagt: Termin {index}"
    message.set_content("Ich komme gern.")
    message.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    return message.as_bytes()


def setup(folder: Path) -> tuple[object, list[tuple[str, bytes]]]:
    db = open_database(folder / "bench.sqlite")
    files: list[tuple[str, bytes]] = []
    base = datetime(2027, 1, 4, 9)
    with db.session() as s:
        for index in range(N):
            person = cs.create_contact(
                s,
                cs.ContactData(
                    first_name="Person",
                    last_name=str(index),
                    emails=[cs.EmailData(f"person{index}@example.org")],
                ),
            )
            start = base + timedelta(days=index // 4, hours=index % 4)
            event = sc.create_event(
                s,
                sc.EventData(
                    title=f"Termin {index}",
                    kind="sonstiger_termin",
                    start=start,
                    end=start + timedelta(hours=1),
                    participants=[sc.ParticipantData(person.id or 0)],
                ),
            ).event
            start_utc = event.start_utc.astimezone(UTC)
            if index % 2:
                files.append((f"Antwort {index}.msg", reply_msg(event.uid, start_utc, index)))
            else:
                files.append((f"Antwort {index}.eml", reply_eml(event.uid, start_utc, index)))
        s.commit()
    return db, files


def calendars(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    out = []
    for name, data in files:
        if name.endswith(".msg"):
            ics = read_msg(data, source=name).ics
            assert ics is not None
            out.append((name, ics))
        else:
            out.append((name, data))  # preview_ics_data reads the e-mail's calendar parts
    return out


def best(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)  # type: ignore[return-value]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-msg-"))
    db, files = setup(folder)
    size = sum(len(d) for _, d in files)
    print(f"{N} answers ({size / 1024:.0f} KB): {sum(n.endswith('.msg') for n, _ in files)} .msg")

    def parse_only() -> None:
        for name, data in calendars(files):
            parts = eml.calendar_parts(data, name) if name.endswith(".eml") else [data]
            for part in parts:
                ical.parse(part, name)

    def preview() -> None:
        with db.session() as s:  # type: ignore[attr-defined]
            result = cx.preview_ics_data(s, calendars(files))
        assert sum(e.action == "antwort" for e in result.entries) == N, result.entries[:3]

    fastest, median = best(parse_only)
    print(f"parsing alone (read_msg / eml + ical.parse): {fastest:.3f} s (median {median:.3f} s)")
    fastest, median = best(preview)
    verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
    print(
        f"preview of all {N} (parse + match against the database): {fastest:.3f} s "
        f"(median {median:.3f} s; target < {TARGET_SECONDS} s: {verdict})"
    )


if __name__ == "__main__":
    main()
