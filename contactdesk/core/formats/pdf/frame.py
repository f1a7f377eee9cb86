"""The A4 page frame every PDF shares: one right edge, "Seite X von Y", the running head,
the ENTWURF watermark and the confidential mark on every page, the release stamp, bookmarks
(outline) per section, clickable links, and the PDF/A-2b file structure (archive.py).

One frame width: the text frame has no inner padding, so body text, tables, the header table
and the footer rule all end at the same right edge (page width minus the right margin).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)

from contactdesk.core.formats.pdf import archive
from contactdesk.core.formats.pdf.common import FONT, FONT_BOLD, GRID
from contactdesk.core.formats.pdf.settings import PdfSettings

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 24 * mm
WATERMARK = "ENTWURF"
WATERMARK_GREY = colors.HexColor("#dcdcdc")
CONFIDENTIAL = "nicht öffentlich – vertraulich"
CONFIDENTIAL_RED = colors.HexColor("#9b1c1c")


@dataclass(frozen=True)
class PageMarks:
    """What is printed on every page besides the content."""

    footer_left: str
    footer_right_prefix: str = ""
    running_head: str = ""
    #: a diagonal ENTWURF on every page of anything not released
    draft: bool = False
    #: "nicht öffentlich – vertraulich" at the top of every page
    confidential: bool = False
    #: a second footer line, e.g. "Fassung 2 vom … · freigegeben am … · SHA-256 …"
    stamp: str = ""


@dataclass
class Bookmark:
    title: str
    level: int
    top: float
    key: str = ""


class Heading(Paragraph):
    """A section heading that gets an entry in the PDF's outline (bookmarks)."""

    def __init__(self, text: str, style: Any, *, outline: str, level: int = 0) -> None:
        super().__init__(text, style)
        self.outline_title = outline
        self.outline_level = level


@dataclass
class _Layout:
    """What the layout pass collects for the final page pass."""

    bookmarks: dict[int, list[Bookmark]] = field(default_factory=dict)
    count: int = 0


def _decorate(
    canv: rl_canvas.Canvas, settings: PdfSettings, marks: PageMarks, n: int, total: int
) -> None:
    left_x = settings.left_margin_mm * mm
    right_x = PAGE_WIDTH - settings.right_margin_mm * mm
    canv.saveState()
    canv.setStrokeColor(GRID)
    canv.setLineWidth(0.5)
    canv.line(left_x, 17 * mm, right_x, 17 * mm)
    canv.setFont(FONT, 8.5)
    canv.setFillColor(colors.HexColor("#333333"))
    canv.drawString(left_x, 12.5 * mm, marks.footer_left)
    canv.drawRightString(right_x, 12.5 * mm, f"{marks.footer_right_prefix}Seite {n} von {total}")
    if marks.stamp:
        canv.setFont(FONT, 7.5)
        canv.drawString(left_x, 8.5 * mm, marks.stamp)
    if n > 1 and marks.running_head:
        canv.setFont(FONT, 8.5)
        canv.drawRightString(right_x, PAGE_HEIGHT - 11 * mm, marks.running_head)
    if marks.confidential:
        canv.setFont(FONT_BOLD, 8.5)
        canv.setFillColor(CONFIDENTIAL_RED)
        canv.drawString(left_x, PAGE_HEIGHT - 11 * mm, CONFIDENTIAL.upper())
    canv.restoreState()


def _watermark_code(canv: rl_canvas.Canvas) -> list[str]:
    """The page operators of a diagonal ENTWURF, to be put under the page's content."""
    code = canv._code  # type: ignore[attr-defined]  # reportlab: the page's operators, no public accessor
    start = len(code)
    canv.saveState()
    canv.setFillColor(WATERMARK_GREY)
    canv.setFont(FONT_BOLD, 110)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(52)
    canv.drawCentredString(0, -38, WATERMARK)
    canv.restoreState()
    drawn = code[start:]
    del code[start:]
    return drawn


