"""Decoding the values of one vCard: charsets, quoted-printable, escapes, compound values.

Text without a charset is read as UTF-8 when it is valid UTF-8, else as Windows-1252 (Outlook's
2.1 without CHARSET); a value in another encoding than declared is read that way too, with a
warning on the card (once per card and kind of problem).
"""

from __future__ import annotations

import binascii
import codecs
import re

from contactdesk.core.formats.vcard_lines import Line

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


class CardReader:
    """Decodes the values of one card, collecting warnings."""

    def __init__(self, version: str, forced_utf8: bool, place: str) -> None:
        self.version = version
        self.forced_utf8 = forced_utf8
        self.place = place
        self.warnings: list[str] = []
        self._warned: set[str] = set()

    def text(self, line: Line) -> str:
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

    def _decode(self, raw: bytes, line: Line) -> str:
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

    def _warn(self, line: Line, message: str) -> None:
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

    def value(self, line: Line) -> str:
        """A single text value, decoded and unescaped, without surrounding white space."""
        text = self.text(line)
        if "\\" in text:
            text = self.unescape(text)
        return text.strip()

    def components(self, line: Line, seps: str = ";", *, lists: bool = False) -> list[str]:
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
