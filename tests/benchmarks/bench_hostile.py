"""Benchmark: the preview of hostile and huge files just under 10 MB (issue 18, finding 5).

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_hostile.py [NAME ...]
Each file is built in a temporary folder and previewed in a child process of its own (what
`main.py import --dry-run` does, through the services); the child's wall time and peak memory
(ru_maxrss) are printed beside the target: every preview answers within 10 s with less than
500 MB. Names select some of the files; without names all are run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZE = 9_900_000  # just under 10 MB
TARGET_SECONDS = 10.0
TARGET_MB = 500


def _calendar(body: str, zones: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
        + zones
        + body
        + "END:VCALENDAR\r\n"
    ).encode()


def _event(i: int, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:e{i}@bench\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Berlin:20240320T100000\r\nDTEND;TZID=Europe/Berlin:20240320T110000\r\n"
        f"SUMMARY:Sitzung {i}\r\n{extra}END:VEVENT\r\n"
    )


def _padded_events(count: int, extra: str = "") -> bytes:
    """`count` events (the most a file may hold), each with a description that fills the
    file up to SIZE."""
    plain = len(_event(0, extra).encode())
    pad = max(0, SIZE // count - plain - 14)
    return _calendar(
        "".join(_event(i, extra + f"DESCRIPTION:{'x' * pad}\r\n") for i in range(count))
    )


def many_events() -> bytes:
    return _padded_events(10_000)


def many_series() -> bytes:
    extra = (
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=400\r\nEXDATE;TZID=Europe/Berlin:20240325T100000\r\n"
    )
    return _padded_events(10_000, extra)


def never_occurring_series() -> bytes:
    return _padded_events(10_000, "RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30\r\n")


def too_many_events() -> bytes:
    one = len(_event(0).encode())
    return _calendar("".join(_event(i) for i in range(SIZE // one)))


def runaway_zones() -> bytes:
    zones = "".join(
        f"BEGIN:VTIMEZONE\r\nTZID:Zone{i}\r\nBEGIN:STANDARD\r\nDTSTART:00010101T000000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1,2,3,4,5,6,7\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        for i in range(40)
    )
    body = "".join(
        _event(i).replace("TZID=Europe/Berlin", f"TZID=Zone{i % 40}") for i in range(10_000)
    )
    return _calendar(body, zones)


def allowed_zones() -> bytes:
    """As many custom zones (Outlook's form, from 1601) as the limit lets through."""
    zones = "".join(
        f"BEGIN:VTIMEZONE\r\nTZID:Eigene Zone {i}\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        for i in range(17)
    )
    body = "".join(
        _event(i).replace("TZID=Europe/Berlin", f"TZID=Eigene Zone {i % 17}") for i in range(10_000)
    )
    return _calendar(body, zones)


def one_long_description() -> bytes:
    return _calendar(_event(0, "DESCRIPTION:" + "x" * 990_000 + "\r\n") * 9)


def deep_nesting() -> bytes:
    return _calendar("BEGIN:X-A\r\n" * 450_000 + "END:X-A\r\n" * 450_000)


def folded_lines() -> bytes:
    return _calendar(_event(0, "DESCRIPTION:" + "\r\n x" * 240_000 + "\r\n") * 10)


def email_long_header() -> bytes:
    ics = _calendar(_event(0)).decode()
    return (
        "From: a@example.org\r\nSubject: x\r\nContent-Transfer-Encoding: "
        + "(" * SIZE
        + "\r\nContent-Type: text/calendar\r\n\r\n"
        + ics
    ).encode()


def email_many_parts() -> bytes:
    part = "--b\r\nContent-Type: text/plain\r\n\r\nHallo\r\n"
    count = SIZE // len(part)
    return (
        "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + part * count
        + "--b\r\nContent-Type: text/calendar\r\n\r\n"
        + _calendar(_event(0)).decode()
        + "\r\n--b--\r\n"
    ).encode()


def vcards() -> bytes:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Muster;Anna\r\nFN:Anna Muster\r\n"
        "EMAIL:anna@example.org\r\nTEL;TYPE=CELL:+49 151 23456789\r\nNOTE:{note}\r\nEND:VCARD\r\n"
    )
    pad = SIZE // 25_000 - len(card)
    return (card.format(note="x" * pad) * 25_000).encode()


