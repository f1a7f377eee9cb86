"""The lean read path of the command line (core/readpath.py) against the normal path.

Every read command it serves runs with many option combinations over the demo database and over
a database of hand-made edge cases, once on the lean path and once with it switched off
(CONTACTDESK_READPATH=normal: open_database and the services); stdout, stderr and the exit code
must be identical, and the lean path must really have answered. Files the lean path must not
answer (foreign, damaged, an upgrade due, a folder, missing) get the normal path's German errors.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contactdesk.cli import main
from contactdesk.core import readpath
from contactdesk.core.db import open_database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc

TODAY = date.today()


class Spy:
    """Counts the answers of readpath.open_readonly: a connection (lean) or None (normal)."""

    def __init__(self) -> None:
        self.lean = 0
        self.declined = 0
        self.original = readpath.open_readonly

    def __call__(self, database: str | None) -> readpath.ReadOnlyDatabase | None:
        found = self.original(database)
        if found is None:
            self.declined += 1
        else:
            self.lean += 1
        return found


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    watcher = Spy()
    monkeypatch.setattr(readpath, "open_readonly", watcher)
    return watcher


def run(argv: list[str], *, normal: bool) -> tuple[int, str, str]:
    """main(argv) in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get(readpath.ENV_SWITCH)
    umask = os.umask(0o022)
    os.umask(umask)
    if normal:
        os.environ[readpath.ENV_SWITCH] = "normal"
    else:
        os.environ.pop(readpath.ENV_SWITCH, None)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse refusing the call
                code = int(exc.code or 0)
    finally:
        os.umask(umask)
        if before is None:
            os.environ.pop(readpath.ENV_SWITCH, None)
        else:
            os.environ[readpath.ENV_SWITCH] = before
    return code, out.getvalue(), err.getvalue()


def both(path: Path, argv: list[str], spy: Spy, *, lean_expected: bool = True) -> None:
    full = ["--database", str(path), *argv]
    normal = run(full, normal=True)
    lean_before = spy.lean
    lean = run(full, normal=False)
    assert lean == normal, argv
    if lean_expected:
        assert spy.lean == lean_before + 1, f"lean path not taken for {argv}"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readpath") / "demo.sqlite"
    code, _, err = run(["--database", str(path), "demo"], normal=True)
    assert code == 0, err
    return path


def _event(title: str, start: datetime, minutes: int, tz: str, **more: object) -> sc.EventData:
    zone = ZoneInfo(tz)
    begin = start.replace(tzinfo=zone)
    data = sc.EventData(
        title=title,
        kind="workshop",
        start=begin.replace(tzinfo=None),
        end=(begin + timedelta(minutes=minutes)).replace(tzinfo=None),
        tz=tz,
    )
    for key, value in more.items():
        setattr(data, key, value)
    return data


