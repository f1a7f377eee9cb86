"""The PDFs: every field readable back, "Seite X von Y" on every page, fonts, bad input."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from contactdesk.core.db import Database, open_database
from contactdesk.core.demo import demo_uid, load_demo
from contactdesk.core.formats.pdf import (
    ConsultationLine,
    PaperPrint,
    PdfSettings,
    SummaryPrint,
    parse_markup,
    plain_text,
    render_paper,
    render_session_summary,
)
from contactdesk.core.formats.pdf.session_summary import AgendaPaper, HeldEvent
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc

BERLIN = ZoneInfo("Europe/Berlin")
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pages_pypdf(data: bytes) -> list[str]:
    return [norm(p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]


def pages_poppler(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [norm(p) for p in out.split("\f") if p.strip()]


def all_extractions(data: bytes, tmp_path: Path) -> list[list[str]]:
    result = [pages_pypdf(data)]
    if HAS_PDFTOTEXT:
        result.append(pages_poppler(data, tmp_path))
    return result


def assert_footers(pages: list[str], prefix: str = "") -> None:
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"{prefix}Seite {number} von {total}" in text, (number, text[-200:])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("pdf") / "demo.sqlite")
    with database.session() as session:
        load_demo(session)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def demo_paper_pdf(demo_db: Database) -> bytes:
    with demo_db.session() as session:
        return ps.paper_pdf(session, ps.find_paper(session, "M006-2021")).data


# --------------------------------------------------------------------------- the paper


def test_demo_paper_prints_every_field_of_the_source(demo_paper_pdf: bytes, tmp_path: Path) -> None:
    for pages in all_extractions(demo_paper_pdf, tmp_path):
        assert len(pages) == 2
        assert_footers(pages, "Vorlage M006-2021 · ")
        text = " ".join(pages)
        for field in (
            "Stadt Bitterfeld-Wolfen",
            "Mitteilungsvorlage",
            "Vorlagen-Nr.: M006-2021",
            "aus öffentlicher Sitzung",
            "Einreicher:",
            "Oberbürgermeister",
            "Persönlicher Referent",
            "Beratungsfolge",
            "Mitteilungsgegenstand",
            "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“",
            "Sachverhalt",
            "Was bringt die Mitgliedschaft?",
            "Zugang zu den Ressourcen und Kontakten des Netzwerks",
            "Stadt Weißwasser",
            "Jugendclub'83",
            "Finanzielle Auswirkungen keine",
            "Anlagen keine",
        ):
            assert field in text, field
        assert "Federführende" in text and "Stelle" in text
        # Beratungsfolge in order, with German dates
        hfa = text.index("Haupt- und Finanzausschuss 02.09.2021 Kenntnisnahme")
        rat = text.index("Stadtrat Bitterfeld-Wolfen 08.09.2021 Kenntnisnahme")
        assert hfa < rat < text.index("Mitteilungsgegenstand")
        # bullet lists print as lists
        assert "• Zugang zu den Ressourcen" in text
        # the signature line of the submitter comes before the Anlagen
        assert text.rindex("Oberbürgermeister") < text.index("Anlagen keine")
        assert "ENTWURF" not in text  # the released version


def test_pdf_metadata_language_and_embedded_fonts(demo_paper_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(demo_paper_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == (
        "Mitteilungsvorlage M006-2021: Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk "
        "„Engagierte Stadt“"
    )
    assert meta.author == "Stadt Bitterfeld-Wolfen"
    assert meta.subject == "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“"
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "DejaVuSans" in font["/BaseFont"], font["/BaseFont"]
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded TrueType


def test_filing_margin_on_the_left(demo_paper_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(demo_paper_pdf))
    xs: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert xs and min(xs) >= 25 / 25.4 * 72 - 0.5  # nothing printed left of 25 mm


def _paper(**kw: object) -> PaperPrint:
    base: dict[str, object] = {
        "reference": "B003-2022",
        "type_name": "Beschlussvorlage",
        "subject": "Kooperation mit Jugendclub'83",
        "submitter": "Oberbürgermeister",
        "lead_office": "Persönlicher Referent",
        "paper_date": date(2022, 3, 1),
        "consultations": [
            ConsultationLine("Haupt- und Finanzausschuss", date(2022, 3, 24), "Vorberatung"),
            ConsultationLine("Stadtrat", date(2022, 3, 30), "Entscheidung"),
        ],
        "body": "Text.",
    }
    base.update(kw)
    return PaperPrint(**base)  # type: ignore[arg-type]


def test_every_name_prints_and_missing_glyphs_are_replaced_with_a_warning(
    tmp_path: Path,
) -> None:
    result = render_paper(
        _paper(
            submitter="Ayşe Öztürk",
            body="Gäste: Ayşe Öztürk, Jörg Weiß, Jugendclub'83, Bitterfeld-Wolfen – 中文 – 5 €.",
            is_public=False,
            draft=True,
        )
    )
    for pages in all_extractions(result.data, tmp_path):
        text = " ".join(pages)
        assert "Ayşe Öztürk, Jörg Weiß, Jugendclub'83, Bitterfeld-Wolfen – ?? – 5 €." in text
        assert "aus nichtöffentlicher Sitzung" in text
        assert "ENTWURF" in text
        assert "Vorberatung" in text and "Entscheidung" in text
    assert len(result.warnings) == 2
    assert all("nicht enthalten" in w and "ersetzt" in w for w in result.warnings)
    assert "U+4E2D" in result.warnings[0]


def test_markup_is_escaped_and_links_are_made(tmp_path: Path) -> None:
    body = (
        "## Überschrift <b>fett</b>\n\n"
        "Zeichen < & > bleiben; <font size=40>kein Tag</font> und **wirklich fett**.\n"
        "Siehe [Profil](https://www.engagiertestadt.de/weisswasser/) oder www.bitterfeld-wolfen.de.\n"
        "[böse](javascript:alert(1)) bleibt Text.\n\n"
        "- erster Punkt\n  mit Fortsetzung\n* zweiter Punkt"
    )
    blocks = parse_markup(body)
    assert [b.kind for b in blocks] == ["h", "p", "ul"]
    assert blocks[2].items == ["erster Punkt mit Fortsetzung", "zweiter Punkt"]
    assert "Profil" in plain_text(body) and "https" not in plain_text(body).split("Profil")[0]
    data = render_paper(_paper(body=body)).data
    text = " ".join(pages_pypdf(data))
    assert "Überschrift <b>fett</b>" in text
    assert "Zeichen < & > bleiben; <font size=40>kein Tag</font> und wirklich fett." in text
    assert "[böse](javascript:alert(1)) bleibt Text." in text
    assert "• erster Punkt mit Fortsetzung" in text
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(data)).pages
        for a in page.get("/Annots", [])
    ]
    assert uris == [
        "https://www.engagiertestadt.de/weisswasser/",
        "https://www.bitterfeld-wolfen.de",
    ]


def test_logo_missing_or_corrupt_gives_a_warning_and_still_a_pdf(tmp_path: Path) -> None:
    missing = render_paper(_paper(), PdfSettings(logo_path=tmp_path / "fehlt.png"))
    assert missing.pages == 1 and missing.data.startswith(b"%PDF")
    assert "nicht gefunden" in missing.warnings[0]
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nkaputt")
    corrupt = render_paper(_paper(), PdfSettings(logo_path=broken))
    assert corrupt.data.startswith(b"%PDF")
    assert "beschädigt" in corrupt.warnings[0]
    from PIL import Image

    good = tmp_path / "wappen.png"
    Image.new("RGB", (200, 100), (20, 60, 120)).save(good)
    with_logo = render_paper(
        _paper(), PdfSettings(logo_path=good, town_name="Stadt Weißwasser/O.L.")
    )
    assert with_logo.warnings == []
    reader = PdfReader(io.BytesIO(with_logo.data))
    assert len(reader.pages[0].images) == 1
    assert "Stadt Weißwasser/O.L." in pages_pypdf(with_logo.data)[0]


def _long_body(pages: int) -> tuple[str, list[str]]:
    parts, headings = [], []
    sentence = (
        "Die Stadt Bitterfeld-Wolfen arbeitet im Netzwerk mit Partnern aus Zivilgesellschaft, "
        "Verwaltung und Wirtschaft zusammen, um gute Bedingungen für Engagement zu schaffen. "
    )
    for n in range(1, pages * 2 + 1):
        heading = f"Abschnitt {n}"
        headings.append(heading)
        parts.append(f"## {heading}\n\n" + sentence * 4 + "\n")
        parts.append("\n".join(f"- Punkt {n}.{i}: {sentence}" for i in range(1, 4)) + "\n")
        parts.append(sentence * 3 + "\n")
    return "\n".join(parts), headings


def test_sachverhalt_of_200_pages_flows_with_footer_on_every_page(tmp_path: Path) -> None:
    body, _headings = _long_body(200)
    many = [
        ConsultationLine(f"Ausschuss Nr. {n}", date(2022, 1, 1 + n % 28), "Kenntnisnahme")
        for n in range(60)
    ]
    started = time.perf_counter()
    result = render_paper(_paper(body=body, consultations=many))
    elapsed = time.perf_counter() - started
    assert result.pages >= 200, result.pages
    assert elapsed < 60, elapsed
    pages = pages_poppler(result.data, tmp_path) if HAS_PDFTOTEXT else pages_pypdf(result.data)
    assert len(pages) == result.pages
    assert_footers(pages, "Vorlage B003-2022 · ")
    # the Beratungsfolge table spans pages: the header repeats, no row is cut in two
    table_pages = [p for p in pages if "Ausschuss Nr." in p]
    assert len(table_pages) >= 2
    assert all("Gremium Termin Zuständigkeit" in p for p in table_pages)
    for n in range(60):
        assert sum(f"Ausschuss Nr. {n} " in p for p in table_pages) == 1
    # no heading is left alone at the end of a page
    if HAS_PDFTOTEXT:
        raw = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "x.pdf"), "-"], capture_output=True, check=True
        ).stdout.decode()
        for page in raw.split("\f"):
            lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
            body_lines = [ln for ln in lines if "Seite" not in ln]
            if body_lines:
                assert not re.fullmatch(r"Abschnitt \d+", body_lines[-1]), body_lines[-3:]


def test_one_huge_paragraph_still_lays_out(tmp_path: Path) -> None:
    body = "Ein sehr langer Satz ohne Absatz, der immer weiter geht. " * 12000  # ~ 120 pages
    started = time.perf_counter()
    result = render_paper(_paper(body=body))
    assert time.perf_counter() - started < 60
    assert result.pages > 50
    assert_footers(pages_pypdf(result.data), "Vorlage B003-2022 · ")


# --------------------------------------------------------------------------- session summary


def test_session_summary_of_the_stadtrat_session(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as session:
        event_id = sc.find_by_uid(session, demo_uid("event:stadtrat"))
        assert event_id is not None
        result = ps.session_summary_pdf(session, event_id)
    assert result.warnings == []
    reader = PdfReader(io.BytesIO(result.data))
    assert reader.metadata is not None
    assert reader.metadata.title == "Sitzungsübersicht Stadtrat Bitterfeld-Wolfen am 08.09.2021"
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    for pages in all_extractions(result.data, tmp_path):
        assert_footers(pages)
        text = " ".join(pages)
        for field in (
            "Sitzungsübersicht",
            "Sitzung des Stadtrates",
            "Gremium: Stadtrat Bitterfeld-Wolfen",
            "Datum: 08.09.2021",
            "17:00 – 21:00 Uhr",
            "Ratssaal, Rathaus Bitterfeld-Wolfen",
            "öffentliche Sitzung",
            "Vorlagen auf der Tagesordnung",
            "M006-2021",
            "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“",
            "Kenntnisnahme",
            "Anfang 2021 erhielt die Stadt",
            "Bericht aus dem Netzwerk",
            "Durchgeführte Veranstaltungen",
            "Unterzeichnung der Netzwerkvereinbarung",
            "Vereinbarungen: unterzeichnet oder geändert",
            "16.08.2021",
            "Anstehende Workshops und Veranstaltungen",
            "22.09.2021",
            "Auftaktworkshop",
            "Präsenzveranstaltung",
            "Fristen",
            "Kündigungsfrist",
            "30.09.2021",
        ):
            assert field in text, field
        assert text.index("Durchgeführte Veranstaltungen") < text.index("Anstehende Workshops")


def test_long_session_summary_keeps_footer_and_repeats_table_heads(tmp_path: Path) -> None:
    start = datetime(2022, 3, 24, 17, tzinfo=BERLIN)
    summary = SummaryPrint(
        committee="Haupt- und Finanzausschuss",
        title="Sitzung des Haupt- und Finanzausschusses",
        start=start,
        end=start.replace(hour=19),
        papers=[
            AgendaPaper(f"M{n:03d}-2022", f"Vorlage {n}", "Kenntnisnahme", "Auszug " * 30, str(n))
            for n in range(1, 80)
        ],
        events_held=[
            HeldEvent(start, f"Workshop {n}", "Workshop", n % 7 or None) for n in range(120)
        ],
    )
    result = render_session_summary(summary)
    pages = pages_pypdf(result.data)
    assert result.pages == len(pages) >= 8
    assert_footers(pages)
    for n in (1, 40, 79):
        assert f"M{n:03d}-2022" in " ".join(pages)
    vorlage_pages = [p for p in pages if "M0" in p]
    assert all("TOP Vorlage Gegenstand und Auszug Zuständigkeit" in p for p in vorlage_pages)
    assert "nicht erfasst" in " ".join(pages)
