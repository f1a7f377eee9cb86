"""vCard content lines: a file's bytes into unfolded lines with their parsed heads.

What real programs write: folded lines (a space or tab first), quoted-printable soft line
breaks (``=`` at the end of a line), Outlook's bare 2.1 parameters (``TEL;WORK;VOICE:``),
quoted parameter values that hold a colon, Apple's groups (``item1.EMAIL``), a BOM or UTF-16.
Each line becomes a `Line`: (number of its first physical line, `Head`, raw value bytes); the
values are decoded per card by vcard_values.CardReader.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits

#: vCard TYPE values -> our channel labels (the editor offers dienstlich, privat, mobil ...).
TYPE_LABELS = (
    ("cell", "mobil"),
    ("fax", "Fax"),
    ("pager", "Pager"),
    ("work", "dienstlich"),
    ("home", "privat"),
)

_ENCODING_WORDS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_BASE64_LINE = re.compile(rb"^[ \t]*[A-Za-z0-9+/=]+[ \t]*$")


class Head(NamedTuple):
    """What the part before the colon says; shared by all lines with the same head."""

    name: str  # upper case, without group prefix
    params: dict[str, list[str]]  # upper-case keys; TYPE values lower case
    plain: bool  # neither quoted-printable nor a CHARSET: the value is UTF-8 (or guessed)
    label: str  # our channel label for the TYPE values ("dienstlich", "mobil", ...)
    group: str = ""  # Apple's "item1" of item1.EMAIL (lower case), which X-ABLabel names


#: One unfolded content line: (number of its first physical line, head, raw value). A plain
#: tuple, because a file has one per line and objects of a class cost several times as much.
Line = tuple[int, Head, bytes]


def prepare(data: bytes, filename: str) -> tuple[bytes, bool]:
    """The file's bytes with a BOM removed (UTF-16 turned into UTF-8), or ImportError_."""
    if not data.strip():
        raise ImportError_("Die Datei ist leer.", file=filename)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), True
        except UnicodeDecodeError as exc:
            raise ImportError_(
                "Die Datei gibt sich als UTF-16 aus, ist aber nicht lesbar.",
                file=filename,
                line=data[: exc.start].count(b"\n") + 1,
            ) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    position = _binary_position(data)
    if position is not None:
        raise ImportError_(
            "Die Datei enthält Binärdaten und ist keine vCard-Datei "
            "(oder in einer nicht unterstützten Kodierung gespeichert).",
            file=filename,
            line=data[:position].count(b"\n") + 1,
        )
    return data, False


def _binary_position(data: bytes) -> int | None:
    """Offset of the first NUL byte, or of the start when control characters abound."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(sample) // 50):
        return 0
    return None


def logical_lines(content: bytes, filename: str = "") -> tuple[list[Line], list[int]]:
    """Unfolded content lines, plus the numbers of lines that are not content lines;
    ImportError_ for a line longer than limits.MAX_PROPERTY_CHARS."""
    physical = content.splitlines()
    # Most files have neither folded lines nor soft line breaks: then each line stands alone.
    probe = content.translate(_BREAKS_AND_BLANKS)  # line breaks as \n, tabs as spaces
    if b"\n " in probe or b"=\n" in probe or content.endswith(b"="):
        numbered: Iterable[tuple[int, bytes]] = _unfolded(physical)
    else:
        numbered = enumerate(physical, 1)
    result: list[Line] = []
    stray: list[int] = []
    append = result.append
    most = limits.MAX_PROPERTY_CHARS
    for number, text in numbered:
        if not text or text.isspace():
            continue
        if len(text) > most:
            raise limits.property_too_long(len(text), filename, number)
        raw_head, colon, value = text.partition(b":")
        if b'"' in raw_head:  # a quoted parameter value may hold a colon
            raw_head, colon, value = _partition_unquoted(text)
        head = _parse_head(raw_head) if colon and raw_head else None
        if head is None:
            if not _BASE64_LINE.match(text):  # 2.1 photo data without indentation
                stray.append(number)
            continue
        append((number, head, value))
    return result, stray


def _unfolded(physical: list[bytes]) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, text) of each line that is not empty, with the lines that
    continue it joined: folded ones (a space or tab first) and quoted-printable soft breaks."""
    folds = _FOLDS
    i, n = 0, len(physical)
    while i < n:
        text = physical[i]
        i += 1
        if not text or text.isspace():
            continue
        number = i
        if text.endswith(b"=") and b"QUOTED-PRINTABLE" in text.partition(b":")[0].upper():
            soft = [text[:-1]]  # joined once: adding piece by piece takes quadratic time
            while text.endswith(b"=") and i < n and physical[i].strip().upper() != b"END:VCARD":
                text = physical[i]
                soft.append(text[:-1] if text.endswith(b"=") else text)
                i += 1
            text = b"".join(soft) + (b"=" if text.endswith(b"=") else b"")
        if i < n and physical[i][:1] in folds:
            pieces = [text]
            while i < n and physical[i][:1] in folds:
                pieces.append(physical[i][1:])
                i += 1
            text = b"".join(pieces)
        yield number, text


_FOLDS = (b" ", b"\t")
_BREAKS_AND_BLANKS = bytes.maketrans(b"\r\t", b"\n ")
_NAME = re.compile(r"[A-Z0-9-]+")


def _partition_unquoted(text: bytes) -> tuple[bytes, bytes, bytes]:
    """`text.partition(b":")` at the first colon outside double quotes."""
    quoted = False
    for pos, byte in enumerate(text):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return text[:pos], b":", text[pos + 1 :]
    return text, b"", b""


@lru_cache(maxsize=4096)
def _parse_head(raw: bytes) -> Head | None:
    """Name and parameters of a content line (cached: files repeat the same few heads).

    The returned dict is shared between lines and must not be changed."""
    pieces = _split_unquoted(raw.decode("latin-1"), ";")
    name = pieces[0].strip().upper()
    group = ""
    if "." in name:  # item1.EMAIL (Apple groups)
        group, name = name.rsplit(".", 1)
        group = group.lower()
    if not name or not _NAME.fullmatch(name):
        return None
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        piece = piece.strip()
        if not piece:
            continue
        if "=" in piece:
            key, _, value = piece.partition("=")
            key = key.strip().upper()
        else:  # 2.1 bare parameter: TEL;WORK;VOICE  or  NOTE;QUOTED-PRINTABLE
            key = "ENCODING" if piece.upper() in _ENCODING_WORDS else "TYPE"
            value = piece
        values = [v.strip().strip('"') for v in value.strip().strip('"').split(",")]
        if key == "TYPE":
            values = [v.lower() for v in values]
        params.setdefault(key, []).extend(v for v in values if v)
    quoted_printable = any(e.upper() == "QUOTED-PRINTABLE" for e in params.get("ENCODING", ()))
    plain = not quoted_printable and "CHARSET" not in params
    return Head(name, params, plain, _label(params.get("TYPE", [])), group)


def _split_unquoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _label(types: list[str]) -> str:
    for vcard_type, label in TYPE_LABELS:
        if vcard_type in types:
            return label
    return ""