@pytest.fixture(scope="module")
def edge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Deleted contacts, umlauts, ß, apostrophes, phone numbers, tags, network roles, series with
    cancelled and moved occurrences, time zones, all-day and cancelled events, agreements with
    every kind of notice period."""
    path = tmp_path_factory.mktemp("readpath") / "edge.sqlite"
    db = open_database(path)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    with db.session() as s:

        def person(first: str, last: str, **more: object) -> int:
            data = cs.ContactData(first_name=first, last_name=last)
            for key, value in more.items():
                setattr(data, key, value)
            made = cs.create_contact(s, data, allow_duplicate=True).id
            assert made is not None
            return made

        def org(name: str, **more: object) -> int:
            data = cs.ContactData(kind="organisation", name=name)
            for key, value in more.items():
                setattr(data, key, value)
            made = cs.create_contact(s, data, allow_duplicate=True).id
            assert made is not None
            return made

        person("Jörg", "Müller", emails=[cs.EmailData("j.mueller@example.org")], tags=["Jugend"])
        person("Jorg", "Mueller", phones=[cs.PhoneData("0340 / 12 34 56")])
        person("Anna", "Weiß", tags=["Jugend", "Presse"])
        person("Ben", "Weiss", phones=[cs.PhoneData("+49 3493 98765")])
        person("Siobhán", "O'Neill", emails=[cs.EmailData("s.oneill@example.ie")])
        person("Ayşe", "Öztürk", tags=["Presse"])
        gone = person("Gelöscht", "Gärtner", tags=["Jugend"])
        org("Jugendclub'83 e. V.", network_role="netzwerkpartner", tags=["Jugend"])
        org("Stadt Weißwasser/O.L.", network_role="patenstadt")
        org("Bürgerstiftung Straße", org_kind="stiftung")
        council = org("Stadtrat", org_kind="gremium")
        old_committee = org("Alter Ausschuss", org_kind="gremium")
        cs.delete_contact(s, gone)
        people = [person(f"Teil{i}", "Nehmer") for i in range(3)]

        # events: around today (the default period) and in 2021, in three zones
        base = now + timedelta(days=3)
        sc.create_event(s, _event("Netzwerktreffen „Ehrenamt“", base, 90, "Europe/Berlin"))
        sc.create_event(
            s,
            _event(
                "Sitzung des Stadtrats",
                base + timedelta(days=10),
                120,
                "Europe/Berlin",
                kind="gremiensitzung",
                committee_id=council,
                location="Rathaus",
                room="Saal 2",
                capacity=1,
                participants=[sc.ParticipantData(contact_id=p) for p in people],
            ),
        )
        sc.create_event(
            s,
            _event(
                "Ausschuss (aufgelöst)",
                base + timedelta(days=12),
                60,
                "Europe/Berlin",
                kind="gremiensitzung",
                committee_id=old_committee,
            ),
        )
        cs.delete_contact(s, old_committee)
        sc.create_event(
            s, _event("Call New York", base + timedelta(days=5), 45, "America/New_York")
        )
        sc.create_event(s, _event("Call Kolkata", base + timedelta(days=6), 30, "Asia/Kolkata"))
        day = datetime(base.year, base.month, base.day)
        sc.create_event(
            s,
            _event("Aktionstag", day + timedelta(days=20), 24 * 60, "Europe/Berlin", all_day=True),
        )
        cancelled = sc.create_event(
            s, _event("Abgesagtes Treffen", base + timedelta(days=30), 60, "Europe/Berlin")
        ).event.id
        assert cancelled is not None
        sc.cancel_event(s, cancelled)
        deleted = sc.create_event(
            s, _event("Gelöschter Termin", base + timedelta(days=31), 60, "Europe/Berlin")
        ).event.id
        assert deleted is not None
        sc.delete_event(s, deleted)
        weekly = sc.create_event(
            s,
            _event(
                "Sprechstunde", base - timedelta(days=14), 60, "Europe/Berlin", rrule="FREQ=WEEKLY"
            ),
        ).event.id
        assert weekly is not None
        sc.create_event(
            s,
            _event(
                "Stammtisch NY",
                datetime(2021, 3, 1, 18),
                120,
                "America/New_York",
                rrule="FREQ=WEEKLY;COUNT=20",
            ),
        )
        sc.create_event(
            s,
            _event(
                "Monatsende",
                datetime(2021, 1, 31, 9),
                60,
                "Europe/Berlin",
                rrule="FREQ=MONTHLY;BYMONTHDAY=31;COUNT=8",
            ),
        )
        found = [
            o
            for o in sc.occurrences(
                s, datetime.now(UTC) - timedelta(days=20), datetime.now(UTC) + timedelta(days=60)
            )
            if o.event_id == weekly
        ]
        assert len(found) > 4
        assert found[2].recurrence_id is not None and found[3].recurrence_id is not None
        sc.cancel_occurrence(s, weekly, found[2].recurrence_id)
        moved = sc.occurrence_data(s, weekly, found[3].recurrence_id)
        moved.start += timedelta(hours=3)
        moved.end += timedelta(hours=3)
        moved.title = "Sprechstunde (verschoben)"
        sc.edit_occurrence(s, weekly, found[3].recurrence_id, moved)

        # agreements: every notice rule, renewals, gekündigt, deleted, not running
        partner = org("Verein Straßenkinder e. V.")

        def agreement(title: str, status: str | None = None, **terms: object) -> int:
            data = ag.AgreementData(
                title=title,
                kind="kooperationsvereinbarung",
                parties=[ag.PartyData(partner)],
                amount_yearly=Decimal("1200"),
            )
            for key, value in terms.items():
                setattr(data, key, value)
            made = ag.create_agreement(s, data).id
            assert made is not None
            for step in {
                "unterzeichnet": ["unterzeichnet"],
                "aktiv": ["unterzeichnet", "aktiv"],
                "gekuendigt": ["unterzeichnet", "aktiv", "gekuendigt"],
            }.get(status or "", []):
                ag.change_status(s, made, step)
            return made

        start = TODAY - timedelta(days=400)
        agreement(
            "Laufzeitende, verlängert sich",
            "aktiv",
            valid_from=start,
            valid_until=TODAY + timedelta(days=100),
            renewal_months=12,
            notice_months=3,
            notice_to="laufzeitende",
        )
        for rule in ("monatsende", "quartalsende", "jahresende"):
            agreement(
                f"Kündigung zum {rule}",
                "aktiv",
                valid_from=start,
                notice_months=1,
                notice_to=rule,
            )
        agreement(
            "Gekündigt, läuft aus",
            "gekuendigt",
            valid_from=start,
            valid_until=TODAY + timedelta(days=40),
            renewal_months=12,
            notice_months=2,
            notice_to="laufzeitende",
        )
        agreement(
            "Befristet ohne Verlängerung",
            "unterzeichnet",
            valid_from=start,
            valid_until=TODAY + timedelta(days=60),
        )
        agreement(
            "Entwurf (zählt nicht)",
            valid_from=start,
            valid_until=TODAY + timedelta(days=10),
        )
        removed = agreement(
            "Gelöscht (zählt nicht)",
            "aktiv",
            valid_from=start,
            valid_until=TODAY + timedelta(days=10),
        )
        ag.delete_agreement(s, removed)
        agreement(
            "Längst verlängert",
            "aktiv",
            valid_from=date(2015, 1, 1),
            valid_until=date(2015, 12, 31),
            renewal_months=6,
            notice_months=1,
            notice_to="laufzeitende",
        )
    db.dispose()
    return path


CONTACT_CALLS = [
    ["contacts", "list"],
    ["contacts", "list", "--json"],
    ["contacts", "list", "--limit", "3"],
    ["contacts", "list", "--limit", "0", "--json"],
    ["contacts", "list", "--limit", "-1"],
    ["contacts", "list", "--kind", "person"],
    ["contacts", "list", "--kind", "organisation", "--json"],
    ["contacts", "list", "--tag", "Jugend"],
    ["contacts", "list", "--tag", "Presse", "--kind", "person", "--json"],
    ["contacts", "list", "--tag", "gibt es nicht"],
    ["contacts", "search", "weiss"],
    ["contacts", "search", "Weiß", "--json"],
    ["contacts", "search", "mueller"],
    ["contacts", "search", "Müller", "--limit", "1"],
    ["contacts", "search", "o'neill", "--json"],
    ["contacts", "search", "Jugendclub'83"],
    ["contacts", "search", "ozturk", "--json"],
    ["contacts", "search", "straße"],
    ["contacts", "search", "0340 / 12 34"],
    ["contacts", "search", "+49 3493 98765", "--json"],
    ["contacts", "search", "gärtner"],
    ["contacts", "search", "jugend", "--kind", "organisation"],
    ["contacts", "search", "jugend", "--tag", "Jugend", "--json"],
    ["contacts", "search", "stadt", "--kind", "person"],
    ["contacts", "search", "niemand", "hier"],
    ["contacts", "search", '"', "AND", "weiss*"],
    ["contacts", "search", "NEAR(", "jugend"],
    ["contacts", "search", '"'],
]

EVENT_CALLS = [
    ["events", "list"],
    ["events", "list", "--json"],
    ["events", "list", "--kind", "gremiensitzung"],
    ["events", "list", "--kind", "workshop", "--json"],
    ["events", "list", "--kind", "netzwerktreffen"],
    ["events", "list", "--from", "2021-01-01", "--to", "2021-12-31"],
    ["events", "list", "--from", "01.03.2021", "--to", "31.05.2021", "--json"],
    ["events", "list", "--from", "2021-03-28", "--to", "2021-03-28"],
    ["events", "list", "--from", "2031-01-01", "--to", "2031-01-02"],
    ["events", "list", "--from", "2021-12-31", "--to", "2021-01-01"],
    ["events", "list", "--from", "31.02.2021"],
]

DUE_CALLS = [
    ["agreements", "due"],
    ["agreements", "due", "--json"],
    ["agreements", "due", "--days", "0"],
    ["agreements", "due", "--days", "30", "--json"],
    ["agreements", "due", "--days", "3650"],
    ["agreements", "due", "--days", "3650", "--json"],
    ["agreements", "due", "--days", "-1"],
]

#: calls argparse or the command refuses before any database is read
REFUSED = {
    ("contacts", "search", '"'),
    ("events", "list", "--from", "2021-12-31", "--to", "2021-01-01"),
    ("events", "list", "--from", "31.02.2021"),
    ("agreements", "due", "--days", "-1"),
}


@pytest.mark.parametrize("argv", CONTACT_CALLS + EVENT_CALLS + DUE_CALLS, ids=" ".join)
def test_lean_path_prints_what_the_services_print(
    argv: list[str], demo_db: Path, edge_db: Path, spy: Spy
) -> None:
    for path in (demo_db, edge_db):
        both(path, argv, spy, lean_expected=tuple(argv) not in REFUSED)


def test_edge_database_is_not_trivial(edge_db: Path) -> None:
    """The edge cases really show up (the comparison above is not one of empty outputs)."""
    _, listing, _ = run(["--database", str(edge_db), "contacts", "list"], normal=False)
    assert "O'Neill" in listing and "Weiß" in listing and "Gärtner" not in listing
    _, agenda, _ = run(["--database", str(edge_db), "events", "list"], normal=False)
    assert "Sprechstunde (verschoben)" in agenda and "Call Kolkata" in agenda
    assert "[abgesagt]" in agenda and "Gelöschter Termin" not in agenda
    _, due, _ = run(
        ["--database", str(edge_db), "agreements", "due", "--days", "3650"], normal=False
    )
    assert "Kündigungsfrist" in due and "Automatische Verlängerung" in due and "Endet am" in due
    assert "Entwurf" not in due and "Gelöscht" not in due


def test_search_finds_phone_numbers_and_spelling_variants(edge_db: Path) -> None:
    _, out, _ = run(["--database", str(edge_db), "contacts", "search", "0340 1234"], normal=False)
    assert "Mueller" in out
    _, out, _ = run(["--database", str(edge_db), "contacts", "search", "muller"], normal=False)
    assert "Jörg Müller" in out


# --------------------------------------------------------------------------- when not lean


@pytest.fixture
def copy_of(demo_db: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "copy.sqlite"
    shutil.copy(demo_db, target)
    yield target


READS = [CONTACT_CALLS[0], CONTACT_CALLS[10], EVENT_CALLS[0], DUE_CALLS[0]]


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_foreign_file_gets_the_german_refusal(argv: list[str], tmp_path: Path, spy: Spy) -> None:
    path = tmp_path / "brief.sqlite"
    path.write_bytes(b"Sehr geehrte Damen und Herren,\n" * 200)
    both(path, argv, spy, lean_expected=False)
    code, out, err = run(["--database", str(path), *argv], normal=False)
    assert code == 1 and not out
    assert err.startswith("Fehler: Die Datei") and "keine contactdesk-Datenbank" in err
    assert path.read_bytes() == b"Sehr geehrte Damen und Herren,\n" * 200


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_other_programs_sqlite_file_is_refused(argv: list[str], tmp_path: Path, spy: Spy) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contact (id INTEGER)")
    con.commit()
    con.close()
    both(path, argv, spy, lean_expected=False)
    code, _, err = run(["--database", str(path), *argv], normal=False)
    assert code == 1 and "anderen Programm" in err


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_damaged_file_gets_the_german_message(argv: list[str], copy_of: Path, spy: Spy) -> None:
    data = bytearray(copy_of.read_bytes())
    page = 4096
    for at in range(2 * page, len(data), page):  # every page after the schema: garbage
        data[at + 8 : at + 200] = b"\xff" * 192
    copy_of.write_bytes(bytes(data))
    code, out, err = run(["--database", str(copy_of), *argv], normal=False)
    assert code == 1, (out, err)
    assert err.startswith("Fehler: ") and "Traceback" not in err
    assert "beschädigt" in err or "Datenbank" in err
    assert run(["--database", str(copy_of), *argv], normal=True)[0] == 1


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_folder_instead_of_file(argv: list[str], tmp_path: Path, spy: Spy) -> None:
    both(tmp_path, argv, spy, lean_expected=False)
    code, _, err = run(["--database", str(tmp_path), *argv], normal=False)
    assert code == 1 and "ist ein Ordner" in err


def test_missing_file_is_created_by_the_normal_open(tmp_path: Path, spy: Spy) -> None:
    path = tmp_path / "neu" / "contactdesk.sqlite"
    code, out, _ = run(["--database", str(path), "contacts", "list"], normal=False)
    assert code == 0 and out == "Keine Kontakte gefunden.\n"
    assert spy.declined == 1 and spy.lean == 0
    assert path.is_file()
    code, _, _ = run(["--database", str(path), "contacts", "list"], normal=False)
    assert spy.lean == 1  # now it exists at HEAD: lean


def test_upgrade_due_takes_the_normal_path(copy_of: Path, spy: Spy) -> None:
    con = sqlite3.connect(copy_of)
    con.execute("UPDATE alembic_version SET version_num = '0009'")
    con.commit()
    con.close()
    assert readpath.open_readonly(str(copy_of)) is None
    assert readpath.open_readonly(f"sqlite:///{copy_of}") is None


def test_server_url_and_switch_take_the_normal_path(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert readpath.open_readonly("postgresql+psycopg://u:p@127.0.0.1:1/x") is None
    assert readpath.open_readonly("sqlite://") is None
    found = readpath.open_readonly(str(copy_of))
    assert found is not None
    found.close()
    monkeypatch.setenv(readpath.ENV_SWITCH, "normal")
    assert readpath.open_readonly(str(copy_of)) is None


def test_lean_path_never_writes(copy_of: Path) -> None:
    """Read-only: the file is unchanged and nothing can be written through the connection."""
    before = copy_of.read_bytes()
    found = readpath.open_readonly(str(copy_of))
    assert found is not None
    try:
        with pytest.raises(sqlite3.OperationalError):
            found.connection.execute("DELETE FROM contact")
        list(readpath.contact_lines(found, match=None, kind=None, tag=None, limit=None))
    finally:
        found.close()
    assert copy_of.read_bytes() == before
