"""Every hostile input ever found, kept with what it must give (issue 18).

One row per file in tests/data/fuzz: "refused" with words of the import's German
ImportError_, or "preview" (a clean preview) with words that must be among the reasons it
lists (None: nothing in particular). A new finding of scripts/fuzz gets its file and row here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from tests.robustness import fuzzing

CASES: dict[str, tuple[str, str | None]] = {
    # finding 5: hangs
    "vtimezone_secondly.ics": ("refused", "wiederholt sich nicht jährlich (FREQ=SECONDLY)"),
    "vtimezone_interval_0.ics": ("refused", "ungültiger Abstand INTERVAL=0"),
    "vtimezone_byhour.ics": ("refused", "BYHOUR gibt es in Zeitzonen nicht"),
    "series_interval_0_with_override.ics": ("preview", "(INTERVAL=0) muss eine ganze Zahl"),
    "series_secondly.ics": ("preview", "nicht häufiger"),
    "series_never_matching.ics": ("preview", "keinen einzigen Termin"),
    "content_transfer_encoding_100kb.eml": ("refused", "Eine Kopfzeile der E-Mail ist 97 KB"),
    "content_type_nested_comments.eml": ("preview", None),
    "deep_nesting.ics": ("refused", "schachtelt mehr als 8 Bausteine"),
    "vcard_qp_soft_breaks.vcf": ("preview", None),
    # finding 6: tracebacks
    "rdate_30_february.ics": ("preview", "(RDATE: 20210230) werden nicht übernommen"),
    "exdate_30_february.ics": ("preview", "unlesbare Ausnahme (EXDATE) „20210230T100000Z“"),
    "start_year_1.ics": ("preview", "am Rand des Kalenders"),
    "start_year_9999.ics": ("preview", "am Rand des Kalenders"),
    "recurrence_id_year_9999.ics": ("preview", None),  # found by the fuzzer (OverflowError)
    # found by the fuzzer: valid in the preview, ValidationError in the commit
    "event_longer_than_a_year.ics": ("preview", "höchstens ein Jahr dauern"),
    # found by the fuzzer: ValidationError from edit_occurrence in the commit
    "override_of_an_occurrence_the_series_lacks.ics": (
        "preview",
        "Diesen Termin gibt es in der Serie nicht",
    ),
    "tzid_400_characters.ics": ("preview", None),
    "x_wr_timezone_600_characters.ics": ("preview", None),
    "bom_before_cp1252.ics": ("preview", None),
    # found by scripts/fuzz: "160³" passed str.isdigit() but not int() (ValueError)
    "vtimezone_start_year_superscript_digit.ics": ("refused", "kann nicht gelesen werden"),
    # found by scripts/fuzz: SEQUENCE beyond 64 bits (OverflowError in SQLite)
    "sequence_beyond_64_bits.ics": ("preview", None),
    # finding 3: time zones per file
    "custom_zone_india.ics": ("preview", None),
    "custom_zone_berlin.ics": ("preview", None),
    # finding 7: true reasons
    "csv_cell_200kb.csv": ("refused", "Ein Feld der CSV-Datei ist länger als 128 KB"),
    "csv_quoted_cell_200kb.csv": ("refused", "Ein Feld der CSV-Datei ist länger als 128 KB"),
}


def test_every_fixture_has_a_row() -> None:
    files = {p.name for p in fuzzing.FUZZ_DATA.iterdir() if p.suffix in fuzzing.READERS}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_regression(db: Database, name: str) -> None:
    expected, words = CASES[name]
    path = fuzzing.FUZZ_DATA / name
    reader = fuzzing.READERS[path.suffix]
    with db.session() as session:
        with fuzzing.watchdog(fuzzing.HANG_SECONDS):
            if expected == "refused":
                with pytest.raises(ImportError_) as info:
                    reader(session, path)
                assert words in info.value.message
                assert name in info.value.message
            else:
                reasons = reader(session, path)
                if words is not None:
                    assert any(words in r for r in reasons), reasons
        session.rollback()
    assert fuzzing.run_case(db, path).kind == ("refused" if expected == "refused" else "ok")


def test_custom_zones_of_two_files_stay_apart(db: Database) -> None:
    from contactdesk.core.services import calendar_exchange as cx

    with db.session() as session:
        preview = cx.preview_ics(
            session,
            [
                fuzzing.FUZZ_DATA / "custom_zone_india.ics",
                fuzzing.FUZZ_DATA / "custom_zone_berlin.ics",
            ],
        )
    starts = {
        e.file: (e.event.start.hour, e.event.start.minute, e.event.tz) for e in preview.entries
    }
    assert starts["custom_zone_berlin.ics"] == (10, 0, "Europe/Berlin")
    assert starts["custom_zone_india.ics"] == (4, 30, "UTC")


def test_fixture_paths_are_small() -> None:
    """Fixtures stay small enough for the repository (size limits are tested by builders)."""
    assert all(p.stat().st_size < 300_000 for p in Path(fuzzing.FUZZ_DATA).iterdir())
