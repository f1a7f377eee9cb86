"""vCard 2.1, 3.0 and 4.0: reading .vcf files into ContactData and writing contacts as vCards.

Standard library only. Reading copes with what real programs write:

- Outlook for Windows writes vCard 2.1: text in Windows-1252 unless a ``CHARSET`` parameter says
  otherwise, ``ENCODING=QUOTED-PRINTABLE`` with soft line breaks (``=`` at the end of a line),
  bare type parameters (``TEL;WORK;VOICE:``) and base64 photos over many lines.
- Thunderbird, Apple and Google write 3.0 (``TYPE=work,voice``) or 4.0 (``TYPE="work,voice"``,
  ``TEL;VALUE=uri:tel:+49...``, ``KIND:org``), UTF-8, lines folded with a space or tab.

Text without a charset is read as UTF-8 when it is valid UTF-8, else as Windows-1252 (a file in
another encoding than declared is read that way too, with a warning on the card). What cannot be
read at all (binary data, no card in the file) raises ImportError_ naming the file and the line;
a card that cannot be used (no name, cut off before END:VCARD) is reported on its ParsedCard and
the other cards of the file stay usable.

Writing: 3.0 by default (UTF-8, CRLF, folded at 75 octets without splitting a character),
4.0 on request, and 2.1 for Outlook for Windows with an explicit ``CHARSET`` and quoted-printable
where a value is not plain short ASCII. Outlook for Windows reads only the first card of a file,
so write_each() gives one file per contact. The writer is in vcard_export (it takes the
plain export tuples of export_rows; write() and write_each() here take ContactData).

Our fields without a vCard property: a person's organisation and function come from the first
current role (ORG, TITLE); on reading they are returned as ParsedCard.affiliation and left to the
import service. A birthday (BDAY) has no field of its own and is kept in the notes
("Geburtstag: 15.03."), and so are a nickname, anniversaries, chat addresses and related names
(`_NOTED`); ROLE joins TITLE as the function; the state of an address abroad joins its city
("Bayside, NY").
"""

from __future__ import annotations

import binascii
import codecs
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from contactdesk.core.contact_data import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
)
from contactdesk.core.countries import region_for_country
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits
from contactdesk.core.formats.export_rows import from_contact_data
from contactdesk.core.formats.vcard_export import (
    CRLF,
    VERSIONS,
    safe_file_stem,
    write_cards,
    write_each_card,
)

__all__ = [
    "CRLF",
    "ORGANISATION",
    "PERSON",
    "VERSIONS",
    "Affiliation",
    "ParsedCard",
    "parse",
    "safe_file_stem",
    "write",
    "write_each",
]

PERSON = "person"
ORGANISATION = "organisation"

#: vCard TYPE values -> our channel labels (the editor offers dienstlich, privat, mobil ...).
_TYPE_LABELS = (
    ("cell", "mobil"),
    ("fax", "Fax"),
    ("pager", "Pager"),
    ("work", "dienstlich"),
    ("home", "privat"),
)
_SALUTATIONS = {
    "herr": "Herr",
    "frau": "Frau",
    "divers": "Divers",
    "mr": "Herr",
    "mr.": "Herr",
    "mrs": "Frau",
    "mrs.": "Frau",
    "ms": "Frau",
    "ms.": "Frau",
}
#: charsets we accept in a CHARSET parameter (codec names as codecs.lookup() spells them).
_CHARSETS = {
    "utf-8",
    "ascii",
    "latin-1",
    "iso8859-1",
    "iso8859-2",
    "iso8859-15",
    "cp1250",
    "cp1252",
    "cp850",
    "mac-roman",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
}
_ENCODING_WORDS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_BASE64_LINE = re.compile(rb"^[ \t]*[A-Za-z0-9+/=]+[ \t]*$")
_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})")


# --------------------------------------------------------------------------- results


@dataclass
class Affiliation:
    """Organisation, department and function of a person as the file names them."""

    organisation: str = ""
    department: str = ""
    function: str = ""

    def __bool__(self) -> bool:
        return bool(self.organisation or self.department or self.function)