def _page_canvas(
    settings: PdfSettings, marks: PageMarks, layout: _Layout, meta: dict[str, Any]
) -> type[rl_canvas.Canvas]:
    """A canvas that holds its pages back until the end, then adds the marks of each page."""

    class PageCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            archive.make_archival(self, **meta)
            self._saved_pages: list[dict[str, Any]] = []

        def linkURL(
            self,
            url: Any,
            rect: Any,
            relative: bool | Literal[0, 1] = 0,
            thickness: int = 0,
            color: colors.Color | None = None,
            dashArray: Any = None,
            kind: str = "URI",
            **kw: Any,
        ) -> None:
            # PDF/A: every annotation is printable (F 4); no border
            kw.setdefault("F", 4)
            super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's page reset, not in its stubs

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                if marks.draft:
                    self._code[0:0] = _watermark_code(self)  # type: ignore[attr-defined]  # see _watermark_code
                for mark in layout.bookmarks.get(number, []):
                    self.bookmarkPage(mark.key, fit="XYZ", top=mark.top, left=0)
                    self.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=False)
                _decorate(self, settings, marks, number, total)
                super().showPage()
            if layout.bookmarks:
                self.showOutline()
            super().save()

    return PageCanvas


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, settings: PdfSettings, layout: _Layout, **kw: Any):
        super().__init__(buffer, pagesize=A4, **kw)
        self.layout = layout
        frame = Frame(
            settings.left_margin_mm * mm,
            BOTTOM_MARGIN,
            PAGE_WIDTH - (settings.left_margin_mm + settings.right_margin_mm) * mm,
            PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading) or not flowable.outline_title:
            return
        self.layout.count += 1
        # the frame's current y (reportlab keeps it private; its stubs lack it)
        top = self.frame._y + flowable.height + 4  # type: ignore[attr-defined]  # reportlab Frame._y
        self.layout.bookmarks.setdefault(self.page, []).append(
            Bookmark(
                flowable.outline_title, flowable.outline_level, top, key=f"s{self.layout.count}"
            )
        )


def build_pdf(
    flowables: Iterable[Flowable],
    settings: PdfSettings,
    *,
    title: str,
    subject: str,
    marks: PageMarks,
    created: datetime | None = None,
    document_key: str = "",
    keywords: str = "",
) -> tuple[bytes, int]:
    """Lay out on A4 with the filing margin as PDF/A-2b; return (PDF bytes, page count).

    `created` (from the data: release or print date) makes the output reproducible: the same
    data and the same `created` give the same bytes.
    """
    created = created or datetime.now(UTC).replace(microsecond=0)
    author = settings.author or settings.town_name
    layout = _Layout()
    meta = {
        "title": title,
        "author": author,
        "subject": subject,
        "keywords": keywords,
        "creator": "contactdesk",
        "created": created,
        "document_key": document_key or title,
    }
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        settings,
        layout,
        leftMargin=settings.left_margin_mm * mm,
        rightMargin=settings.right_margin_mm * mm,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="contactdesk",
        keywords=keywords,
        lang=archive.LANGUAGE,
        initialFontName=FONT,
        invariant=1,
    )
    doc.build(list(flowables), canvasmaker=_page_canvas(settings, marks, layout, meta))
    return buffer.getvalue(), doc.page


def heading(
    text: str, style: Any, *, outline: str = "", level: int = 0, room: float = 24 * mm
) -> list[Flowable]:
    """A heading that never ends a page and never leaves a big hole.

    Instead of keepWithNext (which moves a whole long paragraph or table to the next page with
    the heading, leaving the rest of the page blank) the heading starts a new page only when
    less than `room` (about three lines of text) is left below it.
    """
    free = style.clone(style.name + "_free", keepWithNext=0)
    return [
        CondPageBreak(style.leading + style.spaceBefore + room),
        Heading(text, free, outline=outline, level=level) if outline else Paragraph(text, free),
    ]
