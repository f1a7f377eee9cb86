"""Layout rules of the PDFs: column widths from the content, German hyphenation, one right edge."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from contactdesk.core.formats.pdf import ConsultationLine, PaperPrint, render_paper
from contactdesk.core.formats.pdf.common import content_width, fit_widths
from contactdesk.core.formats.pdf.settings import PdfSettings


def test_widths_fill_the_frame_and_short_columns_keep_their_words() -> None:
    columns = [
        ["Datum", "26.02.2021"],
        ["Veranstaltung", "Interessenbekundung „Engagierte Stadt“ abgegeben " * 3],
        ["Art", "sonstiger Termin"],
        ["Teilnehmende", "nicht erfasst"],
    ]
    widths = fit_widths(columns, 500)
    assert sum(widths) == pytest.approx(500)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert widths[2] >= stringWidth("sonstiger Termin", "DejaVuSans", 9.5)
    assert widths[1] == max(widths)
    # all short: the widest text takes the rest, nobody is squeezed
    short = fit_widths([["A", "x"], ["B", "yy"]], 300)
    assert sum(short) == pytest.approx(300) and min(short) > 10


def _words_at_line_ends(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_long_german_words_are_hyphenated_in_narrow_columns(tmp_path: Path) -> None:
    paper = PaperPrint(
        reference="M001-2026",
        type_name="Mitteilungsvorlage",
        subject="Test",
        submitter="OB",
        lead_office="Referent",
        consultations=[
            ConsultationLine(
                "Ausschuss für Präsenzveranstaltungen und Bürgerbeteiligung " * 4,
                date(2026, 1, 5),
                "Präsenzveranstaltungsvorbereitung",
            )
        ],
        body="Präsenzveranstaltung " * 60,
    )
    text = _words_at_line_ends(render_paper(paper).data, tmp_path)
    # at least one word is broken with a hyphen at a syllable, none without one
    assert re.search(r"(Prä-|senz-|ver-|an-|stal-|tungs-)\s*$", text, re.MULTILINE), text
    assert not re.search(r"Präsenzveranstal\s*$", text, re.MULTILINE)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_body_tables_header_and_footer_share_one_frame(tmp_path: Path) -> None:
    """Nothing sticks out past the footer's right edge, and body, tables and footer start at
    the same left edge (the old frame indented the body by 6 pt and let tables run 6 pt over)."""
    settings = PdfSettings()
    left = settings.left_margin_mm * 72 / 25.4
    right = left + content_width(settings)
    paper = PaperPrint(
        reference="M001-2026",
        type_name="Mitteilungsvorlage",
        subject="Test",
        submitter="OB",
        lead_office="Referent",
        consultations=[ConsultationLine("Stadtrat", date(2026, 1, 5), "Kenntnisnahme")],
        body="Ein Satz mit vielen Wörtern, der die ganze Zeile füllt. " * 30,
    )
    path = tmp_path / "x.pdf"
    path.write_bytes(render_paper(paper).data)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(a), float(b), w)
        for a, b, w in re.findall(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    ]
    assert max(b for _a, b, _w in words) <= right + 0.5
    footer_end = max(b for _a, b, w in words if w == "1" or w.isdigit())
    assert footer_end == pytest.approx(right, abs=1.0)
    starts = {
        round(a, 1) for a, _b, w in words if w in ("Einreicher:", "Sachverhalt", "Beratungsfolge")
    }
    assert len(starts) == 1 and starts.pop() == pytest.approx(left, abs=0.5)
    assert min(a for a, _b, _w in words) == pytest.approx(left, abs=0.5)


def test_sections_are_bookmarked_and_links_are_clickable() -> None:
    paper = PaperPrint(
        reference="B002-2026",
        type_name="Beschlussvorlage",
        type_code="B",
        subject="Test",
        submitter="OB",
        lead_office="Referent",
        proposal="Der Stadtrat beschließt.",
        body="## Anlass\n\nSiehe [das Netzwerk](https://www.engagiertestadt.de/netzwerk/).",
    )
    reader = PdfReader(io.BytesIO(render_paper(paper).data))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:5] == [
        "Beratungsfolge",
        "Gegenstand",
        "Beschlussvorschlag",
        "Sachverhalt",
        "Finanzielle Auswirkungen",
    ]
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert [i.title for i in nested[0]] == ["Anlass"]
    annots = [a.get_object() for a in reader.pages[0]["/Annots"]]
    uris = [a["/A"]["/URI"] for a in annots if "/A" in a]
    assert uris == ["https://www.engagiertestadt.de/netzwerk/"]
    assert all(int(a["/F"]) == 4 for a in annots)


def test_logo_with_alpha_is_flattened_and_printed_on_the_first_page(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    logo = tmp_path / "logo.png"
    picture = PILImage.new("RGBA", (120, 60), (0, 0, 0, 0))
    for x in range(20, 100):
        for y in range(10, 50):
            picture.putpixel((x, y), (20, 80, 160, 128))
    picture.save(logo)
    paper = PaperPrint(
        reference="M001-2026",
        type_name="Mitteilungsvorlage",
        subject="Test",
        body="Text. " * 900,
    )
    data = render_paper(paper, PdfSettings(logo_path=logo)).data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first = reader.pages[0]["/Resources"].get("/XObject") or {}
    images = [x.get_object() for x in first.values()]
    assert len(images) == 1 and "/SMask" not in images[0]
    assert not (reader.pages[1]["/Resources"].get("/XObject") or {})
    assert b"/SMask" not in data
    # without a logo the town's name is the header
    plain = PdfReader(io.BytesIO(render_paper(paper).data)).pages[0]
    assert "Stadt Bitterfeld-Wolfen" in plain.extract_text()
    assert not (plain["/Resources"].get("/XObject") or {})