@dataclass
class ParsedCard:
    """One BEGIN:VCARD ... END:VCARD block.

    `contact` is None when the card cannot be imported; `problems` then says why (German, with
    card number and line). `warnings` are remarks on a usable card.
    """

    card_number: int
    line: int
    contact: ContactData | None
    problems: list[str] = field(default_factory=list)
    raw_name: str = ""
    warnings: list[str] = field(default_factory=list)
    affiliation: Affiliation = field(default_factory=Affiliation)

    @property
    def place(self) -> str:
        return f"Karte {self.card_number} (Zeile {self.line})"


class _Head(NamedTuple):
    """What the part before the colon says; shared by all lines with the same head."""

    name: str  # upper case, without group prefix
    params: dict[str, list[str]]  # upper-case keys; TYPE values lower case
    plain: bool  # neither quoted-printable nor a CHARSET: the value is UTF-8 (or guessed)
    label: str  # our channel label for the TYPE values ("dienstlich", "mobil", ...)
    group: str = ""  # Apple's "item1" of item1.EMAIL (lower case), which X-ABLabel names


#: One unfolded content line: (number of its first physical line, head, raw value). A plain
#: tuple, because a file has one per line and objects of a class cost several times as much.
_Line = tuple[int, _Head, bytes]


# --------------------------------------------------------------------------- reading


_BEGIN_CARD = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD", re.IGNORECASE | re.MULTILINE)


def parse(data: bytes, filename: str) -> list[ParsedCard]:
    """All cards of a .vcf file; ImportError_ when the file is no vCard file at all."""
    content, forced_utf8 = _prepare(data, filename)
    for count, found in enumerate(_BEGIN_CARD.finditer(content), start=1):
        if count > limits.MAX_CONTACT_ENTRIES:  # checked before any card is read
            line_no = content.count(b"\n", 0, found.start()) + 1
            raise limits.too_many_entries("Visitenkarten", filename, line_no)
    lines, stray = _logical_lines(content, filename)
    cards: list[ParsedCard] = []
    current: list[_Line] | None = None
    start = 0
    skip_depth = 0  # inside a nested card (2.1 AGENT), which we do not import
    saw_begin = False
    for line in lines:
        name = line[1].name
        if name != "BEGIN" and name != "END":  # the common case: a property of the card
            if current is not None and not skip_depth:
                current.append(line)
            continue
        is_vcard = line[2].strip().upper() == b"VCARD"
        is_begin = is_vcard and name == "BEGIN"
        is_end = is_vcard and name == "END"
        if skip_depth:
            skip_depth += 1 if is_begin else -1 if is_end else 0
            continue
        if is_begin:
            saw_begin = True
            if current is not None and current and current[-1][1].name == "AGENT":
                skip_depth = 1
                continue
            if current is not None:
                cards.append(_truncated(len(cards) + 1, start))
            current, start = [], line[0]
        elif is_end:
            if current is not None:
                cards.append(_build(current, len(cards) + 1, start, forced_utf8, stray))
            current = None
        elif current is not None:
            current.append(line)
    if not saw_begin:
        raise ImportError_(
            "Die Datei enthält keine vCard (die Zeile BEGIN:VCARD fehlt). "
            "Bitte wählen Sie eine .vcf-Datei, z. B. einen Export aus Outlook oder Thunderbird.",
            file=filename,
            line=1,
        )
    if current is not None:
        cards.append(_truncated(len(cards) + 1, start))
    return cards


def _prepare(data: bytes, filename: str) -> tuple[bytes, bool]:
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


