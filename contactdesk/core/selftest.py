"""`contactdesk --self-test`: does this installation work? (Qt-free part.)

Opens a new database in a temporary folder (all migrations run), writes and reads one contact,
makes a backup and validates it, renders one PDF page with the embedded fonts and one .ics
invitation and reads it back. Every step reports one German line; nothing outside the
temporary folder is touched.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTestReport:
    steps: list[Step] = field(default_factory=list)
    #: files the steps produced (inside the temporary folder), for further checks
    artefacts: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def run(self, name: str, fn: Callable[[], str]) -> bool:
        start = time.perf_counter()
        try:
            detail = fn()
            ok = True
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            ok = False
        self.steps.append(Step(name, ok, detail, time.perf_counter() - start))
        return ok

    def lines(self) -> list[str]:
        out = [
            f"{'OK    ' if s.ok else 'FEHLER'} {s.name}: {s.detail} ({s.seconds:.2f} s)"
            for s in self.steps
        ]
        passed = sum(s.ok for s in self.steps)
        out.append(
            f"Selbsttest bestanden: {passed} von {len(self.steps)} Schritten in Ordnung."
            if self.ok
            else f"Selbsttest fehlgeschlagen: {len(self.steps) - passed} von {len(self.steps)} "
            "Schritten mit Fehler."
        )
        return out


def run_core_selftest(folder: Path, report: SelfTestReport | None = None) -> SelfTestReport:
    """Run the Qt-free steps in `folder` (a temporary directory the caller owns)."""
    from contactdesk.core import backup as bk
    from contactdesk.core.db import Database, head_revision, open_database

    report = report or SelfTestReport()
    db_path = folder / "selbsttest.sqlite"
    holder: dict[str, Database] = {}

    def database() -> str:
        database = open_database(db_path)
        holder["db"] = database
        with database.engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        if revision != head_revision() or check != "ok":
            raise RuntimeError(f"Stand {revision}, Prüfung {check}")
        return f"angelegt und migriert bis Stand {revision}, Integritätsprüfung ok"

    def contact() -> str:
        from contactdesk.core.services import contacts as cs

        with holder["db"].session() as session:
            created = cs.create_contact(
                session, cs.ContactData(first_name="Jörg", last_name="Weißwasser-Öztürk")
            )
        with holder["db"].session() as session:
            found = cs.list_contacts(session, cs.ContactFilter(query="Weisswasser"))
        if not any(row.id == created.id for row in found):
            raise RuntimeError("gespeicherter Kontakt nicht gefunden")
        return "Kontakt gespeichert und mit der Suche gefunden"

    def backup() -> str:
        target = folder / "sicherung.sqlite"
        bk.create_backup(db_path, target)
        info = bk.validate_backup(target)
        report.artefacts["backup"] = target
        return f"Datensicherung erstellt und geprüft ({info.contacts} Kontakt)"

    def pdf() -> str:
        from contactdesk.core.formats.pdf import PaperPrint, render_paper

        result = render_paper(
            PaperPrint(
                reference="SELBSTTEST-001/2024",
                type_name="Informationsvorlage",
                subject="Selbsttest: Umlaute äöü ß und Euro €",
                paper_date=date(2024, 3, 1),
                submitter="Oberbürgermeister",
                lead_office="Engagierte Stadt",
                body="Diese Seite prüft Schriften und Seitenaufbau.",
            )
        )
        if not result.data.startswith(b"%PDF") or result.pages < 1:
            raise RuntimeError("keine PDF-Datei erzeugt")
        path = folder / "selbsttest.pdf"
        path.write_bytes(result.data)
        report.artefacts["pdf"] = path
        return f"PDF mit {result.pages} Seite erzeugt ({len(result.data) // 1024} KB)"

    def ics() -> str:
        from contactdesk.core.formats import ical

        stamp = datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC"))
        event = ical.OutEvent(
            uid="selbsttest@contactdesk",
            title="Netzwerktreffen (Selbsttest)",
            start=datetime(2024, 3, 31, 10, 0),  # the day the clocks change
            end=datetime(2024, 3, 31, 12, 0),
            tz="Europe/Berlin",
            organiser=ical.Person(email="ansprechperson@example.org", name="Ansprechperson"),
            attendees=(ical.Person(email="gast@example.org", name="Gast"),),
        )
        data = ical.invitation([event], "REQUEST", stamp)
        path = folder / "selbsttest.ics"
        path.write_bytes(data)
        report.artefacts["ics"] = path
        parsed = ical.parse(data, path.name)
        if b"BEGIN:VTIMEZONE" not in data or len(parsed.events) != 1 or parsed.problems:
            raise RuntimeError("unvollständige iCalendar-Datei")
        if parsed.events[0].title != event.title:
            raise RuntimeError("Titel nicht wieder eingelesen")
        return f"Einladung (.ics, {len(data)} Bytes) erzeugt und wieder eingelesen"

    if report.run("Datenbank", database):
        report.run("Kontakt", contact)
        report.run("Datensicherung", backup)
    report.run("PDF", pdf)
    report.run("iCalendar", ics)
    if "db" in holder:
        holder["db"].dispose()
    return report


#: a step a front end adds (e.g. the GUI's Qt check): its German name and a function of the
#: report (for the files the core steps made) that returns the German detail or raises
ExtraStep = tuple[str, Callable[[SelfTestReport], str]]


def run_selftest(extra_steps: Sequence[ExtraStep] = ()) -> SelfTestReport:
    """All steps in a fresh temporary folder (removed afterwards). The core knows nothing of
    the GUI: the command line passes the GUI's check as an extra step."""
    report = SelfTestReport()
    with tempfile.TemporaryDirectory(prefix="contactdesk-selbsttest-") as tmp:
        folder = Path(tmp)
        run_core_selftest(folder, report)
        for name, step in extra_steps:
            report.run(name, partial(step, report))
    return report
