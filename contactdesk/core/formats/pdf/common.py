"""Shared PDF machinery: embedded DejaVu fonts, styles, A4 page frame, "Seite X von Y", logo.

reportlab is used only inside contactdesk.core.formats.pdf. Every text that reaches a page goes
through `Sanitizer.clean` first: characters the embedded font lacks are replaced by "?" and
reported once as a German warning instead of crashing or printing empty boxes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from contactdesk.core.formats.pdf.settings import DEFAULT_TOWN as DEFAULT_TOWN
from contactdesk.core.formats.pdf.settings import PdfResult as PdfResult
from contactdesk.core.formats.pdf.settings import PdfSettings

FONT_DIR = Path(__file__).resolve().parents[4] / "resources" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
REPLACEMENT = "?"
HYPHENATION = "de_DE"
PAGE_WIDTH, PAGE_HEIGHT = A4

_lock = threading.Lock()
_supported: frozenset[int] | None = None


def register_fonts() -> frozenset[int]:
    """Register the DejaVu family once per process; return the code points all three cover."""
    global _supported
    with _lock:
        if _supported is None:
            faces = {}
            for name, filename in (
                (FONT, "DejaVuSans.ttf"),
                (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
            ):
                font = TTFont(name, str(FONT_DIR / filename))
                pdfmetrics.registerFont(font)
                faces[name] = set(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
            )
            _supported = frozenset(faces[FONT] & faces[FONT_BOLD] & faces[FONT_ITALIC])
        return _supported


class Sanitizer:
    """Replaces characters the font lacks and remembers them for one German warning each."""

    def __init__(self) -> None:
        self.supported = register_fonts()
        self.missing: dict[str, None] = {}

    def clean(self, text: str) -> str:
        if text.isascii():
            return text
        missing = {c for c in set(text) if ord(c) not in self.supported and c not in "\n\r\t"}
        if not missing:
            return text
        for ch in sorted(missing):
            self.missing.setdefault(ch)
        return "".join(REPLACEMENT if c in missing else c for c in text)

    def para(self, text: str) -> str:
        """Cleaned and escaped for reportlab's paragraph mini-markup."""
        return escape(self.clean(text))

    def warnings(self) -> list[str]:
        return [
            f"Das Zeichen „{ch}“ (U+{ord(ch):04X}) ist in der eingebetteten Schrift nicht "
            f"enthalten und wurde im PDF durch „{REPLACEMENT}“ ersetzt."
            for ch in self.missing
        ]