def _logical_lines(content: bytes, filename: str = "") -> tuple[list[_Line], list[int]]:
    """Unfolded content lines, plus the numbers of lines that are not content lines;
    ImportError_ for a line longer than limits.MAX_PROPERTY_CHARS."""
    physical = content.splitlines()
    # Most files have neither folded lines nor soft line breaks: then each line stands alone.
    probe = content.translate(_BREAKS_AND_BLANKS)  # line breaks as \n, tabs as spaces
    if b"\n " in probe or b"=\n" in probe or content.endswith(b"="):
        numbered: Iterable[tuple[int, bytes]] = _unfolded(physical)
    else:
        numbered = enumerate(physical, 1)
    result: list[_Line] = []
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
def _parse_head(raw: bytes) -> _Head | None:
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
    return _Head(name, params, plain, _label(params.get("TYPE", [])), group)


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


def _truncated(number: int, line: int) -> ParsedCard:
    place = f"Karte {number} (Zeile {line})"
    return ParsedCard(
        number,
        line,
        None,
        [
            f"{place}: Die Karte ist unvollständig (END:VCARD fehlt); "
            "die Datei ist vermutlich abgeschnitten. Bitte exportieren Sie sie erneut."
        ],
    )


class _CardReader:
    """Decodes the values of one card, collecting warnings."""

    def __init__(self, version: str, forced_utf8: bool, place: str) -> None:
        self.version = version
        self.forced_utf8 = forced_utf8
        self.place = place
        self.warnings: list[str] = []
        self._warned: set[str] = set()

    def text(self, line: _Line) -> str:
        raw = line[2]
        params = line[1].params
        if line[1].plain:  # the common case: no charset, no quoted-printable
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = self._decode(raw, line)
        else:
            encodings = params.get("ENCODING", ())
            if any(e.upper() == "QUOTED-PRINTABLE" for e in encodings):
                try:
                    raw = binascii.a2b_qp(raw)
                except (binascii.Error, ValueError):
                    self._warn(line, "Der Wert ist nicht korrekt quoted-printable kodiert.")
            if raw.isascii() and "CHARSET" not in params:
                text = raw.decode("ascii")  # nothing to guess or warn about
            else:
                text = self._decode(raw, line)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text

    def _decode(self, raw: bytes, line: _Line) -> str:
        declared = (line[1].params.get("CHARSET") or [""])[0]
        if declared and not self.forced_utf8:
            codec = _codec(declared)
            if codec is None:
                self._warn(line, f"Unbekannter Zeichensatz „{declared}“; Text geraten.")
            else:
                try:
                    return raw.decode(codec)
                except UnicodeDecodeError:
                    text = _decode_guess(raw)
                    self._warn(
                        line,
                        f"Der Text ist nicht wie angegeben {declared} kodiert; er wurde als "
                        "Windows-1252 gelesen. Bitte prüfen Sie Umlaute.",
                    )
                    return text
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if self.version != "2.1":  # 2.1 without charset is Outlook's normal case
                self._warn(
                    line,
                    "Der Text ist nicht UTF-8-kodiert; er wurde als Windows-1252 gelesen. "
                    "Bitte prüfen Sie Umlaute.",
                )
            return _decode_guess(raw)

    def _warn(self, line: _Line, message: str) -> None:
        if message in self._warned:  # once per card is enough
            return
        self._warned.add(message)
        self.warnings.append(f"{self.place}, Zeile {line[0]} ({line[1].name}): {message}")

    def unescape(self, value: str, *, compound: bool = False) -> str:
        if "\\" not in value:
            return value
        if self.version == "2.1":  # 2.1 escapes only the separators of compound values
            return _ESCAPED_SEPARATOR.sub(r"\1", value) if compound else value
        return _ESCAPED.sub(_unescape_match, value)

    def value(self, line: _Line) -> str:
        """A single text value, decoded and unescaped, without surrounding white space."""
        text = self.text(line)
        if "\\" in text:
            text = self.unescape(text)
        return text.strip()

    def components(self, line: _Line, seps: str = ";", *, lists: bool = False) -> list[str]:
        """The parts of a compound value (N, ADR, ORG, CATEGORIES). With `lists`, a part that
        is a comma-separated list in 3.0/4.0 (N: "Jörg,Peter") is joined with spaces."""
        text = self.text(line)
        if "\\" not in text and len(seps) == 1:  # nothing escaped: plain splits suffice
            if lists and self.version != "2.1":
                return [
                    " ".join(x for x in (v.strip() for v in p.split(",")) if x)
                    if "," in p
                    else p.strip()
                    for p in text.split(seps)
                ]
            return text.split(seps)
        parts = _split_escaped(text, seps)
        if lists and self.version != "2.1":
            return [
                " ".join(x for x in (self.unescape(v).strip() for v in _split_escaped(p, ",")) if x)
                for p in parts
            ]
        return [self.unescape(part, compound=True) for part in parts]


