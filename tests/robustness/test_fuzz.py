"""The fuzz suite (issue 18): mutated fixtures and generated files through the import plan.

Fixed budget and seeds, so CI is reproducible and the part stays well under a minute on a
2-core machine; scripts/fuzz runs the same with other seeds for as long as wanted. A failure
names the case; scripts/fuzz --replay writes its bytes for a regression fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactdesk.core.db import Database
from tests.robustness import fuzzing

SEED = 18
CASES_PER_SHARD = 150
SHARDS = 4


def test_corpus_covers_every_format() -> None:
    suffixes = {p.suffix.lower() for p in fuzzing.corpus()}
    assert {".ics", ".eml", ".vcf", ".csv"} <= suffixes


@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutated_fixtures(db: Database, tmp_path: Path, shard: int) -> None:
    findings = []
    for name, data in fuzzing.cases(SEED * 100 + shard, CASES_PER_SHARD):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = fuzzing.run_case(db, path)
        if outcome.is_finding:
            findings.append(f"{name}: {outcome.kind} {outcome.detail}")
        path.unlink()
    assert findings == []


# --------------------------------------------------------------------------- generated files

_text = st.text(st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=30).map(
    lambda t: t.replace("\r", "").replace("\n", "")
)
_stamp = st.from_regex(
    r"(0001|1601|19[0-9]{2}|20[0-9]{2}|9999)(0[1-9]|1[0-3])([0-3][0-9])", fullmatch=True
)
_time = st.from_regex(r"T([0-2][0-9])([0-5][0-9])([0-6][0-9])Z?", fullmatch=True)
_rule = st.builds(
    lambda freq, parts: "RRULE:FREQ=" + freq + "".join(parts),
    st.sampled_from(
        ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "X"]
    ),
    st.lists(
        st.sampled_from(
            [
                ";INTERVAL=0",
                ";INTERVAL=-1",
                ";INTERVAL=999999",
                ";COUNT=0",
                ";COUNT=99999999",
                ";UNTIL=99991231T235959Z",
                ";UNTIL=20210230",
                ";BYMONTH=2;BYMONTHDAY=30",
                ";BYDAY=MO,TU,WE,TH,FR,SA,SU",
                ";BYSETPOS=-1",
                ";BYHOUR=1,2,3",
                ";BYWEEKNO=53",
                ";BYYEARDAY=366",
                ";WKST=XX",
            ]
        ),
        max_size=4,
    ),
)


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    if draw(st.booleans()):
        lines += [
            "BEGIN:VTIMEZONE",
            "TZID:Customized Time Zone",
            "BEGIN:STANDARD",
            "DTSTART:" + draw(_stamp) + "T030000",
            draw(_rule),
            "TZOFFSETFROM:" + draw(st.sampled_from(["+0200", "+0100", "-1200", "+9999", "x"])),
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    for _ in range(draw(st.integers(1, 3))):
        start = draw(
            st.sampled_from(
                [
                    "DTSTART:",
                    "DTSTART;TZID=Customized Time Zone:",
                    "DTSTART;VALUE=DATE:",
                    "DTSTART;TZID=Europe/Berlin:",
                ]
            )
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{draw(st.sampled_from(['a', 'b', '']))}",
            "SUMMARY:" + draw(_text),
        ]
        lines.append(start + draw(_stamp) + ("" if "DATE:" in start else draw(_time)))
        if draw(st.booleans()):
            lines.append(draw(_rule))
        if draw(st.booleans()):
            lines.append("EXDATE:" + draw(_stamp) + draw(_time))
        if draw(st.booleans()):
            lines.append("RECURRENCE-ID:" + draw(_stamp) + draw(_time))
        if draw(st.booleans()):
            lines.append("DURATION:" + draw(st.sampled_from(["PT1H", "P99999999D", "-PT1H", "P"])))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@st.composite
def vcards(draw: st.DrawFn) -> bytes:
    version = draw(st.sampled_from(["2.1", "3.0", "4.0", "9"]))
    props = [
        "N:" + draw(_text) + ";" + draw(_text),
        "FN:" + draw(_text),
        "TEL;TYPE="
        + draw(st.sampled_from(["CELL", "WORK", "HOME", "X"]))
        + ":"
        + draw(st.from_regex(r"[+0-9 ()/-]{0,25}", fullmatch=True)),
        "EMAIL:" + draw(_text),
        "ADR:;;" + draw(_text) + ";" + draw(_text) + ";;" + draw(_text) + ";" + draw(_text),
        "ORG:" + draw(_text),
        "BDAY:" + draw(st.from_regex(r"[0-9-]{0,10}", fullmatch=True)),
        "NOTE;ENCODING=QUOTED-PRINTABLE:"
        + draw(st.from_regex(r"(=[0-9A-F]{2}|=|[a-z]){0,20}", fullmatch=True)),
        "PHOTO;ENCODING=b:" + draw(st.from_regex(r"[A-Za-z0-9+/=]{0,40}", fullmatch=True)),
    ]
    chosen = draw(st.lists(st.sampled_from(props), max_size=8))
    return (
        "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *chosen, "END:VCARD"]) + "\r\n"
    ).encode()


@st.composite
def csvs(draw: st.DrawFn) -> bytes:
    header = [
        "Vorname",
        "Nachname",
        "E-Mail-Adresse",
        "Mobiltelefon",
        "Geburtstag",
        "Firma",
        "Kategorien",
    ]
    sep = draw(st.sampled_from([";", ",", "\t"]))
    rows = [sep.join(header)]
    for _ in range(draw(st.integers(0, 4))):
        cells = [draw(_text.map(lambda t: t.replace(sep, " "))) for _ in header]
        if draw(st.booleans()):
            cells[draw(st.integers(0, len(header) - 1))] = (
                '"' + draw(_text) + draw(st.sampled_from(['"', ""]))
            )
        rows.append(sep.join(cells))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return ("\r\n".join(rows) + "\r\n").encode(encoding, errors="replace")


_FILES = st.one_of(
    calendars().map(lambda b: ("gen.ics", b)),
    calendars().map(lambda b: ("gen.eml", b"Content-Type: text/calendar\r\n\r\n" + b)),
    vcards().map(lambda b: ("gen.vcf", b)),
    csvs().map(lambda b: ("gen.csv", b)),
)


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_FILES)
def test_generated_files(db: Database, tmp_path: Path, file: tuple[str, bytes]) -> None:
    name, data = file
    path = tmp_path / name
    path.write_bytes(data)
    outcome = fuzzing.run_case(db, path)
    assert not outcome.is_finding, f"{outcome.kind}: {outcome.detail}\n{data[:2000]!r}"
