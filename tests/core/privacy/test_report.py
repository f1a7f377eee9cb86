"""Auskunft (Art. 15): every link of the person is in the report; the PDF letter is read back
with pdftotext (poppler) and pypdf, the JSON has the documented shape."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from contactdesk.core.db import Database
from contactdesk.core.formats.pdf import privacy_letter
from contactdesk.core.i18n import source_language
from contactdesk.core.services import privacy

from .world import build

CONTROLLER = privacy.Controller("Stadt Weißwasser/O.L.", "Dr. Datenschutz", "dsb@weisswasser.de")
PERIODS = {"kontaktdaten": 36, "einladungen": 24, "vorlagen": 120, "veroeffentlichung": 24}
#: documented top-level keys (README "Auskunft als JSON")
KEYS = {
    "format", "version", "created_on", "software", "controller", "contact", "roles", "consents",
    "contact_log", "participations", "events", "agreements", "papers", "documents",
    "documents_not_searchable", "audit_trail", "possible_duplicates", "source", "purposes", "recipients", "rights",
}  # fmt: skip


def make_report(db: Database) -> tuple[dict, object]:
    w = build(db)
    with db.session() as s, source_language():
        rep = privacy.report(s, w.person_id, controller=CONTROLLER, periods=PERIODS)
    return rep, w


def test_report_lists_every_link(core_db: Database) -> None:
    rep, w = make_report(core_db)
    assert set(rep) == KEYS
    assert rep["format"] == "contactdesk-auskunft" and rep["version"] == 1
    json.dumps(rep)  # JSON-able as it is
    assert rep["contact"]["display_name"] == "Wilhelmine Zwiebelkönig"
    assert rep["roles"][0] | {} == {
        "organisation": "Verein Obstwiese",
        "function": "Kassenwartin",
        "contact_person": False,
        "start_date": "2023-01-01",
        "end_date": None,
    }
    assert [(c["purpose"], c["given_on"], c["method"], c["source"]) for c in rep["consents"]] == [
        ("kontaktdaten", "2024-03-01", "schriftlich", "Anmeldeformular 2024"),
        ("einladungen", "2024-03-01", "per E-Mail", ""),
    ]
    assert rep["contact_log"][0]["summary"] == "Anruf wegen Quittenfest"
    assert {p["title"] for p in rep["participations"]} == {"Quittenworkshop", "Netzwerktreffen Mai"}
    assert [e["links"] for e in rep["events"] if e["title"] == "Quittenworkshop"] == [
        ["Veranstalter/in"]
    ]
    assert rep["agreements"][0]["roles"] == ["Unterzeichner", "unterzeichnet für die Stadt"]
    assert rep["papers"][0]["links"] == [
        "Einreicher/in",
        "verknüpfter Kontakt",
        "im Text genannt",
    ]
    assert {d["filename"] for d in rep["documents"]} == {"protokoll.txt", "anlage.txt"}
    assert [d["contact_id"] for d in rep["possible_duplicates"]] == [w.twin_id]
    assert rep["audit_trail"][0]["action"] == "angelegt"  # the audit table of every database
    assert rep["source"]["recorded"] is True and rep["source"]["kind"] == "manual"
    assert rep["controller"]["dpo_email"] == "dsb@weisswasser.de"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_letter_pdf_text(core_db: Database, tmp_path: Path) -> None:
    rep, _w = make_report(core_db)
    result = privacy_letter.build(rep)
    assert result.warnings == []
    path = tmp_path / "auskunft.pdf"
    path.write_bytes(result.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    for expected in (
        "Auskunft nach Art. 15 DSGVO",
        "Sehr geehrte Frau Zwiebelkönig,",
        "Quittengasse 7",
        "Kassenwartin",
        "Verein Obstwiese",
        "Anmeldeformular 2024",
        "Anruf wegen Quittenfest",
        "Quittenworkshop",
        "Patenschaft Obstwiese",
        "M007-2025",
        "protokoll.txt",
        "Stadt Weißwasser/O.L.",
        "Dr. Datenschutz, dsb@weisswasser.de",
        "Art. 77 DSGVO",
        "36 Monate",
    ):
        assert expected in text, expected
    from pypdf import PdfReader

    assert len(PdfReader(path).pages) == result.pages >= 2


def test_the_report_names_the_import_that_brought_a_person_in(
    core_db: Database, tmp_path: Path
) -> None:
    from contactdesk.core.services import imports

    card = tmp_path / "Netzwerk Kontakte.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Katrin;;;\r\nFN:Katrin Weiß\r\n"
        "EMAIL:k.weiss@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    with core_db.session() as s:
        plan = imports.preview(s, [card])
        report = imports.commit(s, plan, imports.ImportOptions())
        [cid] = report.contacts.created_ids
    with core_db.session() as s, source_language():
        rep = privacy.report(s, cid)
    assert rep["source"]["kind"] == "import"
    assert rep["source"]["import"] == "Import aus „Netzwerk Kontakte.vcf“"
    assert rep["source"]["at"].endswith("+00:00")  # a moment, shown in the town's time
    path = tmp_path / "auskunft.pdf"
    path.write_bytes(privacy_letter.build(rep).data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    assert "Angelegt durch Import aus „Netzwerk Kontakte.vcf“" in text