_ESCAPED_SEPARATOR = re.compile(r"\\([\\;,])")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def _unescape_match(match: re.Match[str]) -> str:
    ch = match.group(1)
    if ch in "nN":
        return "\n"
    if ch in '\\;,:"':  # \" is no escape of the standard, but Apple writes it
        return ch
    return match.group(0)


def _split_escaped(value: str, seps: str) -> list[str]:
    """Split at any of `seps` that is not escaped with a backslash (escapes are kept)."""
    if "\\" not in value:
        if len(seps) == 1:
            return value.split(seps)
        return re.split("[" + re.escape(seps) + "]", value)
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            buf.append(value[i : i + 2])
            i += 2
            continue
        if ch in seps:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _codec(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset.strip()).name
    except LookupError:
        return None
    return name if name in _CHARSETS else None


def _decode_guess(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


#: Apple's built-in labels (written as "_$!<Mobile>!$_") -> our labels; "" keeps the TYPE's
_APPLE_LABELS = {
    **dict(_TYPE_LABELS),  # home, work, fax, pager, cell
    "mobile": "mobil",
    "iphone": "mobil",
    "main": "zentrale",
    "homefax": "Fax",
    "workfax": "Fax",
    "otherfax": "Fax",
    "other": "",
}


def _apple_label(text: str) -> str:
    """Our label for an X-ABLabel: the built-in ones mapped, a custom one kept (shortened)."""
    text = text.strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        return _APPLE_LABELS.get(text[4:-4].lower(), "")
    return text[:40]


def _label(types: list[str]) -> str:
    for vcard_type, label in _TYPE_LABELS:
        if vcard_type in types:
            return label
    return ""


def _build(
    lines: list[_Line], number: int, start: int, forced_utf8: bool, stray: list[int]
) -> ParsedCard:
    place = f"Karte {number} (Zeile {start})"
    version = "3.0"
    end = lines[-1][0] if lines else start
    for _, head, raw in lines:
        if head.name == "VERSION":
            version = raw.decode("latin-1").strip() or "3.0"
            break
    reader = _CardReader(version if version in VERSIONS else "3.0", forced_utf8, place)
    if version not in VERSIONS:
        reader.warnings.append(f"{place}: unbekannte vCard-Version „{version[:20]}“.")
    for number_ in stray[bisect_right(stray, start) : bisect_left(stray, end)]:
        reader.warnings.append(f"{place}: unverständliche Zeile {number_} übersprungen.")
    n: list[str] | None = None
    fn = ""
    org: list[str] = []
    titles: list[str] = []
    notes: list[str] = []
    urls: list[str] = []
    kind = ""
    show_as_company = False
    birthday = ""
    data = ContactData()
    apple_labels: dict[str, str] = {}  # group -> X-ABLabel text
    grouped: list[tuple[str, EmailData | PhoneData | AddressData]] = []
    for line in lines:
        _, head, raw = line
        name = head.name
        if name == "N":
            n = [part.strip() for part in reader.components(line, lists=True)]
        elif name == "FN":
            fn = reader.value(line)
        elif name == "ORG":
            org = [c.strip() for c in reader.components(line) if c.strip()]
        elif name == "TITLE":
            titles.append(reader.value(line))
        elif name == "EMAIL":
            address = reader.value(line)
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if address:
                data.emails.append(EmailData(address, head.label))
                if head.group:
                    grouped.append((head.group, data.emails[-1]))
        elif name == "TEL":
            number_text = reader.value(line)
            if number_text.lower().startswith("tel:"):
                number_text = number_text[4:].replace(";ext=", " ext. ")
            if number_text:
                data.phones.append(PhoneData(number_text, head.label))
                if head.group:
                    grouped.append((head.group, data.phones[-1]))
        elif name == "ADR":
            parts = [*reader.components(line), "", "", "", "", "", "", ""][:7]
            pobox, extended, street, city, region, code, country = (p.strip() for p in parts)
            if region and region_for_country(country or "Deutschland") not in _NO_REGION:
                # "Bayside, NY": abroad the state belongs to the address; we have no field for it
                city = f"{city}, {region}" if city else region
            street = ", ".join(p for p in (street, extended) if p)
            if not street and pobox:
                street = f"Postfach {pobox}"
            if street or city or code:
                data.addresses.append(
                    AddressData(street, code, city, country or "Deutschland", head.label)
                )
                if head.group:
                    grouped.append((head.group, data.addresses[-1]))
        elif name == "URL":
            url = reader.value(line)
            if url:
                urls.append(url)
        elif name == "NOTE":
            note = reader.value(line)
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            tags = reader.components(line, ",;" if version == "2.1" else ",")
            data.tags += [t.strip() for t in tags if t.strip() and not system_group(t.strip())]
        elif name == "UID":
            uid = reader.value(line)
            if uid.lower().startswith("urn:uuid:"):
                uid = uid[9:]
            if 0 < len(uid) <= 36:  # longer foreign ids do not fit; matching uses names then
                data.uid = uid
        elif name == "BDAY":
            birthday = _birthday(reader.value(line))
        elif name == "NICKNAME":
            nickname = reader.value(line)
            if nickname:
                notes.append(f"Spitzname: {nickname}")
        elif name == "ROLE":
            titles.append(reader.value(line))
        elif name in _NOTED:
            text = reader.value(line)
            if name in _DATED:
                text = _birthday(text).partition(": ")[2]
            if text:
                notes.append(f"{_NOTED[name]}: {text}")
        elif name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
            kind = raw.decode("latin-1").strip().lower()
        elif name == "X-ABLABEL" and head.group:
            apple_labels[head.group] = reader.value(line)
        elif name == "X-ABSHOWAS":
            show_as_company = raw.decode("latin-1").strip().upper() == "COMPANY"
        # PHOTO, LOGO, SOUND, KEY, REV, PRODID and other X- properties are not imported.
    for group, channel in grouped:
        label = _apple_label(apple_labels.get(group, ""))
        if label:
            channel.label = label
    card = ParsedCard(number, start, None, raw_name=fn, warnings=reader.warnings)
    if kind == "group":
        card.problems.append(f"{place}: Verteilerlisten (KIND:group) werden nicht importiert.")
        return card
    family, given, additional, prefix, suffix = ([*n, "", "", "", "", ""] if n else [""] * 5)[:5]
    first = " ".join(p for p in (given, additional) if p)
    org_name = org[0] if org else ""
    card.raw_name = fn or " ".join(p for p in (first, family) if p) or ", ".join(org)
    is_org = kind in ("org", "organization", "organisation") or (
        show_as_company and bool(org_name or fn)
    )
    if not is_org and not family and not first and org_name:
        is_org = not fn or _same(fn, org_name) or _same(fn, ", ".join(org))
    if is_org:
        data.kind = ORGANISATION
        data.name = ", ".join(org) if org else fn
    elif family or first:
        data.kind = PERSON
        data.last_name, data.first_name = family, first
        data.salutation, data.title = _salutation_and_title(prefix)
    elif fn:
        data.kind = PERSON
        data.salutation, data.title, data.first_name, data.last_name = split_full_name(fn)
    else:
        card.problems.append(f"{place}: kein Name (weder FN noch N noch ORG).")
        return card
    if data.kind == PERSON:
        card.affiliation = Affiliation(
            org_name, ", ".join(org[1:]), "; ".join(t for t in titles if t)
        )
        if suffix:
            notes.append(f"Namenszusatz: {suffix}")
    if urls:
        data.website = urls[0]
        notes += [f"Webseite: {u}" for u in urls[1:]]
    if birthday and birthday not in "\n".join(notes):
        notes.append(birthday)
    data.notes = "\n\n".join(notes)
    card.contact = data
    return card


def system_group(tag: str) -> bool:
    """Google's own groups, not the user's: "myContacts", "* starred" (as in its CSV)."""
    return tag == "myContacts" or tag.startswith("*")


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _salutation_and_title(prefix: str) -> tuple[str, str]:
    salutation = ""
    titles: list[str] = []
    for token in prefix.replace(",", " ").split():
        if not salutation and token.casefold() in _SALUTATIONS:
            salutation = _SALUTATIONS[token.casefold()]
        else:
            titles.append(token)
    return salutation, " ".join(titles)


def split_full_name(fn: str) -> tuple[str, str, str, str]:
    """(salutation, title, first, last) from a display name: "Dr. Jörg Müller", "Müller, Jörg"."""
    if "," in fn:
        last, _, first = fn.partition(",")
        salutation, title, first_, _ = split_full_name(first.strip() + " x")
        return salutation, title, first_, last.strip()
    tokens = fn.split()
    salutation = ""
    titles: list[str] = []
    while len(tokens) > 1:
        token = tokens[0]
        if not salutation and token.casefold() in _SALUTATIONS:
            salutation = _SALUTATIONS[token.casefold()]
        elif token.endswith("."):
            titles.append(token)
        else:
            break
        tokens.pop(0)
    return salutation, " ".join(titles), " ".join(tokens[:-1]), tokens[-1] if tokens else ""


#: properties without a field of their own that are kept in the notes, with their German name
_NOTED = {
    "ANNIVERSARY": "Jahrestag",
    "X-ANNIVERSARY": "Jahrestag",
    "X-MS-ANNIVERSARY": "Jahrestag",
    "X-EVOLUTION-ANNIVERSARY": "Jahrestag",
    "IMPP": "Chat",
    "X-AIM": "Chat (AIM)",
    "X-JABBER": "Chat (Jabber)",
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "RELATED": "Beziehung",
    "X-ABRELATEDNAMES": "Beziehung",
    "X-EVOLUTION-SPOUSE": "Partner/in",
    "X-MS-SPOUSE": "Partner/in",
    "X-EVOLUTION-MANAGER": "Vorgesetzte/r",
    "X-MS-MANAGER": "Vorgesetzte/r",
    "X-EVOLUTION-ASSISTANT": "Assistenz",
    "X-MS-ASSISTANT": "Assistenz",
}
_DATED = {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
#: countries whose addresses are complete without the state (the Land is not written)
_NO_REGION = {"DE", "AT", "CH", "LI", "LU"}


def _birthday(value: str) -> str:
    """'Geburtstag: 15.03.1970' or 'Geburtstag: 15.03.' (no year); the raw text otherwise."""
    if not value:
        return ""
    match = _BDAY.match(value)
    if match:
        year, month, day = match.groups()
        try:
            date(2000 if year == "--" else int(year), int(month), int(day))
        except ValueError:
            return f"Geburtstag: {value}"
        return f"Geburtstag: {day}.{month}.{'' if year == '--' else year}"
    return f"Geburtstag: {value}"


# --------------------------------------------------------------------------- writing


def write(contacts: list[ContactData], version: str = "3.0", *, charset: str = "utf-8") -> bytes:
    """vCards of all `contacts` in one file. `charset` only matters for 2.1 (utf-8 or
    windows-1252; values that Windows-1252 cannot hold are written as UTF-8). The same bytes
    as the export service writes (see vcard_export)."""
    return write_cards(map(from_contact_data, contacts), version, charset=charset)


def write_each(
    contacts: list[ContactData], version: str = "2.1", *, charset: str = "utf-8"
) -> list[tuple[str, bytes]]:
    """One (file name, vCard bytes) per contact, for Outlook for Windows (reads one card)."""
    return list(write_each_card(map(from_contact_data, contacts), version, charset=charset))