def vcard_soft_breaks() -> bytes:
    body = "=\r\n".join(["=41"] * (SIZE // 6))
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Muster;Anna\r\n"
        f"NOTE;ENCODING=QUOTED-PRINTABLE:{body}\r\nEND:VCARD\r\n"
    ).encode()


def csv_rows() -> bytes:
    row = "Anna;Muster;anna@example.org;0151 23456789;{note}\r\n"
    pad = SIZE // 25_000 - len(row)
    head = "Vorname;Nachname;E-Mail-Adresse;Mobiltelefon;Notizen\r\n"
    return (head + row.format(note="x" * pad) * 25_000).encode()


def csv_one_cell() -> bytes:
    return ("Vorname;Nachname;Notizen\r\nAnna;Muster;" + "x" * SIZE + "\r\n").encode()


def csv_header_of_quotes() -> bytes:
    return ('"' + '",";' * (SIZE // 4) + "\r\nAnna;Muster\r\n").encode()


FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "viele_termine": (".ics", many_events),
    "viele_serien": (".ics", many_series),
    "serien_ohne_termin": (".ics", never_occurring_series),
    "zu_viele_termine": (".ics", too_many_events),
    "zeitzonen": (".ics", runaway_zones),
    "erlaubte_zeitzonen": (".ics", allowed_zones),
    "lange_beschreibung": (".ics", one_long_description),
    "verschachtelt": (".ics", deep_nesting),
    "gefaltet": (".ics", folded_lines),
    "kopfzeile": (".eml", email_long_header),
    "viele_teile": (".eml", email_many_parts),
    "vcards": (".vcf", vcards),
    "qp_umbrueche": (".vcf", vcard_soft_breaks),
    "csv_zeilen": (".csv", csv_rows),
    "csv_eine_zelle": (".csv", csv_one_cell),
    "csv_kopf": (".csv", csv_header_of_quotes),
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from contactdesk.core.db import open_database
from contactdesk.core.errors import ImportError_
path = Path({path!r})
db = open_database(Path({db!r}))
start = time.perf_counter()
with db.session() as session:
    try:
        if path.suffix in (".ics", ".eml"):
            from contactdesk.core.services import calendar_exchange as cx
            preview = cx.preview_ics(session, [path])
            result = f"{{len(preview.entries)}} Einträge"
        else:
            from contactdesk.core.services import contact_exchange as kx
            preview = kx.preview_import(session, [path])
            result = preview.errors[0] if preview.errors else f"{{len(preview.entries)}} Einträge"
    except ImportError_ as exc:
        result = exc.message
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "mb": peak, "result": result[:110]}}))
"""


def main() -> None:
    chosen = sys.argv[1:] or list(FILES)
    work = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    from contactdesk.core.db import open_database

    open_database(work / "leer.sqlite").dispose()
    print(f"{'Datei':22} {'MB':>5} {'Sekunden':>9} {'Speicher MB':>12}  Ergebnis")
    worst = (0.0, 0.0)
    for name in chosen:
        suffix, build = FILES[name]
        path = work / f"{name}{suffix}"
        path.write_bytes(build())
        code = _CHILD.format(root=str(ROOT), path=str(path), db=str(work / "leer.sqlite"))
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(f"{name:22} FEHLER {done.stderr[-500:]}")
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        size = path.stat().st_size / 1e6
        print(
            f"{name:22} {size:5.1f} {figures['seconds']:9.2f} {figures['mb']:12.0f}  "
            f"{figures['result']}"
        )
        worst = (max(worst[0], figures["seconds"]), max(worst[1], figures["mb"]))
        path.unlink()
        del wall
    print(
        f"\nlängste Vorschau {worst[0]:.2f} s (Ziel < {TARGET_SECONDS:.0f} s), "
        f"größter Speicher {worst[1]:.0f} MB (Ziel < {TARGET_MB} MB) — "
        f"{os.cpu_count()} Kerne, Messung ohne Prozessstart; "
        f"dieser Prozess: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