# --------------------------------------------------------------------------- styles


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "fontSize": 10.5,
        "leading": 14,
        "alignment": TA_LEFT,
        "spaceAfter": 0,
        "spaceBefore": 0,
        # German hyphenation (pyphen's de_DE dictionary): "Präsenzveranstal-tung" in a narrow
        # column instead of a word cut without a hyphen
        "hyphenationLang": HYPHENATION,
        "embeddedHyphenation": 1,
        "uriWasteReduce": 0.3,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_tight: ParagraphStyle
    body_keep: ParagraphStyle
    bullet: ParagraphStyle
    bullet_last: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    section: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    title: ParagraphStyle
    town: ParagraphStyle
    right: ParagraphStyle
    right_bold: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    small: ParagraphStyle
    subject: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    return Styles(
        body=_style("body", spaceAfter=6),
        body_tight=_style("body_tight"),
        body_keep=_style("body_keep", spaceAfter=6, keepWithNext=1),
        bullet=_style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=2, bulletFontName=FONT),
        bullet_last=_style(
            "bullet_last", leftIndent=14, bulletIndent=3, spaceAfter=7, bulletFontName=FONT
        ),
        heading=_style(
            "heading",
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        subheading=_style(
            "subheading",
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        section=_style(
            "section",
            fontName=FONT_BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        label=_style("label", fontName=FONT_BOLD, fontSize=10, leading=13, hyphenationLang=""),
        value=_style("value", fontSize=10, leading=13),
        title=_style("title", fontName=FONT_BOLD, fontSize=15, leading=19),
        town=_style("town", fontName=FONT_BOLD, fontSize=14, leading=18),
        right=_style("right", fontSize=10, leading=13, alignment=TA_RIGHT),
        right_bold=_style(
            "right_bold", fontName=FONT_BOLD, fontSize=12, leading=16, alignment=TA_RIGHT
        ),
        cell=_style("cell", fontSize=9.5, leading=12),
        cell_bold=_style("cell_bold", fontName=FONT_BOLD, fontSize=9.5, leading=12),
        small=_style("small", fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        subject=_style("subject", fontName=FONT_BOLD, fontSize=11, leading=15, spaceAfter=4),
    )


GRID = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e6e6e6")


def grid_table(
    rows: list[list[Any]],
    widths: list[float],
    *,
    header: bool = True,
    zebra: bool = False,
    row_heights: list[float | None] | None = None,
) -> Table:
    """A ruled table; rows never split across pages and the header repeats on each page."""
    table = Table(
        rows,
        colWidths=widths,
        rowHeights=row_heights,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, "#f6f6f6"]))
    table.setStyle(TableStyle(commands))
    return table


def plain_table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def german_date(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


# --------------------------------------------------------------------------- logo


def load_logo(path: Path | None, max_w: float, max_h: float) -> tuple[Flowable | None, str | None]:
    """The town logo scaled into the box, or (None, German warning) when it cannot be used.

    PDF/A allows no transparency: a logo with an alpha channel (or a palette with a
    transparent colour) is flattened onto white before it is embedded.
    """
    if path is None:
        return None, None
    path = Path(path)
    if not path.is_file():
        return None, (
            f"Die Logodatei „{path}“ wurde nicht gefunden. Das PDF wurde ohne Logo erstellt; "
            "bitte prüfen Sie die Einstellungen."
        )
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            picture.load()
            if picture.mode in ("RGBA", "LA", "P", "PA") or "transparency" in picture.info:
                rgba = picture.convert("RGBA")
                flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = picture.convert("RGB")
        buffer = io.BytesIO()
        flat.save(buffer, format="PNG")
        buffer.seek(0)
        width, height = flat.size
        if width <= 0 or height <= 0:
            raise ValueError("empty image")
    except Exception:
        return None, (
            f"Die Logodatei „{path.name}“ ist beschädigt oder kein unterstütztes Bildformat "
            "(PNG oder JPEG). Das PDF wurde ohne Logo erstellt."
        )
    scale = min(max_w / width, max_h / height)
    return Image(buffer, width=width * scale, height=height * scale, hAlign="LEFT"), None


# --------------------------------------------------------------------------- frame


def letterhead(
    settings: PdfSettings,
    clean: Sanitizer,
    styles: Styles,
    right: Sequence[Flowable],
    warnings: list[str],
    *,
    logo_height: float = 18 * mm,
    left_share: float = 0.5,
) -> Table:
    """The top of a first page: the town's logo and name on the left, what the document is
    (kind, number, date ...) right-aligned on the right; a logo that cannot be used is warned."""
    logo, problem = load_logo(settings.logo_path, 38 * mm, logo_height)
    if problem:
        warnings.append(problem)
    left: list[Flowable] = ([logo, Spacer(1, 2 * mm)] if logo is not None else []) + [
        Paragraph(clean.para(settings.town_name), styles.town)
    ]
    width = content_width(settings)
    head = Table(
        [[left, list(right)]],
        colWidths=[width * left_share, width * (1 - left_share)],
        hAlign="LEFT",
    )
    head.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return head


def content_width(settings: PdfSettings) -> float:
    return PAGE_WIDTH - (settings.left_margin_mm + settings.right_margin_mm) * mm


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from already escaped mini-markup."""
    return Paragraph(text, style)


def fit_widths(
    columns: list[list[str]],
    total: float,
    *,
    font_size: float = 9.5,
    padding: float = 8.0,
    bold_first_row: bool = True,
) -> list[float]:
    """Column widths from the content, summing exactly to `total`.

    Each column gets at least the width of its longest word (capped at a third of the table,
    longer words are hyphenated) and at most what its longest cell needs; what is left goes
    to the columns whose text would otherwise wrap, in proportion to how much they lack.
    """
    register_fonts()
    widths_min: list[float] = []
    widths_max: list[float] = []
    for cells in columns:
        longest_word = 0.0
        longest_cell = 0.0
        for row, cell in enumerate(cells):
            face = FONT_BOLD if bold_first_row and row == 0 else FONT
            for line in (cell or "").split("\n"):
                longest_cell = max(longest_cell, pdfmetrics.stringWidth(line, face, font_size))
                for word in line.split():
                    longest_word = max(longest_word, pdfmetrics.stringWidth(word, face, font_size))
        low = min(longest_word, total / 3) + padding
        widths_min.append(low)
        widths_max.append(max(low, longest_cell + padding))
    if sum(widths_max) <= total:
        spare = total - sum(widths_max)
        # the widest column takes what is left (it holds the running text)
        widest = max(range(len(columns)), key=lambda i: widths_max[i])
        widths = list(widths_max)
        widths[widest] += spare
        return widths
    # short columns (dates, kinds, counts) get what they need, as long as that is no more
    # than an even share of what is left; the long ones share the rest
    out: list[float | None] = [None] * len(columns)
    remaining = total
    flexible = set(range(len(columns)))
    while flexible:
        share = remaining / len(flexible)
        fixed = [i for i in flexible if widths_max[i] <= share]
        if not fixed:
            break
        for i in fixed:
            out[i] = widths_max[i]
            remaining -= widths_max[i]
            flexible.discard(i)
    lows = {i: widths_min[i] for i in flexible}
    if sum(lows.values()) >= remaining:
        scale = remaining / sum(lows.values())
        for i in flexible:
            out[i] = lows[i] * scale
    else:
        spare = remaining - sum(lows.values())
        lack = {i: widths_max[i] - lows[i] for i in flexible}
        whole = sum(lack.values()) or 1.0
        for i in flexible:
            out[i] = lows[i] + spare * lack[i] / whole
    return [float(w or 0.0) for w in out]
