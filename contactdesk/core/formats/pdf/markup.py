"""The small markup of a Sachverhalt and its rendering to reportlab flowables.

The markup (deliberately tiny, so nothing typed can break the PDF):

- A blank line separates paragraphs; lines of one paragraph are joined with a space.
- A line starting with ``## `` is a heading (``# `` and ``### `` are read as headings too).
- A line starting with ``- ``, ``* `` or ``• `` is a bullet item; following lines indented by
  at least two spaces continue the item. A blank line or an unindented line ends the list.
- ``[Text](https://…)`` is a link with a text; a bare ``https://…``, ``http://…`` or
  ``www.…`` address becomes a link as it stands. Only http, https and mailto links are made.
- ``**fett**`` prints bold.

Everything else is printed literally: ``<``, ``&``, reportlab tags and the like are escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from contactdesk.core.formats.pdf import frame
from contactdesk.core.formats.pdf.common import Sanitizer, Styles

#: a paragraph longer than this is laid out in pieces (cut after a sentence) so that a pasted
#: text of hundreds of pages without blank lines still lays out in linear time
MAX_PARAGRAPH = 3000

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^\s{0,1}[-*•]\s+(.*)$")
_INLINE = re.compile(
    r"\[(?P<text>[^\]\n]{1,300})\]\((?P<url>(?:https?://|mailto:)[^\s()<>\"']+)\)"
    r"|(?P<bare>(?:https?://|www\.)[^\s<>\"']+)"
    r"|\*\*(?P<bold>[^*\n]{1,500})\*\*"
)
_TRAILING = ".,;:!?)]}»“”\"'"


@dataclass
class Block:
    kind: str  # "p", "h" or "ul"
    text: str = ""
    items: list[str] = field(default_factory=list)


def parse(text: str) -> list[Block]:
    """The blocks of a Sachverhalt (see the module docstring for the markup)."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] | None = None

    def flush() -> None:
        nonlocal para, items
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para = []
        if items is not None:
            blocks.append(Block("ul", items=[i.strip() for i in items]))
            items = None

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block("h", heading.group(2).strip()))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if para:
                flush()
            if items is None:
                items = []
            items.append(bullet.group(1))
            continue
        if items is not None and line.startswith("  "):
            items[-1] += " " + line.strip()
            continue
        if items is not None:
            flush()
        para.append(line)
    flush()
    return blocks


def plain_text(text: str) -> str:
    """The markup as plain running text (for extracts and OParl's text field)."""
    parts: list[str] = []
    for block in parse(text):
        if block.kind == "ul":
            parts.extend("– " + _plain_inline(i) for i in block.items)
        else:
            parts.append(_plain_inline(block.text))
    return "\n".join(parts)


def _plain_inline(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group("text") is not None:
            return m.group("text")
        if m.group("bold") is not None:
            return m.group("bold")
        return m.group(0)

    return _INLINE.sub(repl, text)


def inline(text: str, clean: Sanitizer) -> str:
    """Escaped reportlab paragraph markup for one line of text with links and bold."""
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(clean.para(text[pos : m.start()]))
        pos = m.end()
        if m.group("bold") is not None:
            out.append(f"<b>{clean.para(m.group('bold'))}</b>")
            continue
        if m.group("url") is not None:
            label, url, tail = m.group("text"), m.group("url"), ""
        else:
            url = m.group("bare")
            stripped = url.rstrip(_TRAILING)
            tail = url[len(stripped) :]
            label = url = stripped
            if url.startswith("www."):
                url = "https://" + url
        href = escape(clean.clean(url), {'"': "&quot;"})
        out.append(f'<a href="{href}" color="#1a4f8b">{clean.para(label)}</a>')
        out.append(clean.para(tail))
    out.append(clean.para(text[pos:]))
    return "".join(out)


def _pieces(text: str) -> list[str]:
    """Cut an overlong paragraph after sentences into pieces of at most MAX_PARAGRAPH chars."""
    if len(text) <= MAX_PARAGRAPH:
        return [text]
    pieces = []
    while len(text) > MAX_PARAGRAPH:
        window = text[:MAX_PARAGRAPH]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < MAX_PARAGRAPH // 3:
            cut = window.rfind(" ")
        if cut < MAX_PARAGRAPH // 3:
            cut = MAX_PARAGRAPH - 1
        pieces.append(text[: cut + 1])
        text = text[cut + 1 :].lstrip()
    if text:
        pieces.append(text)
    return pieces


def flowables(
    text: str, styles: Styles, clean: Sanitizer, *, outline_level: int = 1
) -> list[Flowable]:
    """The Sachverhalt as paragraphs, headings (with a bookmark, never alone at the foot of a
    page) and bullet lists."""
    result: list[Flowable] = []
    blocks = parse(text)
    for index, block in enumerate(blocks):
        if block.kind == "h":
            result.extend(
                frame.heading(
                    inline(block.text, clean),
                    styles.subheading,
                    outline=clean.clean(plain_text(block.text)),
                    level=outline_level,
                )
            )
        elif block.kind == "ul":
            for i, item in enumerate(block.items):
                pieces = _pieces(item)
                for n, piece in enumerate(pieces):
                    last = i == len(block.items) - 1 and n == len(pieces) - 1
                    result.append(
                        Paragraph(
                            inline(piece, clean),
                            styles.bullet_last if last else styles.bullet,
                            bulletText="•" if n == 0 else None,
                        )
                    )
        else:
            pieces = _pieces(block.text)
            # an introduction ("… wurden ausgewählt:") stays on the page of its list
            intro = (
                index + 1 < len(blocks)
                and blocks[index + 1].kind == "ul"
                and block.text.rstrip().endswith(":")
            )
            for n, piece in enumerate(pieces):
                last = n == len(pieces) - 1
                style = (styles.body_keep if intro else styles.body) if last else styles.body_tight
                result.append(Paragraph(inline(piece, clean), style))
    return result
