"""The command line as administrators' scripts use it: real subprocesses, real files."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contactdesk import __version__

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    if env_db is not None:
        env["CONTACTDESK_DATABASE"] = str(env_db)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    result = run("--database", str(path), "demo")
    assert result.returncode == 0, result.stderr
    assert "angelegt" in result.stdout
    return path


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_database_option_after_the_subcommand(tmp_path: Path) -> None:
    """Scripts write `demo --database X` as often as `--database X demo`: both work."""
    path = tmp_path / "after.sqlite"
    result = run("demo", "--database", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"]
    found = run("contacts", "search", "weisswasser", "--database", str(path), "--json")
    assert found.returncode == 0, found.stderr
    assert "Stadt Weißwasser" in {row["display_name"] for row in json.loads(found.stdout)}
    out = tmp_path / "all.ics"
    exported = run("export", "ics", "--out", str(out), "--database", str(path), "-v")
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    # A value before the subcommand is not reset by the subcommand's own (absent) option.
    before = run("--database", str(path), "contacts", "list", "--json")
    assert len(json.loads(before.stdout)) == len(
        json.loads(run("contacts", "list", "--json", "--database", str(path)).stdout)
    )
    assert not (tmp_path / "contactdesk.sqlite").exists()


def test_demo_twice_adds_nothing_twice(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "demo", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["created"] == []
    assert len(report["skipped"]) >= 20
    listing = json.loads(run("--database", str(demo_db), "contacts", "list", "--json").stdout)
    names = [row["display_name"] for row in listing]
    assert len(names) == len(set(names))


def test_contacts_list_json(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "contacts", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    names = {row["display_name"] for row in rows}
    assert {
        "Stadt Bitterfeld-Wolfen",
        "Netzwerk „Engagierte Stadt“",
        "Bertelsmann Stiftung",
        "Deutscher Städtetag",
        "Stadt Weißwasser",
        "Gemeindeverwaltungsverband Vorderes Kandertal",
        "Jugendclub'83",
        "TGZ Bitterfeld-Wolfen mbH",
        "Urban",
    } <= names
    assert all(set(row) >= {"id", "kind", "display_name", "email", "network_role"} for row in rows)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Weisswasser", "Stadt Weißwasser"),
        ("jugendclub 83", "Jugendclub'83"),
        ("Mueller", "Lena Müller"),
        ("Muller", "Lena Müller"),
        ("Kandertal", "Gemeindeverwaltungsverband Vorderes Kandertal"),
    ],
)
def test_contacts_search_json(demo_db: Path, query: str, expected: str) -> None:
    result = run("--database", str(demo_db), "contacts", "search", query, "--json")
    assert result.returncode == 0, result.stderr
    assert expected in [row["display_name"] for row in json.loads(result.stdout)]


def test_contacts_search_text_output(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "contacts", "search", "Öztürk")
    assert result.returncode == 0
    assert "Ayşe Öztürk" in result.stdout


def test_hostile_search_text_does_not_fail(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "contacts", "search", '"*(NEAR AND', "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_database_from_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.sqlite"
    assert run("demo", env_db=path).returncode == 0
    rows = json.loads(run("contacts", "list", "--json", env_db=path).stdout)
    assert len(rows) >= 20


def test_foreign_file_fails_with_german_message(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Sehr geehrte Damen und Herren")
    result = run("--database", str(path), "contacts", "list")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fehler: ")
    assert "keine contactdesk-Datenbank" in result.stderr
    assert path.read_text() == "Sehr geehrte Damen und Herren"


def test_unknown_contact_fails(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "contacts", "show", "99999")
    assert result.returncode == 1
    assert "nicht gefunden" in result.stderr


def test_usage_error_is_german_and_exits_2() -> None:
    result = run("contacts")
    assert result.returncode == 2
    assert "Fehler" in result.stderr


def test_agreements_list_json(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "agreements", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["title"]: row for row in json.loads(result.stdout)}
    network = rows["Netzwerkvereinbarung „Engagierte Stadt“"]
    assert network["status"] == "aktiv"
    assert network["signed_on"] == "2021-08-16"
    assert network["amount_yearly"] is None and network["amount_once"] is None
    assert "Netzwerk „Engagierte Stadt“" in network["parties"]
    assert rows["Kooperationsvereinbarung Jugendclub'83"]["amount_yearly"] == "1500.00"


def test_agreements_list_filters_by_status(demo_db: Path) -> None:
    result = run(
        "--database", str(demo_db), "agreements", "list", "--status", "in_abstimmung", "--json"
    )
    assert [row["title"] for row in json.loads(result.stdout)] == [
        "Patenschaft für den Start im Netzwerk"
    ]


def test_agreements_due_json(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "agreements", "due", "--days", "3650", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items, "the demo agreements have deadlines within ten years"
    dates = [item["due_on"] for item in items]
    assert dates == sorted(dates)
    assert {"kuendigungsfrist", "verlaengerung"} <= {item["kind"] for item in items}
    assert all(item["urgency"] in {"dringend", "bald", "spaeter", "ueberfaellig"} for item in items)


def test_agreements_due_rejects_bad_days(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "agreements", "due", "--days", "viele")
    assert result.returncode == 2
    assert "keine ganze Zahl" in result.stderr


def test_events_list_json_in_range(demo_db: Path) -> None:
    result = run(
        "--database",
        str(demo_db),
        "events",
        "list",
        "--from",
        "01.09.2021",
        "--to",
        "2021-09-30",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    titles = [item["title"] for item in items]
    assert titles[:2] == [
        "Sitzung des Haupt- und Finanzausschusses",
        "Online-Netzwerktreffen „Engagierte Stadt“",
    ]
    hfa = items[0]
    assert hfa["start"] == "2021-09-02T17:00:00+02:00"
    assert hfa["committee"] == "Haupt- und Finanzausschuss" and hfa["is_public"]
    assert "Sitzung des Stadtrates" in titles
    assert [item["start"][:10] for item in items] == sorted(item["start"][:10] for item in items)


def test_events_series_in_demo(demo_db: Path) -> None:
    result = run(
        "--database",
        str(demo_db),
        "events",
        "list",
        "--from",
        "2021-10-01",
        "--to",
        "2022-01-31",
        "--json",
    )
    calls = [
        i for i in json.loads(result.stdout) if i["title"].startswith("Online-Netzwerktreffen")
    ]
    assert [c["start"] for c in calls] == [
        "2021-10-05T10:00:00+02:00",  # summer time
        "2021-12-07T14:00:00+01:00",  # moved occurrence; November fell through
        "2022-01-04T10:00:00+01:00",  # winter time, same wall clock
    ]


def test_events_list_rejects_bad_dates(demo_db: Path) -> None:
    result = run("--database", str(demo_db), "events", "list", "--from", "31.02.2021")
    assert result.returncode == 2
    assert "kein Datum" in result.stderr
    result = run(
        "--database", str(demo_db), "events", "list", "--from", "2021-09-30", "--to", "2021-09-01"
    )
    assert result.returncode == 1
    assert "vor seinem Beginn" in result.stderr


def test_export_ics_publish_request_cancel_and_eml(demo_db: Path, tmp_path: Path) -> None:
    from tests.core.formats.icaljs import parse_with_icaljs

    out = tmp_path / "kalender.ics"
    result = run(
        "--database", str(demo_db), "export", "ics", "--out", str(out), "--deadlines", "--json"
    )
    assert result.returncode == 0, result.stderr
    parsed = parse_with_icaljs(out)
    assert parsed["method"] == "PUBLISH"
    titles = {e["summary"] for e in parsed["events"]}
    assert "Sitzung des Stadtrates" in titles
    assert any(t.startswith("Kündigungsfrist:") for t in titles)
    events = json.loads(
        run(
            "--database",
            str(demo_db),
            "events",
            "list",
            "--from",
            "2021-09-22",
            "--to",
            "2021-09-22",
            "--json",
        ).stdout
    )
    workshop = events[0]["event_id"]
    invite = tmp_path / "einladung.ics"
    result = run(
        "--database",
        str(demo_db),
        "export",
        "ics",
        "--event",
        str(workshop),
        "--method",
        "request",
        "--out",
        str(invite),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "lena.mueller@jugendclub83.example" in report["recipients"]
    assert {
        "name": "Stefan Groß",
        "reason": "keine Einwilligung, Einladungen zu erhalten",
    } in report["left_out"]
    parsed = parse_with_icaljs(invite)
    assert parsed["method"] == "REQUEST" and len(parsed["events"]) == 1
    mail = tmp_path / "einladung.eml"
    drafted = run(
        "--database", str(demo_db), "export", "eml", "--event", str(workshop), "--out", str(mail)
    )
    assert drafted.returncode == 0, drafted.stderr
    assert "als neuen Entwurf" in drafted.stdout  # says what to do next in Outlook
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and "From" not in message  # Outlook: an editable draft
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    missing = run(
        "--database",
        str(demo_db),
        "export",
        "ics",
        "--method",
        "request",
        "--out",
        str(tmp_path / "x.ics"),
    )
    assert missing.returncode == 1 and "--event" in missing.stderr
    assert not (tmp_path / "x.ics").exists()


def test_import_ics_dry_run_and_commit(tmp_path: Path) -> None:
    db = tmp_path / "import.sqlite"
    source = Path(__file__).resolve().parents[1] / "data" / "ics" / "outlook_windows_tz.ics"
    dry = run("--database", str(db), "import", str(source), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)["calendar"]["preview"]
    assert [p["action"] for p in preview] == ["neu", "neu", "neu"]
    assert (
        json.loads(
            run("--database", str(db), "events", "list", "--from", "2021-10-01", "--json").stdout
        )
        == []
    )
    done = run("--database", str(db), "import", str(source))
    assert done.returncode == 0, done.stderr
    assert "3 angelegt" in done.stdout
    again = json.loads(run("--database", str(db), "import", str(source), "--json").stdout)
    assert again["calendar"]["report"]["created"] == []
    broken = tmp_path / "kaputt.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    failed = run("--database", str(db), "import", str(broken))
    assert failed.returncode == 1
    assert "unvollständig" in failed.stderr and "kaputt.ics" in failed.stderr


def test_help_is_german() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Aufruf: contactdesk")
    assert "diese Hilfe zeigen und beenden" in result.stdout
    assert "show this help" not in result.stdout


def test_import_of_a_missing_file_says_so_in_german(demo_db: Path, tmp_path: Path) -> None:
    result = run("--database", str(demo_db), "import", str(tmp_path / "fehlt.ics"))
    assert result.returncode != 0
    assert "nicht gefunden" in result.stderr
    assert "fehlt.ics" in result.stderr
    assert "No such file" not in result.stderr
